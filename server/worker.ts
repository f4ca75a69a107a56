import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { createLogger } from './logger.js';
import { executeShardOnce } from './domains/loadtest/worker.js';
import { startBackground, workerOptions } from './runtime.js';

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
  const shard = oneShard();
  if (shard) {
    // A pod of a run's Indexed Job (templates/benchmark-workers-job.yaml.liquid): this shard, then exit.
    const background = await startBackground(config, logger, database, 0);
    try {
      await executeShardOnce(
        workerOptions(config, logger, database, background.events, background.jobs),
        shard.runId,
        shard.shard,
      );
    } finally {
      await background.stop();
      await database.shutdown();
    }
    return;
  }
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

/** COMPASS_RUN_ID and the shard (COMPASS_SHARD, else Kubernetes' JOB_COMPLETION_INDEX), when given. */
function oneShard(): { runId: number; shard: number } | null {
  const runId = process.env.COMPASS_RUN_ID;
  if (runId === undefined || runId === '') return null;
  const shard = process.env.COMPASS_SHARD ?? process.env.JOB_COMPLETION_INDEX ?? '0';
  if (!/^\d+$/.test(runId) || !/^\d+$/.test(shard)) {
    throw new Error(`COMPASS_RUN_ID (${runId}) and the shard index (${shard}) must be non-negative integers`);
  }
  return { runId: Number(runId), shard: Number(shard) };
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
