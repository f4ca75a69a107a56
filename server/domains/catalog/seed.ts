import { createHash } from 'node:crypto';
import type pg from 'pg';
import { syntheticSeedRows } from '../knowledge/core/performance-model.js';
import type { Logger } from '../../logger.js';
import { gpus } from './seed-data/gpus.js';
import { models } from './seed-data/models.js';
import { trafficProfiles } from './seed-data/traffic-profiles.js';
import { useCases } from './seed-data/use-cases.js';

/**
 * Loads the shipped knowledge base: profiles, use cases, models (+ quality scores), GPUs (+ prices) and
 * the synthetic benchmark curves. Idempotent: a hash of the seed data is kept in kb_meta and an
 * unchanged seed is skipped; a changed one is re-applied in one transaction (catalog upserted,
 * SYNTHETIC rows replaced; IMPORTED and MEASURED rows are never touched).
 */

/** Bump when the performance model's formulas change without the data changing. */
const PERFORMANCE_MODEL_VERSION = 1;
const SEED_LOCK_KEY = 7_420_117_002;
const INSERT_CHUNK = 5_000;

export interface SeedResult {
  skipped: boolean;
  version: string;
  syntheticBenchmarks: number;
}

export function seedVersion(): string {
  const payload = JSON.stringify({ trafficProfiles, useCases, models, gpus, PERFORMANCE_MODEL_VERSION });
  return createHash('sha256').update(payload).digest('hex').slice(0, 16);
}

export async function seedKnowledgeBase(pool: pg.Pool, logger: Logger): Promise<SeedResult> {
  const version = seedVersion();
  const client = await pool.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
    const current = await client.query<{ value: string }>(
      `SELECT value FROM kb_meta WHERE key = 'seed_version'`,
    );
    if (current.rows[0]?.value === version) return { skipped: true, version, syntheticBenchmarks: 0 };

    const started = Date.now();
    await client.query('BEGIN');
    try {
      const profileIds = await upsertProfiles(client);
      const useCaseIds = await upsertUseCases(client, profileIds);
      const modelIds = await upsertModels(client, useCaseIds);
      const gpuIds = await upsertGpus(client);
      const count = await replaceSyntheticBenchmarks(client, { profileIds, modelIds, gpuIds });
      await client.query(
        `INSERT INTO kb_meta (key, value, updated_at) VALUES ('seed_version', $1, now())
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [version],
      );
      await client.query('COMMIT');
      logger.info({ version, syntheticBenchmarks: count, ms: Date.now() - started }, 'knowledge base seeded');
      return { skipped: false, version, syntheticBenchmarks: count };
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

type Ids = Map<string, number>;

async function upsertProfiles(client: pg.PoolClient): Promise<Ids> {
  const ids: Ids = new Map();
  for (const profile of trafficProfiles) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO traffic_profiles (name, prompt_tokens, output_tokens, description) VALUES ($1, $2, $3, $4)
       ON CONFLICT (prompt_tokens, output_tokens) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description
       RETURNING id`,
      [profile.name, profile.promptTokens, profile.outputTokens, profile.description],
    );
    ids.set(profileKey(profile.promptTokens, profile.outputTokens), rows[0]!.id);
  }
  return ids;
}

async function upsertUseCases(client: pg.PoolClient, profileIds: Ids): Promise<Ids> {
  const ids: Ids = new Map();
  for (const useCase of useCases) {
    const profileId = profileIds.get(profileKey(useCase.promptTokens, useCase.outputTokens));
    if (profileId === undefined) throw new Error(`use case ${useCase.key} names an unknown profile`);
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO use_cases (key, name, description, experience_class, traffic_profile_id, ttft_p95_ms, itl_p95_ms, e2e_p95_ms, rationale)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
         experience_class = EXCLUDED.experience_class, traffic_profile_id = EXCLUDED.traffic_profile_id,
         ttft_p95_ms = EXCLUDED.ttft_p95_ms, itl_p95_ms = EXCLUDED.itl_p95_ms, e2e_p95_ms = EXCLUDED.e2e_p95_ms,
         rationale = EXCLUDED.rationale
       RETURNING id`,
      [
        useCase.key,
        useCase.name,
        useCase.description,
        useCase.experienceClass,
        profileId,
        useCase.ttftP95Ms,
        useCase.itlP95Ms,
        useCase.e2eP95Ms,
        useCase.rationale,
      ],
    );
    ids.set(useCase.key, rows[0]!.id);
  }
  return ids;
}

async function upsertModels(client: pg.PoolClient, useCaseIds: Ids): Promise<Ids> {
  const ids: Ids = new Map();
  for (const model of models) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO models (hf_repo, name, provider, family, parameter_count_b, active_parameter_count_b, context_window,
         tasks, domains, license, license_type, min_gpu_memory_gb, quantization, bytes_per_param, recommended_for,
         approved, quality_score, quality_estimated, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (hf_repo) DO UPDATE SET name = EXCLUDED.name, provider = EXCLUDED.provider, family = EXCLUDED.family,
         parameter_count_b = EXCLUDED.parameter_count_b, active_parameter_count_b = EXCLUDED.active_parameter_count_b,
         context_window = EXCLUDED.context_window, tasks = EXCLUDED.tasks, domains = EXCLUDED.domains,
         license = EXCLUDED.license, license_type = EXCLUDED.license_type, min_gpu_memory_gb = EXCLUDED.min_gpu_memory_gb,
         quantization = EXCLUDED.quantization, bytes_per_param = EXCLUDED.bytes_per_param,
         recommended_for = EXCLUDED.recommended_for, approved = EXCLUDED.approved, quality_score = EXCLUDED.quality_score,
         quality_estimated = EXCLUDED.quality_estimated, notes = EXCLUDED.notes
       RETURNING id`,
      [
        model.hfRepo.toLowerCase(),
        model.name,
        model.provider,
        model.family,
        model.parameterCountB,
        model.activeParameterCountB,
        model.contextWindow,
        model.tasks,
        model.domains,
        model.license,
        model.licenseType,
        model.minGpuMemoryGb,
        model.quantization,
        model.bytesPerParam,
        model.recommendedFor,
        model.approved,
        model.qualityScore,
        model.qualityEstimated,
        model.notes,
      ],
    );
    const modelId = rows[0]!.id;
    ids.set(model.hfRepo.toLowerCase(), modelId);
    for (const [useCaseKey, score] of Object.entries(model.qualityByUseCase)) {
      const useCaseId = useCaseIds.get(useCaseKey);
      if (useCaseId === undefined)
        throw new Error(`model ${model.hfRepo} scores unknown use case ${useCaseKey}`);
      await client.query(
        `INSERT INTO model_quality_scores (model_id, use_case_id, score) VALUES ($1, $2, $3)
         ON CONFLICT (model_id, use_case_id) DO UPDATE SET score = EXCLUDED.score`,
        [modelId, useCaseId, score],
      );
    }
  }
  return ids;
}

async function upsertGpus(client: pg.PoolClient): Promise<Ids> {
  const ids: Ids = new Map();
  for (const gpu of gpus) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO gpus (type, aliases, vendor, architecture, vram_gb, fp16_tflops, memory_bandwidth_gbps,
         compute_capability, node_selector_label, hourly_price_usd, availability, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (type) DO UPDATE SET aliases = EXCLUDED.aliases, vendor = EXCLUDED.vendor,
         architecture = EXCLUDED.architecture, vram_gb = EXCLUDED.vram_gb, fp16_tflops = EXCLUDED.fp16_tflops,
         memory_bandwidth_gbps = EXCLUDED.memory_bandwidth_gbps, compute_capability = EXCLUDED.compute_capability,
         node_selector_label = EXCLUDED.node_selector_label, hourly_price_usd = EXCLUDED.hourly_price_usd,
         availability = EXCLUDED.availability, notes = EXCLUDED.notes
       RETURNING id`,
      [
        gpu.type,
        gpu.aliases,
        gpu.vendor,
        gpu.architecture,
        gpu.vramGb,
        gpu.fp16Tflops,
        gpu.memoryBandwidthGbps,
        gpu.computeCapability,
        gpu.nodeSelectorLabel,
        gpu.hourlyPriceUsd,
        gpu.availability,
        gpu.notes,
      ],
    );
    const gpuId = rows[0]!.id;
    ids.set(gpu.type, gpuId);
    for (const price of gpu.prices) {
      await client.query(
        `INSERT INTO gpu_prices (gpu_id, provider, region, hourly_usd, effective_date) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (gpu_id, provider, region, effective_date) DO UPDATE SET hourly_usd = EXCLUDED.hourly_usd`,
        [gpuId, price.provider, price.region, price.hourlyUsd, price.effectiveDate],
      );
    }
  }
  return ids;
}

/** Column order shared by the bulk insert below; one array per column keeps it to one statement a chunk. */
const SYNTHETIC_COLUMNS = [
  ['config_id', 'text'],
  ['model_id', 'int'],
  ['gpu_id', 'int'],
  ['traffic_profile_id', 'int'],
  ['model_hf_repo', 'text'],
  ['hardware', 'text'],
  ['hardware_count', 'int'],
  ['prompt_tokens', 'int'],
  ['output_tokens', 'int'],
  ['mean_input_tokens', 'float8'],
  ['mean_output_tokens', 'float8'],
  ['concurrency', 'int'],
  ['requests_per_second', 'float8'],
  ['tokens_per_second', 'float8'],
  ['ttft_mean', 'float8'],
  ['ttft_p50', 'float8'],
  ['ttft_p90', 'float8'],
  ['ttft_p95', 'float8'],
  ['ttft_p99', 'float8'],
  ['itl_mean', 'float8'],
  ['itl_p50', 'float8'],
  ['itl_p90', 'float8'],
  ['itl_p95', 'float8'],
  ['itl_p99', 'float8'],
  ['e2e_mean', 'float8'],
  ['e2e_p50', 'float8'],
  ['e2e_p90', 'float8'],
  ['e2e_p95', 'float8'],
  ['e2e_p99', 'float8'],
] as const;

async function replaceSyntheticBenchmarks(
  client: pg.PoolClient,
  ids: { profileIds: Ids; modelIds: Ids; gpuIds: Ids },
): Promise<number> {
  await client.query(`DELETE FROM benchmarks WHERE source = 'SYNTHETIC'`);
  const rows = syntheticSeedRows(models, gpus, trafficProfiles);
  const columnList = SYNTHETIC_COLUMNS.map(([name]) => name).join(', ');
  const unnestList = SYNTHETIC_COLUMNS.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO benchmarks (${columnList}, framework, source, updated_at)
    SELECT *, 'compass-performance-model', 'SYNTHETIC'::"BenchmarkSource", now() FROM unnest(${unnestList})`;
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const columns: unknown[][] = SYNTHETIC_COLUMNS.map(() => []);
    for (const row of chunk) {
      const { point } = row;
      const values = [
        row.configKey,
        ids.modelIds.get(row.hfRepo.toLowerCase()),
        ids.gpuIds.get(row.gpuType),
        ids.profileIds.get(profileKey(row.promptTokens, row.outputTokens)),
        row.hfRepo.toLowerCase(),
        row.gpuType,
        row.gpuCount,
        row.promptTokens,
        row.outputTokens,
        point.meanInputTokens,
        point.meanOutputTokens,
        point.concurrency,
        point.requestsPerSecond,
        point.outputTokensPerSecond,
        point.ttft.mean,
        point.ttft.p50,
        point.ttft.p90,
        point.ttft.p95,
        point.ttft.p99,
        point.itl.mean,
        point.itl.p50,
        point.itl.p90,
        point.itl.p95,
        point.itl.p99,
        point.e2e.mean,
        point.e2e.p50,
        point.e2e.p90,
        point.e2e.p95,
        point.e2e.p99,
      ];
      values.forEach((value, index) => columns[index]!.push(value));
    }
    await client.query(sql, columns);
  }
  return rows.length;
}

function profileKey(promptTokens: number, outputTokens: number): string {
  return `${promptTokens}x${outputTokens}`;
}
