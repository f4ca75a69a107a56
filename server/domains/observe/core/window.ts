/**
 * Windowed view of a deployment at one instant, the way these PromQL queries would read it at `at`
 * with a `[range]` window:
 *   histogram_quantile(q, sum by (le) (rate(vllm:…_bucket[range])))   per latency, q = .5/.95/.99
 *   sum(rate(vllm:request_success_total[range]))                       req/s
 *   sum(rate(…_sum[range])) / sum(rate(…_count[range]))                mean latency
 *   sum(vllm:num_requests_running), sum(…waiting), avg/max(kv_cache_usage_perc)   (last sample in range)
 * per pod, and for the deployment as the sum over pods.
 */
import { histogramQuantile, quantileFloor, type Bucket } from './histogram-quantile.js';
import { rate, type RangeOptions, type Sample } from './rate.js';
import {
  COUNTER_KEYS,
  HISTOGRAM_KEYS,
  type CounterKey,
  type HistogramKey,
  type PodSnapshot,
} from './vllm-snapshot.js';

export interface LatencySummary {
  /** Milliseconds; null when no request finished in the window (PromQL: NaN). */
  p50Ms: number | null;
  p90Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Lower edge of the bucket the p95 lies in: the least the buckets allow it to be. */
  p95FloorMs: number | null;
  meanMs: number | null;
  /** Observations per second in the window. */
  perSecond: number;
}

export interface WindowSummary {
  at: number;
  rangeMs: number;
  /** Pods with at least one sample in the range. */
  pods: number;
  requestsPerSecond: number | null;
  promptTokensPerSecond: number | null;
  generationTokensPerSecond: number | null;
  latency: Record<HistogramKey, LatencySummary | null>;
  running: number | null;
  waiting: number | null;
  kvCacheMean: number | null;
  kvCacheMax: number | null;
}

export interface PodSeries {
  pod: string;
  /** Sorted by t. */
  snapshots: readonly PodSnapshot[];
}

const toMs = (seconds: number) => (Number.isFinite(seconds) ? seconds * 1000 : null);
const finite = (x: number) => (Number.isNaN(x) ? null : x);

function counterRate(snaps: readonly PodSnapshot[], key: CounterKey, range: RangeOptions): number | null {
  const samples: Sample[] = [];
  for (const s of snaps) {
    const v = s.counters[key];
    if (v !== null) samples.push({ t: s.t, v });
  }
  return rate(samples, range);
}

interface HistogramRates {
  buckets: Map<number, number>;
  sum: number;
  count: number;
}

/** rate() of every bucket series, of _sum and of _count for one pod. */
function histogramRates(
  snaps: readonly PodSnapshot[],
  key: HistogramKey,
  range: RangeOptions,
): HistogramRates | null {
  const bySeries = new Map<number, Sample[]>();
  const sums: Sample[] = [];
  const counts: Sample[] = [];
  for (const s of snaps) {
    const h = s.histograms[key];
    if (!h) continue;
    h.bounds.forEach((bound, i) => {
      const list = bySeries.get(bound) ?? [];
      list.push({ t: s.t, v: h.counts[i] as number });
      bySeries.set(bound, list);
    });
    sums.push({ t: s.t, v: h.sum });
    counts.push({ t: s.t, v: h.count });
  }
  const buckets = new Map<number, number>();
  for (const [bound, samples] of bySeries) {
    const r = rate(samples, range);
    if (r !== null) buckets.set(bound, r);
  }
  const count = rate(counts, range);
  if (buckets.size === 0 || count === null) return null;
  // _sum is a float that may legitimately drop (negative observations); vLLM's never do.
  return { buckets, sum: rate(sums, range) ?? 0, count };
}

function summarizeLatency(parts: HistogramRates[]): LatencySummary | null {
  if (parts.length === 0) return null;
  const byBound = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const p of parts) {
    for (const [bound, r] of p.buckets) byBound.set(bound, (byBound.get(bound) ?? 0) + r);
    sum += p.sum;
    count += p.count;
  }
  const buckets: Bucket[] = [...byBound].map(([upperBound, c]) => ({ upperBound, count: c }));
  const q = (x: number) => {
    const v = finite(histogramQuantile(x, buckets));
    return v === null ? null : toMs(v);
  };
  return {
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    p95FloorMs: (() => {
      const v = finite(quantileFloor(0.95, buckets));
      return v === null ? null : toMs(v);
    })(),
    meanMs: count > 0 ? toMs(sum / count) : null,
    perSecond: count,
  };
}

function addNullable(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a + b;
}

/** The window ending at `at` over the given pods (one pod → that pod's own view). */
export function summarizeWindow(series: readonly PodSeries[], at: number, rangeMs: number): WindowSummary {
  const range: RangeOptions = { startMs: at - rangeMs, endMs: at };
  const counters = Object.fromEntries(COUNTER_KEYS.map((k) => [k, null])) as Record<
    CounterKey,
    number | null
  >;
  const histogramParts = Object.fromEntries(HISTOGRAM_KEYS.map((k) => [k, [] as HistogramRates[]])) as Record<
    HistogramKey,
    HistogramRates[]
  >;
  let pods = 0;
  let running: number | null = null;
  let waiting: number | null = null;
  const kv: number[] = [];
  for (const { snapshots } of series) {
    const inside = snapshots.filter((s) => s.t > range.startMs && s.t <= range.endMs);
    const last = inside[inside.length - 1];
    if (!last) continue;
    pods += 1;
    running = addNullable(running, last.gauges.running);
    waiting = addNullable(waiting, last.gauges.waiting);
    if (last.gauges.kvCache !== null) kv.push(last.gauges.kvCache);
    for (const k of COUNTER_KEYS) counters[k] = addNullable(counters[k], counterRate(inside, k, range));
    for (const k of HISTOGRAM_KEYS) {
      const r = histogramRates(inside, k, range);
      if (r) histogramParts[k].push(r);
    }
  }
  return {
    at,
    rangeMs,
    pods,
    requestsPerSecond: counters.requests,
    promptTokensPerSecond: counters.promptTokens,
    generationTokensPerSecond: counters.generationTokens,
    latency: Object.fromEntries(
      HISTOGRAM_KEYS.map((k) => [k, summarizeLatency(histogramParts[k])]),
    ) as Record<HistogramKey, LatencySummary | null>,
    running,
    waiting,
    kvCacheMean: kv.length > 0 ? kv.reduce((a, b) => a + b, 0) / kv.length : null,
    kvCacheMax: kv.length > 0 ? Math.max(...kv) : null,
  };
}

/** summarizeWindow at every step from `from` to `to` (both inclusive when aligned). */
export function windowSeries(
  series: readonly PodSeries[],
  options: { from: number; to: number; stepMs: number; rangeMs: number },
): WindowSummary[] {
  const out: WindowSummary[] = [];
  for (let at = options.to; at >= options.from; at -= options.stepMs)
    out.push(summarizeWindow(series, at, options.rangeMs));
  return out.reverse();
}
