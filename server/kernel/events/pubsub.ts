import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { RunLogEvent } from './run-log.js';
import type { RunProgressEvent } from './run-progress.js';
import { databaseNamespace, namespacedEventTarget } from './namespaced-event-target.js';
import { createPostgresEventTarget } from './postgres-event-target.js';

/**
 * Every live event goes through one pubsub. Topics carry an id (`benchmarkRunProgress:<runId>`).
 * Across processes the events travel over Redis pub/sub when REDIS_URL is set, else over PostgreSQL
 * LISTEN/NOTIFY (so a separate benchmark worker process reaches the API's subscribers with no extra
 * infrastructure); tests may use the in-process target.
 */
export interface PubSubChannels {
  [key: string]: [unknown] | [string | number, unknown];
  benchmarkRunProgress: [string, RunProgressEvent];
  benchmarkRunLog: [string, RunLogEvent];
  /** After each scrape round of a deployment (server/domains/observe/scraper.ts). */
  deploymentMetrics: [string, { at: number; pods: number; errors: string[] }];
}

export type PubSub = ReturnType<typeof createPubSub<PubSubChannels>>;

export interface EventBus {
  pubsub: PubSub;
  kind: 'redis' | 'postgres' | 'memory';
  close(): Promise<void>;
}

export function createAppPubSub(): PubSub {
  return createPubSub<PubSubChannels>();
}

export async function createEventBus(options: {
  redisUrl: string | null;
  pool: pg.Pool | null;
  /** The database URL: Redis topics are namespaced by database, since one Redis may serve several. */
  databaseUrl: string;
}): Promise<EventBus> {
  if (options.redisUrl) {
    const publishClient = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    const subscribeClient = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await Promise.all([publishClient.connect(), subscribeClient.connect()]);
    const eventTarget = namespacedEventTarget(
      createRedisEventTarget({ publishClient, subscribeClient }),
      databaseNamespace(options.databaseUrl),
    );
    return {
      pubsub: createPubSub<PubSubChannels>({ eventTarget }),
      kind: 'redis',
      close: async () => {
        publishClient.disconnect();
        subscribeClient.disconnect();
      },
    };
  }
  if (options.pool) {
    const target = await createPostgresEventTarget(options.pool);
    return {
      pubsub: createPubSub<PubSubChannels>({ eventTarget: target.eventTarget }),
      kind: 'postgres',
      close: target.close,
    };
  }
  return { pubsub: createAppPubSub(), kind: 'memory', close: async () => undefined };
}
