/**
 * What the rule of docs/recommendations.md reads from one config's rows, behind one interface, so the rule runs the
 * same whether the rows are all in memory (`rowsEvidence`) or the database has already left out the rows
 * that cannot change the answer (`summaryEvidence`, sql-evidence.ts). evaluateConfig asks only this:
 * - the most trusted allowed source and the ones it outranks, and how many rows that source has;
 * - the lightest-load row (the rejection reason and the near-miss relaxation);
 * - the rows that meet a set of targets, and how many they are. The rows may be a subset when the count
 *   says how many there are: any subset that holds the capacity row and the two points bracketing the
 *   per-replica load gives the same plan, interpolation and explanation.
 */
import { feasibleRows, lightestRow, sloMisses, type MetricMiss } from './capacity.js';
import { preparedGroups, preparedSelection, type PreparedGroup } from './group.js';
import type { BenchmarkSourceKey, CandidateRow, SloTargets } from '../types.js';

/** A config is a near miss when its lightest-load row misses its worst target by at most this ratio. */
export const NEAR_MISS_MAX_GAP = 0.2;
const GAP_EPSILON = 1e-12;

export interface FeasibleSet {
  /** Every feasible row, or a subset that holds what planning reads (see above). */
  rows: readonly CandidateRow[];
  /** How many rows are feasible. */
  count: number;
}

export interface EvidenceSelection {
  source: BenchmarkSourceKey;
  /** Allowed sources that also had rows for this config but were outranked. */
  outranked: readonly BenchmarkSourceKey[];
  /** Rows of `source` for this config. */
  rowCount: number;
  lightest: CandidateRow;
  feasible(targets: SloTargets): FeasibleSet;
}

export interface ConfigEvidence {
  modelId: number;
  gpuId: number;
  gpuCount: number;
  /** True when the config has no exact row and is judged on estimated rows. */
  estimated: boolean;
  /** Null when no row comes from an allowed source. */
  selection: EvidenceSelection | null;
}

/** The largest gap; the first in TTFT, ITL, E2E order on ties. */
export function worstMiss(misses: readonly MetricMiss[]): MetricMiss | undefined {
  let worst: MetricMiss | undefined;
  for (const m of misses) if (worst === undefined || m.gap > worst.gap) worst = m;
  return worst;
}

/** Each missed target raised to the value that missed it. */
export function relaxTargets(targets: SloTargets, misses: readonly MetricMiss[]): SloTargets {
  const relaxed = { ...targets };
  for (const m of misses) {
    if (m.metric === 'TTFT') relaxed.ttftP95Ms = m.value;
    else if (m.metric === 'ITL') relaxed.itlP95Ms = m.value;
    else relaxed.e2eP95Ms = m.value;
  }
  return relaxed;
}

/** A config without feasible rows, judged on its lightest-load row: rejected, or a near miss planned on relaxed targets. */
export type MissVerdict =
  | { kind: 'MISSED'; misses: MetricMiss[]; worst: MetricMiss }
  | { kind: 'NEAR_MISS'; misses: MetricMiss[]; worst: MetricMiss; relaxed: SloTargets };

export function missVerdict(lightest: CandidateRow, targets: SloTargets): MissVerdict {
  const misses = sloMisses(lightest, targets);
  const worst = worstMiss(misses);
  if (worst === undefined) throw new RangeError('missVerdict needs a row that misses a target');
  if (worst.gap > NEAR_MISS_MAX_GAP + GAP_EPSILON) return { kind: 'MISSED', misses, worst };
  return { kind: 'NEAR_MISS', misses, worst, relaxed: relaxTargets(targets, misses) };
}

function groupEvidence(prepared: PreparedGroup, allowed: readonly BenchmarkSourceKey[]): ConfigEvidence {
  const { modelId, gpuId, gpuCount } = prepared.rows[0] as CandidateRow;
  const selection = preparedSelection(prepared, allowed);
  return {
    modelId,
    gpuId,
    gpuCount,
    estimated: prepared.exact.length === 0,
    selection: selection && {
      source: selection.source,
      outranked: selection.outranked,
      rowCount: selection.rows.length,
      get lightest() {
        return lightestRow(selection.rows) as CandidateRow;
      },
      feasible(targets) {
        const rows = feasibleRows(selection.rows, targets);
        return { rows, count: rows.length };
      },
    },
  };
}

/** Every config of `rows` with all its rows at hand (estimated rows count only for a config without exact ones). */
export function rowsEvidence(
  rows: readonly CandidateRow[],
  allowed: readonly BenchmarkSourceKey[],
): ConfigEvidence[] {
  return preparedGroups(rows).map((prepared) => groupEvidence(prepared, allowed));
}
