import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { reconnectDelayMs, shouldReconnect } from './backoff.js';

export type LinkState = 'connecting' | 'live' | 'reconnecting';

export interface ApiClients {
  urql: Client;
  ws: WsClient;
}

function wsUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

function isCloseEvent(value: unknown): value is { code: number } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number';
}

/**
 * One urql client: queries and mutations over HTTP POST (the document cache is the app's state),
 * subscriptions over graphql-ws on the same path, reconnecting forever with backoff.
 */
export function createApiClients(token: string, onLinkState: (state: LinkState) => void): ApiClients {
  const authorization = token ? `Bearer ${token}` : undefined;
  const ws = createWsClient({
    url: wsUrl(),
    // Eager: one socket for the tab's life, so 'closed' always means a drop worth showing.
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries))),
    shouldRetry: (event) => shouldReconnect(isCloseEvent(event) ? event.code : undefined),
    connectionParams: authorization ? { authorization } : {},
    on: {
      connecting: () => onLinkState('connecting'),
      connected: () => onLinkState('live'),
      closed: () => onLinkState('reconnecting'),
    },
  });
  const urql = new Client({
    url: '/graphql',
    // GET would need a CSRF header; POST with a JSON body passes the server's CSRF check.
    preferGetMethod: false,
    fetchOptions: () => (authorization ? { headers: { authorization } } : {}),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }),
          };
        },
      }),
    ],
  });
  return { urql, ws };
}

let current: { token: string; clients: ApiClients } | null = null;
const listeners = new Set<(state: LinkState) => void>();
let lastState: LinkState = 'connecting';

/**
 * The clients for this token, made once (idempotent across React's double renders); a new token
 * closes the old socket and opens one that authenticates with the new token.
 */
export function clientsForToken(token: string): ApiClients {
  if (current?.token === token) return current.clients;
  current?.clients.ws.dispose();
  const clients = createApiClients(token, (state) => {
    lastState = state;
    listeners.forEach((listener) => listener(state));
  });
  current = { token, clients };
  return clients;
}

export function onLinkState(listener: (state: LinkState) => void): () => void {
  listeners.add(listener);
  listener(lastState);
  return () => {
    listeners.delete(listener);
  };
}
