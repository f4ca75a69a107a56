import type PgBoss from 'pg-boss';
import type { PrismaClient } from '../../db/clients.js';
import type { Prisma } from '../../db/generated/prisma/client.js';
import type { RunProgressEvent } from '../../kernel/events/run-progress.js';
import { RUN_QUEUE, type RunJob } from './jobs.js';
import {
  encodeHistograms,
  mergeShardLevels,
  newHistograms,
  recordLatencies,
  type EncodedHistograms,
  type LatencyHistograms,
  type ShardLevel,
} from './report/shard-merge.js';
import {
  levelSummaryFromRow,
  levelSummaryToRow,
  type LevelSummary,
  type LevelSummaryRow,
  type RequestRecord,
} from './report/run-summary.js';

/**
 * Runs across many workers (docs/benchmark-runner.md): a run with `workers: N` is N jobs on the
 * queue, one per shard; shard 0 is the run's own job and coordinates, shards 1…N−1 are helpers. Every
 * level × repetition starts behind a barrier: each shard marks itself ready, shard 0 waits until all
 * N are and stores a common start time in the run row, every shard sleeps until that wall-clock time.
 * Each shard stores its level summary and HDR histograms (`benchmark_run_shard_levels`); shard 0
 * merges them into the run's level row. Shard rows carry their own worker id and heartbeat, so a
 * dead helper is seen by the reaper like a dead run.
 */

/** How often the barrier and the merge poll the database. */
export const SHARD_POLL_MS = 100;
/** The common start is this far after the last shard became ready, so every shard reads it in time. */
export const START_LEAD_MS = 500;
export const DEFAULT_SHARD_WAIT_MS = 60_000;

/** Creates (or, on resume, resets) the shard rows of a run and queues the helpers' jobs (shard 0 is the run's own job). */
export async function queueShards(
  prisma: PrismaClient,
  boss: PgBoss,
  runId: number,
  workers: number,
): Promise<void> {
  if (workers <= 1) return;
  await prisma.benchmarkRunShard.deleteMany({ where: { runId } });
  // Results of levels a resumed run redoes are deleted by shard 0 before its first barrier.
  await prisma.benchmarkRunShard.createMany({
    data: Array.from({ length: workers }, (_, shard) => ({ runId, shard })),
  });
  await prisma.benchmarkRun.update({ where: { id: runId }, data: { barrier: -1, barrierStartAt: null } });
  for (let shard = 1; shard < workers; shard++) {
    const jobId = await boss.send(RUN_QUEUE, { runId, shard } satisfies RunJob, { retryLimit: 0 });
    await prisma.benchmarkRunShard.update({ where: { runId_shard: { runId, shard } }, data: { jobId } });
  }
}

/** A shard's rows are its own while its worker id is on them and the run is still going. */
export function shardOwned(
  runId: number,
  shard: number,
  workerId: string,
): Prisma.BenchmarkRunShardWhereInput {
  return {
    runId,
    shard,
    workerId,
    status: 'RUNNING',
    run: { status: { in: shard === 0 ? ['RUNNING', 'CANCELLED'] : ['QUEUED', 'RUNNING'] } },
  };
}

/** Marks the shard ready for the barrier `ordinal`; false when the shard is no longer this worker's. */
export async function markReady(
  prisma: PrismaClient,
  owned: Prisma.BenchmarkRunShardWhereInput,
  ordinal: number,
): Promise<boolean> {
  const marked = await prisma.benchmarkRunShard.updateMany({
    where: owned,
    data: { barrier: ordinal, heartbeatAt: new Date() },
  });
  return marked.count === 1;
}

/** Resolves at a wall-clock time (the shards' clocks are the hosts', NTP-synchronised in a cluster). */
export async function sleepUntilWallClock(at: Date, signal?: AbortSignal): Promise<void> {
  const ms = at.getTime() - Date.now();
  if (ms <= 0 || signal?.aborted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, SHARD_POLL_MS));

/** Why a shard did not start or finish, for the run's error. */
function shardFailure(
  rows: readonly { shard: number; status: string; error: string | null }[],
): string | null {
  const failed = rows.find((r) => r.status === 'FAILED');
  return failed ? `shard ${failed.shard} failed: ${failed.error ?? 'no reason given'}` : null;
}

/** The shard-level row of a summary with its histograms. */
function shardLevelRow(
  runId: number,
  shard: number,
  summary: LevelSummary,
  histograms: EncodedHistograms,
): Prisma.BenchmarkRunShardLevelUncheckedCreateInput {
  return {
    runId,
    shard,
    levelIndex: summary.levelIndex,
    repetition: summary.repetition,
    summary: JSON.parse(JSON.stringify(levelSummaryToRow(summary))) as Prisma.InputJsonValue,
    histograms: histograms as unknown as Prisma.InputJsonValue,
  };
}

/** A stored shard level back as a summary (its dates were serialised as strings). */
function shardLevelFromRow(row: { summary: unknown; histograms: unknown }): ShardLevel {
  const stored = row.summary as LevelSummaryRow & { startedAt: string; finishedAt: string };
  return {
    summary: levelSummaryFromRow({
      ...stored,
      startedAt: new Date(stored.startedAt),
      finishedAt: new Date(stored.finishedAt),
    }),
    histograms: row.histograms as EncodedHistograms,
  };
}

/**
 * One shard's own bookkeeping, shared by shard 0 and the helpers: histograms of the level running,
 * and storing its result (conditional on the shard still being this worker's).
 */
export class ShardRecorder {
  private histograms = new Map<string, LatencyHistograms>();

  constructor(
    private readonly prisma: PrismaClient,
    readonly runId: number,
    readonly shard: number,
    readonly owned: Prisma.BenchmarkRunShardWhereInput,
  ) {}

  record(record: RequestRecord): void {
    const key = `${record.levelIndex}:${record.repetition}`;
    let h = this.histograms.get(key);
    if (!h) this.histograms.set(key, (h = newHistograms()));
    recordLatencies(h, record);
  }

  /**
   * Stores the shard's summary and histograms of a level (and its progress, so the run's combined
   * counts are exact at each level's end); false when the shard is no longer this worker's.
   */
  async save(summary: LevelSummary, progress?: Prisma.InputJsonValue): Promise<boolean> {
    const key = `${summary.levelIndex}:${summary.repetition}`;
    const row = shardLevelRow(
      this.runId,
      this.shard,
      summary,
      encodeHistograms(this.histograms.get(key) ?? newHistograms()),
    );
    this.histograms.delete(key);
    return this.prisma.$transaction(async (tx) => {
      const touched = await tx.benchmarkRunShard.updateMany({
        where: this.owned,
        data: { heartbeatAt: new Date(), ...(progress === undefined ? {} : { lastProgress: progress }) },
      });
      if (touched.count !== 1) return false;
      await tx.benchmarkRunShardLevel.upsert({
        where: {
          runId_shard_levelIndex_repetition: {
            runId: this.runId,
            shard: this.shard,
            levelIndex: summary.levelIndex,
            repetition: summary.repetition,
          },
        },
        create: row,
        update: { summary: row.summary, histograms: row.histograms },
      });
      return true;
    });
  }
}

/** Thrown out of a wait when the run stopped being this worker's, or was cancelled. */
export class ShardWaitStopped extends Error {}

/** Shard 0's side: the barrier, the merge of every level, and the run's combined progress. */
export class ShardCoordinator {
  private others: Partial<RunProgressEvent>[] = [];

  constructor(
    private readonly prisma: PrismaClient,
    private readonly runId: number,
    readonly workers: number,
    private readonly runOwned: Prisma.BenchmarkRunWhereInput,
    readonly recorder: ShardRecorder,
    /** Whether shard 0 still owns the run, and whether it was cancelled. */
    private readonly state: () => 'running' | 'lost' | 'cancelled',
    private readonly waitMs: number,
  ) {}

  /**
   * Waits until every shard is ready for `ordinal` (the first: every shard claimed), then stores
   * and returns the common start time.
   */
  async barrier(ordinal: number): Promise<Date> {
    if (!(await markReady(this.prisma, this.recorder.owned, ordinal))) throw new ShardWaitStopped();
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const state = this.state();
      if (state === 'lost') throw new ShardWaitStopped();
      if (state === 'cancelled') return new Date(); // the level starts cancelled and ends at once
      const rows = await this.prisma.benchmarkRunShard.findMany({
        where: { runId: this.runId },
        select: { shard: true, status: true, barrier: true, error: true },
        orderBy: { shard: 'asc' },
      });
      const failure = shardFailure(rows);
      if (failure) throw new Error(failure);
      const waiting = rows.filter((r) => r.barrier < ordinal).map((r) => r.shard);
      if (waiting.length === 0) break;
      if (Date.now() > deadline) {
        const unclaimed = rows.filter((r) => r.status === 'QUEUED').map((r) => r.shard);
        throw new Error(
          unclaimed.length > 0
            ? `only ${this.workers - unclaimed.length} of ${this.workers} workers claimed their shard within ${this.waitMs / 1000} s (shard ${unclaimed.join(', ')} still queued: start more workers)`
            : `shard ${waiting.join(', ')} not ready for level run ${ordinal} within ${this.waitMs / 1000} s`,
        );
      }
      await pause();
    }
    const startAt = new Date(Date.now() + START_LEAD_MS);
    const written = await this.prisma.benchmarkRun.updateMany({
      where: this.runOwned,
      data: { barrier: ordinal, barrierStartAt: startAt },
    });
    if (written.count !== 1) throw new ShardWaitStopped();
    return startAt;
  }

  /** Stores shard 0's own result, waits for every shard's and returns the merged summary (null: cancelled). */
  async merge(summary: LevelSummary): Promise<LevelSummary | null> {
    if (!(await this.recorder.save(summary))) throw new ShardWaitStopped();
    for (;;) {
      const state = this.state();
      if (state === 'lost') throw new ShardWaitStopped();
      if (state === 'cancelled') return null;
      const rows = await this.prisma.benchmarkRunShardLevel.findMany({
        where: { runId: this.runId, levelIndex: summary.levelIndex, repetition: summary.repetition },
        orderBy: { shard: 'asc' },
      });
      if (rows.length === this.workers) {
        await this.refresh();
        return mergeShardLevels(rows.map(shardLevelFromRow));
      }
      const shards = await this.prisma.benchmarkRunShard.findMany({
        where: { runId: this.runId },
        select: { shard: true, status: true, error: true },
      });
      const failure = shardFailure(shards);
      if (failure) throw new Error(failure);
      await pause();
    }
  }

  /** Reads the helpers' latest progress (called on shard 0's heartbeat). */
  async refresh(): Promise<void> {
    const rows = await this.prisma.benchmarkRunShard.findMany({
      where: { runId: this.runId, shard: { gt: 0 } },
      select: { lastProgress: true },
    });
    this.others = rows.map((r) => (r.lastProgress ?? {}) as Partial<RunProgressEvent>);
  }

  /**
   * The run's progress: shard 0's own plus the helpers' last reported. Counts and rates add up; the
   * live p95s are the largest shard's (an upper bound; the level summaries have the exact merge).
   */
  combine(own: RunProgressEvent): RunProgressEvent {
    const add = (a: number | null, b: number | null | undefined) =>
      a === null && (b === null || b === undefined) ? null : (a ?? 0) + (b ?? 0);
    const max = (a: number | null, b: number | null | undefined) =>
      b === null || b === undefined ? a : a === null ? b : Math.max(a, b);
    let event = { ...own };
    for (const other of this.others) {
      event = {
        ...event,
        completedRequests: event.completedRequests + (other.completedRequests ?? 0),
        erroredRequests: event.erroredRequests + (other.erroredRequests ?? 0),
        currentRps: add(event.currentRps, other.currentRps),
        ttftP95Ms: max(event.ttftP95Ms, other.ttftP95Ms),
        itlP95Ms: max(event.itlP95Ms, other.itlP95Ms),
        e2eP95Ms: max(event.e2eP95Ms, other.e2eP95Ms),
      };
    }
    return event;
  }
}

/**
 * A helper's wait at the barrier `ordinal`: until shard 0 stored the start time. Throws
 * ShardWaitStopped when the run ended meanwhile (failed, cancelled).
 */
export async function awaitBarrier(
  prisma: PrismaClient,
  runId: number,
  ordinal: number,
  check: () => void,
  waitMs: number,
): Promise<Date> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    check();
    const run = await prisma.benchmarkRun.findUniqueOrThrow({
      where: { id: runId },
      select: { status: true, barrier: true, barrierStartAt: true },
    });
    if (run.status !== 'QUEUED' && run.status !== 'RUNNING') throw new ShardWaitStopped();
    if (run.barrier >= ordinal && run.barrierStartAt) return run.barrierStartAt;
    if (Date.now() > deadline)
      throw new Error(`shard 0 did not start level run ${ordinal} within ${waitMs / 1000} s`);
    await pause();
  }
}
