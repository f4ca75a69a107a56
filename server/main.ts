import { startReaper } from './bench/run-service.js';
import { loadConfig, type Config } from './config.js';
import { createApp } from './app.js';
import { seedKnowledgeBase } from './catalog/seed.js';
import { openDatabase, type Database } from './db/database.js';
import { createEventBus } from './graphql/pubsub.js';
import { queueDepth, startJobQueue } from './bench/jobs.js';
import { startWorker } from './bench/worker.js';
import { createDeploymentRuntime } from './deploy/runtime.js';
import { createLogger, type Logger } from './logger.js';
import { resolveAuthMode } from './auth/mode.js';
import { activeTokenCount } from './auth/tokens.js';
import { createMetrics } from './ops/metrics.js';

/** Start-up: config → database (embedded unless DATABASE_URL/POSTGRES_DSN) → migrate → seed → HTTP. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    await serve(config, logger, database, started);
  } catch (error) {
    await database.shutdown();
    throw error;
  }
}

async function serve(config: Config, logger: Logger, database: Database, started: number): Promise<void> {
  if (config.seed === 'auto') await seedKnowledgeBase(database.workerPool, logger);

  const authMode = resolveAuthMode(config.auth, config.host, await activeTokenCount(database.api));
  if (authMode === 'open') {
    logger.warn('AUTH IS OFF: no API token exists, so every local caller is admin (loopback only)');
  }
  const metrics = createMetrics();
  metrics.observePools({ api: database.apiPool, worker: database.workerPool });
  const events = await createEventBus({
    redisUrl: config.redisUrl,
    pool: database.workerPool,
    databaseUrl: database.url,
  });
  logger.info({ transport: events.kind }, 'live events');
  const jobs = await startJobQueue(database.url, logger);
  const stopReaper = startReaper(database.worker, events.pubsub, config.staleRunMs, (error) =>
    logger.warn({ err: error }, 'run reaper failed'),
  );
  metrics.setQueueDepthReader(() => queueDepth(jobs));
  const workers = await Promise.all(
    Array.from({ length: config.workers }, () =>
      startWorker({
        prisma: database.worker,
        boss: jobs,
        pubsub: events.pubsub,
        logger,
        resultsDir: config.resultsDir,
      }),
    ),
  );
  const app = createApp(
    {
      prisma: database.api,
      workerPrisma: database.worker,
      pubsub: events.pubsub,
      logger,
      authMode,
      jobs,
      llm: config.llm,
      deployments: createDeploymentRuntime(config.kubernetes),
    },
    { limits: config.limits, metrics },
  );
  const { url } = await app.listen(config.port, config.host);
  logger.info(
    { url, graphiql: `${url}/graphql`, startupMs: Math.round(performance.now() - started) },
    'Compass is up',
  );
  const banner =
    authMode === 'open' ? '  Auth         OFF (loopback only; create a token to turn it on)\n' : '';
  process.stdout.write(`\n  Compass      ${url}\n  GraphiQL     ${url}/graphql\n${banner}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    stopReaper();
    await Promise.allSettled(workers.map((w) => w.stop()));
    await jobs.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
    await events.close();
    await database.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Compass failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
