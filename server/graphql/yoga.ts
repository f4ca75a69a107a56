import { randomUUID } from 'node:crypto';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { callerRole } from '../domains/auth/core/mode.js';
import { authenticate, type Principal } from '../domains/auth/tokens.js';
import { createGraphiQLRenderer, graphiqlOptions } from './graphiql.js';
import { createContext, type AppServices, type Context } from './context.js';
import { DomainError } from '../kernel/errors.js';
import { listLimits } from './list-limits.js';
import { createMutationRateLimiter } from './rate-limit.js';
import { currentRequestId } from './request-scope.js';
import { validationErrorCodes } from './validation-codes.js';
import { schema } from './schema.js';
import { isPrebuiltOperation } from './prebuilt.js';
import { invalidInputReason, isDatabaseUnavailable, poolSaturatedRetryAfterMs } from '../db/errors.js';
import type { Metrics } from './metrics.js';
import { useLiveSubscriptions, type LiveSubscriptions } from './live-auth.js';
import { responseCachePlugins, type ResponseCache } from './response-cache.js';

/**
 * What the transport hands the context factory: the HTTP request, or graphql-ws connection params and the
 * subscribe message's `extensions.headers` (where GraphiQL puts its headers editor's values).
 */
export type ServerContext = {
  requestId: string;
  connectionParams?: Record<string, unknown>;
  operationHeaders?: Record<string, unknown>;
};

export interface YogaOptions {
  introspection: boolean;
  mutationsPerMinute: number;
  metrics: Metrics | null;
  /** The origin to grant CORS to (an explicitly allowed one), or null (the default) for no CORS headers. */
  corsOrigin?: (origin: string | undefined) => string | null;
  /** Live subscriptions end when their authorisation no longer holds (live-auth.ts). */
  liveSubscriptions?: LiveSubscriptions | null;
  /** The optional response cache (response-cache.ts); null or absent = every query executes. */
  responseCache?: ResponseCache | null;
}

/**
 * Unexpected errors reach clients as a code and the request's id only (the one in `x-request-id` or
 * generated at the edge, so client, access log and error log agree); the detail goes to the log.
 */
export function maskError(services: AppServices) {
  return (error: unknown, message: string): GraphQLError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) {
      return new GraphQLError(original.message, { extensions: { code: original.code, ...original.details } });
    }
    if (original instanceof GraphQLError && original.extensions?.code) return original;
    if (
      error instanceof GraphQLError &&
      (!error.originalError || error.originalError instanceof GraphQLError)
    ) {
      return error;
    }
    const requestId = currentRequestId() ?? randomUUID();
    const invalidInput = invalidInputReason(original);
    if (invalidInput !== null) {
      services.logger.info({ err: original, requestId }, 'input rejected by the database');
      return new GraphQLError(invalidInput, { extensions: { code: 'BAD_USER_INPUT', requestId } });
    }
    const retryAfterMs = poolSaturatedRetryAfterMs(original);
    if (retryAfterMs !== null) {
      services.logger.warn({ requestId, retryAfterMs }, 'database pool saturated');
      return new GraphQLError('The server is overloaded; retry shortly.', {
        // Yoga turns extensions.http into the HTTP response (and leaves it out of the body).
        extensions: {
          code: 'OVERLOADED',
          retryAfterMs,
          requestId,
          http: { headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } },
        },
      });
    }
    if (isDatabaseUnavailable(original)) {
      services.logger.warn({ err: original, requestId }, 'database unavailable');
      return new GraphQLError('The database is unavailable; retry shortly.', {
        extensions: { code: 'DATABASE_UNAVAILABLE', requestId },
      });
    }
    services.logger.error({ err: original, requestId }, 'unexpected error');
    return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
  };
}

function authorizationIn(values: Record<string, unknown> | undefined): string | null {
  const value = values?.authorization ?? values?.Authorization;
  return typeof value === 'string' ? value : null;
}

function authorizationOf(
  request: Request | undefined,
  connectionParams: Record<string, unknown> | undefined,
  operationHeaders: Record<string, unknown> | undefined,
): string | null {
  return (
    authorizationIn(connectionParams) ??
    authorizationIn(operationHeaders) ??
    request?.headers.get('authorization') ??
    null
  );
}

export function createYogaServer(
  services: AppServices,
  options: YogaOptions,
): YogaServerInstance<ServerContext, Context> {
  const plugins: Plugin<Context>[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: 12 },
      maxAliases: { n: 20 },
      maxDirectives: { n: 20 },
      maxTokens: { n: 3000 },
      costLimit: { maxCost: 20000, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
      blockFieldSuggestion: { enabled: !options.introspection },
    }) as Plugin<Context>,
    // A GET (or a non-JSON body, refused earlier by http-app.ts) must carry a header no form can set.
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] }) as Plugin<Context>,
    listLimits(),
    createMutationRateLimiter(options.mutationsPerMinute),
    validationErrorCodes(),
  ];
  if (!options.introspection) plugins.push(useDisableIntrospection() as Plugin<Context>);
  if (options.metrics) plugins.push(options.metrics.yogaPlugin());
  if (options.liveSubscriptions) plugins.push(useLiveSubscriptions(options.liveSubscriptions));
  // One authentication per HTTP request: the cache's role key and the context share it.
  const principals = new WeakMap<Request, Promise<Principal | null>>();
  const principalOf = (request: Request, authorization: string | null): Promise<Principal | null> => {
    let principal = principals.get(request);
    if (!principal) {
      principal = authenticate(services.prisma, authorization);
      principals.set(request, principal);
    }
    return principal;
  };
  // Compiled execution only for operations whose every field has a prebuilt answer (prebuilt.ts).
  plugins.push(useGraphQlJit({}, { enableIf: isPrebuiltOperation }) as Plugin<Context>);
  // After the JIT plugin: the cache's execute wraps whichever execute was chosen.
  if (options.responseCache) {
    plugins.push(
      ...responseCachePlugins<Context>(options.responseCache, schema, async (request) => {
        const authorization = authorizationOf(request, undefined, undefined);
        const principal = await principalOf(request, authorization);
        const sentToken = authorization !== null && authorization.trim() !== '';
        return callerRole(services.authGate.mode(), sentToken, principal?.role ?? null, 'ADMIN');
      }),
    );
  }
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: (request) => {
      const origin = options.corsOrigin?.(request.headers.get('origin') ?? undefined);
      return origin
        ? {
            origin: [origin],
            credentials: true,
            methods: ['GET', 'POST'],
            allowedHeaders: ['authorization', 'content-type', 'x-graphql-yoga-csrf', 'x-request-id'],
            maxAge: 600,
          }
        : false;
    },
    graphiql: options.introspection ? graphiqlOptions() : false,
    renderGraphiQL: createGraphiQLRenderer(),
    logging: false,
    maskedErrors: { maskError: maskError(services) },
    plugins,
    context: async ({ request, requestId, connectionParams, operationHeaders }) => {
      const authorization = authorizationOf(request, connectionParams, operationHeaders);
      // Over HTTP the token of the request decides (graphql-ws: its connection params or the message's headers).
      const principal =
        request && connectionParams === undefined && operationHeaders === undefined
          ? await principalOf(request, authorization)
          : await authenticate(services.prisma, authorization);
      return createContext(
        services,
        requestId ?? request?.headers.get('x-request-id') ?? randomUUID(),
        principal,
        authorization !== null && authorization.trim() !== '',
      );
    },
  });
}
