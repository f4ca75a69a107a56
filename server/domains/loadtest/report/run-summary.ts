import { isOpenLoop, type LevelPlan } from '../runner/load-profiles.js';
import type { Phase } from '../runner/scheduler.js';
import { summarize } from '../analysis/stats.js';

/**
 * Per-request records and per-level summaries. Field names mirror the `benchmark_requests` and
 * `benchmark_run_levels` tables (prisma/schema.prisma) so the worker can write them as they are.
 */

export type RequestPhase = Phase;

export interface RequestRecord {
  levelIndex: number;
  repetition: number;
  /** Order in which the level sent its requests, from 0. */
  seq: number;
  phase: RequestPhase;
  /** When the request was due, ms since the level started (closed loop: equal to sentMs). */
  scheduledMs: number;
  /** When it actually went out, ms since the level started. */
  sentMs: number;
  ok: boolean;
  /** Why it failed; `incomplete: …` when the runner itself aborted it (cancel, drain timeout). */
  error: string | null;
  promptTokens: number;
  outputTokens: number;
  ttftMs: number | null;
  itlMs: number | null;
  tpotMs: number | null;
  e2eMs: number | null;
  /** Kind-specific measurements of the unit (per-statement ms, recall); exported, not a table column. */
  detail?: Record<string, number>;
}

/** Prefix of the error of a request the runner aborted; such requests count as incomplete, not errored. */
export const INCOMPLETE_PREFIX = 'incomplete: ';

export function isIncomplete(record: Pick<RequestRecord, 'ok' | 'error'>): boolean {
  return !record.ok && (record.error?.startsWith(INCOMPLETE_PREFIX) ?? false);
}

export interface LatencyStats {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

export interface LevelSummary {
  levelIndex: number;
  repetition: number;
  loadKind: string;
  concurrency: number | null;
  targetRate: number | null;
  /** Wall-clock start and end of the whole level (warm-up and cool-down included). */
  startedAt: Date;
  finishedAt: Date;
  /** From the end of warm-up until the last measured request finished (or the window closed, if later). */
  durationSeconds: number;
  /** Measured requests that succeeded / failed / were aborted by the runner. */
  completedRequests: number;
  erroredRequests: number;
  incompleteRequests: number;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  /** Milliseconds, over the measured successful requests; all 0 when there are none. */
  ttft: LatencyStats;
  itl: LatencyStats;
  e2e: LatencyStats;
  tpotMean: number;
  /** Kind-specific metrics of the level (a postgres level's per-statement p95s, a chroma level's recall). */
  kindMetrics?: Record<string, number>;
}

const ZERO_STATS: LatencyStats = { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 };

/** mean/p50/p90/p95/p99 of the samples; zeros for none (the table's columns are NOT NULL). */
export function latencyStats(values: readonly number[]): LatencyStats {
  if (values.length === 0) return { ...ZERO_STATS };
  const { mean, p50, p90, p95, p99 } = summarize(values);
  return { mean, p50, p90, p95, p99 };
}

function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

/** When a successful request finished, ms since the level started. */
export function finishedMs(record: RequestRecord): number | null {
  return record.ok && record.e2eMs !== null ? record.scheduledMs + record.e2eMs : null;
}

export interface LevelSummaryInput {
  level: LevelPlan;
  repetition: number;
  startedAt: Date;
  finishedAt: Date;
  /** Offset at which the measurement window opened (end of warm-up). */
  measureStartMs: number;
  /** Offset at which it closed (no more measured requests sent). */
  measureEndMs: number;
  /** Every record of the level, all phases. */
  records: readonly RequestRecord[];
}

/**
 * Requests per second of a level's measured successful requests.
 *
 * Closed loop (synchronous, concurrent, throughput): Little's law, concurrency / mean E2E. Every
 * worker always has one request in flight, so this holds whether the workers have drifted apart or
 * finish in lockstep waves (fixed-length outputs in one continuous batch do), where any count over a
 * time window depends on where the window cuts the waves. Failed requests are taken to cost no time.
 *
 * Open loop (constant, poisson): the rate at which measured requests finished, (n - 1) / (last
 * finish - first finish). Below saturation this is the offered rate; above it, the server's capacity.
 * It needs no warm-up, unlike "finished in the window / window length", which misses the first E2E
 * of the window.
 */
export function requestsPerSecond(
  level: LevelPlan,
  ok: readonly RequestRecord[],
  durationMs: number,
): number {
  if (ok.length === 0) return 0;
  if (!isOpenLoop(level.kind)) {
    let busyMs = 0;
    for (const r of ok) busyMs += r.e2eMs ?? 0;
    return busyMs > 0 ? ((level.concurrency ?? 1) * ok.length * 1000) / busyMs : 0;
  }
  const ends = present(ok.map(finishedMs)).sort((a, b) => a - b);
  const first = ends[0];
  const last = ends[ends.length - 1];
  if (ends.length >= 2 && first !== undefined && last !== undefined && last > first) {
    return ((ends.length - 1) * 1000) / (last - first);
  }
  return durationMs > 0 ? (ok.length * 1000) / durationMs : 0;
}

/**
 * Summarises one level: latency statistics, token means, throughput and the ok/error/incomplete
 * counts, all over the measured requests (warm-up and cool-down requests only keep the load steady).
 * Output tokens/s is requests/s × mean output tokens.
 */
export function summarizeLevel(input: LevelSummaryInput): LevelSummary {
  const { level, repetition, records, measureStartMs } = input;
  const measured = records.filter((r) => r.phase === 'measure');
  const ok = measured.filter((r) => r.ok);
  const incomplete = measured.filter(isIncomplete).length;

  let windowEnd = input.measureEndMs;
  for (const r of ok) windowEnd = Math.max(windowEnd, finishedMs(r) ?? windowEnd);
  const durationMs = Math.max(0, windowEnd - measureStartMs);
  const rps = requestsPerSecond(level, ok, durationMs);
  const meanOutputTokens = mean(ok.map((r) => r.outputTokens));

  return {
    levelIndex: level.index,
    repetition,
    loadKind: level.kind,
    concurrency: level.concurrency ?? null,
    targetRate: level.rate ?? null,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    durationSeconds: durationMs / 1000,
    completedRequests: ok.length,
    erroredRequests: measured.length - ok.length - incomplete,
    incompleteRequests: incomplete,
    requestsPerSecond: rps,
    outputTokensPerSecond: rps * meanOutputTokens,
    meanInputTokens: mean(ok.map((r) => r.promptTokens)),
    meanOutputTokens,
    ttft: latencyStats(present(ok.map((r) => r.ttftMs))),
    itl: latencyStats(present(ok.map((r) => r.itlMs))),
    e2e: latencyStats(present(ok.map((r) => r.e2eMs))),
    tpotMean: mean(present(ok.map((r) => r.tpotMs))),
  };
}

type StatColumns<P extends string> = { [K in `${P}${'Mean' | 'P50' | 'P90' | 'P95' | 'P99'}`]: number };

/** A summary as a `benchmark_run_levels` row (without ids): the latency objects flattened to columns. */
export type LevelSummaryRow = Omit<LevelSummary, 'ttft' | 'itl' | 'e2e' | 'kindMetrics'> & {
  kindMetrics?: Record<string, number> | unknown;
} & StatColumns<'ttft'> &
  StatColumns<'itl'> &
  StatColumns<'e2e'>;

export function levelSummaryToRow(summary: LevelSummary): LevelSummaryRow {
  const { ttft, itl, e2e, ...rest } = summary;
  return {
    ...rest,
    ...{ ttftMean: ttft.mean, ttftP50: ttft.p50, ttftP90: ttft.p90, ttftP95: ttft.p95, ttftP99: ttft.p99 },
    ...{ itlMean: itl.mean, itlP50: itl.p50, itlP90: itl.p90, itlP95: itl.p95, itlP99: itl.p99 },
    ...{ e2eMean: e2e.mean, e2eP50: e2e.p50, e2eP90: e2e.p90, e2eP95: e2e.p95, e2eP99: e2e.p99 },
  };
}

function isMetrics(value: unknown): value is Record<string, number> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'number')
  );
}

/** The inverse of levelSummaryToRow; extra columns of a database row (id, runId) are dropped. */
export function levelSummaryFromRow(row: LevelSummaryRow): LevelSummary {
  return {
    levelIndex: row.levelIndex,
    repetition: row.repetition,
    loadKind: row.loadKind,
    concurrency: row.concurrency,
    targetRate: row.targetRate,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    durationSeconds: row.durationSeconds,
    completedRequests: row.completedRequests,
    erroredRequests: row.erroredRequests,
    incompleteRequests: row.incompleteRequests,
    requestsPerSecond: row.requestsPerSecond,
    outputTokensPerSecond: row.outputTokensPerSecond,
    meanInputTokens: row.meanInputTokens,
    meanOutputTokens: row.meanOutputTokens,
    ttft: { mean: row.ttftMean, p50: row.ttftP50, p90: row.ttftP90, p95: row.ttftP95, p99: row.ttftP99 },
    itl: { mean: row.itlMean, p50: row.itlP50, p90: row.itlP90, p95: row.itlP95, p99: row.itlP99 },
    e2e: { mean: row.e2eMean, p50: row.e2eP50, p90: row.e2eP90, p95: row.e2eP95, p99: row.e2eP99 },
    tpotMean: row.tpotMean,
    ...(isMetrics(row.kindMetrics) ? { kindMetrics: row.kindMetrics } : {}),
  };
}
