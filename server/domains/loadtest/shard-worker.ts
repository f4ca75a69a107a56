import path from 'node:path';
import type { Prisma } from '../../db/generated/prisma/client.js';
import { openRecipe } from './core/secrets.js';
import { DEFAULT_RUN_TARGET_POLICY } from './core/run-targets.js';
import { parseRecipe } from './recipe.js';
import { appendRunLog } from './run-log.js';
import { runTargetRefusal } from './run-target-check.js';
import { runRecipe, type RunProgress } from './runner/runner.js';
import { processSecretKey } from './secret-key.js';
import { progressOf } from './service.js';
import {
  awaitBarrier,
  DEFAULT_SHARD_WAIT_MS,
  markReady,
  ShardRecorder,
  shardOwned,
  ShardWaitStopped,
  sleepUntilWallClock,
} from './shards.js';
import type { WorkerOptions } from './worker-options.js';

const REQUEST_BATCH = 200;

/**
 * A helper shard (1…N−1) of a multi-worker run (shards.ts): claims its shard, runs its share of
 * every level behind the barrier, writes its requests and its per-level summary + histograms, and
 * beats its shard row's heart. It never writes the run's levels or status, except to fail the run
 * at once, with the reason, when its own share fails: the run must not finish short.
 */
export async function executeShard(
  options: WorkerOptions,
  workerId: string,
  runId: number,
  shard: number,
): Promise<void> {
  const { prisma, pubsub, logger } = options;
  const claimed = await prisma.benchmarkRunShard.updateMany({
    where: { runId, shard, status: 'QUEUED', run: { status: { in: ['QUEUED', 'RUNNING'] } } },
    data: { status: 'RUNNING', workerId, claimedAt: new Date(), heartbeatAt: new Date(), barrier: -1 },
  });
  if (claimed.count === 0) return; // the run ended, or another worker (a pod of the Indexed Job) has it
  const run = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id: runId } });
  const recipe = parseRecipe(
    openRecipe(run.recipe as Parameters<typeof openRecipe>[0], options.secretKey ?? processSecretKey()),
  );
  const owned = shardOwned(runId, shard, workerId);
  const recorder = new ShardRecorder(prisma, runId, shard, owned);
  const waitMs = 2 * (options.shardWaitMs ?? DEFAULT_SHARD_WAIT_MS);
  const abort = new AbortController();
  /** Set once the shard is no longer this worker's or the run ended: it writes nothing more. */
  let stopped = false;
  const check = () => {
    if (stopped) throw new ShardWaitStopped();
  };
  let latest: RunProgress | null = null;
  /** Exact counts (the runner's progress ticks lag by up to 250 ms). */
  const counts = { completedRequests: 0, erroredRequests: 0 };
  const progress = () => ({ ...latest, ...counts }) as unknown as Prisma.InputJsonValue;

  let buffer: Prisma.BenchmarkRequestCreateManyInput[] = [];
  let flushing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (stopped) buffer = [];
    if (buffer.length === 0) return flushing;
    const batch = buffer;
    buffer = [];
    flushing = flushing.then(() => prisma.benchmarkRequest.createMany({ data: batch }));
    return flushing;
  };
  const flushTimer = setInterval(() => void flush(), 1_000);
  const beat = async () => {
    const beaten = await prisma.benchmarkRunShard.updateMany({
      where: owned,
      data: {
        heartbeatAt: new Date(),
        lastProgress: progress(),
      },
    });
    if (beaten.count === 1) return;
    stopped = true;
    abort.abort();
  };
  const heartbeat = setInterval(() => {
    void beat().catch((error: unknown) =>
      logger.warn({ err: error, runId, shard }, 'shard heartbeat failed'),
    );
  }, options.heartbeatMs ?? 2_000);
  await appendRunLog(
    prisma,
    pubsub,
    runId,
    'info',
    `shard ${shard} of ${run.workers} started on worker ${workerId}`,
  );

  let ordinal = 0;
  try {
    const refused = await runTargetRefusal(recipe, options.runTargets ?? DEFAULT_RUN_TARGET_POLICY);
    if (refused !== null) throw new Error(`target refused: ${refused}`);
    const result = await runRecipe(recipe, {
      shard: { index: shard, count: run.workers },
      baseDir: options.datasetsDir ?? path.resolve('datasets'),
      signal: abort.signal,
      startFromLevel: run.completedLevels,
      keepRequests: false,
      onLevelStart: async () => {
        if (!(await markReady(prisma, owned, ordinal))) throw new ShardWaitStopped();
        const at = await awaitBarrier(prisma, runId, ordinal++, check, waitMs);
        await sleepUntilWallClock(at, abort.signal);
      },
      onRequest: (record) => {
        recorder.record(record);
        if (record.ok) counts.completedRequests++;
        else counts.erroredRequests++;
        const { detail: _detail, ...row } = record;
        buffer.push({ runId, ...row });
        if (buffer.length >= REQUEST_BATCH) void flush();
      },
      onLevelDone: async (summary) => {
        await flush();
        if (!(await recorder.save(summary, progress()))) throw new ShardWaitStopped();
      },
      onProgress: (progress) => {
        latest = progress;
      },
    });
    await flush();
    if (!stopped && !result.cancelled) {
      await prisma.benchmarkRunShard.updateMany({
        where: owned,
        data: { status: 'SUCCEEDED', heartbeatAt: new Date() },
      });
    }
  } catch (error) {
    await flush().catch(() => undefined);
    if (error instanceof ShardWaitStopped || stopped) {
      logger.info({ runId, shard, workerId }, 'shard stopped: the run ended or is no longer this worker’s');
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ err: error, runId, shard }, 'benchmark shard failed');
    const failed = await prisma.benchmarkRunShard.updateMany({
      where: owned,
      data: { status: 'FAILED', error: message.slice(0, 2000) },
    });
    if (failed.count !== 1) return;
    const reason = `shard ${shard} of ${run.workers} (worker ${workerId}) failed: ${message}`;
    const written = await prisma.benchmarkRun.updateMany({
      where: { id: runId, status: 'RUNNING' },
      data: { status: 'FAILED', finishedAt: new Date(), error: reason.slice(0, 2000) },
    });
    if (written.count !== 1) return;
    const failedRun = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id: runId } });
    pubsub.publish('benchmarkRunProgress', String(runId), progressOf(failedRun, { phase: 'FAILED' }));
    await appendRunLog(prisma, pubsub, runId, 'error', `run FAILED: ${reason}`, true);
  } finally {
    clearInterval(flushTimer);
    clearInterval(heartbeat);
  }
}
