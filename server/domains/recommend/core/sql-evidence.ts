/**
 * The rule's evidence (evidence.ts) from per-config aggregates and a few rows, so a recommendation reads
 * a handful of rows per config instead of every row of the profile (docs/recommendations.md, "Candidate SQL").
 *
 * 1. The database aggregates each (config, source) of the profile under the spec's targets
 *    (`SourceSummary`: row count, feasible count, capacity row; the lightest row, by index probe, only
 *    for a config without a feasible row).
 * 2. `selectSummaries` applies source precedence; `rowsRequest` says which rows the rule will then read:
 *    for a feasible config the rows bracketing its per-replica load q = Q / R (R from the capacity row),
 *    for a near miss every row meeting the relaxed targets, for a plain miss none.
 * 3. `summaryEvidence` answers evaluateConfig from those. It throws if asked about targets it was not
 *    built for, so a divergence between this plan and the rule fails loudly instead of answering wrong.
 */
import { feasibleRows, replicasNeeded } from './capacity.js';
import { missVerdict, type ConfigEvidence, type FeasibleSet } from './evidence.js';
import { configKey } from './group.js';
import { SOURCE_TRUST_ORDER, type BenchmarkSourceKey, type CandidateRow, type SloTargets } from '../types.js';

/** One (config, source) of the profile, aggregated under the spec's targets. */
export interface SourceSummary {
  modelId: number;
  gpuId: number;
  gpuCount: number;
  source: BenchmarkSourceKey;
  rowCount: number;
  feasibleCount: number;
  /**
   * The lightest-load row (lightestRow: the lowest concurrency when every row has one, else the lowest
   * req/s; then req/s, concurrency, id), fetched only when no row is feasible (null otherwise): the rule
   * reads it only then (the rejection reason and the near-miss relaxation).
   */
  lightest: CandidateRow | null;
  capacity: CandidateRow | null;
}

/** A config's summary of its most trusted source. */
export interface SelectedSummary {
  summary: SourceSummary;
  outranked: BenchmarkSourceKey[];
}

export type RowsRequest =
  /** Rows meeting `targets` at the highest req/s ≤ load and the lowest req/s ≥ load (every row of those req/s). */
  | { kind: 'BRACKET'; targets: SloTargets; load: number }
  /** Every row meeting `targets`. */
  | { kind: 'ALL'; targets: SloTargets };

export interface LoadSpec {
  slo: SloTargets;
  requestsPerSecond: number;
  headroomPercent: number;
}

/** Source precedence per config (MEASURED, then IMPORTED, then SYNTHETIC); the summaries hold allowed sources only. */
export function selectSummaries(summaries: readonly SourceSummary[]): SelectedSummary[] {
  const byConfig = new Map<string, SourceSummary[]>();
  for (const s of summaries) {
    const key = configKey(s);
    const list = byConfig.get(key);
    if (list) list.push(s);
    else byConfig.set(key, [s]);
  }
  return [...byConfig.values()].map((list) => {
    const present = SOURCE_TRUST_ORDER.filter((source) => list.some((s) => s.source === source));
    const [source, ...outranked] = present;
    return { summary: list.find((s) => s.source === source) as SourceSummary, outranked };
  });
}

/**
 * Below this many rows per config (read from the summaries) the ROWS path is the cheaper one: the SQL
 * path costs two index probes per config (about 40 µs at 1M rows), fetching and planning a row about
 * 6 µs (docs/performance.md §2, small profiles).
 */
export const ROWS_PATH_MAX_ROWS_PER_CONFIG = 4;

/** True when the profile has so few rows per config that fetching them all beats probing per config. */
export function rowsPathIsCheaper(selected: readonly SelectedSummary[]): boolean {
  let rows = 0;
  for (const s of selected) rows += s.summary.rowCount;
  return rows < ROWS_PATH_MAX_ROWS_PER_CONFIG * selected.length;
}

export function lightestOf(summary: SourceSummary): CandidateRow {
  if (summary.lightest === null) {
    throw new Error(`the lightest row of ${configKey(summary)} was not fetched (it has feasible rows)`);
  }
  return summary.lightest;
}

/** The rows evaluateConfig will read beyond the summary; null when it reads none (a plain miss). */
export function rowsRequest(selected: SelectedSummary, spec: LoadSpec): RowsRequest | null {
  const { summary } = selected;
  if (summary.capacity) {
    const replicas = replicasNeeded(
      spec.requestsPerSecond,
      spec.headroomPercent,
      summary.capacity.requestsPerSecond,
    );
    return { kind: 'BRACKET', targets: spec.slo, load: spec.requestsPerSecond / replicas };
  }
  const verdict = missVerdict(lightestOf(summary), spec.slo);
  return verdict.kind === 'NEAR_MISS' ? { kind: 'ALL', targets: verdict.relaxed } : null;
}

const NONE_FEASIBLE: FeasibleSet = { rows: [], count: 0 };

function sameTargets(a: SloTargets, b: SloTargets): boolean {
  return a.ttftP95Ms === b.ttftP95Ms && a.itlP95Ms === b.itlP95Ms && a.e2eP95Ms === b.e2eP95Ms;
}

/**
 * The rows at the highest req/s ≤ load and at the lowest req/s ≥ load (the bracketing points, or the
 * one end point when the load is outside), plus the capacity row: what planConfig reads.
 */
export function bracketRows(
  rows: readonly CandidateRow[],
  load: number,
  capacity: CandidateRow,
): CandidateRow[] {
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (const r of rows) {
    if (r.requestsPerSecond <= load && r.requestsPerSecond > lo) lo = r.requestsPerSecond;
    if (r.requestsPerSecond >= load && r.requestsPerSecond < hi) hi = r.requestsPerSecond;
  }
  const byId = new Map<number, CandidateRow>();
  for (const r of rows) {
    if (r.requestsPerSecond === lo || r.requestsPerSecond === hi) byId.set(r.benchmarkId, r);
  }
  if (!byId.has(capacity.benchmarkId)) byId.set(capacity.benchmarkId, capacity);
  return [...byId.values()].sort(
    (a, b) => a.requestsPerSecond - b.requestsPerSecond || a.benchmarkId - b.benchmarkId,
  );
}

/**
 * evaluateConfig's evidence for one config from its summary and the rows `rowsRequest` asked for
 * (`rows`: every row of the request, or for BRACKET at least every row at the two bracketing req/s).
 */
export function summaryEvidence(
  selected: SelectedSummary,
  request: RowsRequest | null,
  rows: readonly CandidateRow[],
  targets: SloTargets,
): ConfigEvidence {
  const { summary, outranked } = selected;
  // Worked out once: the evidence is cached with its rows and asked again by every warm request.
  let answer: FeasibleSet | undefined;
  const requested = (asked: RowsRequest): FeasibleSet => {
    if (asked.kind === 'ALL') {
      const all = feasibleRows(rows, asked.targets);
      return { rows: all, count: all.length };
    }
    const capacity = summary.capacity as CandidateRow;
    return { rows: bracketRows(rows, asked.load, capacity), count: summary.feasibleCount };
  };
  const feasible = (asked: SloTargets): FeasibleSet => {
    if (sameTargets(asked, targets) && summary.feasibleCount === 0) return NONE_FEASIBLE;
    if (request && sameTargets(asked, request.targets)) return (answer ??= requested(request));
    throw new Error(
      `evidence for ${configKey(summary)} was not fetched for targets ${JSON.stringify(asked)}`,
    );
  };
  return {
    modelId: summary.modelId,
    gpuId: summary.gpuId,
    gpuCount: summary.gpuCount,
    estimated: false,
    selection: {
      source: summary.source,
      outranked,
      rowCount: summary.rowCount,
      get lightest() {
        return lightestOf(summary);
      },
      feasible,
    },
  };
}
