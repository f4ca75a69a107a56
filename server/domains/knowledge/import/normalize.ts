import {
  FIELD_KINDS,
  KIND_RULES,
  SUMMARY_FIELDS,
  coerce,
  summaryRowSchema,
  type SummaryField,
  type SummaryRow,
} from './summary-fields.js';
import type {
  ImportError,
  ImportOverrides,
  LatencyStatsInput,
  NormalizedBenchmarkRow,
  ParseResult,
} from './types.js';

/**
 * Row validation shared by every import format: each parser turns its input into records keyed by
 * `exported_summaries` column names (lower case, latencies in ms), and this file validates them with
 * the one zod schema, completes them (ITL derivation) and converts them to NormalizedBenchmarkRow.
 */

/** Stop listing errors after this many; a broken 100k-row file should not produce a 100k-entry answer. */
export const MAX_ERRORS = 100;

export interface RawRecord {
  rowNumber: number;
  /** Keys are exported_summaries column names in lower case; unknown keys are ignored. */
  values: Record<string, unknown>;
}

export interface NormalizeOptions {
  /** Where a field came from in the source, appended to messages (GuideLLM paths). */
  sourceOf?: (field: SummaryField) => string | undefined;
  /** Values the caller states for every row; they win over the file's. */
  overrides?: ImportOverrides;
}

/** Target-token columns that fall back to the measured means when a file has none. */
const TOKEN_FALLBACKS = [
  ['prompt_tokens', 'mean_input_tokens'],
  ['output_tokens', 'mean_output_tokens'],
] as const;

function describe(value: unknown): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return shown.length > 40 ? `${shown.slice(0, 37)}…` : shown;
}

function withSource(message: string, field: SummaryField, options: NormalizeOptions): string {
  const source = options.sourceOf?.(field);
  return source ? `${message} (from ${source})` : message;
}

/** (e2e − ttft) / (n − 1): the time after the first token spread over the remaining tokens. */
export function deriveItl(e2eMs: number, ttftMs: number, meanOutputTokens: number): number {
  return (e2eMs - ttftMs) / (meanOutputTokens - 1);
}

const ITL_STATS = ['mean', 'p90', 'p95', 'p99'] as const;

type RowOutcome = { row: NormalizedBenchmarkRow; derived: SummaryField[] } | { errors: ImportError[] };

function completeItl(
  row: SummaryRow,
  rowNumber: number,
): { itl: LatencyStatsInput; derived: SummaryField[] } | { errors: ImportError[] } {
  const derived: SummaryField[] = [];
  const errors: ImportError[] = [];
  const values: Record<(typeof ITL_STATS)[number], number> = { mean: 0, p90: 0, p95: 0, p99: 0 };
  for (const stat of ITL_STATS) {
    const given = row[`itl_${stat}`];
    if (given !== undefined) {
      values[stat] = given;
      continue;
    }
    const e2e = row[`e2e_${stat}`];
    const ttft = row[`ttft_${stat}`];
    if (row.mean_output_tokens <= 1) {
      errors.push({
        row: rowNumber,
        field: `itl_${stat}`,
        code: 'MISSING_FIELD',
        message: `row ${rowNumber}: itl_${stat} is missing and cannot be derived (mean_output_tokens ${row.mean_output_tokens} ≤ 1)`,
      });
    } else if (e2e < ttft) {
      errors.push({
        row: rowNumber,
        field: `e2e_${stat}`,
        code: 'INVALID_VALUE',
        message: `row ${rowNumber}: e2e_${stat} (${e2e} ms) is below ttft_${stat} (${ttft} ms), so itl_${stat} cannot be derived`,
      });
    } else {
      values[stat] = deriveItl(e2e, ttft, row.mean_output_tokens);
      derived.push(`itl_${stat}`);
    }
  }
  if (errors.length > 0) return { errors };

  let p50 = row.itl_p50 ?? null;
  if (p50 === null && row.e2e_p50 !== undefined && row.ttft_p50 !== undefined && row.mean_output_tokens > 1) {
    if (row.e2e_p50 >= row.ttft_p50) {
      p50 = deriveItl(row.e2e_p50, row.ttft_p50, row.mean_output_tokens);
      derived.push('itl_p50');
    }
  }
  return { itl: { ...values, p50 }, derived };
}

function toRow(
  row: SummaryRow,
  rowNumber: number,
  itl: LatencyStatsInput,
  tokensFromMeans: boolean,
): NormalizedBenchmarkRow {
  return {
    rowNumber,
    tokensFromMeans,
    configId: row.config_id ?? null,
    modelHfRepo: row.model_hf_repo,
    hardware: row.hardware,
    hardwareCount: row.hardware_count,
    promptTokens: row.prompt_tokens,
    outputTokens: row.output_tokens,
    meanInputTokens: row.mean_input_tokens,
    meanOutputTokens: row.mean_output_tokens,
    concurrency: row.concurrency ?? null,
    requestRate: row.request_rate ?? null,
    requestsPerSecond: row.requests_per_second,
    responsesPerSecond: row.responses_per_second ?? null,
    tokensPerSecond: row.tokens_per_second,
    ttft: {
      mean: row.ttft_mean,
      p50: row.ttft_p50 ?? null,
      p90: row.ttft_p90,
      p95: row.ttft_p95,
      p99: row.ttft_p99,
    },
    itl,
    e2e: {
      mean: row.e2e_mean,
      p50: row.e2e_p50 ?? null,
      p90: row.e2e_p90,
      p95: row.e2e_p95,
      p99: row.e2e_p99,
    },
    tps: {
      mean: row.tps_mean ?? null,
      p90: row.tps_p90 ?? null,
      p95: row.tps_p95 ?? null,
      p99: row.tps_p99 ?? null,
    },
    framework: row.framework ?? null,
    frameworkVersion: row.framework_version ?? null,
    provider: row.provider ?? null,
    type: row.type ?? null,
    huggingfacePromptDataset: row.huggingface_prompt_dataset ?? null,
    entrypoint: row.entrypoint ?? null,
    dockerImage: row.docker_image ?? null,
    profilerType: row.profiler_type ?? null,
    profilerImage: row.profiler_image ?? null,
    profilerTag: row.profiler_tag ?? null,
    modelUri: row.model_uri ?? null,
    benchmarkCreatedAt: row.jbenchmark_created_at ?? null,
  };
}

function normalizeRecord(record: RawRecord, options: NormalizeOptions): RowOutcome {
  const input: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) input[field] = coerce(FIELD_KINDS[field], record.values[field]);
  for (const [field, value] of Object.entries(options.overrides ?? {}))
    input[field] = coerce(FIELD_KINDS[field as SummaryField], value);
  // A file that states no target tokens (dataset-driven runs; exported_summaries allows NULL) is kept
  // under its measured means; the importer decides later whether they are close to a profile.
  let tokensFromMeans = false;
  for (const [target, mean] of TOKEN_FALLBACKS) {
    const measured = input[mean];
    if (input[target] === undefined && typeof measured === 'number' && Number.isFinite(measured)) {
      input[target] = Math.max(1, Math.round(measured));
      tokensFromMeans = true;
    }
  }

  const parsed = summaryRowSchema.safeParse(input);
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors: ImportError[] = [];
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as SummaryField;
      if (seen.has(field)) continue;
      seen.add(field);
      const n = record.rowNumber;
      errors.push(
        input[field] === undefined
          ? {
              row: n,
              field,
              code: 'MISSING_FIELD',
              message: withSource(`row ${n}: ${field} is required`, field, options),
            }
          : {
              row: n,
              field,
              code: 'INVALID_VALUE',
              message: withSource(
                `row ${n}: ${field} ${KIND_RULES[FIELD_KINDS[field]]} (got ${describe(record.values[field])})`,
                field,
                options,
              ),
            },
      );
    }
    return { errors };
  }

  const itl = completeItl(parsed.data, record.rowNumber);
  if ('errors' in itl) return itl;
  return { row: toRow(parsed.data, record.rowNumber, itl.itl, tokensFromMeans), derived: itl.derived };
}

function listRows(rows: number[]): string {
  const shown = rows.slice(0, 10).join(', ');
  return rows.length > 10 ? `${shown}, …` : shown;
}

/** Validates and converts every record; any error rejects the whole import (rows come back empty). */
export function normalizeRecords(records: RawRecord[], options: NormalizeOptions = {}): ParseResult {
  const rows: NormalizedBenchmarkRow[] = [];
  const errors: ImportError[] = [];
  const derivedRows = new Map<string, number[]>();
  for (const record of records) {
    const outcome = normalizeRecord(record, options);
    if ('errors' in outcome) {
      errors.push(...outcome.errors);
      continue;
    }
    rows.push(outcome.row);
    if (outcome.derived.length > 0) {
      const key = outcome.derived.join(', ');
      const rowNumbers = derivedRows.get(key);
      if (rowNumbers) rowNumbers.push(record.rowNumber);
      else derivedRows.set(key, [record.rowNumber]);
    }
  }
  const warnings = [...derivedRows].map(
    ([fields, rowNumbers]) =>
      `${fields} missing on ${rowNumbers.length} row(s) (${listRows(rowNumbers)}): derived as ` +
      '(e2e − ttft) / (mean_output_tokens − 1) for each statistic',
  );
  return finishParse(rows, errors, warnings, records.length);
}

/**
 * The common ending of every parser: a field missing on every row becomes one error instead of one per
 * row, the list is capped at MAX_ERRORS, and any error empties `rows` (the import is all or nothing).
 */
export function finishParse(
  rows: NormalizedBenchmarkRow[],
  errors: ImportError[],
  warnings: string[],
  recordCount: number,
): ParseResult {
  if (errors.length === 0) return { rows, errors, warnings };
  let collapsed = errors;
  if (recordCount > 1) {
    const missingRows = new Map<string, Set<number>>();
    for (const error of errors) {
      if (error.code !== 'MISSING_FIELD' || error.field === null || error.row === null) continue;
      const set = missingRows.get(error.field) ?? new Set<number>();
      set.add(error.row);
      missingRows.set(error.field, set);
    }
    const everywhere = new Set(
      [...missingRows].filter(([, set]) => set.size === recordCount).map(([field]) => field),
    );
    if (everywhere.size > 0) {
      collapsed = [
        ...[...everywhere].map((field): ImportError => ({
          row: null,
          field,
          code: 'MISSING_FIELD',
          message: `${field} is missing on every row (${recordCount} rows)`,
        })),
        ...errors.filter((e) => !(e.code === 'MISSING_FIELD' && e.field !== null && everywhere.has(e.field))),
      ];
    }
  }
  const capped = collapsed.slice(0, MAX_ERRORS);
  const notes =
    collapsed.length > MAX_ERRORS
      ? [`${collapsed.length - MAX_ERRORS} more errors not listed (first ${MAX_ERRORS} shown)`]
      : [];
  return { rows: [], errors: capped, warnings: [...warnings, ...notes] };
}

/** Lower-cases and trims keys so headers and JSON keys match column names in any letter case. */
export function lowerCaseKeys(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const normalized = key.trim().toLowerCase();
    if (!(normalized in out)) out[normalized] = value;
  }
  return out;
}
