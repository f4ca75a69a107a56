/**
 * Predicted p95s at the real per-replica load q = Q / R (docs/recommendations.md, the rule, step 6), from the feasible rows only.
 *
 * Edge cases:
 * - rows with the same req/s collapse into one point that takes the worst (highest) p95 of each
 *   metric — the conservative reading of repeated measurements;
 * - q equal to a point's req/s → that point's values, no interpolation (mode EXACT);
 * - q below the lightest point → the lightest point's values (BELOW): latency does not keep falling
 *   as load goes to zero, so the lightest measurement is the best evidence;
 * - q above the heaviest point → the heaviest point's values (ABOVE). The rule never asks for
 *   this (q = Q/R ≤ C / (1 + h/100) ≤ C), it is only here so the function is total;
 * - one point → its values (BELOW, EXACT or ABOVE it).
 * Infeasible rows between feasible ones are ignored: the two bracketing rows are the nearest
 * feasible rows on each side.
 */
import type { CandidateRow, SloTargets } from '../types.js';

export interface LoadPoint {
  requestsPerSecond: number;
  predicted: SloTargets;
  /** The rows merged into this point (one unless several rows share the req/s). */
  rows: CandidateRow[];
}

export type InterpolationMode = 'BELOW' | 'EXACT' | 'BETWEEN' | 'ABOVE';

export interface Interpolation {
  load: number;
  mode: InterpolationMode;
  predicted: SloTargets;
  /** The bracketing points; the same point twice unless mode is BETWEEN. */
  lower: LoadPoint;
  upper: LoadPoint;
  /** t = (q − lower) / (upper − lower) for BETWEEN, else 0. */
  fraction: number;
}

/** Interpolation order: by req/s, then id (group.ts keeps each config's rows in it). */
export function compareLoad(a: CandidateRow, b: CandidateRow): number {
  return a.requestsPerSecond - b.requestsPerSecond || a.benchmarkId - b.benchmarkId;
}

/** The rows by req/s then id; rows already in that order (recommend() keeps them so) are not copied. */
function sortByLoad(rows: readonly CandidateRow[]): readonly CandidateRow[] {
  for (let i = 1; i < rows.length; i++) {
    if (!(compareLoad(rows[i - 1] as CandidateRow, rows[i] as CandidateRow) < 0)) {
      return [...rows].sort(compareLoad);
    }
  }
  return rows;
}

/** The point of the run of equal req/s that starts at sorted[start] (its worst p95s), and the run's end. */
function pointFrom(sorted: readonly CandidateRow[], start: number): { point: LoadPoint; end: number } {
  const first = sorted[start] as CandidateRow;
  const point: LoadPoint = {
    requestsPerSecond: first.requestsPerSecond,
    predicted: { ttftP95Ms: first.ttftP95, itlP95Ms: first.itlP95, e2eP95Ms: first.e2eP95 },
    rows: [first],
  };
  let end = start + 1;
  for (; end < sorted.length; end++) {
    const row = sorted[end] as CandidateRow;
    if (row.requestsPerSecond !== point.requestsPerSecond) break;
    point.rows.push(row);
    point.predicted = {
      ttftP95Ms: Math.max(point.predicted.ttftP95Ms, row.ttftP95),
      itlP95Ms: Math.max(point.predicted.itlP95Ms, row.itlP95),
      e2eP95Ms: Math.max(point.predicted.e2eP95Ms, row.e2eP95),
    };
  }
  return { point, end };
}

/** Rows sorted by req/s, rows with equal req/s merged into their worst-case point. */
export function loadPoints(rows: readonly CandidateRow[]): LoadPoint[] {
  const sorted = sortByLoad(rows);
  const points: LoadPoint[] = [];
  for (let start = 0; start < sorted.length;) {
    const { point, end } = pointFrom(sorted, start);
    points.push(point);
    start = end;
  }
  return points;
}

function lerp(a: number, b: number, t: number): number {
  return a + t * (b - a);
}

function at(point: LoadPoint, load: number, mode: InterpolationMode): Interpolation {
  return { load, mode, predicted: { ...point.predicted }, lower: point, upper: point, fraction: 0 };
}

/**
 * Throws RangeError when there are no rows. Walks the sorted rows' runs of equal req/s and builds
 * only the points it answers with (the same points loadPoints() would list): recommend() asks this
 * of every feasible config, and building every point was most of its allocation.
 */
export function interpolateAtLoad(feasibleRows: readonly CandidateRow[], load: number): Interpolation {
  const sorted = sortByLoad(feasibleRows);
  if (sorted.length === 0) throw new RangeError('no feasible rows to interpolate');
  const lowest = (sorted[0] as CandidateRow).requestsPerSecond;
  if (load < lowest) return at(pointFrom(sorted, 0).point, load, 'BELOW');
  let lastStart = sorted.length - 1;
  const highest = (sorted[lastStart] as CandidateRow).requestsPerSecond;
  while (lastStart > 0 && (sorted[lastStart - 1] as CandidateRow).requestsPerSecond === highest) lastStart--;
  if (load > highest) return at(pointFrom(sorted, lastStart).point, load, 'ABOVE');
  for (let start = 0; start < sorted.length;) {
    const rps = (sorted[start] as CandidateRow).requestsPerSecond;
    let end = start + 1;
    while (end < sorted.length && (sorted[end] as CandidateRow).requestsPerSecond === rps) end++;
    if (load === rps) return at(pointFrom(sorted, start).point, load, 'EXACT');
    const next = sorted[end];
    if (next && load < next.requestsPerSecond) {
      const lower = pointFrom(sorted, start).point;
      const upper = pointFrom(sorted, end).point;
      const t = (load - lower.requestsPerSecond) / (upper.requestsPerSecond - lower.requestsPerSecond);
      return {
        load,
        mode: 'BETWEEN',
        predicted: {
          ttftP95Ms: lerp(lower.predicted.ttftP95Ms, upper.predicted.ttftP95Ms, t),
          itlP95Ms: lerp(lower.predicted.itlP95Ms, upper.predicted.itlP95Ms, t),
          e2eP95Ms: lerp(lower.predicted.e2eP95Ms, upper.predicted.e2eP95Ms, t),
        },
        lower,
        upper,
        fraction: t,
      };
    }
    start = end;
  }
  return at(pointFrom(sorted, lastStart).point, load, 'EXACT'); // load === the last point's req/s
}
