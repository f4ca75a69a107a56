import type PgBoss from 'pg-boss';
import type { PrismaClient } from '../../db/clients.js';
import type { PubSub } from '../../kernel/events/pubsub.js';
import type { Logger } from '../../logger.js';
import type { RunTargetPolicy } from './core/run-targets.js';

export interface WorkerOptions {
  prisma: PrismaClient;
  boss: PgBoss;
  pubsub: PubSub;
  logger: Logger;
  resultsDir: string;
  heartbeatMs?: number;
  /** A level with a lower share of successful measured requests is INCOMPLETE and fails the run (default 0.95). */
  minSuccessRate?: number;
  /** Checked again before the run (names may resolve elsewhere by now); default: all but link-local/metadata. */
  runTargets?: RunTargetPolicy;
  /** The folder dataset paths are relative to (default: cwd's datasets/). */
  datasetsDir?: string;
  /** Opens the recipe's sealed secrets (default: this process's key, as startRun's default). */
  secretKey?: Buffer;
  /** A multi-worker run fails when not all its shards were claimed and ready within this long (default 60 s). */
  shardWaitMs?: number;
}
