/**
 * PromQL's `rate()` / `increase()` over one series' samples, ported from Prometheus'
 * promql/functions.go `extrapolatedRate` (3.x): samples in the range (start, end]; counter resets
 * (a drop) add the value before the drop; the result is extrapolated to the range's edges when the
 * first/last sample is within 1.1 average sample intervals of them (else by half an interval), and a
 * counter is never extrapolated below zero. Fewer than two samples → null (PromQL drops the series).
 */

export interface Sample {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

export interface RangeOptions {
  /** Exclusive start, inclusive end, in ms. */
  startMs: number;
  endMs: number;
}

/** The samples PromQL's range selector would pick: start < t ≤ end (input sorted by t). */
export function inRange(samples: readonly Sample[], range: RangeOptions): Sample[] {
  return samples.filter((s) => s.t > range.startMs && s.t <= range.endMs);
}

function extrapolated(
  samples: readonly Sample[],
  range: RangeOptions,
  isCounter: boolean,
  isRate: boolean,
): number | null {
  if (samples.length < 2) return null;
  const first = samples[0] as Sample;
  const last = samples[samples.length - 1] as Sample;
  let result = last.v - first.v;
  if (isCounter) {
    for (let i = 1; i < samples.length; i++) {
      const prev = (samples[i - 1] as Sample).v;
      if ((samples[i] as Sample).v < prev) result += prev;
    }
  }
  let toStart = (first.t - range.startMs) / 1000;
  let toEnd = (range.endMs - last.t) / 1000;
  const sampled = (last.t - first.t) / 1000;
  if (sampled <= 0) return null;
  const average = sampled / (samples.length - 1);
  const threshold = average * 1.1;
  if (toStart >= threshold) toStart = average / 2;
  if (isCounter && result > 0 && first.v >= 0) {
    const toZero = sampled * (first.v / result);
    if (toZero < toStart) toStart = toZero;
  }
  if (toEnd >= threshold) toEnd = average / 2;
  let factor = (sampled + toStart + toEnd) / sampled;
  if (isRate) factor /= (range.endMs - range.startMs) / 1000;
  return result * factor;
}

/** rate(counter[range]): per-second increase. */
export function rate(samples: readonly Sample[], range: RangeOptions): number | null {
  return extrapolated(inRange(samples, range), range, true, true);
}

/** increase(counter[range]). */
export function increase(samples: readonly Sample[], range: RangeOptions): number | null {
  return extrapolated(inRange(samples, range), range, true, false);
}
