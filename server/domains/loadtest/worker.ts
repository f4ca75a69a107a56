import { openRecipe, redactRecipe } from './core/secrets.js';
import { processSecretKey } from './secret-key.js';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Prisma } from '../../db/generated/prisma/client.js';
import { DEFAULT_LEVEL_QUALITY, levelShortfall } from './analysis/level-quality.js';
import { DEFAULT_RUN_TARGET_POLICY } from './core/run-targets.js';
import { runTargetRefusal } from './run-target-check.js';
import { writeRunExports } from './report/export.js';
import { RUN_QUEUE, type RunJob } from './jobs.js';
import type { RunProgressEvent } from '../../kernel/events/run-progress.js';
import { parseRecipe } from './recipe.js';
import { appendRunLog, type RunLogSeverity } from './run-log.js';
import { loadLabel } from './report/summary-table.js';
import { progressOf } from './service.js';
import { levelSummaryFromRow, levelSummaryToRow } from './report/run-summary.js';
import { runRecipe, type RequestRecord, type LevelSummary, type RunProgress } from './runner/runner.js';
import { executeShard } from './shard-worker.js';
import {
  DEFAULT_SHARD_WAIT_MS,
  ShardCoordinator,
  ShardRecorder,
  shardOwned,
  ShardWaitStopped,
  sleepUntilWallClock,
} from './shards.js';
import type { WorkerOptions } from './worker-options.js';

export type { WorkerOptions } from './worker-options.js';

export interface Worker {
  id: string;
  stop(): Promise<void>;
}

const REQUEST_BATCH = 200;
/** Failed requests logged one by one per level × repetition; the rest are counted in the level's line. */
const LOGGED_ERRORS_PER_LEVEL = 10;
const REQUEST_FLUSH_MS = 1_000;

/**
 * Takes benchmark-run jobs off the queue one at a time and executes them: per-request rows are written
 * in batches as the run goes, each finished level becomes a summary row, progress is published (and
 * kept on the run for late subscribers), and a heartbeat lets any server declare a dead worker's run
 * FAILED. A cancelled run is noticed on the next heartbeat and its in-flight requests are aborted.
 */
/** host:pid:random — what run and shard rows name their worker by. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Runs shard `shard` of run `runId` once, outside the queue (a pod of the run's Kubernetes Indexed
 * Job): the same claim as a queued job, so whichever comes first has the shard.
 */
export async function executeShardOnce(options: WorkerOptions, runId: number, shard: number): Promise<void> {
  const id = newWorkerId();
  if (shard > 0) await executeShard(options, id, runId, shard);
  else await executeRun(options, id, runId);
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const id = newWorkerId();
  const { boss, logger } = options;
  const workId = await boss.work<RunJob>(
    RUN_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 0.5 },
    async ([job]) => {
      if (!job) return;
      if ((job.data.shard ?? 0) > 0) await executeShard(options, id, job.data.runId, job.data.shard ?? 0);
      else await executeRun(options, id, job.data.runId);
    },
  );
  logger.info({ workerId: id }, 'benchmark worker started');
  return {
    id,
    stop: async () => {
      await boss.offWork(workId);
    },
  };
}

export async function executeRun(options: WorkerOptions, workerId: string, runId: number): Promise<void> {
  const { prisma, pubsub, logger } = options;
  const claimed = await prisma.benchmarkRun.updateMany({
    where: { id: runId, status: 'QUEUED' },
    data: { status: 'RUNNING', workerId, startedAt: new Date(), heartbeatAt: new Date() },
  });
  if (claimed.count === 0) return; // cancelled before it started, or another worker has it
  const run = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id: runId } });
  const recipe = parseRecipe(
    openRecipe(run.recipe as Parameters<typeof openRecipe>[0], options.secretKey ?? processSecretKey()),
  );
  const abort = new AbortController();
  const started = Date.now();
  let latest: RunProgressEvent = progressOf(run, { phase: 'WARMUP', message: null });
  const log = (severity: RunLogSeverity, message: string, final = false) =>
    appendRunLog(prisma, pubsub, runId, severity, message, final).catch((error: unknown) =>
      logger.warn({ err: error, runId }, 'could not write a run log line'),
    );
  let levelErrors = 0;
  /** The run's level summaries (with workers > 1, merged over the shards). */
  const merged: LevelSummary[] = [];

  const publish = (event: RunProgressEvent) => {
    latest = event;
    pubsub.publish('benchmarkRunProgress', String(runId), event);
  };

  // Levels finished in an earlier attempt stay; their unfinished level's requests are redone.
  const startFromLevel = run.completedLevels;
  const priorLevels = await prisma.benchmarkRunLevel.findMany({
    where: { runId, levelIndex: { lt: startFromLevel } },
  });
  await prisma.benchmarkRunLevel.deleteMany({ where: { runId, levelIndex: { gte: startFromLevel } } });
  await prisma.benchmarkRequest.deleteMany({ where: { runId, levelIndex: { gte: startFromLevel } } });
  await prisma.benchmarkRunShardLevel.deleteMany({ where: { runId, levelIndex: { gte: startFromLevel } } });

  let buffer: Prisma.BenchmarkRequestCreateManyInput[] = [];
  /** Set once the run is no longer this worker's (see `owned` below). */
  let lost = false;
  let flushing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (lost) buffer = [];
    if (buffer.length === 0) return flushing;
    const batch = buffer;
    buffer = [];
    flushing = flushing.then(() => prisma.benchmarkRequest.createMany({ data: batch }));
    return flushing;
  };
  const flushTimer = setInterval(() => void flush(), REQUEST_FLUSH_MS);

  // Fencing: every write after the claim is conditional on the run still being this worker's. A worker
  // the reaper declared dead (a stalled event loop, a paused VM) may wake up after another worker
  // resumed the run; it must stop and write nothing, never turn a FAILED run into SUCCEEDED.
  const owned = {
    id: runId,
    workerId,
    status: { in: ['RUNNING', 'CANCELLED'] },
  } satisfies Prisma.BenchmarkRunWhereInput;
  // A multi-worker run (shards.ts): this is shard 0, which coordinates the barrier and the merge.
  let coordinator: ShardCoordinator | null = null;
  if (run.workers > 1) {
    await prisma.benchmarkRunShard.updateMany({
      where: { runId, shard: 0 },
      data: { status: 'RUNNING', workerId, claimedAt: new Date(), heartbeatAt: new Date(), barrier: -1 },
    });
    coordinator = new ShardCoordinator(
      prisma,
      runId,
      run.workers,
      owned,
      new ShardRecorder(prisma, runId, 0, shardOwned(runId, 0, workerId)),
      () => (lost ? 'lost' : abort.signal.aborted ? 'cancelled' : 'running'),
      options.shardWaitMs ?? DEFAULT_SHARD_WAIT_MS,
    );
  }
  let ordinal = 0;
  const beat = async (): Promise<void> => {
    await coordinator?.refresh();
    const beaten = await prisma.benchmarkRun.updateMany({
      where: { id: runId, workerId, status: 'RUNNING' },
      data: { heartbeatAt: new Date(), lastProgress: latest as unknown as Prisma.InputJsonValue },
    });
    if (beaten.count === 1) return;
    const current = await prisma.benchmarkRun.findUnique({
      where: { id: runId },
      select: { status: true, workerId: true },
    });
    if (current?.status !== 'CANCELLED' || current.workerId !== workerId) lost = true;
    abort.abort();
  };
  await log(
    'info',
    `started on worker ${workerId} (attempt ${run.attempt + 1})${startFromLevel > 0 ? `, resuming at level ${startFromLevel}` : ''}`,
  );
  const heartbeat = setInterval(() => {
    void beat().catch((error: unknown) => logger.warn({ err: error, runId }, 'heartbeat failed'));
  }, options.heartbeatMs ?? 2_000);

  try {
    const refused = await runTargetRefusal(recipe, options.runTargets ?? DEFAULT_RUN_TARGET_POLICY);
    if (refused !== null) throw new Error(`target refused: ${refused}`);
    const result = await runRecipe(recipe, {
      baseDir: options.datasetsDir ?? path.resolve('datasets'),
      signal: abort.signal,
      startFromLevel,
      priorSummaries: priorLevels.map(levelSummaryFromRow),
      shard: { index: 0, count: run.workers },
      onLevelStart: async ({ level, repetition }) => {
        levelErrors = 0;
        if (coordinator) await sleepUntilWallClock(await coordinator.barrier(ordinal++), abort.signal);
        await log(
          'info',
          `level ${level.index} (${loadLabel({ loadKind: level.kind, concurrency: level.concurrency ?? null, targetRate: level.rate ?? null })}) repetition ${repetition}: started`,
        );
      },
      onRequest: (record: RequestRecord) => {
        if (!record.ok && ++levelErrors <= LOGGED_ERRORS_PER_LEVEL) {
          void log(
            'error',
            `level ${record.levelIndex} repetition ${record.repetition} request ${record.seq} (${record.phase}): ${record.error ?? 'failed'}`,
          );
        }
        coordinator?.recorder.record(record);
        // Kind-specific detail goes to requests.jsonl only; the level keeps its summary (kind_metrics).
        const { detail: _detail, ...row } = record;
        buffer.push({ runId, ...row });
        if (buffer.length >= REQUEST_BATCH) void flush();
      },
      onLevelDone: async (own: LevelSummary) => {
        await flush();
        await beat();
        if (lost) throw new RunLostError(runId);
        // Every shard's share of the level, merged; null when the run was cancelled meanwhile.
        const summary = coordinator ? await coordinator.merge(own) : own;
        if (summary === null) return;
        merged.push(summary);
        // Not saved: an INCOMPLETE level's latencies (zeros, or a few survivors) are never reported.
        const shortfall = levelShortfall(
          summary,
          options.minSuccessRate ?? DEFAULT_LEVEL_QUALITY.minSuccessRate,
        );
        if (shortfall !== null) {
          throw new Error(
            `level ${summary.levelIndex} (repetition ${summary.repetition}) is INCOMPLETE: ${shortfall}; resume to run it again`,
          );
        }
        await log(
          'info',
          `level ${summary.levelIndex} repetition ${summary.repetition}: ${summary.completedRequests} ok, ${summary.erroredRequests} errors, ${summary.incompleteRequests} incomplete` +
            (levelErrors > LOGGED_ERRORS_PER_LEVEL
              ? ` (${levelErrors - LOGGED_ERRORS_PER_LEVEL} failed requests not logged)`
              : '') +
            `; ${summary.requestsPerSecond.toFixed(2)} req/s, p95 TTFT ${summary.ttft.p95.toFixed(1)} ms, ITL ${summary.itl.p95.toFixed(2)} ms, E2E ${summary.e2e.p95.toFixed(0)} ms`,
        );
        const { kindMetrics, ...columns } = levelSummaryToRow(summary);
        const data = { ...columns, ...(kindMetrics ? { kindMetrics } : {}) };
        await prisma.benchmarkRunLevel.upsert({
          where: {
            runId_levelIndex_repetition: {
              runId,
              levelIndex: summary.levelIndex,
              repetition: summary.repetition,
            },
          },
          create: { runId, ...data },
          update: data,
        });
        if (summary.repetition === recipe.repetitions - 1) {
          await prisma.benchmarkRun.update({
            where: { id: runId },
            data: { completedLevels: summary.levelIndex + 1 },
          });
        }
      },
      onProgress: (progress: RunProgress) => {
        const event: RunProgressEvent = {
          ...latest,
          ...progress,
          runId,
          status: 'RUNNING',
          elapsedSeconds: (Date.now() - started) / 1000,
          at: new Date().toISOString(),
        };
        publish(coordinator ? coordinator.combine(event) : event);
      },
    });
    await flush();
    if (lost) throw new RunLostError(runId);
    const cancelled = abort.signal.aborted || result.cancelled;
    const written = await prisma.benchmarkRun.updateMany({
      where: owned,
      data: {
        status: cancelled ? 'CANCELLED' : 'SUCCEEDED',
        finishedAt: new Date(),
        lastProgress: latest as unknown as Prisma.InputJsonValue,
      },
    });
    if (written.count === 0) throw new RunLostError(runId);
    const finished = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id: runId } });
    publish(
      progressOf(finished, { ...latest, status: finished.status, phase: cancelled ? 'CANCELLED' : 'DONE' }),
    );
    await log(
      cancelled ? 'warn' : 'info',
      cancelled ? 'run CANCELLED' : `run SUCCEEDED: ${result.summaries.length} level summaries`,
      true,
    );
    await writeRunExports(path.join(options.resultsDir, String(runId)), {
      ...result,
      summaries: merged,
      recipe: redactRecipe(result.recipe),
    }).catch((error: unknown) => logger.warn({ err: error, runId }, 'could not write run exports'));
  } catch (error) {
    await flush().catch(() => undefined);
    if (error instanceof RunLostError || error instanceof ShardWaitStopped || lost) {
      logger.warn(
        { runId, workerId },
        'run was declared dead or resumed elsewhere; this worker stops and writes nothing',
      );
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger.error({ err: error, runId }, 'benchmark run failed');
    const written = await prisma.benchmarkRun.updateMany({
      where: owned,
      data: { status: 'FAILED', finishedAt: new Date(), error: message.slice(0, 2000) },
    });
    if (written.count === 0) return;
    const failed = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id: runId } });
    publish(progressOf(failed, { ...latest, status: 'FAILED', phase: 'FAILED', message }));
    await log('error', `run FAILED: ${message}`, true);
  } finally {
    clearInterval(flushTimer);
    clearInterval(heartbeat);
  }
}

/** The run is no longer this worker's (the reaper declared it dead, or another worker resumed it). */
class RunLostError extends Error {
  constructor(runId: number) {
    super(`run ${runId} is no longer this worker's`);
  }
}
