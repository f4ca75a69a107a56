import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  execute,
  validate,
  type ExecutionArgs,
  type ExecutionResult,
} from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  DEFAULT_ACCESS,
  DEFAULT_LIMITS,
  projectRoot,
  type AccessConfig,
  type ServerLimits,
} from '../config.js';
import {
  accessPolicy,
  corsOriginFor,
  graphqlRequestVerdict,
  isHostAllowed,
  isOriginAllowed,
  mediaTypeOf,
  type AccessPolicy,
} from './access.js';
import type { AppServices, Context } from './context.js';
import { withRequestScope } from './request-scope.js';
import { createLiveSubscriptions } from './live-auth.js';
import { createYogaServer, maskError } from './yoga.js';
import type { ResponseCache } from './response-cache.js';
import { deliverOverSocket, type FrameSink } from './fanout.js';
import { withCode } from './validation-codes.js';
import { checkHealth } from '../domains/ops/health.js';
import type { Metrics } from './metrics.js';

export interface App {
  server: http.Server;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  /** Stops accepting, lets in-flight requests finish (up to `drainMs`), closes sockets. */
  close(drainMs?: number): Promise<void>;
}

const CLIENT_DIST = path.join(projectRoot, 'client', 'dist');
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

interface ExecutorRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

export interface AppOptions {
  limits?: ServerLimits;
  metrics?: Metrics | null;
  access?: AccessConfig;
  /** The optional response cache (server/graphql/response-cache.ts, COMPASS_RESPONSE_CACHE). */
  responseCache?: ResponseCache | null;
}

function refuse(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function createApp(services: AppServices, options: AppOptions = {}): App {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const metrics = options.metrics ?? null;
  const access = options.access ?? DEFAULT_ACCESS;
  // Known once bound (the Host allow-list needs the port); nothing is served before that.
  let policy: AccessPolicy | null = null;
  const liveSubscriptions = createLiveSubscriptions(services.authGate, services.prisma, services.logger);
  const yoga = createYogaServer(services, {
    liveSubscriptions,
    introspection: limits.introspection,
    mutationsPerMinute: limits.mutationsPerMinute,
    metrics,
    responseCache: options.responseCache ?? null,
    corsOrigin: (origin) => (policy ? corsOriginFor(origin, policy) : null),
  });
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!policy || !isHostAllowed(req.headers.host, policy)) {
      refuse(
        res,
        403,
        'FORBIDDEN',
        `Host ${JSON.stringify(req.headers.host ?? '')} is not allowed (add it to COMPASS_ALLOWED_HOSTS)`,
      );
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > limits.maxBodyBytes) {
      refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'request body too large');
      req.destroy();
      return;
    }
    if (url.pathname === '/metrics' && metrics) {
      void metrics.registry.metrics().then((body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
      });
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    if (url.pathname === '/readyz') {
      void checkHealth(services.prisma).then((health) => {
        res
          .writeHead(health.ok ? 200 : 503, { 'content-type': 'application/json' })
          .end(JSON.stringify(health));
      });
      return;
    }
    if (url.pathname.startsWith('/graphql')) {
      const origin = header(req, 'origin');
      if (!isOriginAllowed(origin, req.headers.host, policy)) {
        refuse(res, 403, 'FORBIDDEN', `origin ${origin} is not allowed (see COMPASS_ALLOWED_ORIGINS)`);
        return;
      }
      const verdict = graphqlRequestVerdict(req.method ?? 'GET', header(req, 'content-type'));
      if (!verdict.ok) {
        refuse(res, verdict.status, verdict.code, verdict.message);
        return;
      }
      // yoga parses only application/json bodies; the GraphQL-over-HTTP response type is the same JSON.
      if (mediaTypeOf(header(req, 'content-type')) === 'application/graphql-response+json') {
        req.headers['content-type'] = 'application/json';
      }
      const requestId = req.headers['x-request-id']?.toString() ?? randomUUID();
      void bodyWithinLimit(req, limits.maxBodyBytes).then((within) => {
        if (!within) {
          refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'request body too large');
          res.once('finish', () => req.destroy());
          return;
        }
        void withRequestScope(requestId, () => yoga(req, res, { requestId }));
      });
      return;
    }
    void serveClient(url.pathname, res);
  });

  const wsServer = new WebSocketServer({
    server,
    path: '/graphql',
    maxPayload: 1024 * 1024,
    // A browser always sends Origin on an upgrade; without one the client is not a web page.
    verifyClient: ({ origin, req }: { origin: string | undefined; req: http.IncomingMessage }) =>
      policy !== null &&
      isHostAllowed(req.headers.host, policy) &&
      isOriginAllowed(origin || undefined, req.headers.host, policy),
  });
  const activePerSocket = new WeakMap<object, Set<string>>();
  const prepareOperation = async (
    ctx: WsContext<Record<string, unknown>, Extra>,
    id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const active = activePerSocket.get(ctx.extra.socket) ?? new Set<string>();
    activePerSocket.set(ctx.extra.socket, active);
    if (active.size >= limits.maxSubscriptionsPerConnection) {
      return [
        new GraphQLError(`at most ${limits.maxSubscriptionsPerConnection} subscriptions per connection`, {
          extensions: { code: 'RATE_LIMITED' },
        }),
      ];
    }
    const enveloped = yoga.getEnveloped({
      ...ctx,
      req: ctx.extra.request,
      socket: ctx.extra.socket,
      params: payload,
    });
    const document = enveloped.parse(payload.query);
    const errors = enveloped.validate(enveloped.schema, document);
    if (errors.length > 0) return errors;
    // yoga's introspection switch hooks its HTTP request parsing, which graphql-ws does not go through.
    if (!limits.introspection) {
      const introspection = validate(enveloped.schema, document, [NoSchemaIntrospectionCustomRule]);
      if (introspection.length > 0) return introspection;
    }
    active.add(id);
    const contextValue = await enveloped.contextFactory({
      requestId: randomUUID(),
      connectionParams: ctx.connectionParams ?? {},
      operationHeaders: headersOf(payload.extensions),
    });
    const args = {
      schema: enveloped.schema,
      operationName: payload.operationName ?? null,
      document,
      variableValues: payload.variables ?? null,
      contextValue,
    };
    if (limits.wsFanout) {
      deliverOverSocket(contextValue, {
        id,
        sink: socketSink(ctx.extra.socket),
        key: JSON.stringify([payload.query, args.operationName, args.variableValues, contextValue.auth.role]),
        // What graphql-js does per event of a subscription (mapSourceToResponse), then yoga's masking.
        execute: (event) =>
          withRequestScope(contextValue.requestId, () => {
            const result = execute({ ...args, rootValue: event });
            return result instanceof Promise ? result.then(maskResult) : maskResult(result);
          }),
      });
    }
    return { ...args, rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } };
  };
  const mask = maskError(services);
  const maskResult = (result: ExecutionResult): ExecutionResult =>
    result.errors ? { ...result, errors: result.errors.map((e) => mask(e, MASKED_MESSAGE)) } : result;
  const wsCleanup = useServer<Record<string, unknown>>(
    {
      onComplete: (ctx, id) => {
        activePerSocket.get(ctx.extra.socket)?.delete(id);
      },
      execute: (args) =>
        withRequestScope((args.contextValue as Context).requestId, () =>
          (args.rootValue as ExecutorRoot).execute(args),
        ) as never,
      subscribe: (args) =>
        withRequestScope((args.contextValue as Context).requestId, () =>
          (args.rootValue as ExecutorRoot).subscribe(args),
        ) as never,
      onSubscribe: async (ctx, id, payload) => {
        try {
          const prepared = await prepareOperation(ctx, id, payload);
          return Array.isArray(prepared) ? prepared.map(codedError) : prepared;
        } catch (error) {
          // A malformed operation fails alone: graphql-ws would close the socket and every subscription on it.
          activePerSocket.get(ctx.extra.socket)?.delete(id);
          return [
            error instanceof GraphQLError
              ? codedError(error)
              : new GraphQLError('the operation could not be prepared', {
                  extensions: { code: 'BAD_REQUEST' },
                }),
          ];
        }
      },
    },
    wsServer,
  );

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          policy = accessPolicy(address.address, address.port, access);
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve({ url: `http://${shownHost}:${address.port}`, port: address.port });
        });
      }),
    close: async (drainMs = 5_000) => {
      services.deployments.inventory?.close();
      liveSubscriptions.dispose();
      await wsCleanup.dispose();
      for (const client of wsServer.clients) client.terminate();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, drainMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}

async function serveClient(pathname: string, res: http.ServerResponse): Promise<void> {
  if (!existsSync(CLIENT_DIST)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><title>Compass</title><p>The web client is not built (<code>npm run build:client</code>). ' +
        'Explore the API in <a href="/graphql">GraphiQL</a>.</p>',
    );
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  const relative = path.normalize(decoded).replace(/^(\.\.[/\\])+/, '');
  let file = path.join(CLIENT_DIST, relative);
  if (!file.startsWith(CLIENT_DIST) || !existsSync(file) || relative === '/')
    file = path.join(CLIENT_DIST, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      // Vite puts a content hash in every asset's name; index.html must be re-read to pick up a new build.
      'cache-control': file.startsWith(path.join(CLIENT_DIST, 'assets'))
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
}

/** yoga's default text for a masked error (`maskedErrors.errorMessage`). */
const MASKED_MESSAGE = 'Unexpected error.';

function socketSink(socket: WebSocket): FrameSink {
  return {
    send: (frame) => {
      if (socket.readyState === socket.OPEN) socket.send(frame);
    },
    buffered: () => socket.bufferedAmount,
    drop: () => socket.terminate(),
  };
}

/** Parse and validation errors carry an extensions.code on WebSocket as they do over HTTP. */
function codedError(error: GraphQLError): GraphQLError {
  const coded = withCode(error);
  return coded instanceof GraphQLError ? coded : error;
}

/**
 * A body without Content-Length (chunked) is read here, counting, and handed to yoga as a buffer
 * (`req.body`, which @whatwg-node/server takes instead of the stream); false as soon as it passes
 * `limit`. A Content-Length body was checked against the limit already, and Node reads no further
 * than it says.
 */
function bodyWithinLimit(req: http.IncomingMessage & { body?: Buffer }, limit: number): Promise<boolean> {
  if (req.headers['content-length'] !== undefined || req.method === 'GET' || req.method === 'HEAD') {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(false);
    };
    req.on('data', onData);
    req.once('end', () => {
      req.body = Buffer.concat(chunks, size);
      resolve(true);
    });
    req.once('error', () => resolve(false));
  });
}

/** `extensions.headers` of a subscribe message, when it is an object. */
function headersOf(
  extensions: Record<string, unknown> | null | undefined,
): Record<string, unknown> | undefined {
  const headers = extensions?.headers;
  return headers !== null && typeof headers === 'object' && !Array.isArray(headers)
    ? (headers as Record<string, unknown>)
    : undefined;
}
