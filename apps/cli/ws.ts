import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CliError } from './graphql-client.js';

export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** Runs one subscription to completion over graphql-ws, calling `onData` for every event. */
export function subscribeOnce<T>(
  url: string,
  token: string | undefined,
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
): Promise<void> {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 5,
    shouldRetry: () => true,
  });
  return new Promise<void>((resolve, reject) => {
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => {
          if (value.errors?.length) {
            reject(new CliError(value.errors.map((e) => e.message).join('; ')));
            return;
          }
          if (value.data) onData(value.data);
        },
        error: (error) => reject(error instanceof Error ? error : new CliError(JSON.stringify(error))),
        complete: () => resolve(),
      },
    );
  }).finally(() => void client.dispose());
}
