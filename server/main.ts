import { loadConfig } from './config.js';
import { createApp } from './app.js';
import { seedKnowledgeBase } from './catalog/seed.js';
import { openDatabase } from './db/database.js';
import { createAppPubSub } from './graphql/pubsub.js';
import { createLogger } from './logger.js';

/** Start-up: config → database (embedded unless DATABASE_URL/POSTGRES_DSN) → migrate → seed → HTTP. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  if (config.seed === 'auto') await seedKnowledgeBase(database.workerPool, logger);

  const app = createApp({
    prisma: database.api,
    workerPrisma: database.worker,
    pubsub: createAppPubSub(),
    logger,
  });
  const { url } = await app.listen(config.port, config.host);
  logger.info(
    { url, graphiql: `${url}/graphql`, startupMs: Math.round(performance.now() - started) },
    'Compass is up',
  );
  process.stdout.write(`\n  Compass      ${url}\n  GraphiQL     ${url}/graphql\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
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
