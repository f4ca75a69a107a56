import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../db/clients.js';
import { parseImportOffThread } from './import/parse-off-thread.js';
import type { ImportError, NormalizedBenchmarkRow } from './import/types.js';

export type ImportFormat = 'SUMMARIES_JSON' | 'SUMMARIES_CSV' | 'GUIDELLM_JSON';

export interface ImportResult {
  inserted: number;
  updated: number;
  errors: ImportError[];
  warnings: string[];
}

interface Catalog {
  modelIds: Map<string, number>;
  gpuIds: Map<string, { id: number; type: string }>;
  profileIds: Map<string, number>;
}

/**
 * Imports benchmark rows as IMPORTED, all or nothing: parse and map every row first (unknown models,
 * GPUs or traffic profiles are reported with their row, never guessed), then upsert on the natural key
 * (config_id) in one transaction. Re-importing the same file updates in place and inserts nothing.
 */
export async function importBenchmarks(
  prisma: PrismaClient,
  format: ImportFormat,
  content: string,
): Promise<ImportResult> {
  const parsed = await parseImportOffThread(format, content);
  const warnings = parsed.warnings ?? [];
  if (parsed.errors.length > 0) return { inserted: 0, updated: 0, errors: parsed.errors, warnings };

  const catalog = await loadCatalog(prisma);
  const errors: ImportError[] = [];
  const resolved = parsed.rows.flatMap((row) => {
    const mapped = mapRow(row, catalog);
    if ('error' in mapped) {
      errors.push(mapped.error);
      return [];
    }
    return [mapped];
  });
  if (errors.length > 0) return { inserted: 0, updated: 0, errors, warnings };

  const duplicate = findDuplicateConfigId(resolved);
  if (duplicate) return { inserted: 0, updated: 0, errors: [duplicate], warnings };

  try {
    const counts = await prisma.$transaction(
      async (tx) => {
        let inserted = 0;
        for (let start = 0; start < resolved.length; start += UPSERT_CHUNK) {
          const chunk = resolved.slice(start, start + UPSERT_CHUNK);
          const rows = await tx.$queryRawUnsafe<{ config_id: string; inserted: boolean }[]>(
            upsertSql(chunk.length),
            ...chunk.flatMap(upsertValues),
          );
          if (rows.length < chunk.length) {
            const written = new Set(rows.map((r) => r.config_id));
            const blocked = chunk.find((row) => !written.has(row.configId))!;
            throw new ImportConflict({
              row: blocked.source.rowNumber,
              field: 'config_id',
              code: 'INVALID_VALUE',
              message: `config_id ${blocked.configId} already belongs to a benchmark that was not imported`,
            });
          }
          inserted += rows.filter((r) => r.inserted).length;
        }
        return { inserted, updated: resolved.length - inserted };
      },
      { timeout: 300_000, maxWait: 10_000 },
    );
    return { ...counts, errors: [], warnings };
  } catch (error) {
    if (error instanceof ImportConflict)
      return { inserted: 0, updated: 0, errors: [error.importError], warnings };
    throw error;
  }
}

function findDuplicateConfigId(rows: ResolvedRow[]): ImportError | null {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const earlier = seen.get(row.configId);
    if (earlier !== undefined) {
      return {
        row: row.source.rowNumber,
        field: 'config_id',
        code: 'INVALID_VALUE',
        message: `row ${row.source.rowNumber} repeats the load level of row ${earlier} (config_id ${row.configId})`,
      };
    }
    seen.set(row.configId, row.source.rowNumber);
  }
  return null;
}

class ImportConflict extends Error {
  constructor(readonly importError: ImportError) {
    super(importError.message);
  }
}

async function loadCatalog(prisma: PrismaClient): Promise<Catalog> {
  const [models, gpus, profiles] = await Promise.all([
    prisma.model.findMany({ select: { id: true, hfRepo: true } }),
    prisma.gpu.findMany({ select: { id: true, type: true, aliases: true } }),
    prisma.trafficProfile.findMany({ select: { id: true, promptTokens: true, outputTokens: true } }),
  ]);
  const gpuIds = new Map<string, { id: number; type: string }>();
  for (const gpu of gpus) {
    for (const name of [gpu.type, ...gpu.aliases])
      gpuIds.set(name.toLowerCase(), { id: gpu.id, type: gpu.type });
  }
  return {
    modelIds: new Map(models.map((m) => [m.hfRepo.toLowerCase(), m.id])),
    gpuIds,
    profileIds: new Map(profiles.map((p) => [`${p.promptTokens}x${p.outputTokens}`, p.id])),
  };
}

interface ResolvedRow {
  source: NormalizedBenchmarkRow;
  configId: string;
  modelId: number;
  gpuId: number;
  profileId: number;
}

function mapRow(row: NormalizedBenchmarkRow, catalog: Catalog): ResolvedRow | { error: ImportError } {
  const modelId = catalog.modelIds.get(row.modelHfRepo.trim().toLowerCase());
  if (modelId === undefined) {
    return {
      error: {
        row: row.rowNumber,
        field: 'model_hf_repo',
        code: 'INVALID_VALUE',
        message: `unknown model "${row.modelHfRepo}" (not in the catalog)`,
      },
    };
  }
  const gpu = catalog.gpuIds.get(row.hardware.trim().toLowerCase());
  if (gpu === undefined) {
    return {
      error: {
        row: row.rowNumber,
        field: 'hardware',
        code: 'INVALID_VALUE',
        message: `unknown GPU "${row.hardware}" (not a GPU type or alias)`,
      },
    };
  }
  const profileId = catalog.profileIds.get(`${row.promptTokens}x${row.outputTokens}`);
  if (profileId === undefined) {
    return {
      error: {
        row: row.rowNumber,
        field: 'prompt_tokens',
        code: 'INVALID_VALUE',
        message: `${row.promptTokens}→${row.outputTokens} tokens is not one of the traffic profiles`,
      },
    };
  }
  return {
    source: row,
    configId: row.configId ?? derivedConfigId(row, gpu.type),
    modelId,
    gpuId: gpu.id,
    profileId,
  };
}

/** Rows without a config_id get a stable one from what identifies a load level. */
function derivedConfigId(row: NormalizedBenchmarkRow, gpuType: string): string {
  const identity = [
    row.modelHfRepo.toLowerCase(),
    gpuType,
    row.hardwareCount,
    row.promptTokens,
    row.outputTokens,
    row.concurrency ?? '',
    row.requestRate ?? '',
    row.framework ?? '',
    row.frameworkVersion ?? '',
  ].join('|');
  return `imp:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`;
}

const UPSERT_COLUMNS = [
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

/** Rows per statement: 47 parameters a row stays well under PostgreSQL's 65,535-parameter limit. */
const UPSERT_CHUNK = 1_000;

function upsertSql(rowCount: number): string {
  const width = UPSERT_COLUMNS.length;
  const values = Array.from({ length: rowCount }, (_, row) => {
    const params = UPSERT_COLUMNS.map((_, col) => `$${row * width + col + 1}${COLUMN_CASTS[col] ?? ''}`);
    return `(${params.join(', ')}, 'IMPORTED'::"BenchmarkSource", now())`;
  });
  return `INSERT INTO benchmarks (${UPSERT_COLUMNS.join(', ')}, source, updated_at)
VALUES ${values.join(',\n')}
ON CONFLICT (config_id) DO UPDATE SET
  ${UPSERT_COLUMNS.filter((c) => c !== 'config_id')
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(',\n  ')},
  updated_at = now()
WHERE benchmarks.source = 'IMPORTED'
RETURNING config_id, (xmax = 0) AS inserted`;
}

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

function upsertValues(row: ResolvedRow): unknown[] {
  const r = row.source;
  return [
    row.configId,
    row.modelId,
    row.gpuId,
    row.profileId,
    r.modelHfRepo.toLowerCase(),
    r.hardware,
    r.hardwareCount,
    r.promptTokens,
    r.outputTokens,
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
