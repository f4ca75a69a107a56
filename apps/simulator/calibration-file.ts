/**
 * Rows for `--calibrate-file`: a JSON file holding benchmark rows in any of the shapes Compass uses —
 * an array or `{ "rows": [...] }` of `CalibrationRow`s, `{ "benchmarks": [...] }` of
 * `exported_summaries` rows (`concurrency`, `prompt_tokens`, `ttft_p50`/`ttft_mean`,
 * `itl_p50`/`itl_mean`), or GraphQL `Benchmark` objects (`ttft { p50 mean }`). Rows without a
 * concurrency (request-rate load levels) are skipped: the fit needs the number of running sequences.
 */
import type { CalibrationRow } from '../../server/domains/knowledge/core/simulator-fit.js';

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function firstNumber(...candidates: unknown[]): number | null {
  for (const candidate of candidates) {
    const value = typeof candidate === 'string' && candidate.trim() !== '' ? Number(candidate) : candidate;
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

function latency(row: Record<string, unknown>, metric: 'ttft' | 'itl'): number | null {
  const nested = record(row[metric]);
  return firstNumber(
    row[`${metric}P50Ms`],
    row[`${metric}_p50`],
    nested?.p50,
    row[`${metric}_mean`],
    nested?.mean,
  );
}

export interface CalibrationFileRows {
  rows: CalibrationRow[];
  /** Rows left out, with the reason. */
  skipped: string[];
}

/** Calibration rows from parsed JSON (see the module comment for the accepted shapes). */
export function calibrationRowsFromJson(json: unknown): CalibrationFileRows {
  const top = record(json);
  const list = Array.isArray(json) ? json : (top?.rows ?? top?.benchmarks);
  if (!Array.isArray(list))
    throw new TypeError(
      'calibration file: expected an array of rows, { "rows": [...] } or { "benchmarks": [...] }',
    );
  const rows: CalibrationRow[] = [];
  const skipped: string[] = [];
  list.forEach((item, index) => {
    const row = record(item);
    if (row === null) {
      skipped.push(`row ${index}: not an object`);
      return;
    }
    const concurrency = firstNumber(row.concurrency);
    const promptTokens = firstNumber(row.promptTokens, row.prompt_tokens);
    const ttft = latency(row, 'ttft');
    const itl = latency(row, 'itl');
    if (concurrency === null) skipped.push(`row ${index}: no concurrency (request-rate rows cannot be used)`);
    else if (promptTokens === null || ttft === null || itl === null)
      skipped.push(`row ${index}: needs prompt tokens, TTFT and ITL (p50 or mean)`);
    else rows.push({ concurrency, promptTokens, ttftP50Ms: ttft, itlP50Ms: itl });
  });
  return { rows, skipped };
}
