import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { createLogger } from './logger.js';
import { startBackground } from './runtime.js';

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
  const background = await startBackground(config, logger, database, Math.max(1, config.workers));
  const stop = async () => {
    await background.stop();
    await database.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Forked by `npm start` (server/worker-process.ts): when that parent dies, so does this worker.
  if (process.connected) process.on('disconnect', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
