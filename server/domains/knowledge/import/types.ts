/** The import formats `importBenchmarks` accepts (see docs/imports.md). */
export const IMPORT_FORMATS = [
  'SUMMARIES_JSON',
  'SUMMARIES_CSV',
  'SUMMARIES_SQL',
  'GUIDELLM_JSON',
  'VLLM_BENCH_JSON',
  'AIPERF_JSON',
  'LLMD_REPORT',
] as const;

export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * Facts the caller states about every row (`compass import --model … --hardware … --hardware-count …
 * --profile P×O`), keyed by exported_summaries column; they override what the file says.
 */
export type ImportOverrides = Partial<
  Record<'model_hf_repo' | 'hardware' | 'hardware_count' | 'prompt_tokens' | 'output_tokens', string | number>
>;

export interface ParseOptions {
  overrides?: ImportOverrides;
}

/** Latency statistics in milliseconds. `p50` is null when the source has none (exported_summaries has none). */
export interface LatencyStatsInput {
  mean: number;
  p50: number | null;
  p90: number;
  p95: number;
  p99: number;
}

/** One benchmark row, validated and in Compass units (ms, tokens, per second), not yet mapped to the catalog. */
export interface NormalizedBenchmarkRow {
  /** 1-based data row (CSV, header excluded) or array index + 1 (JSON), for error messages. */
  rowNumber: number;
  /** exported_summaries.config_id when given. */
  configId: string | null;
  /** As given; the importer maps it to the catalog case-insensitively. */
  modelHfRepo: string;
  /** As given; the importer maps it through the GPU aliases. */
  hardware: string;
  hardwareCount: number;
  /** The traffic profile (target) tokens. */
  promptTokens: number;
  outputTokens: number;
  /**
   * True when the source gave no target tokens and promptTokens / outputTokens are the rounded
   * measured means: the importer then joins a traffic profile only within PROFILE_TOLERANCE.
   */
  tokensFromMeans: boolean;
  meanInputTokens: number;
  meanOutputTokens: number;
  /** The load level: concurrent streams and/or offered request rate; null when the source does not say. */
  concurrency: number | null;
  requestRate: number | null;
  requestsPerSecond: number;
  responsesPerSecond: number | null;
  /** Output tokens per second. */
  tokensPerSecond: number;
  ttft: LatencyStatsInput;
  itl: LatencyStatsInput;
  e2e: LatencyStatsInput;
  tps: { mean: number | null; p90: number | null; p95: number | null; p99: number | null };
  framework: string | null;
  frameworkVersion: string | null;
  provider: string | null;
  type: string | null;
  huggingfacePromptDataset: string | null;
  entrypoint: string | null;
  dockerImage: string | null;
  profilerType: string | null;
  profilerImage: string | null;
  profilerTag: string | null;
  modelUri: string | null;
  benchmarkCreatedAt: Date | null;
}

export type ImportErrorCode =
  'PARSE_ERROR' | 'MISSING_FIELD' | 'INVALID_VALUE' | 'EMPTY_IMPORT' | 'UNSUPPORTED_FORMAT';

export interface ImportError {
  /** 1-based data row, or null when the error is about the whole file (a missing column, bad JSON). */
  row: number | null;
  /** The exported_summaries column (or GuideLLM field) at fault, when there is one. */
  field: string | null;
  code: ImportErrorCode;
  message: string;
}

/** `errors` non-empty ⇒ the import is rejected as a whole and `rows` is empty. */
export interface ParseResult {
  rows: NormalizedBenchmarkRow[];
  errors: ImportError[];
  /** Things the import did on the user's behalf (derived ITL, unknown load level, ignored keys). */
  warnings: string[];
}
