/**
 * Predicted p95s at the real per-replica load q = Q / R (SPEC §4 step 4), from the feasible rows only.
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
import type { CandidateRow, SloTargets } from './types.js';

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

/** Rows sorted by req/s, rows with equal req/s merged into their worst-case point. */
export function loadPoints(rows: readonly CandidateRow[]): LoadPoint[] {
  const sorted = [...rows].sort(
    (a, b) => a.requestsPerSecond - b.requestsPerSecond || a.benchmarkId - b.benchmarkId,
  );
  const points: LoadPoint[] = [];
  for (const row of sorted) {
    const last = points[points.length - 1];
    if (last && last.requestsPerSecond === row.requestsPerSecond) {
      last.rows.push(row);
      last.predicted = {
        ttftP95Ms: Math.max(last.predicted.ttftP95Ms, row.ttftP95),
        itlP95Ms: Math.max(last.predicted.itlP95Ms, row.itlP95),
        e2eP95Ms: Math.max(last.predicted.e2eP95Ms, row.e2eP95),
      };
    } else {
      points.push({
        requestsPerSecond: row.requestsPerSecond,
        predicted: { ttftP95Ms: row.ttftP95, itlP95Ms: row.itlP95, e2eP95Ms: row.e2eP95 },
        rows: [row],
      });
    }
  }
  return points;
}

function lerp(a: number, b: number, t: number): number {
  return a + t * (b - a);
}

function at(point: LoadPoint, load: number, mode: InterpolationMode): Interpolation {
  return { load, mode, predicted: { ...point.predicted }, lower: point, upper: point, fraction: 0 };
}

/** Throws RangeError when there are no rows. */
export function interpolateAtLoad(feasibleRows: readonly CandidateRow[], load: number): Interpolation {
  const points = loadPoints(feasibleRows);
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('no feasible rows to interpolate');
  if (load < first.requestsPerSecond) return at(first, load, 'BELOW');
  if (load > last.requestsPerSecond) return at(last, load, 'ABOVE');
  for (let i = 0; i < points.length; i++) {
    const lower = points[i] as LoadPoint;
    if (load === lower.requestsPerSecond) return at(lower, load, 'EXACT');
    const upper = points[i + 1];
    if (upper && load < upper.requestsPerSecond) {
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
  }
  return at(last, load, 'EXACT'); // load === last.requestsPerSecond
}
