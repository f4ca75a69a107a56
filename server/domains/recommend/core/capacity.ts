/** Feasibility, per-replica capacity, replicas and cost (docs/recommendations.md, the rule, steps 2–5). */
import type { CandidateRow, SloMetric, SloTargets } from '../types.js';

export const HOURS_PER_MONTH = 730;

export interface MetricMiss {
  metric: SloMetric;
  value: number;
  target: number;
  /** (value − target) / target, > 0. */
  gap: number;
}

export function rowP95(row: CandidateRow, metric: SloMetric): number {
  if (metric === 'TTFT') return row.ttftP95;
  if (metric === 'ITL') return row.itlP95;
  return row.e2eP95;
}

export function targetFor(targets: SloTargets, metric: SloMetric): number {
  if (metric === 'TTFT') return targets.ttftP95Ms;
  if (metric === 'ITL') return targets.itlP95Ms;
  return targets.e2eP95Ms;
}

export const METRICS: readonly SloMetric[] = ['TTFT', 'ITL', 'E2E'];

/** Metrics whose p95 is above its target, in TTFT, ITL, E2E order. A value equal to its target meets it. */
export function sloMisses(row: CandidateRow, targets: SloTargets): MetricMiss[] {
  const misses: MetricMiss[] = [];
  for (const metric of METRICS) {
    const value = rowP95(row, metric);
    const target = targetFor(targets, metric);
    if (value > target) misses.push({ metric, value, target, gap: (value - target) / target });
  }
  return misses;
}

export function isFeasible(row: CandidateRow, targets: SloTargets): boolean {
  // sloMisses(row, targets).length === 0, without allocating: recommend() asks it of every row.
  return (
    !(row.ttftP95 > targets.ttftP95Ms) && !(row.itlP95 > targets.itlP95Ms) && !(row.e2eP95 > targets.e2eP95Ms)
  );
}

/** Orders rows from light to heavy load: by req/s, then concurrency (null last), then id. */
export function compareByLoad(a: CandidateRow, b: CandidateRow): number {
  return (
    a.requestsPerSecond - b.requestsPerSecond ||
    (a.concurrency ?? Number.POSITIVE_INFINITY) - (b.concurrency ?? Number.POSITIVE_INFINITY) ||
    a.benchmarkId - b.benchmarkId
  );
}

/**
 * The lightest-load row: the lowest concurrency when every row has one (concurrency is the load
 * the benchmark offered; achieved req/s can dip past saturation), else the lowest req/s.
 */
export function lightestRow(rows: readonly CandidateRow[]): CandidateRow | undefined {
  const allConcurrency = rows.every((r) => r.concurrency !== null);
  const compare = (a: CandidateRow, b: CandidateRow) =>
    allConcurrency
      ? (a.concurrency as number) - (b.concurrency as number) || compareByLoad(a, b)
      : compareByLoad(a, b);
  // The first row of the stable sort by `compare`, found in one pass without copying.
  let lightest: CandidateRow | undefined;
  for (const row of rows) if (lightest === undefined || compare(row, lightest) < 0) lightest = row;
  return lightest;
}

/** The rows that meet every target (isFeasible), in input order. */
export function feasibleRows<R extends CandidateRow>(rows: readonly R[], targets: SloTargets): R[] {
  const out: R[] = [];
  for (const row of rows) if (isFeasible(row, targets)) out.push(row);
  return out;
}

/** C = the highest achieved req/s among feasible rows (lowest id on ties); undefined when none. */
export function capacityRow(feasible: readonly CandidateRow[]): CandidateRow | undefined {
  let best: CandidateRow | undefined;
  for (const row of feasible) {
    if (
      best === undefined ||
      row.requestsPerSecond > best.requestsPerSecond ||
      (row.requestsPerSecond === best.requestsPerSecond && row.benchmarkId < best.benchmarkId)
    ) {
      best = row;
    }
  }
  return best;
}

/**
 * Ceil that forgives floating-point dust: 10 × 1.1 / 11 is 1.0000000000000002 in binary floats and
 * must give 1 replica, not 2. The slack (1e-9 relative) is far below any real load difference.
 */
export function tolerantCeil(x: number): number {
  return Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x)));
}

/** Q × (1 + h/100), computed as Q × (100 + h) / 100 to keep round inputs exact. */
export function designLoad(peakRps: number, headroomPercent: number): number {
  return (peakRps * (100 + headroomPercent)) / 100;
}

/** R = max(1, ceil(Q·(1+h/100) / C)). */
export function replicasNeeded(peakRps: number, headroomPercent: number, capacityRps: number): number {
  if (!(capacityRps > 0)) throw new RangeError(`capacity must be > 0 req/s, got ${capacityRps}`);
  return Math.max(1, tolerantCeil(designLoad(peakRps, headroomPercent) / capacityRps));
}

/** Monthly cost = GPUs × hourly price × 730 h. */
export function monthlyCostUsd(totalGpus: number, hourlyPriceUsd: number): number {
  return totalGpus * hourlyPriceUsd * HOURS_PER_MONTH;
}
