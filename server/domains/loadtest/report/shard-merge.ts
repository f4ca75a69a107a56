import * as hdr from 'hdr-histogram-js';
import type { LatencyStats, LevelSummary, RequestRecord } from './run-summary.js';

/**
 * A multi-worker run's level summary from its shards' (runner/shards.ts). Each shard keeps HDR
 * histograms of its measured successful requests' TTFT, ITL and E2E (in µs, 3 significant digits);
 * merging histograms is exact (their bucket counts add), so the merged percentiles are those of all
 * the shards' requests together, to the histograms' 0.1 % resolution. Counts and rates add up (the
 * shards ran at the same time, each at its share of the load), means are weighted by their sample
 * counts.
 */

export const LATENCIES = ['ttft', 'itl', 'e2e'] as const;
export type LatencyName = (typeof LATENCIES)[number];
export type LatencyHistograms = Record<LatencyName, hdr.Histogram>;
/** As stored in `benchmark_run_shard_levels.histograms`: compressed base64 (the HdrHistogram format). */
export type EncodedHistograms = Record<LatencyName, string>;

const US_PER_MS = 1000;

export function newHistograms(): LatencyHistograms {
  const build = () => hdr.build({ bitBucketSize: 32, numberOfSignificantValueDigits: 3 });
  return { ttft: build(), itl: build(), e2e: build() };
}

/** Adds a measured, successful request's latencies (others are left out, as in summarizeLevel). */
export function recordLatencies(histograms: LatencyHistograms, record: RequestRecord): void {
  if (record.phase !== 'measure' || !record.ok) return;
  const values: Record<LatencyName, number | null> = {
    ttft: record.ttftMs,
    itl: record.itlMs,
    e2e: record.e2eMs,
  };
  for (const name of LATENCIES) {
    const ms = values[name];
    if (ms !== null && Number.isFinite(ms))
      histograms[name].recordValue(Math.max(0, Math.round(ms * US_PER_MS)));
  }
}

export function encodeHistograms(histograms: LatencyHistograms): EncodedHistograms {
  return {
    ttft: hdr.encodeIntoCompressedBase64(histograms.ttft),
    itl: hdr.encodeIntoCompressedBase64(histograms.itl),
    e2e: hdr.encodeIntoCompressedBase64(histograms.e2e),
  };
}

export function decodeHistograms(encoded: EncodedHistograms): LatencyHistograms {
  return {
    ttft: hdr.decodeFromCompressedBase64(encoded.ttft, 32),
    itl: hdr.decodeFromCompressedBase64(encoded.itl, 32),
    e2e: hdr.decodeFromCompressedBase64(encoded.e2e, 32),
  };
}

export interface ShardLevel {
  summary: LevelSummary;
  histograms: EncodedHistograms;
}

function weightedMean(pairs: readonly { value: number; weight: number }[]): number {
  let sum = 0;
  let weight = 0;
  for (const p of pairs) {
    sum += p.value * p.weight;
    weight += p.weight;
  }
  return weight > 0 ? sum / weight : 0;
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  return values.every((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

function mergedStats(
  name: LatencyName,
  shards: readonly { summary: LevelSummary; h: LatencyHistograms }[],
): LatencyStats {
  const merged = hdr.build({ bitBucketSize: 32, numberOfSignificantValueDigits: 3 });
  for (const s of shards) merged.add(s.h[name]);
  if (merged.totalCount === 0) return { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 };
  const at = (p: number) => merged.getValueAtPercentile(p) / US_PER_MS;
  return {
    // Each shard's mean is exact; weighted by its sample count, so is theirs together.
    mean: weightedMean(shards.map((s) => ({ value: s.summary[name].mean, weight: s.h[name].totalCount }))),
    p50: at(50),
    p90: at(90),
    p95: at(95),
    p99: at(99),
  };
}

/** One level × repetition of all shards as one summary (the whole level: its whole rate or concurrency). */
export function mergeShardLevels(levels: readonly ShardLevel[]): LevelSummary {
  const first = levels[0];
  if (!first) throw new RangeError('no shard results to merge');
  const shards = levels.map((l) => ({ summary: l.summary, h: decodeHistograms(l.histograms) }));
  const summaries = shards.map((s) => s.summary);
  const byCompleted = (value: (s: LevelSummary) => number) =>
    weightedMean(summaries.map((s) => ({ value: value(s), weight: s.completedRequests })));
  const sum = (value: (s: LevelSummary) => number) => summaries.reduce((a, s) => a + value(s), 0);
  const kindKeys = [...new Set(summaries.flatMap((s) => Object.keys(s.kindMetrics ?? {})))];
  const merged: LevelSummary = {
    levelIndex: first.summary.levelIndex,
    repetition: first.summary.repetition,
    loadKind: first.summary.loadKind,
    concurrency: sumOrNull(summaries.map((s) => s.concurrency)),
    targetRate: sumOrNull(summaries.map((s) => s.targetRate)),
    startedAt: new Date(Math.min(...summaries.map((s) => s.startedAt.getTime()))),
    finishedAt: new Date(Math.max(...summaries.map((s) => s.finishedAt.getTime()))),
    durationSeconds: Math.max(...summaries.map((s) => s.durationSeconds)),
    completedRequests: sum((s) => s.completedRequests),
    erroredRequests: sum((s) => s.erroredRequests),
    incompleteRequests: sum((s) => s.incompleteRequests),
    requestsPerSecond: sum((s) => s.requestsPerSecond),
    outputTokensPerSecond: sum((s) => s.outputTokensPerSecond),
    meanInputTokens: byCompleted((s) => s.meanInputTokens),
    meanOutputTokens: byCompleted((s) => s.meanOutputTokens),
    ttft: mergedStats('ttft', shards),
    itl: mergedStats('itl', shards),
    e2e: mergedStats('e2e', shards),
    tpotMean: byCompleted((s) => s.tpotMean),
  };
  // Kind metrics (per-statement p95s, recall) are the shards' values weighted by completed units.
  if (kindKeys.length > 0) {
    merged.kindMetrics = Object.fromEntries(
      kindKeys.map((key) => [key, byCompleted((s) => s.kindMetrics?.[key] ?? 0)]),
    );
  }
  return merged;
}
