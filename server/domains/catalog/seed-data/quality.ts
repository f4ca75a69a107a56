import { USE_CASE_KEYS, type UseCaseKey } from './accuracy-scores.js';

/**
 * Quality scores from accuracy-table rows (docs/seed-data.md, "Quality scores"):
 * - per use case: the mean of the mapped rows (two rows only for gpt-oss, whose default reasoning effort
 *   sits between the table's `low` and `high` runs), × 0.98 for RedHatAI W4A16 variants (a 2 % recovery
 *   loss), plus the estimate's offset for models without their own row, clamped to 0..100, 2 decimals;
 * - overall: the mean of the nine use-case scores.
 */
export const W4A16_QUALITY_FACTOR = 0.98;

export interface QualityScores {
  overall: number;
  byUseCase: Record<UseCaseKey, number>;
}

export function qualityFromRows(
  rows: ReadonlyArray<readonly number[]>,
  options: { w4a16Penalty: boolean; offset: number },
): QualityScores {
  if (rows.length === 0) throw new Error('a quality score needs at least one accuracy row');
  const factor = options.w4a16Penalty ? W4A16_QUALITY_FACTOR : 1;
  const byUseCase = {} as Record<UseCaseKey, number>;
  let sum = 0;
  USE_CASE_KEYS.forEach((key, index) => {
    const values = rows.map((row) => {
      const value = row[index];
      if (value === undefined) throw new Error(`accuracy row is missing use case ${key}`);
      return value;
    });
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const score = round2(clamp(mean * factor + options.offset, 0, 100));
    byUseCase[key] = score;
    sum += score;
  });
  return { overall: round2(sum / USE_CASE_KEYS.length), byUseCase };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
