/**
 * Kneedle knee/elbow detection (Satopää, Albrecht, Irwin, Raghavan: "Finding a 'Kneedle' in a
 * Haystack", ICDCS workshops 2011), offline variant, for unevenly spaced x.
 *
 * 1. Sort by x and normalise both axes to [0, 1].
 * 2. Turn the curve into a concave increasing one and take the difference curve d = y' − x'
 *    (concave increasing: y − x; convex increasing: x − y; convex decreasing: 1 − y − x;
 *    concave decreasing: x + y − 1, all on normalised values).
 * 3. Every interior local maximum i of d gets a threshold T = d[i] − S · mean(Δx'), where
 *    mean(Δx') = 1 / (n − 1) is the mean spacing of the normalised x (this is what makes uneven
 *    spacing work) and S is the sensitivity.
 * 4. Walking right from a local maximum, if d falls below T before the next local maximum, that
 *    maximum is a knee. A curve without a bend (a straight line) has no local maximum that is
 *    followed by such a drop, so there is no knee.
 */

export type KneeCurve = 'concave' | 'convex';
export type KneeDirection = 'increasing' | 'decreasing';

export interface KneeOptions {
  /** Shape of the curve: concave (gains flatten out, e.g. throughput vs load) or convex (hockey stick, e.g. latency vs load). */
  curve: KneeCurve;
  /** Default 'increasing'. */
  direction?: KneeDirection;
  /** Kneedle sensitivity S ≥ 0: larger values need a more pronounced bend. Default 1. */
  sensitivity?: number;
}

export interface KneePoint {
  x: number;
  y: number;
  /** Index of the knee in the x-sorted points. */
  index: number;
  /** Value of the normalised difference curve at the knee (its prominence, in (0, 1]). */
  difference: number;
}

export interface Point {
  x: number;
  y: number;
}

function differenceCurve(
  xn: readonly number[],
  yn: readonly number[],
  curve: KneeCurve,
  direction: KneeDirection,
): number[] {
  return xn.map((x, i) => {
    const y = yn[i] as number;
    if (direction === 'increasing') return curve === 'concave' ? y - x : x - y;
    return curve === 'convex' ? 1 - y - x : x + y - 1;
  });
}

function normalise(values: readonly number[]): number[] | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const range = max - min;
  if (!(range > 0)) return null;
  return values.map((v) => (v - min) / range);
}

/** Every knee Kneedle detects, left to right. Needs at least three points with distinct x and varying y. */
export function findKnees(points: readonly Point[], options: KneeOptions): KneePoint[] {
  const sensitivity = options.sensitivity ?? 1;
  if (!(sensitivity >= 0)) throw new RangeError(`sensitivity must be >= 0, got ${sensitivity}`);
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new RangeError('findKnees: non-finite point');
  }
  const sorted = [...points].sort((a, b) => a.x - b.x);
  const n = sorted.length;
  if (n < 3) return [];
  const xn = normalise(sorted.map((p) => p.x));
  const yn = normalise(sorted.map((p) => p.y));
  if (xn === null || yn === null) return [];
  const d = differenceCurve(xn, yn, options.curve, options.direction ?? 'increasing');
  const at = (i: number): number => d[i] as number;

  const step = 1 / (n - 1);
  const knees: KneePoint[] = [];
  let candidate = -1;
  let threshold = Number.NEGATIVE_INFINITY;
  for (let i = 1; i < n; i++) {
    const isLocalMax = i < n - 1 && at(i) > at(i - 1) && at(i) >= at(i + 1);
    if (candidate >= 0 && at(i) < threshold) {
      const p = sorted[candidate] as Point;
      knees.push({ x: p.x, y: p.y, index: candidate, difference: at(candidate) });
      candidate = -1;
    }
    if (isLocalMax) {
      candidate = i;
      threshold = at(i) - sensitivity * step;
    }
  }
  return knees;
}

/** The most prominent knee (largest difference value), or null when the curve has no knee. */
export function findKnee(points: readonly Point[], options: KneeOptions): KneePoint | null {
  let best: KneePoint | null = null;
  for (const knee of findKnees(points, options)) {
    if (best === null || knee.difference > best.difference) best = knee;
  }
  return best;
}
