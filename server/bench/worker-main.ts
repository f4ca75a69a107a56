import { startReaper } from './run-service.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createEventBus } from '../graphql/pubsub.js';
import { createLogger } from '../logger.js';
import { startJobQueue } from './jobs.js';
import { startWorker } from './worker.js';

/**
 * `npm run worker`: a benchmark worker process without the HTTP API. Run as many as the load needs
 * (here, or as Kubernetes Jobs/Deployments); they share the PostgreSQL queue and publish progress over
 * the same event bus as the API servers.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (config.database.kind === 'embedded') {
    logger.warn('no DATABASE_URL: connecting to the embedded PostgreSQL of a running `npm start`');
  }
  const database = await openDatabase(config, logger);
  const events = await createEventBus({
    redisUrl: config.redisUrl,
    pool: database.workerPool,
    databaseUrl: database.url,
  });
  const jobs = await startJobQueue(database.url, logger);
  const stopReaper = startReaper(database.worker, events.pubsub, config.staleRunMs, (error) =>
    logger.warn({ err: error }, 'run reaper failed'),
  );
  const count = Math.max(1, config.workers);
  const workers = await Promise.all(
    Array.from({ length: count }, () =>
      startWorker({
        prisma: database.worker,
        boss: jobs,
        pubsub: events.pubsub,
        logger,
        resultsDir: config.resultsDir,
      }),
    ),
  );
  const stop = async () => {
    stopReaper();
    await Promise.allSettled(workers.map((w) => w.stop()));
    await jobs.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
    await events.close();
    await database.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
