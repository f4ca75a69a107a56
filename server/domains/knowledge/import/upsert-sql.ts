import type { ResolvedRow } from './map-rows.js';

/**
 * How an import writes (pure SQL text and parameters; the service runs them in one transaction):
 * rows go first into a temporary staging table — private to the transaction, no indexes, no effect on
 * anyone's reads — in multi-row chunks, then one statement moves them all into `benchmarks`. Readers
 * of `benchmarks` therefore meet the import's uncommitted rows (each one an index entry whose heap
 * tuple must be visited to find it invisible) only for the duration of that last statement, not for
 * the whole import; all or nothing is kept, as the move and the commit are one transaction.
 */

export const UPSERT_COLUMNS = [
  'config_id',
  'model_id',
  'gpu_id',
  'traffic_profile_id',
  'model_hf_repo',
  'hardware',
  'hardware_count',
  'prompt_tokens',
  'output_tokens',
  'mean_input_tokens',
  'mean_output_tokens',
  'concurrency',
  'request_rate',
  'requests_per_second',
  'responses_per_second',
  'tokens_per_second',
  'ttft_mean',
  'ttft_p50',
  'ttft_p90',
  'ttft_p95',
  'ttft_p99',
  'itl_mean',
  'itl_p50',
  'itl_p90',
  'itl_p95',
  'itl_p99',
  'e2e_mean',
  'e2e_p50',
  'e2e_p90',
  'e2e_p95',
  'e2e_p99',
  'tps_mean',
  'tps_p90',
  'tps_p95',
  'tps_p99',
  'framework',
  'framework_version',
  'provider',
  'type',
  'huggingface_prompt_dataset',
  'entrypoint',
  'docker_image',
  'profiler_type',
  'profiler_image',
  'profiler_tag',
  'model_uri',
  'jbenchmark_created_at',
] as const;

/** Rows per staging statement: 47 parameters a row stays well under PostgreSQL's 65,535-parameter limit. */
export const STAGING_CHUNK = 1_000;

export const STAGING_TABLE = 'import_staging';

/** The staging table: the upsert's columns with their types from `benchmarks`, dropped at commit. */
export const CREATE_STAGING_SQL = `CREATE TEMPORARY TABLE ${STAGING_TABLE} ON COMMIT DROP AS
SELECT ${UPSERT_COLUMNS.join(', ')} FROM benchmarks WITH NO DATA`;

export function stagingInsertSql(rowCount: number): string {
  const width = UPSERT_COLUMNS.length;
  const values = Array.from({ length: rowCount }, (_, row) => {
    const params = UPSERT_COLUMNS.map((_, col) => `$${row * width + col + 1}${COLUMN_CASTS[col] ?? ''}`);
    return `(${params.join(', ')})`;
  });
  return `INSERT INTO ${STAGING_TABLE} (${UPSERT_COLUMNS.join(', ')})\nVALUES ${values.join(',\n')}`;
}

/**
 * Moves the staged rows into `benchmarks`, upserting on config_id, in config_id order: two imports of
 * the same rows lock them in the same order, so one waits for the other instead of deadlocking
 * (40P01). A row held by another source is left alone and missing from RETURNING.
 */
export const MERGE_STAGED_SQL = `INSERT INTO benchmarks (${UPSERT_COLUMNS.join(', ')}, source, updated_at)
SELECT ${UPSERT_COLUMNS.join(', ')}, 'IMPORTED'::"BenchmarkSource", now()
FROM ${STAGING_TABLE}
ORDER BY config_id
ON CONFLICT (config_id) DO UPDATE SET
  ${UPSERT_COLUMNS.filter((c) => c !== 'config_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(',\n  ')},
  updated_at = now()
WHERE benchmarks.source = 'IMPORTED'
RETURNING config_id`;

/** Explicit casts so NULLs in any row of a multi-row VALUES list keep their column's type. */
const COLUMN_CASTS: string[] = UPSERT_COLUMNS.map((column) => {
  if (
    [
      'model_id',
      'gpu_id',
      'traffic_profile_id',
      'hardware_count',
      'prompt_tokens',
      'output_tokens',
      'concurrency',
    ].includes(column)
  )
    return '::int';
  if (column === 'jbenchmark_created_at') return '::timestamp';
  if (
    [
      'config_id',
      'model_hf_repo',
      'hardware',
      'framework',
      'framework_version',
      'provider',
      'type',
      'huggingface_prompt_dataset',
      'entrypoint',
      'docker_image',
      'profiler_type',
      'profiler_image',
      'profiler_tag',
      'model_uri',
    ].includes(column)
  )
    return '::text';
  return '::float8';
});

export function upsertValues(row: ResolvedRow): unknown[] {
  const r = row.source;
  return [
    row.configId,
    row.modelId,
    row.gpuId,
    row.profileId,
    r.modelHfRepo.toLowerCase(),
    r.hardware,
    r.hardwareCount,
    row.promptTokens,
    row.outputTokens,
    r.meanInputTokens,
    r.meanOutputTokens,
    r.concurrency,
    r.requestRate,
    r.requestsPerSecond,
    r.responsesPerSecond,
    r.tokensPerSecond,
    r.ttft.mean,
    r.ttft.p50,
    r.ttft.p90,
    r.ttft.p95,
    r.ttft.p99,
    r.itl.mean,
    r.itl.p50,
    r.itl.p90,
    r.itl.p95,
    r.itl.p99,
    r.e2e.mean,
    r.e2e.p50,
    r.e2e.p90,
    r.e2e.p95,
    r.e2e.p99,
    r.tps.mean,
    r.tps.p90,
    r.tps.p95,
    r.tps.p99,
    r.framework,
    r.frameworkVersion,
    r.provider,
    r.type,
    r.huggingfacePromptDataset,
    r.entrypoint,
    r.dockerImage,
    r.profilerType,
    r.profilerImage,
    r.profilerTag,
    r.modelUri,
    r.benchmarkCreatedAt,
  ];
}
