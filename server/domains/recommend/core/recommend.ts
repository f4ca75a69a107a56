/**
 * The rule of docs/recommendations.md as one pure function: rows in, ranked recommendations, near misses and rejections out.
 *
 * Every config (model, GPU, GPU count) in `rows` ends up in exactly one place:
 * - `rejected` with GPU_TYPE_EXCLUDED / NOT_APPROVED / BELOW_MIN_QUALITY when the constraints rule
 *   out its model or GPU (checked first, before any rows are looked at);
 * - skipped (counted in the explanation only) when none of its rows comes from an allowed source,
 *   or its model or GPU is missing from the maps;
 * - `rejected` with SLO_NOT_MET when no row meets the targets and it is not a near miss;
 * - `nearMisses` when no row meets the targets but the lightest-load row misses them by ≤ 20 %
 *   (worst metric) and, planned with the missed targets relaxed to that row's values, it fits the
 *   GPU cap and budget (otherwise `rejected`, SLO_NOT_MET, saying so);
 * - `rejected` with OVER_GPU_CAP / OVER_BUDGET when its plan needs too many GPUs or money, or
 *   NOT_ENOUGH_FREE_GPUS when (fitCluster) its replicas do not fit the cluster's free GPUs;
 * - `recommendations` otherwise.
 * Estimated rows (estimate.ts) count for a config only when it has no exact row at all.
 */
import { evaluateConfig, type Candidate } from './evaluate.js';
import { rowsEvidence, type ConfigEvidence } from './evidence.js';
import { explainResult, type ResultCounts } from './explain.js';
import { DEFAULT_BALANCED_WEIGHTS, rankCandidates, type BalancedWeights } from './rank.js';
import { DEFAULT_LIMIT, recommendSpecSchema } from './spec-input.js';
import { parseInput } from '../../../kernel/validation.js';
import type {
  CandidateRow,
  ClusterGpuCapacity,
  GpuInfo,
  ModelInfo,
  RecommendationOut,
  RecommendOutput,
  RecommendSpec,
  RejectedOut,
} from '../types.js';

export { NEAR_MISS_MAX_GAP } from './evidence.js';

export interface RecommendOptions {
  /** BALANCED weights; default data/priority_weights.json defaults (accuracy 5, cost 5, latency 2). */
  weights?: BalancedWeights;
  /** fitCluster: free GPUs per GPU type; a plan whose replicas do not fit is NOT_ENOUGH_FREE_GPUS. */
  cluster?: ReadonlyMap<string, ClusterGpuCapacity>;
}

/** The rule's own tolerance (clients are held to 1–100 by the input schema): < 1 or fractional → DEFAULT_LIMIT. */
export function effectiveLimit(limit: number): number {
  return Number.isInteger(limit) && limit >= 1 ? limit : DEFAULT_LIMIT;
}

function toOutput(c: Candidate, rank: number, score: number | null): RecommendationOut {
  const out: RecommendationOut = {
    rank,
    modelId: c.modelId,
    gpuId: c.gpuId,
    gpuCount: c.gpuCount,
    replicas: c.plan.replicas,
    totalGpus: c.plan.totalGpus,
    monthlyCostUsd: c.plan.monthlyCostUsd,
    currency: c.currency,
    priceSource: c.priceSource,
    perReplicaCapacityRps: c.plan.capacityRps,
    perReplicaLoadRps: c.plan.perReplicaLoadRps,
    predicted: c.plan.predicted,
    sloMargins: c.margins,
    score,
    source: c.source,
    benchmarkIdsUsed: c.benchmarkIdsUsed,
    explanation: c.explain(),
    estimated: c.estimated,
    evidence: c.evidence,
  };
  if (c.nearMiss) out.nearMiss = c.nearMiss;
  if (c.cluster) out.cluster = c.cluster;
  return out;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The rule on candidate rows, for callers that build a RecommendSpec themselves (tests, perf/): the spec
 * is parsed first (`recommendSpecSchema`, the checks of the client's input), so a bad one is
 * BAD_USER_INPUT naming its field.
 */
export function recommend(
  spec: RecommendSpec,
  rows: CandidateRow[],
  models: Map<number, ModelInfo>,
  gpus: Map<number, GpuInfo>,
  options: RecommendOptions = {},
): RecommendOutput {
  parseInput(recommendSpecSchema, spec);
  return recommendOnEvidence(spec, rowsEvidence(rows, spec.sources), models, gpus, options);
}

/**
 * recommend() on each config's evidence (evidence.ts) rather than on its rows. The spec is trusted: it
 * comes from resolveSpec (parsed at the service boundary) or from recommend() above.
 */
export function recommendOnEvidence(
  spec: RecommendSpec,
  configs: readonly ConfigEvidence[],
  models: Map<number, ModelInfo>,
  gpus: Map<number, GpuInfo>,
  options: RecommendOptions = {},
): RecommendOutput {
  const weights = options.weights ?? DEFAULT_BALANCED_WEIGHTS;
  const feasible: Candidate[] = [];
  const near: Candidate[] = [];
  const rejected: { out: RejectedOut; hfRepo: string; gpuType: string }[] = [];
  let considered = 0;
  let skippedNoSource = 0;
  let skippedUnknown = 0;
  let estimatedConfigs = 0;

  for (const evidence of configs) {
    considered++;
    const { modelId, gpuId, gpuCount } = evidence;
    const model = models.get(modelId);
    const gpu = gpus.get(gpuId);
    if (!model || !gpu) {
      skippedUnknown++;
      continue;
    }
    const outcome = evaluateConfig(evidence, spec, model, gpu, options.cluster);
    if (outcome.kind === 'NO_ALLOWED_SOURCE') {
      skippedNoSource++;
    } else if (outcome.kind === 'REJECTED') {
      const [first] = outcome.reasons;
      if (first === undefined) throw new Error('a rejection needs a reason');
      const { reasons } = outcome;
      let reason: string | undefined;
      // Built when first read (a GraphQL page of `rejected`, a test), then kept; an own enumerable
      // property, so spreading, JSON and deep equality see the text.
      const out: RejectedOut = {
        modelId,
        gpuId,
        gpuCount,
        get reason() {
          return (reason ??= reasons.map(([, r]) => r()).join('; '));
        },
        code: first[0],
      };
      if (outcome.source) {
        out.source = outcome.source;
        out.estimated = outcome.estimated;
        if (outcome.estimated) estimatedConfigs++;
      }
      rejected.push({ out, hfRepo: model.hfRepo, gpuType: gpu.type });
    } else {
      if (outcome.candidate.estimated) estimatedConfigs++;
      (outcome.kind === 'RECOMMENDED' ? feasible : near).push(outcome.candidate);
    }
  }

  const limit = effectiveLimit(spec.limit);
  const rank = (list: Candidate[]) =>
    rankCandidates(list, spec.priority, weights)
      .slice(0, limit)
      .map((r, i) => toOutput(r.item, i + 1, r.score));
  const recommendations = rank(feasible);
  const nearMisses = rank(near);

  rejected.sort(
    (a, b) =>
      compareText(a.hfRepo, b.hfRepo) ||
      compareText(a.gpuType, b.gpuType) ||
      a.out.gpuCount - b.out.gpuCount ||
      a.out.modelId - b.out.modelId ||
      a.out.gpuId - b.out.gpuId,
  );
  const rejectedByCode: ResultCounts['rejectedByCode'] = {};
  for (const { out } of rejected) rejectedByCode[out.code] = (rejectedByCode[out.code] ?? 0) + 1;

  const explanation = explainResult({
    priority: spec.priority,
    weights,
    profile: { promptTokens: spec.promptTokens, outputTokens: spec.outputTokens },
    peakRps: spec.requestsPerSecond,
    headroomPercent: spec.headroomPercent,
    targets: spec.slo,
    counts: {
      considered,
      feasible: feasible.length,
      shown: recommendations.length,
      nearMisses: near.length,
      nearMissesShown: nearMisses.length,
      rejected: rejected.length,
      rejectedByCode,
      skippedNoSource,
      skippedUnknown,
      estimated: estimatedConfigs,
    },
  });
  return { recommendations, nearMisses, rejected: rejected.map((r) => r.out), explanation };
}
