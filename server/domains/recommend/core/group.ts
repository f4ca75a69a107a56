/** Grouping rows into (model, GPU, GPU count) configs and the source-precedence rule (docs/recommendations.md). */
import { compareLoad } from './interpolate.js';
import { SOURCE_TRUST_ORDER, type BenchmarkSourceKey, type CandidateRow } from '../types.js';

export interface ConfigId {
  modelId: number;
  gpuId: number;
  gpuCount: number;
}

export function configKey(c: ConfigId): string {
  return `${c.modelId}/${c.gpuId}/${c.gpuCount}`;
}

/** Groups rows by config, keeping first-seen order of configs and input order of rows. */
export function groupByConfig<R extends CandidateRow>(rows: readonly R[]): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = configKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

export interface SourceSelection<R extends CandidateRow> {
  source: BenchmarkSourceKey;
  rows: R[];
  /** Allowed sources that also had rows for this config but were outranked. */
  outranked: BenchmarkSourceKey[];
}

/**
 * The rows of the most trusted source present among `allowed` (empty = every source).
 * Null when no row comes from an allowed source.
 */
export function selectTrustedSource<R extends CandidateRow>(
  rows: readonly R[],
  allowed: readonly BenchmarkSourceKey[],
): SourceSelection<R> | null {
  const counts = SOURCE_TRUST_ORDER.filter(
    (s) => (allowed.length === 0 || allowed.includes(s)) && rows.some((r) => r.source === s),
  );
  const [source, ...outranked] = counts;
  if (source === undefined) return null;
  return { source, rows: rows.filter((r) => r.source === source), outranked };
}

/** One config's rows with what evaluateConfig derives from them alone, worked out once. */
export interface PreparedGroup<R extends CandidateRow = CandidateRow> {
  rows: readonly R[];
  /** The rows that are not estimates. */
  exact: readonly R[];
  /** selectTrustedSource(exact, or rows when none is exact, allowed), by the allowed list. */
  selections: Map<string, SourceSelection<R> | null>;
}

const preparedByRows = new WeakMap<readonly CandidateRow[], PreparedGroup[]>();

/**
 * groupByConfig(rows) as prepared groups, remembered per rows array: the candidate cache hands
 * recommend() the same (never mutated) array until the knowledge base changes, so a warm request
 * groups nothing. Same groups, same order as groupByConfig.
 */
export function preparedGroups<R extends CandidateRow>(rows: readonly R[]): PreparedGroup<R>[] {
  const known = preparedByRows.get(rows);
  if (known) return known as unknown as PreparedGroup<R>[];
  // Each group's rows are put in load order (req/s, then id) once: nothing in recommend() depends
  // on the order rows come in, and interpolation then finds them sorted.
  const groups = [...groupByConfig(rows).values()].map((group) => ({
    rows: group.sort(compareLoad),
    exact: group.filter((r) => !r.estimated),
    selections: new Map<string, SourceSelection<R> | null>(),
  }));
  preparedByRows.set(rows, groups as unknown as PreparedGroup[]);
  return groups;
}

/** selectTrustedSource for a prepared group (exact rows, else all), remembered per allowed list. */
export function preparedSelection<R extends CandidateRow>(
  group: PreparedGroup<R>,
  allowed: readonly BenchmarkSourceKey[],
): SourceSelection<R> | null {
  const key = allowed.join(',');
  if (group.selections.has(key)) return group.selections.get(key) ?? null;
  const selection = selectTrustedSource(group.exact.length === 0 ? group.rows : group.exact, allowed);
  group.selections.set(key, selection);
  return selection;
}
