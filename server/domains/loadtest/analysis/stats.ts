/**
 * Descriptive statistics for latency samples (milliseconds) and a cheap rolling window for live
 * progress. Percentiles use linear interpolation between closest ranks (Hyndman & Fan type 7, the
 * default of numpy, R and Excel's PERCENTILE.INC): for sorted x[0..n-1] and q in [0, 1],
 * h = (n - 1)·q, and the result is x[⌊h⌋] + (h - ⌊h⌋)·(x[⌊h⌋ + 1] - x[⌊h⌋]).
 */

export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  /** Sample standard deviation (divisor n - 1); 0 for a single sample. */
  stddev: number;
}

function checkQuantile(q: number): void {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
}

/** Type-7 percentile of an ascending array; q in [0, 1] (0.95 for p95). NaN for an empty array. */
export function percentile(sorted: readonly number[], q: number): number {
  checkQuantile(q);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const lower = sorted[lo] as number;
  if (lo + 1 >= n) return lower;
  const upper = sorted[lo + 1] as number;
  return lower + (h - lo) * (upper - lower);
}

/** A sorted copy (numeric order; Float64Array sorts numbers, not strings). */
export function sortAscending(values: readonly number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

/**
 * Summary of a sample. Every value must be finite (a NaN latency is a bug upstream, not data).
 * An empty sample gives count 0 and NaN for every statistic, so callers decide how to show
 * "no data" instead of getting a misleading 0.
 */
export function summarize(values: readonly number[]): LatencySummary {
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`summarize: non-finite sample ${v}`);
  }
  const n = values.length;
  if (n === 0) {
    const nan = Number.NaN;
    return { count: 0, mean: nan, p50: nan, p90: nan, p95: nan, p99: nan, min: nan, max: nan, stddev: nan };
  }
  const sorted = sortAscending(values);
  // Two passes (mean, then squared deviations from it) keep the variance accurate for large, close values.
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let m2 = 0;
  for (const v of sorted) m2 += (v - mean) * (v - mean);
  return {
    count: n,
    mean,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    min: sorted[0] as number,
    max: sorted[n - 1] as number,
    stddev: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0,
  };
}

/** Index of the first element >= value in an ascending array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface RollingWindowOptions {
  /**
   * When the measurement started. Until a full window has elapsed, rates divide by the time since
   * this instant rather than by the window length. Defaults to the time of the first sample.
   */
  startMs?: number;
}

/**
 * The samples of the last `windowMs` milliseconds: the window at time `now` is (now - windowMs, now].
 * Adding is O(log n) search plus an array insert; percentiles and rates are O(1) after eviction,
 * so a progress stream can ask every second without re-sorting. Timestamps are expected to be
 * non-decreasing; an earlier timestamp is treated as the latest one seen.
 */
export class RollingWindow {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private head = 0;
  private readonly sorted: number[] = [];
  private sum = 0;
  private lastTime = Number.NEGATIVE_INFINITY;
  private origin: number | undefined;

  constructor(
    readonly windowMs: number,
    options: RollingWindowOptions = {},
  ) {
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
    this.origin = options.startMs;
  }

  add(value: number, atMs: number): void {
    if (!Number.isFinite(value) || !Number.isFinite(atMs)) {
      throw new RangeError(`RollingWindow.add: non-finite value ${value} or time ${atMs}`);
    }
    const time = Math.max(atMs, this.lastTime);
    this.lastTime = time;
    this.origin ??= time;
    this.times.push(time);
    this.values.push(value);
    this.sorted.splice(lowerBound(this.sorted, value), 0, value);
    this.sum += value;
  }

  /** Number of samples in the window ending at nowMs. */
  count(nowMs: number): number {
    this.evict(nowMs);
    return this.sorted.length;
  }

  /** Type-7 percentile (q in [0, 1]) of the window; null when it is empty. */
  percentile(q: number, nowMs: number): number | null {
    checkQuantile(q);
    this.evict(nowMs);
    return this.sorted.length === 0 ? null : percentile(this.sorted, q);
  }

  p95(nowMs: number): number | null {
    return this.percentile(0.95, nowMs);
  }

  /** Samples per second over the window (e.g. completed requests/s). */
  ratePerSecond(nowMs: number): number {
    this.evict(nowMs);
    const span = this.spanMs(nowMs);
    return span > 0 ? (this.sorted.length * 1000) / span : 0;
  }

  /** Sum of the values per second over the window (e.g. output tokens/s when values are token counts). */
  sumPerSecond(nowMs: number): number {
    this.evict(nowMs);
    const span = this.spanMs(nowMs);
    return span > 0 ? (this.sum * 1000) / span : 0;
  }

  private spanMs(nowMs: number): number {
    if (this.origin === undefined) return 0;
    return Math.min(this.windowMs, nowMs - this.origin);
  }

  private evict(nowMs: number): void {
    const cutoff = nowMs - this.windowMs;
    while (this.head < this.times.length && (this.times[this.head] as number) <= cutoff) {
      const value = this.values[this.head] as number;
      this.sorted.splice(lowerBound(this.sorted, value), 1);
      this.sum -= value;
      this.head++;
    }
    if (this.head === this.times.length) {
      this.times.length = 0;
      this.values.length = 0;
      this.head = 0;
      this.sum = 0; // drop accumulated rounding error whenever the window empties
    } else if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.values.splice(0, this.head);
      this.head = 0;
    }
  }
}
