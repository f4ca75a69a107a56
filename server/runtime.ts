import { resolveSecretKey } from './domains/loadtest/secret-key.js';
import type PgBoss from 'pg-boss';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { startJobQueue } from './domains/loadtest/jobs.js';
import { startReaper } from './domains/loadtest/service.js';
import { startWorker, type WorkerOptions } from './domains/loadtest/worker.js';
import { createDeploymentRuntime } from './domains/deploy/runtime.js';
import { startScraper } from './domains/observe/scraper.js';
import { createEventBus, type EventBus } from './kernel/events/pubsub.js';
import { createLogger, type Logger } from './logger.js';

/**
 * The one composition root: what `npm start` (server/main.ts), `npm run worker` (server/worker.ts)
 * and the CLI wire together, written once.
 */
export interface BackgroundRuntime {
  events: EventBus;
  jobs: PgBoss;
  /** Stops the workers, the reaper, the queue and the event bus (not the database). */
  stop(): Promise<void>;
}

/**
 * Live events, the job queue, the stale-run reaper, `workerCount` benchmark workers and (unless
 * COMPASS_OBSERVE=off) the deployment metrics scraper — every instance runs one; advisory locks give
 * each live deployment to exactly one of them.
 */
export async function startBackground(
  config: Config,
  logger: Logger,
  database: Database,
  workerCount: number,
): Promise<BackgroundRuntime> {
  const events = await createEventBus({
    redisUrl: config.redisUrl,
    pool: database.workerPool,
    databaseUrl: database.url,
  });
  const jobs = await startJobQueue(database.url, logger);
  const stopReaper = startReaper(database.worker, events.pubsub, config.staleRunMs, (error) =>
    logger.warn({ err: error }, 'run reaper failed'),
  );
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () =>
      startWorker(workerOptions(config, logger, database, events, jobs)),
    ),
  );
  const scraper = config.observe
    ? await startScraper({
        prisma: database.worker,
        databaseUrl: database.url,
        client: createDeploymentRuntime(config.kubernetes).client,
        pubsub: events.pubsub,
        logger,
        config: config.observe,
      })
    : null;
  return {
    events,
    jobs,
    async stop() {
      await scraper?.stop();
      stopReaper();
      await Promise.allSettled(workers.map((w) => w.stop()));
      await jobs.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
      await events.close();
    },
  };
}

/** What every benchmark worker of this process is configured with. */
export function workerOptions(
  config: Config,
  logger: Logger,
  database: Database,
  events: EventBus,
  jobs: PgBoss,
): WorkerOptions {
  return {
    prisma: database.worker,
    boss: jobs,
    pubsub: events.pubsub,
    logger,
    resultsDir: config.resultsDir,
    minSuccessRate: config.levelQuality.minSuccessRate,
    runTargets: config.runTargets,
    datasetsDir: config.datasetsDir,
    secretKey: resolveSecretKey(config.secretKey.value, config.secretKey.file),
  };
}

/**
 * Runs `fn` on the database itself, resolved exactly as the server resolves it (DATABASE_URL →
 * POSTGRES_DSN → the embedded server, joined if it is already running). For commands that cannot or
 * should not go through the API: the first admin token, and bulk imports larger than a request body.
 */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(), createLogger('warn'));
  try {
    return await fn(db);
  } finally {
    await db.shutdown();
  }
}
