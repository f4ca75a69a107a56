/** Input and output types of the recommendation engine's pure core (docs/recommendations.md). No I/O here. */

export type { Priority, BenchmarkSourceKey } from '../../kernel/enums.js';
import type { Priority, BenchmarkSourceKey } from '../../kernel/enums.js';
export type SloMetric = 'TTFT' | 'ITL' | 'E2E';

/** Most trusted first: when a config has rows from several sources only the first present counts. */
export const SOURCE_TRUST_ORDER: readonly BenchmarkSourceKey[] = ['MEASURED', 'IMPORTED', 'SYNTHETIC'];

export interface SloTargets {
  ttftP95Ms: number;
  itlP95Ms: number;
  e2eP95Ms: number;
}

export interface TokenProfile {
  promptTokens: number;
  outputTokens: number;
}

/** Where an estimated row came from (see estimate.ts). */
export interface EstimateProvenance {
  /** The real benchmark rows (other traffic profiles) the fit used. */
  benchmarkIds: number[];
  /** The traffic profiles those rows belong to. */
  profiles: TokenProfile[];
  /** Set for a model added from config.json: the rows come from the performance model, not from data. */
  roofline?: string;
}

/** One load level of one (model, GPU, GPU count) config, for the spec's traffic profile. */
export interface CandidateRow {
  /** Real benchmark id; estimated rows carry a negative placeholder (their sources are in `estimatedFrom`). */
  benchmarkId: number;
  modelId: number;
  gpuId: number;
  gpuCount: number;
  source: BenchmarkSourceKey;
  concurrency: number | null;
  requestsPerSecond: number;
  ttftP95: number;
  itlP95: number;
  e2eP95: number;
  /** True for rows produced by estimate.ts; a config's estimated rows are ignored when it has exact rows. */
  estimated?: boolean;
  estimatedFrom?: EstimateProvenance;
}

export interface ModelInfo {
  id: number;
  hfRepo: string;
  /** Quality for the spec's use case, 0..100. */
  qualityScore: number;
  approved: boolean;
  /** What the memory check needs (memory-fit.ts); absent or `unknown`: the check is skipped, and said so. */
  memory?: ModelMemory;
}

/** The architecture facts of the memory check. GB = 10^9 bytes. */
export interface MemoryFacts {
  /** All weights of the model (every expert of an MoE is resident). */
  weightsGb: number;
  /** How weightsGb was computed, for the explanation ("8 B parameters × 2 bytes"). */
  weightsFrom: string;
  attention: 'GQA' | 'MLA';
  /** Layers holding a full-length KV cache. */
  kvLayers: number;
  kvHeads: number;
  /** Per KV head (MLA: the latent width, kvHeads = 1). */
  headDim: number;
  kvElementBytes: number;
}

export type ModelMemory = { facts: MemoryFacts } | { unknown: string };

export interface GpuInfo {
  id: number;
  type: string;
  /** The hourly price the plan uses: the catalog's (USD), or the spec's price list's, in `currency`. */
  hourlyPriceUsd: number;
  /** ISO 4217 code of the price; absent = USD. Costs are shown as given, never converted. */
  currency?: string;
  /** Where the price comes from, for the explanation (e.g. price list "acme", RESERVED aws us-east-1, from 2026-11-01). */
  priceSource?: string;
  /** With a price list that has no entry for this GPU on the date: why (the config is NO_PRICE). */
  unpriced?: string;
  /** Other names the `gpuTypes` allow-list may use (matched case-insensitively, like `type`). */
  aliases?: string[];
  /** Memory of one GPU (GB); absent: the memory check is skipped. */
  vramGb?: number;
}

export interface RecommendSpec {
  promptTokens: number;
  outputTokens: number;
  slo: SloTargets;
  /** Peak load Q in requests per second (see load.ts for users → req/s). */
  requestsPerSecond: number;
  headroomPercent: number;
  priority: Priority;
  /** Allow-list of GPU types (or aliases); empty = all. */
  gpuTypes: string[];
  /** GPU types (or aliases) never to use; wins over `gpuTypes`. Absent = none. */
  excludedGpuTypes?: string[];
  maxGpus: number | null;
  maxMonthlyCostUsd: number | null;
  approvedOnly: boolean;
  minQualityScore: number | null;
  /** Sources that count; empty = all. */
  sources: BenchmarkSourceKey[];
  /** vLLM --gpu-memory-utilization of the memory check; default SPEC_DEFAULTS (core/spec-input.ts). */
  gpuMemoryUtilization?: number;
  /** Caps recommendations and near misses; values < 1 or non-integers fall back to DEFAULT_LIMIT. */
  limit: number;
}

export interface NearMissInfo {
  /** The worst-missed metric at the lightest load. */
  metric: SloMetric;
  /** How far that metric is over its target at the lightest load, in percent (0 < gap ≤ 20). */
  gapPercent: number;
}

export interface RecommendationOut {
  /** 1..n within its list (recommendations or near misses). */
  rank: number;
  modelId: number;
  gpuId: number;
  gpuCount: number;
  replicas: number;
  totalGpus: number;
  /** In `currency` (USD unless the spec's price list says otherwise). */
  monthlyCostUsd: number;
  currency: string;
  /** The price list entry behind the cost; null for the catalog's list price. */
  priceSource: string | null;
  perReplicaCapacityRps: number;
  perReplicaLoadRps: number;
  /** p95s interpolated at the per-replica load. */
  predicted: SloTargets;
  /** (target − predicted) / target per metric, against the spec's (unrelaxed) targets. */
  sloMargins: SloTargets;
  /** BALANCED only: the weighted score in [0, 1]; null for the other priorities. */
  score: number | null;
  source: BenchmarkSourceKey;
  /** Real benchmark ids behind the numbers (for estimates: the rows the fit used). */
  benchmarkIdsUsed: number[];
  explanation: string;
  estimated: boolean;
  nearMiss?: NearMissInfo;
  /** With `fitCluster`: the free GPUs of the type before and after this plan. */
  cluster?: ClusterFit;
  /** How much lies behind the numbers (docs/recommendations.md "Confidence"). */
  evidence: RecommendationEvidence;
}

/** The rows a recommendation's numbers rest on, counted: what its trust warning is judged from. */
export interface RecommendationEvidence {
  /** The spec's profile the rows match exactly (or, for estimates, were estimated at). */
  profile: TokenProfile;
  /** Rows of the trusted source for this config at the spec's profile (for estimates: the estimated rows). */
  rowCount: number;
  /** Of those, the rows within the targets (for a near miss: the relaxed targets). */
  feasibleRowCount: number;
  /** Allowed sources that also had rows for this config but were outranked. */
  outranked: readonly BenchmarkSourceKey[];
  /** For estimates: the traffic profiles whose rows the fit used (empty for a roofline estimate). */
  estimatedFromProfiles: readonly TokenProfile[];
  /** True for a config.json model planned on the performance model's curve (no data at all). */
  roofline: boolean;
}

/** Free GPUs of one type in the user's cluster (see server/domains/cluster). */
export interface ClusterGpuCapacity {
  free: number;
  /** Free GPUs per schedulable node: a replica's GPUs must share a node. */
  freePerNode: number[];
}

export interface ClusterFit {
  gpuType: string;
  free: number;
  /** Replicas of the config's GPU count that fit on the nodes' free GPUs. */
  placeableReplicas: number;
  fits: boolean;
  freeAfter: number;
}

export type RejectionCode =
  | 'SLO_NOT_MET'
  | 'OVER_BUDGET'
  | 'OVER_GPU_CAP'
  | 'NOT_ENOUGH_FREE_GPUS'
  | 'NO_PRICE'
  | 'DOES_NOT_FIT_MEMORY'
  | 'NOT_APPROVED'
  | 'BELOW_MIN_QUALITY'
  | 'GPU_TYPE_EXCLUDED';

export interface RejectedOut {
  modelId: number;
  gpuId: number;
  gpuCount: number;
  /** Every reason that applies, joined with '; '. */
  reason: string;
  /** The first reason that applies, in the order the rule checks them. */
  code: RejectionCode;
  /** The source whose rows were judged (absent for constraint filters, which look at no rows). */
  source?: BenchmarkSourceKey;
  estimated?: boolean;
}

export interface RecommendOutput {
  recommendations: RecommendationOut[];
  nearMisses: RecommendationOut[];
  rejected: RejectedOut[];
  explanation: string;
}

/** Result of planning one config against a set of targets (capacity.ts + interpolate.ts). */
export interface ConfigPlan {
  capacityRps: number;
  /** The feasible row that sets the capacity (highest req/s; lowest id on ties). */
  capacityRow: CandidateRow;
  replicas: number;
  totalGpus: number;
  monthlyCostUsd: number;
  perReplicaLoadRps: number;
  predicted: SloTargets;
}
