import { z } from 'zod';

/**
 * The `exported_summaries` columns an import understands, how each is read from text or JSON, and the
 * zod schema that validates a row. Latencies are milliseconds, as in exported_summaries.
 */

const text = z.string().min(1);
const nonNegative = z.number().nonnegative();
const positiveInt = z.number().int().positive();

export const summaryRowSchema = z.object({
  config_id: text.optional(),
  model_hf_repo: text,
  hardware: text,
  hardware_count: positiveInt,
  prompt_tokens: positiveInt,
  output_tokens: positiveInt,
  mean_input_tokens: nonNegative,
  mean_output_tokens: nonNegative,
  concurrency: positiveInt.optional(),
  request_rate: nonNegative.optional(),
  requests_per_second: nonNegative,
  responses_per_second: nonNegative.optional(),
  tokens_per_second: nonNegative,
  ttft_mean: nonNegative,
  ttft_p50: nonNegative.optional(),
  ttft_p90: nonNegative,
  ttft_p95: nonNegative,
  ttft_p99: nonNegative,
  itl_mean: nonNegative.optional(),
  itl_p50: nonNegative.optional(),
  itl_p90: nonNegative.optional(),
  itl_p95: nonNegative.optional(),
  itl_p99: nonNegative.optional(),
  e2e_mean: nonNegative,
  e2e_p50: nonNegative.optional(),
  e2e_p90: nonNegative,
  e2e_p95: nonNegative,
  e2e_p99: nonNegative,
  tps_mean: nonNegative.optional(),
  tps_p90: nonNegative.optional(),
  tps_p95: nonNegative.optional(),
  tps_p99: nonNegative.optional(),
  framework: text.optional(),
  framework_version: text.optional(),
  provider: text.optional(),
  type: text.optional(),
  huggingface_prompt_dataset: text.optional(),
  entrypoint: text.optional(),
  docker_image: text.optional(),
  profiler_type: text.optional(),
  profiler_image: text.optional(),
  profiler_tag: text.optional(),
  model_uri: text.optional(),
  jbenchmark_created_at: z.date().optional(),
});

export type SummaryField = keyof typeof summaryRowSchema.shape;
export type SummaryRow = z.infer<typeof summaryRowSchema>;

export type FieldKind = 'text' | 'number' | 'count' | 'timestamp';

export const FIELD_KINDS: Record<SummaryField, FieldKind> = {
  config_id: 'text',
  model_hf_repo: 'text',
  hardware: 'text',
  hardware_count: 'count',
  prompt_tokens: 'count',
  output_tokens: 'count',
  mean_input_tokens: 'number',
  mean_output_tokens: 'number',
  concurrency: 'count',
  request_rate: 'number',
  requests_per_second: 'number',
  responses_per_second: 'number',
  tokens_per_second: 'number',
  ttft_mean: 'number',
  ttft_p50: 'number',
  ttft_p90: 'number',
  ttft_p95: 'number',
  ttft_p99: 'number',
  itl_mean: 'number',
  itl_p50: 'number',
  itl_p90: 'number',
  itl_p95: 'number',
  itl_p99: 'number',
  e2e_mean: 'number',
  e2e_p50: 'number',
  e2e_p90: 'number',
  e2e_p95: 'number',
  e2e_p99: 'number',
  tps_mean: 'number',
  tps_p90: 'number',
  tps_p95: 'number',
  tps_p99: 'number',
  framework: 'text',
  framework_version: 'text',
  provider: 'text',
  type: 'text',
  huggingface_prompt_dataset: 'text',
  entrypoint: 'text',
  docker_image: 'text',
  profiler_type: 'text',
  profiler_image: 'text',
  profiler_tag: 'text',
  model_uri: 'text',
  jbenchmark_created_at: 'timestamp',
};

export const SUMMARY_FIELDS = Object.keys(FIELD_KINDS) as SummaryField[];

/** Columns every row must have (itl_* are optional: derived when absent). */
export const REQUIRED_SUMMARY_FIELDS: SummaryField[] = SUMMARY_FIELDS.filter(
  (field) => !(summaryRowSchema.shape[field] instanceof z.ZodOptional),
);

/**
 * Columns a file must carry itself: the required ones, less those the caller states for every row and
 * the target tokens, which fall back to the measured means.
 */
export function requiredColumns(stated: readonly string[] = []): SummaryField[] {
  return REQUIRED_SUMMARY_FIELDS.filter(
    (field) => !stated.includes(field) && field !== 'prompt_tokens' && field !== 'output_tokens',
  );
}

export const KIND_RULES: Record<FieldKind, string> = {
  text: 'must be text',
  number: 'must be a finite number ≥ 0',
  count: 'must be a whole number ≥ 1',
  timestamp: 'must be a timestamp such as 2025-10-29 14:03:22 (UTC when no zone is given)',
};

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Text → number for CSV cells and JSON strings; blank → undefined (missing); anything unreadable → NaN. */
export function coerceNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    return DECIMAL.test(trimmed) ? Number(trimmed) : Number.NaN;
  }
  return Number.NaN;
}

function coerceText(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return value;
}

const NAIVE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/**
 * exported_summaries timestamps are `timestamp without time zone`: a value without a zone is read as UTC.
 * Values with a zone (ISO `Z`/`+02:00`, PostgreSQL `+00`) keep it. Returns null when unreadable.
 */
export function parseTimestamp(input: string): Date | null {
  let value = input.trim().replace(' ', 'T');
  if (NAIVE_TIMESTAMP.test(input.trim())) {
    value = value.includes('T') ? `${value}Z` : `${value}T00:00:00Z`;
  } else {
    value = value.replace(/([+-]\d{2})$/, '$1:00');
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function coerceTimestamp(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    return parseTimestamp(value) ?? new Date(Number.NaN);
  }
  return value;
}

export function coerce(kind: FieldKind, value: unknown): unknown {
  switch (kind) {
    case 'text':
      return coerceText(value);
    case 'number':
    case 'count':
      return coerceNumber(value);
    case 'timestamp':
      return coerceTimestamp(value);
  }
}
