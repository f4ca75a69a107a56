/** Constraint checks (docs/recommendations.md, the rule, steps 0 and 5, and the spec's model/GPU filters), as [code, reason] pairs in check order. */
import { describeClusterFit, describeCost, money, num } from './explain.js';
import type {
  ClusterFit,
  ClusterGpuCapacity,
  ConfigPlan,
  GpuInfo,
  ModelInfo,
  RecommendSpec,
  RejectionCode,
} from '../types.js';

/**
 * The reason's text is built on demand: most configs of a large profile are rejected, and formatting
 * their numbers was most of the rule's time; a client reads a page of `rejected` at most.
 */
export type Rejection = [RejectionCode, () => string];

/** Case-insensitive match on the GPU type or any alias; an empty allow-list allows all. */
export function gpuAllowed(gpu: GpuInfo, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const names = [gpu.type, ...(gpu.aliases ?? [])].map((n) => n.toLowerCase());
  return allowed.some((a) => names.includes(a.toLowerCase()));
}

/** Case-insensitive match on the GPU type or any alias against a deny-list. */
export function gpuExcluded(gpu: GpuInfo, excluded: readonly string[]): boolean {
  return excluded.length > 0 && gpuAllowed(gpu, excluded);
}

/** GPU type allow-list and deny-list, approval, minimum quality: checked before any rows are looked at. */
export function constraintRejections(spec: RecommendSpec, model: ModelInfo, gpu: GpuInfo): Rejection[] {
  const out: Rejection[] = [];
  const unpriced = gpu.unpriced;
  if (unpriced) out.push(['NO_PRICE', () => unpriced]);
  if (!gpuAllowed(gpu, spec.gpuTypes)) {
    out.push([
      'GPU_TYPE_EXCLUDED',
      () => `GPU type ${gpu.type} is not in the allowed types (${spec.gpuTypes.join(', ')})`,
    ]);
  } else if (gpuExcluded(gpu, spec.excludedGpuTypes ?? [])) {
    out.push([
      'GPU_TYPE_EXCLUDED',
      () => `GPU type ${gpu.type} is excluded (${(spec.excludedGpuTypes ?? []).join(', ')})`,
    ]);
  }
  if (spec.approvedOnly && !model.approved) {
    out.push(['NOT_APPROVED', () => 'model is not approved for production (approved models only)']);
  }
  const minQuality = spec.minQualityScore;
  if (minQuality !== null && model.qualityScore < minQuality) {
    out.push([
      'BELOW_MIN_QUALITY',
      () => `model quality ${num(model.qualityScore)} < minimum ${num(minQuality)}`,
    ]);
  }
  return out;
}

/** GPU cap, then budget, on the planned config. */
export function capRejections(
  spec: RecommendSpec,
  plan: ConfigPlan,
  gpuCount: number,
  price: number,
  currency = 'USD',
): Rejection[] {
  const out: Rejection[] = [];
  const { maxGpus, maxMonthlyCostUsd: budget } = spec;
  if (maxGpus !== null && plan.totalGpus > maxGpus) {
    out.push([
      'OVER_GPU_CAP',
      () =>
        `needs ${plan.totalGpus} GPUs (${plan.replicas} replica${plan.replicas === 1 ? '' : 's'} × ${gpuCount}) > max ${maxGpus} GPUs`,
    ]);
  }
  if (budget !== null && plan.monthlyCostUsd > budget) {
    out.push([
      'OVER_BUDGET',
      () =>
        `costs ${money(plan.monthlyCostUsd, currency)}/month (${describeCost(plan.replicas, gpuCount, price, plan.monthlyCostUsd, currency)}) ` +
        `> budget ${money(budget, currency)}/month`,
    ]);
  }
  return out;
}

/** How many replicas of `gpuCount` GPUs the free GPUs of a type hold, counting node by node. */
export function clusterFit(
  capacity: ClusterGpuCapacity | undefined,
  gpuType: string,
  gpuCount: number,
  replicas: number,
): ClusterFit {
  const free = capacity?.free ?? 0;
  const placeableReplicas = (capacity?.freePerNode ?? []).reduce((n, f) => n + Math.floor(f / gpuCount), 0);
  const fits = placeableReplicas >= replicas;
  return { gpuType, free, placeableReplicas, fits, freeAfter: fits ? free - replicas * gpuCount : free };
}

/** With `fitCluster`: the plan's replicas must fit the free GPUs of its type. */
export function clusterRejection(fit: ClusterFit, replicas: number, gpuCount: number): Rejection | null {
  return fit.fits ? null : ['NOT_ENOUGH_FREE_GPUS', () => describeClusterFit(fit, replicas, gpuCount)];
}
