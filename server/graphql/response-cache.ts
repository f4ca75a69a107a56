import { createInMemoryCache, useResponseCache, type Cache } from '@graphql-yoga/plugin-response-cache';
import {
  getNamedType,
  getOperationAST,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import pg from 'pg';
import type { ResponseCacheSettings } from '../config.js';
import type { Role } from '../domains/auth/tokens.js';
import type { Logger } from '../logger.js';

/**
 * The optional response cache (COMPASS_RESPONSE_CACHE, docs/operations.md): whole query responses of the
 * catalog (benchmarks, models, GPUs, profiles, use cases, price lists), keyed by document, variables and
 * the caller's role. It is dropped whole:
 *
 * - on every mutation this server runs (before the mutation's response leaves), so a client reads its
 *   own writes here;
 * - on every write to a table a cached answer reads, by any process on the database (API servers, the
 *   workers, `compass import`, psql): a statement trigger NOTIFYs `compass_read_cache` (migration
 *   20261203210000_read_cache_notify, which also covers the `benchmarks_version` bump in kb_meta), and
 *   every server LISTENs on it.
 *
 * While the LISTEN connection is down nothing is served or stored, and it is cleared when it is back.
 * An answer whose execution began before a drop is never stored (generation check), so a read that
 * raced a write cannot put the old rows back.
 */
export const READ_CACHE_CHANNEL = 'compass_read_cache';

/** Query fields whose answers come from the catalog tables alone (never `node`, runs, deployments…). */
export const CACHEABLE_ROOT_FIELDS: readonly string[] = [
  'benchmarks',
  'models',
  'gpus',
  'trafficProfiles',
  'useCases',
  'useCase',
  'priceLists',
  'priceList',
];

/** Types reachable from the catalog that live elsewhere (run status moves without a catalog write). */
const NOT_CACHEABLE_TYPES: ReadonlySet<string> = new Set(['BenchmarkRun']);

export interface ResponseCacheStats {
  hits: number;
  stores: number;
  clears: number;
}

export interface ResponseCache {
  readonly settings: ResponseCacheSettings;
  /** Drops every entry; executions already under way store nothing. */
  clear(): void;
  /** Entries may be served and stored (the invalidation listener is up). */
  live(): boolean;
  /** Bumped by every clear. */
  generation(): number;
  /** The envelop cache the plugin reads and writes. */
  readonly cache: Cache;
  readonly stats: ResponseCacheStats;
  close(): Promise<void>;
}

/**
 * The types a cacheable query may touch: every type reachable from the cacheable root fields, not
 * through a type of NOT_CACHEABLE_TYPES. Every other field gets a TTL of 0, so an operation selecting
 * one (a root field outside the list, `Benchmark.run { status }`) is answered and not stored.
 */
export function cacheTtlCoordinates(schema: GraphQLSchema): Record<string, number> {
  const query = schema.getQueryType();
  const reachable = new Set<string>();
  const pending: GraphQLNamedType[] = [];
  const visit = (type: GraphQLNamedType) => {
    if (reachable.has(type.name) || NOT_CACHEABLE_TYPES.has(type.name)) return;
    reachable.add(type.name);
    pending.push(type);
  };
  for (const name of CACHEABLE_ROOT_FIELDS) {
    const field = query?.getFields()[name];
    if (!field) throw new Error(`response cache: Query.${name} is not in the schema`);
    visit(getNamedType(field.type));
  }
  for (let type = pending.pop(); type; type = pending.pop()) {
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) visit(member);
    }
  }
  const ttl: Record<string, number> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (
      type.name.startsWith('__') ||
      type === schema.getMutationType() ||
      type === schema.getSubscriptionType()
    )
      continue;
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const cacheable = type === query || reachable.has(type.name);
    if (!cacheable) ttl[type.name] = 0;
    for (const fieldName of Object.keys(type.getFields())) {
      if (type === query ? !CACHEABLE_ROOT_FIELDS.includes(fieldName) : !cacheable) {
        ttl[`${type.name}.${fieldName}`] = 0;
      }
    }
  }
  return ttl;
}

/** A response cache whose entries follow the database (LISTEN on compass_read_cache). */
export async function createResponseCache(options: {
  url: string;
  settings: ResponseCacheSettings;
  logger: Logger;
}): Promise<ResponseCache> {
  const { settings, logger } = options;
  let entries = createInMemoryCache({ max: settings.maxEntries });
  let generation = 0;
  let listening = false;
  let closed = false;
  const stats: ResponseCacheStats = { hits: 0, stores: 0, clears: 0 };
  const clear = () => {
    generation += 1;
    stats.clears += 1;
    entries = createInMemoryCache({ max: settings.maxEntries });
  };
  const cache: Cache = {
    get(id) {
      if (!listening) return null;
      const hit = entries.get(id) as ReturnType<Cache['get']>;
      if (hit) stats.hits += 1;
      return hit;
    },
    set(id, data, entities, ttl) {
      if (!listening) return;
      stats.stores += 1;
      return entries.set(id, data, entities, ttl);
    },
    // Mutations drop everything (clear), never by entity.
    invalidate: () => undefined,
  };

  let listener: pg.Client | null = null;
  const listen = async (attempt = 0): Promise<void> => {
    if (closed) return;
    const client = new pg.Client({ connectionString: options.url, application_name: 'compass-read-cache' });
    try {
      client.on('notification', (message) => {
        if (message.channel === READ_CACHE_CHANNEL) clear();
      });
      client.on('error', (error) => {
        if (closed) return;
        listening = false;
        listener = null;
        clear();
        logger.warn(
          { err: error },
          'response cache: invalidation listener lost; serving uncached until it is back',
        );
        void client.end().catch(() => undefined);
        void listen();
      });
      await client.connect();
      await client.query(`LISTEN ${READ_CACHE_CHANNEL}`);
      listener = client;
      // Writes while nobody listened: start empty.
      clear();
      listening = true;
    } catch {
      void client.end().catch(() => undefined);
      const delay = Math.min(5_000, 100 * 2 ** attempt);
      setTimeout(() => void listen(attempt + 1), delay).unref();
    }
  };
  await listen();

  return {
    settings,
    cache,
    stats,
    clear,
    live: () => listening,
    generation: () => generation,
    close: async () => {
      closed = true;
      listening = false;
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
    },
  };
}

/**
 * The yoga plugins: the response cache keyed by role, and the guard that drops it after every mutation
 * and refuses to store an answer whose execution began before the last drop. `roleOf` authenticates an
 * HTTP request (memoised per request, so the context factory reuses it); null = not cached.
 */
export function responseCachePlugins<C extends object>(
  responseCache: ResponseCache,
  schema: GraphQLSchema,
  roleOf: (request: Request) => Promise<Role | null>,
): Plugin<C>[] {
  const started = new WeakMap<object, number>();
  const roles = new WeakMap<Request, Role | null>();
  const guard: Plugin<C> = {
    onExecute({ args }) {
      started.set(args.contextValue as object, responseCache.generation());
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      // Before the mutation's answer is sent, and whatever it did (a failed import may have written).
      return { onExecuteDone: () => responseCache.clear() };
    },
  };
  const cache = useResponseCache<C>({
    cache: responseCache.cache,
    ttl: responseCache.settings.ttlMs,
    ttlPerSchemaCoordinate: cacheTtlCoordinates(schema),
    invalidateViaMutation: false,
    includeExtensionMetadata: false,
    // graphql-ws operations (no request) and callers without a role are never cached.
    enabled: (request: Request | undefined) =>
      request !== undefined && responseCache.live() && roles.get(request) != null,
    session: async (request) => {
      const role = await roleOf(request);
      roles.set(request, role);
      return role;
    },
    onTtl: ({ ttl, context }) =>
      responseCache.live() && started.get(context as object) === responseCache.generation() ? ttl : 0,
  }) as Plugin<C>;
  return [guard, cache];
}
