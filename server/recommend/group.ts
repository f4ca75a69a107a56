/** Grouping rows into (model, GPU, GPU count) configs and the source-precedence rule (SPEC §4). */
import { SOURCE_TRUST_ORDER, type BenchmarkSourceKey, type CandidateRow } from './types.js';

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
