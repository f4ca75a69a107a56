/**
 * One pod's scrape, reduced to what Compass charts: vLLM's request/token counters, scheduler gauges
 * and latency histograms, summed over every label set (engines, model names, finish reasons) so a
 * data-parallel pod reads as one server. Names follow vLLM 0.11+ with the older ones as fallbacks
 * (`time_per_output_token_seconds` for ITL before 0.11, `gpu_cache_usage_perc` for KV cache).
 */
import type { Exposition } from './exposition.js';

export const HISTOGRAMS = {
  ttft: ['vllm:time_to_first_token_seconds'],
  itl: ['vllm:inter_token_latency_seconds', 'vllm:time_per_output_token_seconds'],
  e2e: ['vllm:e2e_request_latency_seconds'],
  queue: ['vllm:request_queue_time_seconds'],
} as const;

export type HistogramKey = keyof typeof HISTOGRAMS;
export const HISTOGRAM_KEYS = Object.keys(HISTOGRAMS) as HistogramKey[];

const COUNTERS = {
  requests: ['vllm:request_success_total'],
  promptTokens: ['vllm:prompt_tokens_total'],
  generationTokens: ['vllm:generation_tokens_total'],
  preemptions: ['vllm:num_preemptions_total'],
} as const;

export type CounterKey = keyof typeof COUNTERS;
export const COUNTER_KEYS = Object.keys(COUNTERS) as CounterKey[];

const GAUGES = {
  running: ['vllm:num_requests_running'],
  waiting: ['vllm:num_requests_waiting'],
  kvCache: ['vllm:kv_cache_usage_perc', 'vllm:gpu_cache_usage_perc'],
} as const;

export type GaugeKey = keyof typeof GAUGES;
export const GAUGE_KEYS = Object.keys(GAUGES) as GaugeKey[];

export interface HistogramSnapshot {
  /** Ascending upper bounds in seconds, +Inf last. */
  bounds: number[];
  /** Cumulative counts per bound. */
  counts: number[];
  sum: number;
  count: number;
}

export interface PodSnapshot {
  /** Scrape time, ms since the epoch. */
  t: number;
  counters: Record<CounterKey, number | null>;
  gauges: Record<GaugeKey, number | null>;
  histograms: Record<HistogramKey, HistogramSnapshot | null>;
}

function sumOf(exposition: Exposition, name: string): number | null {
  let total: number | null = null;
  for (const s of exposition.samples)
    if (s.name === name && Number.isFinite(s.value)) total = (total ?? 0) + s.value;
  return total;
}

/** The first of `names` present in the scrape (newest vLLM name first). */
function firstPresent(exposition: Exposition, names: readonly string[], suffix = ''): string | null {
  return names.find((n) => exposition.samples.some((s) => s.name === n + suffix)) ?? null;
}

/** Buckets summed by `le` over every other label (PromQL's `sum by (le)`). */
function histogramOf(exposition: Exposition, name: string): HistogramSnapshot | null {
  const byBound = new Map<number, number>();
  for (const s of exposition.samples) {
    if (s.name !== `${name}_bucket` || s.labels.le === undefined) continue;
    const bound = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
    if (Number.isNaN(bound) || !Number.isFinite(s.value)) continue;
    byBound.set(bound, (byBound.get(bound) ?? 0) + s.value);
  }
  if (!byBound.has(Number.POSITIVE_INFINITY)) return null;
  const bounds = [...byBound.keys()].sort((a, b) => a - b);
  return {
    bounds,
    counts: bounds.map((b) => byBound.get(b) as number),
    sum: sumOf(exposition, `${name}_sum`) ?? 0,
    count: sumOf(exposition, `${name}_count`) ?? (byBound.get(Number.POSITIVE_INFINITY) as number),
  };
}

export function toPodSnapshot(exposition: Exposition, t: number): PodSnapshot {
  const pick = (names: readonly string[]) => {
    const name = firstPresent(exposition, names);
    return name === null ? null : sumOf(exposition, name);
  };
  const counters = Object.fromEntries(
    COUNTER_KEYS.map((k) => [k, pick(COUNTERS[k])]),
  ) as PodSnapshot['counters'];
  const gauges = Object.fromEntries(GAUGE_KEYS.map((k) => [k, pick(GAUGES[k])])) as PodSnapshot['gauges'];
  const histograms = Object.fromEntries(
    HISTOGRAM_KEYS.map((k) => {
      const name = firstPresent(exposition, HISTOGRAMS[k], '_bucket');
      return [k, name === null ? null : histogramOf(exposition, name)];
    }),
  ) as PodSnapshot['histograms'];
  return { t, counters, gauges, histograms };
}

/** True when the scrape looks like vLLM at all (a Compass-deployed pod that answers something else is an error). */
export function looksLikeVllm(snapshot: PodSnapshot): boolean {
  return snapshot.gauges.running !== null || snapshot.histograms.ttft !== null;
}
