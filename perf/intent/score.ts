// Field-by-field scoring of an extractor against the corpus. A field a row does not list must come
// out "not stated", so a spurious value costs as much as a missed one.
import type { ExtractedIntent } from '../../server/domains/intent/types.js';
import type { CorpusRow, Expected } from './corpus.js';

export const SCORED_FIELDS = [
  'useCase',
  'users',
  'requestsPerSecond',
  'requestsPerUserPerMinute',
  'priority',
  'gpuTypes',
  'excludedGpuTypes',
  'maxGpus',
  'maxMonthlyCostUsd',
  'approvedOnly',
  'minQualityScore',
  'headroomPercent',
  'sloOverrides',
] as const;
export type ScoredField = (typeof SCORED_FIELDS)[number];

/** What a scorer needs of an extraction (the rules' and the LLM's answers both have it). */
export type ScoredIntent = Pick<
  ExtractedIntent,
  Exclude<ScoredField, 'useCase'> | 'useCaseKey' | 'useCaseMatched'
>;

/** Numbers agree within 1 % (rates and budgets are often divided by 60, 3,600 or 12). */
function near(actual: number | null, expected: number | undefined): boolean {
  if (expected === undefined) return actual === null;
  return actual !== null && Math.abs(actual - expected) <= 0.01 * Math.abs(expected) + 1e-9;
}

function sameSet(actual: readonly string[], expected: readonly string[] | undefined): boolean {
  const want = [...new Set(expected ?? [])].sort();
  const got = [...new Set(actual)].sort();
  return want.length === got.length && want.every((v, i) => v === got[i]);
}

export function fieldCorrect(field: ScoredField, got: ScoredIntent, want: Expected): boolean {
  switch (field) {
    case 'useCase':
      return want.useCaseKey === null
        ? !got.useCaseMatched
        : got.useCaseMatched && got.useCaseKey === want.useCaseKey;
    case 'users': {
      const w = want.users;
      if (Array.isArray(w)) return got.users !== null && got.users >= w[0] && got.users <= w[1];
      return near(got.users, w);
    }
    case 'priority':
      return got.priority === (want.priority ?? 'BALANCED');
    case 'gpuTypes':
    case 'excludedGpuTypes':
      return sameSet(got[field], want[field]);
    case 'approvedOnly':
      return got.approvedOnly === (want.approvedOnly ?? false);
    case 'sloOverrides': {
      const w = want.sloOverrides ?? {};
      return (['ttftP95Ms', 'itlP95Ms', 'e2eP95Ms'] as const).every((k) =>
        near(got.sloOverrides[k] ?? null, w[k]),
      );
    }
    default:
      return near(got[field], want[field]);
  }
}

export interface RowResult {
  row: CorpusRow;
  wrong: ScoredField[];
}

export interface CorpusScore {
  rows: number;
  allRight: number;
  perField: Record<ScoredField, number>;
  results: RowResult[];
}

/** `extract` may answer null (an LLM that gave no valid answer): every field of that row is wrong. */
export async function scoreCorpus(
  rows: CorpusRow[],
  extract: (text: string) => ScoredIntent | null | Promise<ScoredIntent | null>,
): Promise<CorpusScore> {
  const perField = Object.fromEntries(SCORED_FIELDS.map((f) => [f, 0])) as Record<ScoredField, number>;
  const results: RowResult[] = [];
  let allRight = 0;
  for (const row of rows) {
    const got = await extract(row.text);
    const wrong = SCORED_FIELDS.filter((f) => got === null || !fieldCorrect(f, got, row.expect));
    for (const f of SCORED_FIELDS) if (!wrong.includes(f)) perField[f] += 1;
    if (wrong.length === 0) allRight += 1;
    results.push({ row, wrong });
  }
  return { rows: rows.length, allRight, perField, results };
}

/** The same score restricted to the rows `keep` accepts (e.g. one batch of the corpus). */
export function subScore(score: CorpusScore, keep: (row: CorpusRow) => boolean): CorpusScore {
  const results = score.results.filter((r) => keep(r.row));
  const perField = Object.fromEntries(
    SCORED_FIELDS.map((f) => [f, results.filter((r) => !r.wrong.includes(f)).length]),
  ) as Record<ScoredField, number>;
  const allRight = results.filter((r) => r.wrong.length === 0).length;
  return { rows: results.length, allRight, perField, results };
}

export function percent(n: number, of: number): string {
  return of === 0 ? '—' : `${((100 * n) / of).toFixed(1)} %`;
}
