/**
 * PromQL's `histogram_quantile` for classic (bucketed) histograms, ported from Prometheus'
 * promql/quantile.go `bucketQuantile` so observed percentiles read the same as a Grafana panel over
 * the same buckets. Counts are cumulative (a bucket counts every observation ≤ its upper bound).
 *
 * In order, as Prometheus does it:
 * - q NaN → NaN; q < 0 → −Inf; q > 1 → +Inf;
 * - buckets sorted by upper bound; no +Inf bucket last → NaN;
 * - buckets with the same upper bound are merged (counts added);
 * - counts within a relative 1e-12 of the previous one are set to it (float noise from rate());
 * - counts are forced monotonic (each at least the previous one);
 * - fewer than 2 buckets, or no observations → NaN;
 * - rank = q · total; the first bucket whose count ≥ rank holds the quantile;
 * - in the +Inf bucket → the highest finite upper bound;
 * - in the first bucket with an upper bound ≤ 0 → that upper bound;
 * - otherwise linear interpolation inside the bucket, the first bucket starting at 0.
 */

export interface Bucket {
  upperBound: number;
  /** Cumulative count of observations ≤ upperBound (may be fractional: a rate or an increase). */
  count: number;
}

function coalesce(sorted: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else out.push({ ...b });
  }
  return out;
}

function correctPrecisionErrors(buckets: Bucket[], tolerance: number): void {
  let prev = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const bucket = buckets[i] as Bucket;
    const delta = Math.abs(bucket.count - prev);
    if (delta === 0) continue;
    if (delta / bucket.count <= tolerance) bucket.count = prev;
    else prev = bucket.count;
  }
}

function ensureMonotonic(buckets: Bucket[]): void {
  let max = (buckets[0] as Bucket).count;
  for (let i = 1; i < buckets.length; i++) {
    const bucket = buckets[i] as Bucket;
    if (bucket.count > max) max = bucket.count;
    else if (bucket.count < max) bucket.count = max;
  }
}

/**
 * The lower edge of the bucket histogramQuantile interpolates in: the smallest value the buckets
 * allow the quantile to have (0 for the first bucket; NaN where histogramQuantile is not finite).
 */
export function quantileFloor(q: number, input: readonly Bucket[]): number {
  return quantileIn(q, input).floor;
}

export function histogramQuantile(q: number, input: readonly Bucket[]): number {
  return quantileIn(q, input).value;
}

function quantileIn(q: number, input: readonly Bucket[]): { value: number; floor: number } {
  const only = (value: number) => ({ value, floor: Number.isFinite(value) ? value : Number.NaN });
  if (Number.isNaN(q)) return only(Number.NaN);
  if (q < 0) return only(Number.NEGATIVE_INFINITY);
  if (q > 1) return only(Number.POSITIVE_INFINITY);
  if (input.length === 0) return only(Number.NaN);
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if ((sorted[sorted.length - 1] as Bucket).upperBound !== Number.POSITIVE_INFINITY) return only(Number.NaN);
  const buckets = coalesce(sorted);
  correctPrecisionErrors(buckets, 1e-12);
  ensureMonotonic(buckets);
  if (buckets.length < 2) return only(Number.NaN);
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return only(Number.NaN);
  let rank = q * observations;
  // sort.Search over all but the +Inf bucket: the first index with count ≥ rank, else len − 1.
  let b = buckets.findIndex((bucket, i) => i < buckets.length - 1 && bucket.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) return only((buckets[buckets.length - 2] as Bucket).upperBound);
  const bucket = buckets[b] as Bucket;
  if (b === 0 && bucket.upperBound <= 0) return only(bucket.upperBound);
  let start = 0;
  let count = bucket.count;
  if (b > 0) {
    const previous = buckets[b - 1] as Bucket;
    start = previous.upperBound;
    count -= previous.count;
    rank -= previous.count;
  }
  return { value: start + (bucket.upperBound - start) * (rank / count), floor: start };
}
