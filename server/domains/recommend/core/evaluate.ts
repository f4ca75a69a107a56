/**
 * One config through the rule of docs/recommendations.md: constraint filters → source precedence → feasibility (or near miss)
 * → capacity, replicas, cost → caps → interpolated p95s, margins and the explanation.
 */
import { capacityRow, monthlyCostUsd, replicasNeeded } from './capacity.js';
import {
  capRejections,
  clusterFit,
  clusterRejection,
  constraintRejections,
  type Rejection,
} from './constraints.js';
import { describeSloMiss, explainRecommendation, type RecommendationExplanationInput } from './explain.js';
import { missVerdict, type ConfigEvidence } from './evidence.js';
import { interpolateAtLoad, type Interpolation } from './interpolate.js';
import { checkConfigMemory, describeMemoryCheck, describeMemoryFit } from './memory-fit.js';
import type { Rankable } from './rank.js';
import type {
  BenchmarkSourceKey,
  CandidateRow,
  ClusterFit,
  ClusterGpuCapacity,
  ConfigPlan,
  GpuInfo,
  ModelInfo,
  NearMissInfo,
  RecommendationEvidence,
  RecommendSpec,
  SloTargets,
  TokenProfile,
} from '../types.js';

export interface Candidate extends Rankable {
  plan: ConfigPlan;
  source: BenchmarkSourceKey;
  benchmarkIdsUsed: number[];
  margins: SloTargets;
  /** Built only for the candidates that are shown: formatting every number is the slow part. */
  explain: () => string;
  estimated: boolean;
  nearMiss?: NearMissInfo;
  cluster?: ClusterFit;
  currency: string;
  priceSource: string | null;
  evidence: RecommendationEvidence;
}

export type ConfigOutcome =
  | { kind: 'RECOMMENDED'; candidate: Candidate }
  | { kind: 'NEAR_MISS'; candidate: Candidate }
  | { kind: 'REJECTED'; reasons: Rejection[]; source?: BenchmarkSourceKey; estimated: boolean }
  | { kind: 'NO_ALLOWED_SOURCE' };

export function planConfig(
  feasible: readonly CandidateRow[],
  spec: Pick<RecommendSpec, 'requestsPerSecond' | 'headroomPercent'>,
  gpuCount: number,
  hourlyPriceUsd: number,
): { plan: ConfigPlan; interpolation: Interpolation } {
  const cap = capacityRow(feasible);
  if (cap === undefined) throw new RangeError('planConfig needs at least one feasible row');
  const replicas = replicasNeeded(spec.requestsPerSecond, spec.headroomPercent, cap.requestsPerSecond);
  const totalGpus = replicas * gpuCount;
  const load = spec.requestsPerSecond / replicas;
  const interpolation = interpolateAtLoad(feasible, load);
  return {
    plan: {
      capacityRps: cap.requestsPerSecond,
      capacityRow: cap,
      replicas,
      totalGpus,
      monthlyCostUsd: monthlyCostUsd(totalGpus, hourlyPriceUsd),
      perReplicaLoadRps: load,
      predicted: interpolation.predicted,
    },
    interpolation,
  };
}

/** (target − predicted) / target per metric. */
export function sloMargins(targets: SloTargets, predicted: SloTargets): SloTargets {
  return {
    ttftP95Ms: (targets.ttftP95Ms - predicted.ttftP95Ms) / targets.ttftP95Ms,
    itlP95Ms: (targets.itlP95Ms - predicted.itlP95Ms) / targets.itlP95Ms,
    e2eP95Ms: (targets.e2eP95Ms - predicted.e2eP95Ms) / targets.e2eP95Ms,
  };
}

function uniqueSorted(ids: Iterable<number>): number[] {
  return [...new Set(ids)].sort((a, b) => a - b);
}

function dedupeProfiles(profiles: readonly TokenProfile[]): TokenProfile[] {
  const seen = new Map<string, TokenProfile>();
  for (const p of profiles) seen.set(`${p.promptTokens}/${p.outputTokens}`, p);
  return [...seen.values()].sort(
    (a, b) => a.promptTokens - b.promptTokens || a.outputTokens - b.outputTokens,
  );
}

/** The rows behind the numbers: the interpolation's bracket rows and the capacity row. */
function rowsUsed(plan: ConfigPlan, interpolation: Interpolation): CandidateRow[] {
  const rows = new Set<CandidateRow>([
    ...interpolation.lower.rows,
    ...interpolation.upper.rows,
    plan.capacityRow,
  ]);
  return [...rows].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond || a.benchmarkId - b.benchmarkId);
}

type NearMissDetail = NonNullable<RecommendationExplanationInput['nearMiss']> & { text: () => string };

/** One config through the rule; `cluster` (fitCluster) holds the free GPUs per GPU type. */
export function evaluateConfig(
  evidence: ConfigEvidence,
  spec: RecommendSpec,
  model: ModelInfo,
  gpu: GpuInfo,
  cluster?: ReadonlyMap<string, ClusterGpuCapacity>,
): ConfigOutcome {
  const { estimated, selection, modelId, gpuId, gpuCount } = evidence;
  const filtered = constraintRejections(spec, model, gpu);
  if (filtered.length > 0) return { kind: 'REJECTED', reasons: filtered, estimated };
  if (!selection) return { kind: 'NO_ALLOWED_SOURCE' };
  const { source } = selection;
  const targets = spec.slo;

  let feasible = selection.feasible(targets);
  let nearMiss: NearMissDetail | null = null;
  if (feasible.count === 0) {
    const lightest = selection.lightest;
    const verdict = missVerdict(lightest, targets);
    const { misses, worst } = verdict;
    const text = () => describeSloMiss(misses, lightest) + (estimated ? ' (judged on estimated rows)' : '');
    if (verdict.kind === 'MISSED') {
      return { kind: 'REJECTED', reasons: [['SLO_NOT_MET', text]], source, estimated };
    }
    feasible = selection.feasible(verdict.relaxed);
    const info = { metric: worst.metric, gapPercent: worst.gap * 100 };
    nearMiss = { info, misses, lightest, relaxed: verdict.relaxed, text };
  }

  const { plan, interpolation } = planConfig(feasible.rows, spec, gpuCount, gpu.hourlyPriceUsd);
  const caps = capRejections(spec, plan, gpuCount, gpu.hourlyPriceUsd, gpu.currency);
  const tokens = spec.promptTokens + spec.outputTokens;
  const memory = checkConfigMemory(model, gpu, gpuCount, tokens, plan, spec.gpuMemoryUtilization);
  if (memory && 'fit' in memory && !memory.fit.fits) {
    const { fit: memoryFit, facts } = memory;
    caps.unshift(['DOES_NOT_FIT_MEMORY', () => describeMemoryFit(memoryFit, facts)]);
  }
  const fit = cluster ? clusterFit(cluster.get(gpu.type), gpu.type, gpuCount, plan.replicas) : null;
  const notFree = fit ? clusterRejection(fit, plan.replicas, gpuCount) : null;
  if (notFree) caps.push(notFree);
  if (caps.length > 0) {
    if (!nearMiss) return { kind: 'REJECTED', reasons: caps, source, estimated };
    const missText = nearMiss.text;
    const text = () =>
      `${missText()}; a near miss, but even with the target relaxed it ${caps.map(([, r]) => r()).join('; ')}`;
    return { kind: 'REJECTED', reasons: [['SLO_NOT_MET', text]], source, estimated };
  }

  const used = rowsUsed(plan, interpolation);
  const estimatedFrom = estimated
    ? {
        benchmarkIds: uniqueSorted(used.flatMap((r) => r.estimatedFrom?.benchmarkIds ?? [])),
        profiles: dedupeProfiles(used.flatMap((r) => r.estimatedFrom?.profiles ?? [])),
        roofline: used.find((r) => r.estimatedFrom?.roofline)?.estimatedFrom?.roofline,
      }
    : null;
  const margins = sloMargins(targets, plan.predicted);
  const explain = () =>
    explainRecommendation({
      hfRepo: model.hfRepo,
      gpuType: gpu.type,
      gpuCount,
      hourlyPriceUsd: gpu.hourlyPriceUsd,
      currency: gpu.currency ?? 'USD',
      priceSource: gpu.priceSource ?? null,
      profile: { promptTokens: spec.promptTokens, outputTokens: spec.outputTokens },
      source,
      outranked: selection.outranked,
      estimatedFrom,
      rowCount: selection.rowCount,
      feasibleCount: feasible.count,
      peakRps: spec.requestsPerSecond,
      headroomPercent: spec.headroomPercent,
      targets,
      plan,
      interpolation,
      usedRows: used,
      margins,
      nearMiss,
      cluster: fit,
      memory: memory ? describeMemoryCheck(memory) : null,
    });
  const candidate: Candidate = {
    modelId,
    gpuId,
    gpuCount,
    hfRepo: model.hfRepo,
    gpuType: gpu.type,
    monthlyCostUsd: plan.monthlyCostUsd,
    predictedE2eP95Ms: plan.predicted.e2eP95Ms,
    qualityScore: model.qualityScore,
    plan,
    source,
    currency: gpu.currency ?? 'USD',
    priceSource: gpu.priceSource ?? null,
    benchmarkIdsUsed: estimatedFrom
      ? estimatedFrom.benchmarkIds
      : uniqueSorted(used.map((r) => r.benchmarkId)),
    margins,
    explain,
    estimated,
    evidence: {
      profile: { promptTokens: spec.promptTokens, outputTokens: spec.outputTokens },
      rowCount: selection.rowCount,
      feasibleRowCount: feasible.count,
      outranked: selection.outranked,
      estimatedFromProfiles: estimatedFrom?.profiles ?? [],
      roofline: estimatedFrom?.roofline !== undefined,
    },
  };
  if (fit) candidate.cluster = fit;
  if (!nearMiss) return { kind: 'RECOMMENDED', candidate };
  candidate.nearMiss = nearMiss.info;
  return { kind: 'NEAR_MISS', candidate };
}
