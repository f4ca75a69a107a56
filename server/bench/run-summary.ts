import type { LevelPlan } from './load-profiles.js';
import type { Phase } from './scheduler.js';
import { summarize } from './stats.js';

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
  /** The throughput window: from the end of warm-up until the last measured request finished. */
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
 * Summarises one level.
 *
 * Latency statistics, token means and the ok/error/incomplete counts use the measured requests only.
 * Throughput is completion throughput over the window [measureStart, end], where end is the later of
 * the window's close and the finish of the last measured request: requests/s and output tokens/s
 * count every successful request (any phase) that finished inside it. With warm-up and cool-down
 * keeping the load steady around the window this is the steady-state rate, without the ramp-up and
 * drain that dividing the measured count by its own span would include.
 */
export function summarizeLevel(input: LevelSummaryInput): LevelSummary {
  const { level, repetition, records, measureStartMs } = input;
  const measured = records.filter((r) => r.phase === 'measure');
  const ok = measured.filter((r) => r.ok);
  const incomplete = measured.filter(isIncomplete).length;

  let windowEnd = input.measureEndMs;
  for (const r of ok) windowEnd = Math.max(windowEnd, finishedMs(r) ?? windowEnd);
  const durationMs = Math.max(0, windowEnd - measureStartMs);

  let finishedInWindow = 0;
  let tokensInWindow = 0;
  for (const r of records) {
    const end = finishedMs(r);
    if (end !== null && end >= measureStartMs && end <= windowEnd) {
      finishedInWindow++;
      tokensInWindow += r.outputTokens;
    }
  }
  const perSecond = (count: number) => (durationMs > 0 ? (count * 1000) / durationMs : 0);

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
    requestsPerSecond: perSecond(finishedInWindow),
    outputTokensPerSecond: perSecond(tokensInWindow),
    meanInputTokens: mean(ok.map((r) => r.promptTokens)),
    meanOutputTokens: mean(ok.map((r) => r.outputTokens)),
    ttft: latencyStats(present(ok.map((r) => r.ttftMs))),
    itl: latencyStats(present(ok.map((r) => r.itlMs))),
    e2e: latencyStats(present(ok.map((r) => r.e2eMs))),
    tpotMean: mean(present(ok.map((r) => r.tpotMs))),
  };
}
