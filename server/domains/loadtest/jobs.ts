import PgBoss from 'pg-boss';
import type { Logger } from '../../logger.js';

/** Benchmark runs are jobs in a PostgreSQL-backed queue (pg-boss), so any number of workers share them. */
export const RUN_QUEUE = 'benchmark-run';

export interface RunJob {
  runId: number;
  /** A helper shard (1…workers−1) of a multi-worker run; absent for the run's own job (shard 0). */
  shard?: number;
}

export async function startJobQueue(databaseUrl: string, logger: Logger): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    application_name: 'compass-jobs',
    max: 3,
    schema: 'pgboss',
    // Our own heartbeat/reaper decides when a run died; pg-boss only needs a generous expiry.
    expireInHours: 12,
    retryLimit: 0,
    supervise: true,
  });
  boss.on('error', (error) => logger.warn({ err: error }, 'job queue error'));
  await boss.start();
  await boss.createQueue(RUN_QUEUE, { name: RUN_QUEUE, retryLimit: 0, expireInHours: 12 });
  return boss;
}

export async function queueDepth(boss: PgBoss): Promise<number> {
  return boss.getQueueSize(RUN_QUEUE);
}
