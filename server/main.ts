import { resolveSecretKey } from './domains/loadtest/secret-key.js';
import { loadConfig, type Config } from './config.js';
import { createApp } from './graphql/http-app.js';
import { seedKnowledgeBase } from './domains/catalog/seed.js';
import { openDatabase, type Database } from './db/database.js';
import { queueDepth } from './domains/loadtest/jobs.js';
import { startBackground } from './runtime.js';
import { createDeploymentRuntime } from './domains/deploy/runtime.js';
import { createLogger, type Logger } from './logger.js';
import { resolveAuthMode } from './domains/auth/core/mode.js';
import { activeTokenCount } from './domains/auth/tokens.js';
import { createAuthGate } from './domains/auth/gate.js';
import { createResponseCache } from './graphql/response-cache.js';
import { createMetrics } from './graphql/metrics.js';
import { forkWorkerProcess } from './worker-process.js';

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
    logger.warn(
      'AUTH IS OFF: no API token exists, so every tokenless local caller is admin (loopback only) until one is created',
    );
  }
  const authGate = await createAuthGate({
    url: database.url,
    prisma: database.api,
    setting: config.auth,
    host: config.host,
    logger,
    initial: authMode,
  });
  const responseCache = config.responseCache.enabled
    ? await createResponseCache({ url: database.url, settings: config.responseCache, logger })
    : null;
  const metrics = createMetrics();
  metrics.observePools({ api: database.apiPool, worker: database.workerPool });
  // Load generation never shares the API's event loop: the workers run in a child process.
  const background = await startBackground(config, logger, database, 0);
  const workers =
    config.workers > 0 ? forkWorkerProcess(process.env, database.url, config.workers, logger) : null;
  const { events, jobs } = background;
  logger.info({ transport: events.kind }, 'live events');
  metrics.setQueueDepthReader(() => queueDepth(jobs));
  const app = createApp(
    {
      prisma: database.api,
      apiSql: database.apiSql,
      workerPrisma: database.worker,
      pubsub: events.pubsub,
      logger,
      authGate,
      jobs,
      llm: config.llm,
      deployments: createDeploymentRuntime({ ...config.kubernetes, logger }),
      observe: config.observe,
      levelQuality: config.levelQuality,
      runTargets: config.runTargets,
      secretKey: resolveSecretKey(config.secretKey.value, config.secretKey.file),
    },
    { limits: config.limits, metrics, access: config.access, responseCache },
  );
  const { url } = await app.listen(config.port, config.host);
  logger.info(
    { url, graphiql: `${url}/graphql`, startupMs: Math.round(performance.now() - started) },
    'Compass is up',
  );
  const banner =
    authMode === 'open'
      ? '  Auth         OFF (loopback only; creating a token turns it on, no restart)\n'
      : '';
  process.stdout.write(`\n  Compass      ${url}\n  GraphiQL     ${url}/graphql\n${banner}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await workers?.stop();
    await authGate.close();
    await responseCache?.close();
    await background.stop();
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
