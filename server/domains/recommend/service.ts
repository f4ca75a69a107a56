import { BENCHMARK_SOURCES } from '../../kernel/enums.js';
import type { PrismaClient, SqlReader } from '../../db/clients.js';
import type { Gpu, Model } from '../../db/generated/prisma/client.js';
import type { ClusterInventoryCache } from '../cluster/inventory-cache.js';
import { freeGpusByType } from '../cluster/service.js';
import { isoDay, pricesForSpec, type SpecPrices } from '../catalog/price-lists.js';
import { DomainError } from '../../kernel/errors.js';
import { CONFIG_JSON_ORIGIN } from '../catalog/config-models.js';
import type { ModelArchitecture } from '../catalog/core/hf-config.js';
import { kvBytesPerToken, parameterCount, weightBytes } from '../catalog/core/model-memory.js';
import { perfModelOf } from '../catalog/core/model-sizing.js';
import { modelArchitectures } from '../catalog/seed-data/model-architectures.js';
import {
  benchmarksVersion,
  candidateCache,
  evidenceRowsCache,
  summaryCache,
  VersionedCache,
} from './candidate-cache.js';
import { fetchRequestedRows, fetchSourceSummaries, prismaSqlReader } from './candidate-sql.js';
import { rowsEvidence, type ConfigEvidence } from './core/evidence.js';
import { rowsPathIsCheaper, rowsRequest, selectSummaries, summaryEvidence } from './core/sql-evidence.js';
import { catalogMemory, configMemory } from './core/memory-fit.js';
import { rooflineRows, type RooflineModel } from './core/roofline-rows.js';
import { estimateCandidateRows, type ProfiledRow } from './core/estimate.js';
import { configKey, selectTrustedSource } from './core/group.js';
import { recommendOnEvidence } from './core/recommend.js';
import type { ResolvedSpec } from './spec.js';
import type {
  BenchmarkSourceKey,
  CandidateRow,
  ClusterGpuCapacity,
  GpuInfo,
  ModelInfo,
  ModelMemory,
  RecommendOutput,
} from './types.js';

export interface RecommendationResult {
  spec: ResolvedSpec;
  output: RecommendOutput;
  /** True when the profile had no exact rows and every number comes from the fitted estimate. */
  estimated: boolean;
}

interface CandidateSqlRow {
  id: number;
  model_id: number;
  gpu_id: number;
  hardware_count: number;
  source: BenchmarkSourceKey;
  concurrency: number | null;
  requests_per_second: number;
  ttft_p95: number;
  itl_p95: number;
  e2e_p95: number;
  prompt_tokens: number;
  output_tokens: number;
}

const ALL_SOURCES: BenchmarkSourceKey[] = [...BENCHMARK_SOURCES];

/** One indexed query (benchmarks_recommend_idx) fetches every candidate row of the profile. */
export async function fetchCandidateRows(
  prisma: PrismaClient,
  profile: { promptTokens: number; outputTokens: number } | null,
  sources: BenchmarkSourceKey[],
): Promise<ProfiledRow[]> {
  const sourceList = sources.length > 0 ? sources : ALL_SOURCES;
  const where = profile ? 'prompt_tokens = $2 AND output_tokens = $3 AND' : '';
  const params: unknown[] = [sourceList, ...(profile ? [profile.promptTokens, profile.outputTokens] : [])];
  const rows = await prisma.$queryRawUnsafe<CandidateSqlRow[]>(
    `SELECT id, model_id, gpu_id, hardware_count, source::text AS source, concurrency, requests_per_second,
            ttft_p95, itl_p95, e2e_p95, prompt_tokens, output_tokens
     FROM benchmarks WHERE ${where} source::text = ANY($1::text[])`,
    ...params,
  );
  return rows.map((row) => ({
    benchmarkId: row.id,
    modelId: row.model_id,
    gpuId: row.gpu_id,
    gpuCount: row.hardware_count,
    source: row.source,
    concurrency: row.concurrency,
    requestsPerSecond: row.requests_per_second,
    ttftP95: row.ttft_p95,
    itlP95: row.itl_p95,
    e2eP95: row.e2e_p95,
    promptTokens: row.prompt_tokens,
    outputTokens: row.output_tokens,
  }));
}

/**
 * Batched catalog lookups by id; the request's DataLoaders satisfy it, so rows loaded by a plan are
 * shared with the rest of the GraphQL request. Declared here so the service does not depend on transport.
 */
export interface CatalogRowsById {
  modelById: { loadMany(ids: readonly number[]): Promise<Array<Model | null | Error>> };
  gpuById: { loadMany(ids: readonly number[]): Promise<Array<Gpu | null | Error>> };
}

export interface RecommendContext {
  /** The cluster inventory `fitCluster` plans against (null: no cluster configured). */
  inventory?: ClusterInventoryCache | null;
  /**
   * How candidates are read: `SQL` (default) aggregates per config in PostgreSQL and fetches only the
   * rows planning reads (candidate-sql.ts); `ROWS` fetches every candidate row of the profile and runs
   * the rule on them in memory — the reference the SQL path is tested against, and the bench's peer;
   * `AUTO` (the default) is SQL unless the summaries show a profile where ROWS is cheaper
   * (rowsPathIsCheaper).
   */
  candidates?: 'AUTO' | 'SQL' | 'ROWS';
  /**
   * The SQL path's statements straight on the API pool (rows as arrays, two connections at once); without
   * it they run through the Prisma client (same statements, same answers, Prisma's result mapping).
   */
  sql?: SqlReader | null;
}

/** The rule of docs/recommendations.md over the knowledge base: fetch candidates, load the models and GPUs they name, run the rule. */
export async function recommendForSpec(
  prisma: PrismaClient,
  loaders: CatalogRowsById,
  spec: ResolvedSpec,
  context: RecommendContext = {},
): Promise<RecommendationResult> {
  // First, so a missing cluster fails fast with its own message.
  const cluster = spec.fitCluster ? await freeGpusByType(prisma, context.inventory ?? null) : null;
  const prices = spec.priceList
    ? await pricesForSpec(prisma, spec.priceList, spec.priceDate ?? isoDay(new Date()), spec.pricingModel)
    : null;
  if (prices && prices.list.currency !== 'USD' && spec.maxMonthlyCostUsd !== null) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `maxMonthlyCostUsd is in USD but price list "${prices.list.name}" is in ${prices.list.currency}; ` +
        'Compass does not convert currencies: drop the budget or use a USD list',
      { argument: 'spec.maxMonthlyCostUsd' },
    );
  }

  const version = await benchmarksVersion(prisma);
  const profileKey = `${spec.promptTokens}x${spec.outputTokens}:${[...spec.sources].sort().join(',')}`;
  let configs: readonly ConfigEvidence[] = [];
  let estimated = false;
  if (context.candidates !== 'ROWS') {
    const sql = context.sql ?? prismaSqlReader(prisma);
    configs = await sqlEvidence(sql, version, profileKey, spec, context.candidates ?? 'AUTO');
  }
  let rows: CandidateRow[] = [];
  if (configs.length === 0) {
    rows = await candidateCache.get(version, profileKey, () =>
      fetchCandidateRows(prisma, spec, spec.sources),
    );
    if (rows.length === 0) {
      const everyProfile = await candidateCache.get(version, `all:${profileKey}`, () =>
        fetchCandidateRows(prisma, null, spec.sources),
      );
      rows = estimateCandidateRows(spec, everyProfile, { sources: spec.sources });
      estimated = true;
    }
  }

  const fromConfig = await configModels(prisma);
  if (fromConfig.length > 0) {
    const gpuIds = new Map(
      (await prisma.gpu.findMany({ select: { id: true, type: true } })).map((g) => [g.type, g.id]),
    );
    // Roofline rows are estimates: they count only for a config without exact rows.
    const exact = new Set(configs.map(configKey));
    rows = [...rows, ...rooflineRows(fromConfig, gpuIds, spec).filter((r) => !exact.has(configKey(r)))];
  }
  // The SQL path's evidence array comes from a version-keyed cache (the same array while it is valid).
  const cachedEvidence = rows.length === 0 && configs.length > 0 ? configs : null;
  if (rows.length > 0) configs = [...configs, ...rowsEvidence(rows, spec.sources)];

  const modelIds = [...new Set(configs.map((row) => row.modelId))];
  const gpuIds = [...new Set(configs.map((row) => row.gpuId))];
  const [modelRows, gpuRows] = await Promise.all([
    loaders.modelById.loadMany(modelIds),
    loaders.gpuById.loadMany(gpuIds),
  ]);
  const qualityByModel = spec.useCase
    ? new Map(
        (
          await prisma.modelQualityScore.findMany({
            where: { useCaseId: spec.useCase.id, modelId: { in: modelIds } },
            select: { modelId: true, score: true },
          })
        ).map((q) => [q.modelId, q.score]),
      )
    : new Map<number, number>();

  const models = new Map<number, ModelInfo>();
  for (const model of modelRows) {
    if (!model || model instanceof Error) continue;
    models.set(model.id, {
      id: model.id,
      hfRepo: model.hfRepo,
      qualityScore: qualityByModel.get(model.id) ?? model.qualityScore,
      approved: model.approved,
      memory: memoryOf(model),
    });
  }
  const gpus = new Map<number, GpuInfo>();
  for (const gpu of gpuRows) {
    if (!gpu || gpu instanceof Error) continue;
    gpus.set(
      gpu.id,
      priced(
        {
          id: gpu.id,
          type: gpu.type,
          hourlyPriceUsd: gpu.hourlyPriceUsd,
          aliases: gpu.aliases,
          vramGb: gpu.vramGb,
        },
        prices,
      ),
    );
  }

  const options = cluster ? { cluster: cluster.byType } : {};
  const rule = () => recommendOnEvidence(spec, configs, models, gpus, options);
  const ruled = cachedEvidence
    ? await outputCache.get(
        version,
        ruleInputsKey(cachedEvidence, spec, models, gpus, options.cluster),
        async () => rule(),
      )
    : rule();
  let explanation = ruled.explanation;
  if (prices) explanation += `\n${describePrices(prices)}`;
  if (cluster) explanation += `\n${cluster.summary}`;
  // A copy: a cached output is shared by every request that hits it and is never mutated.
  const output: RecommendOutput = { ...ruled, explanation };
  return { spec, output, estimated };
}

/**
 * The rule's output on cached evidence, per knowledge-base version and everything else the rule reads
 * (ruleInputsKey): a repeated request skips planning 2,256 configs but still reads the catalog, the
 * quality scores, the prices and the cluster, and any change in them is a different key.
 */
const outputCache = new VersionedCache<RecommendOutput>(32);
const evidenceIds = new WeakMap<readonly ConfigEvidence[], number>();
let nextEvidenceId = 0;

/**
 * recommendOnEvidence is a pure function of the evidence, the spec, the models and GPUs as loaded for
 * this request (prices applied), the cluster's free GPUs and the default weights: the key holds all of
 * them — the evidence by identity (an array of the version-keyed cache, never mutated), the rest by value.
 */
function ruleInputsKey(
  evidence: readonly ConfigEvidence[],
  spec: ResolvedSpec,
  models: ReadonlyMap<number, ModelInfo>,
  gpus: ReadonlyMap<number, GpuInfo>,
  cluster: ReadonlyMap<string, ClusterGpuCapacity> | undefined,
): string {
  let id = evidenceIds.get(evidence);
  if (id === undefined) {
    id = nextEvidenceId++;
    evidenceIds.set(evidence, id);
  }
  return JSON.stringify([id, spec, [...models], [...gpus], cluster ? [...cluster] : null]);
}

/**
 * The SQL path (core/sql-evidence.ts): per-config summaries under the spec's targets, then the rows
 * planning reads; both cached by knowledge-base version. Empty when the profile has no rows from the
 * allowed sources (the caller then estimates from other profiles), and in `AUTO` mode when it has so
 * few rows per config that the caller's ROWS path is cheaper.
 */
async function sqlEvidence(
  sql: SqlReader,
  version: string,
  profileKey: string,
  spec: ResolvedSpec,
  mode: 'AUTO' | 'SQL',
): Promise<readonly ConfigEvidence[]> {
  const targetsKey = `${profileKey}:${spec.slo.ttftP95Ms}/${spec.slo.itlP95Ms}/${spec.slo.e2eP95Ms}`;
  const selected = await summaryCache.get(version, targetsKey, async () =>
    selectSummaries(await fetchSourceSummaries(sql, spec, spec.sources, spec.slo)),
  );
  if (selected.length === 0) return [];
  if (mode === 'AUTO' && rowsPathIsCheaper(selected)) return [];
  return evidenceRowsCache.get(
    version,
    `${targetsKey}:${spec.requestsPerSecond}:${spec.headroomPercent}`,
    async () => {
      const requests = selected.map((s) => rowsRequest(s, spec));
      const asked = requests.map((request, i) => request && { selected: selected[i]!, request });
      const rows = await fetchRequestedRows(sql, spec, asked);
      // Built once per entry (the targets are part of the key): a warm request reuses the same
      // evidence objects instead of allocating 2,256 of them (the garbage was most of its time).
      return selected.map((s, i) => summaryEvidence(s, requests[i] ?? null, rows.get(i) ?? [], spec.slo));
    },
  );
}

const catalogArchitectures = new Map(modelArchitectures.map((a) => [a.hfRepo, a]));

/** The memory check's facts: config.json's architecture, or the catalog's recorded one. */
function memoryOf(model: Model): ModelMemory {
  if (model.origin === CONFIG_JSON_ORIGIN && model.architecture) {
    return configMemory(model.architecture as unknown as ModelArchitecture);
  }
  return catalogMemory(model, catalogArchitectures.get(model.hfRepo));
}

/** A GPU with the price list's entry for it, or marked unpriced (NO_PRICE) when the list has none. */
function priced(gpu: GpuInfo, prices: SpecPrices | null): GpuInfo {
  if (!prices) return gpu;
  const entry = prices.byGpuId.get(gpu.id);
  const only = prices.pricingModel ? ` ${prices.pricingModel}` : '';
  if (!entry) {
    return {
      ...gpu,
      currency: prices.list.currency,
      unpriced: `price list "${prices.list.name}" has no${only} price for ${gpu.type} effective on ${prices.date}`,
    };
  }
  const until = entry.effectiveTo ? ` until ${isoDay(entry.effectiveTo)}` : '';
  return {
    ...gpu,
    hourlyPriceUsd: entry.hourlyPrice,
    currency: prices.list.currency,
    priceSource:
      `price list "${prices.list.name}": ${entry.pricingModel} ${entry.provider} ${entry.region}, ` +
      `effective ${isoDay(entry.effectiveFrom)}${until}`,
  };
}

function describePrices(prices: SpecPrices): string {
  const only = prices.pricingModel ? `, ${prices.pricingModel} entries only` : '';
  return (
    `Prices: price list "${prices.list.name}" in ${prices.list.currency} (shown as given, not converted), ` +
    `entries effective on ${prices.date}${only}; the cheapest entry per GPU type counts; ` +
    `GPU types it does not price are rejected (NO_PRICE).`
  );
}

export interface ConfigCurve {
  source: BenchmarkSourceKey;
  rows: CandidateRow[];
}

/**
 * The rows a plan's predictions for one deployed configuration come from: its (model, GPU, count,
 * profile) rows of the most trusted source present (the same rule `recommend` applies). Rows whose
 * config_id starts with `excludeConfigIdPrefix` are left out (a deployment's own production
 * observations, so it is not compared with itself). Null when the knowledge base has none.
 */
export async function configCurve(
  prisma: PrismaClient,
  config: { modelId: number; gpuId: number; gpuCount: number; promptTokens: number; outputTokens: number },
  options: { excludeConfigIdPrefix?: string } = {},
): Promise<ConfigCurve | null> {
  const rows = await prisma.benchmark.findMany({
    where: {
      modelId: config.modelId,
      gpuId: config.gpuId,
      hardwareCount: config.gpuCount,
      promptTokens: config.promptTokens,
      outputTokens: config.outputTokens,
      ...(options.excludeConfigIdPrefix
        ? { NOT: { configId: { startsWith: options.excludeConfigIdPrefix } } }
        : {}),
    },
    select: {
      id: true,
      source: true,
      concurrency: true,
      requestsPerSecond: true,
      ttftP95: true,
      itlP95: true,
      e2eP95: true,
    },
  });
  const candidates: CandidateRow[] = rows.map((r) => ({
    benchmarkId: r.id,
    modelId: config.modelId,
    gpuId: config.gpuId,
    gpuCount: config.gpuCount,
    source: r.source,
    concurrency: r.concurrency,
    requestsPerSecond: r.requestsPerSecond,
    ttftP95: r.ttftP95,
    itlP95: r.itlP95,
    e2eP95: r.e2eP95,
  }));
  const selection = selectTrustedSource(candidates, []);
  return selection ? { source: selection.source, rows: selection.rows } : null;
}

/** Models added from config.json, with what their roofline rows and explanations need. */
async function configModels(prisma: PrismaClient): Promise<RooflineModel[]> {
  const models = await prisma.model.findMany({
    where: { origin: CONFIG_JSON_ORIGIN },
    select: { id: true, hfRepo: true, architecture: true },
  });
  return models.flatMap((m) => {
    if (!m.architecture) return [];
    const a = m.architecture as unknown as ModelArchitecture;
    const p = parameterCount(a);
    const active = a.moe ? ` (${(p.active / 1e9).toFixed(2)} B active)` : '';
    return [
      {
        modelId: m.id,
        perf: perfModelOf(m.hfRepo, a),
        summary:
          `${(p.total / 1e9).toFixed(2)} B parameters${active}, ${(weightBytes(a) / 1e9).toFixed(2)} GB of ` +
          `${a.weightFormat} weights, ${kvBytesPerToken(a) / 1024} KiB of KV cache per token`,
      },
    ];
  });
}
