/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AddModelFromConfigInput = {
  /** The model's Hugging Face config.json, as text. */
  configJson: string;
  contextLength?: number | null | undefined;
  gpuMemoryUtilization?: number | null | undefined;
  /** owner/name; stored lower case. */
  hfRepo: string;
  name?: string | null | undefined;
  /** 0–100 for every use case (default 0: unknown). */
  qualityScore?: number | null | undefined;
  weightFormat?: WeightFormat | null | undefined;
};

/** KSERVE: KServe's scaleMetric/scaleTarget (HPA); KEDA: a ScaledObject on a vLLM Prometheus metric. */
export type AutoscalerKind =
  | 'KEDA'
  | 'KSERVE';

/** KSERVE takes CONCURRENCY, RPS, CPU or MEMORY; KEDA takes NUM_REQUESTS_RUNNING or NUM_REQUESTS_WAITING. */
export type AutoscalingMetric =
  | 'CONCURRENCY'
  | 'CPU'
  | 'MEMORY'
  | 'NUM_REQUESTS_RUNNING'
  | 'NUM_REQUESTS_WAITING'
  | 'RPS';

/** All given fields must match. Model and GPU accept a global id, a repo id / GPU type, or an alias. */
export type BenchmarkFilter = {
  gpuCount?: number | null | undefined;
  gpuId?: string | number | null | undefined;
  gpuType?: string | null | undefined;
  maxConcurrency?: number | null | undefined;
  minConcurrency?: number | null | undefined;
  modelHfRepo?: string | null | undefined;
  modelId?: string | number | null | undefined;
  outputTokens?: number | null | undefined;
  promptTokens?: number | null | undefined;
  runId?: string | number | null | undefined;
  source?: BenchmarkSource | null | undefined;
  trafficProfileId?: string | number | null | undefined;
};

/** Where a benchmark row came from; trust order MEASURED > IMPORTED > SYNTHETIC. */
export type BenchmarkSource =
  | 'IMPORTED'
  | 'MEASURED'
  | 'SYNTHETIC';

/** What a recommendation rests on: MEASURED (Compass runs), IMPORTED (your measurements), CALIBRATED (the synthetic model fitted to measured rows), SYNTHETIC (the model alone), ESTIMATED (a fit for a profile without exact rows). */
export type Confidence =
  | 'CALIBRATED'
  | 'ESTIMATED'
  | 'IMPORTED'
  | 'MEASURED'
  | 'SYNTHETIC';

export type CreateDeploymentInput = {
  autoscaling?: DeploymentAutoscalingInput | null | undefined;
  config?: DeploymentConfigInput | null | undefined;
  description?: string | null | undefined;
  dryRun?: boolean | null | undefined;
  /** Extra labels on every object and pod (at most 16; compass.io/ and serving.kserve.io/ are reserved). */
  labels?: Array<DeploymentLabelInput> | null | undefined;
  maxReplicas?: number | null | undefined;
  mode?: DeploymentMode | null | undefined;
  name: string;
  /** Default: the first allowed namespace (COMPASS_NAMESPACES). */
  namespace?: string | null | undefined;
  outputTokens?: number | null | undefined;
  promptTokens?: number | null | undefined;
  recommendation?: DeploymentRecommendationInput | null | undefined;
  resources?: DeploymentResourcesInput | null | undefined;
  /** Also render a Prometheus Operator ServiceMonitor for the predictor. */
  serviceMonitor?: boolean | null | undefined;
  vllm?: VllmSettingsInput | null | undefined;
};

export type DeploymentAutoscalingInput = {
  kind: AutoscalerKind;
  metric: AutoscalingMetric;
  /** KEDA only: http(s), no credentials. */
  prometheusUrl?: string | null | undefined;
  /** KSERVE: a positive integer; KEDA: a positive number. */
  target: number;
};

/** An explicit configuration (model repo and GPU type by name). */
export type DeploymentConfigInput = {
  gpuCount: number;
  gpuType: string;
  maxReplicas?: number | null | undefined;
  minReplicas?: number | null | undefined;
  modelHfRepo: string;
};

export type DeploymentLabelInput = {
  key: string;
  value: string;
};

export type DeploymentMode =
  | 'SIMULATOR'
  | 'VLLM';

export type DeploymentObservationInput = {
  e2eP95Ms?: number | null | undefined;
  /** File sustained observations as MEASURED benchmark rows. */
  feedback?: boolean | null | undefined;
  itlP95Ms?: number | null | undefined;
  /** SLO target; null clears it. */
  ttftP95Ms?: number | null | undefined;
};

export type DeploymentPhase =
  | 'DELETED'
  | 'FAILED'
  | 'PENDING'
  | 'PROGRESSING'
  | 'READY';

/** A recommendation to deploy (its model, GPU, count and replicas). */
export type DeploymentRecommendationInput = {
  gpuCount: number;
  gpuId: string | number;
  modelId: string | number;
  monthlyCostUsd?: number | null | undefined;
  replicas: number;
};

/** CPU and memory per replica. Default: 2 cores / 12 GiB requested per GPU, limits twice that. */
export type DeploymentResourcesInput = {
  cpuLimitMillis: number;
  cpuRequestMillis: number;
  memoryLimitMi: number;
  memoryRequestMi: number;
};

export type DeploymentSpecInput = {
  approvedOnly?: boolean | null | undefined;
  domains?: Array<string> | null | undefined;
  /** GPU types or aliases never to use (GPU_TYPE_EXCLUDED); wins over gpuTypes. Empty = none. */
  excludedGpuTypes?: Array<string> | null | undefined;
  /** Keep only plans whose replicas fit the free GPUs of the configured cluster (see clusterInventory); the rest are NOT_ENOUGH_FREE_GPUS. */
  fitCluster?: boolean | null | undefined;
  /** vLLM --gpu-memory-utilization the memory check holds every plan to (0 < x ≤ 1, default 0.9); the rest are DOES_NOT_FIT_MEMORY. */
  gpuMemoryUtilization?: number | null | undefined;
  /** Allow-list of GPU types or aliases; empty = all. */
  gpuTypes?: Array<string> | null | undefined;
  headroomPercent?: number | null | undefined;
  /** Recommendations to return (1–100, default 10). */
  limit?: number | null | undefined;
  maxGpus?: number | null | undefined;
  maxMonthlyCostUsd?: number | null | undefined;
  minQualityScore?: number | null | undefined;
  outputTokens?: number | null | undefined;
  /** YYYY-MM-DD the price list entries must be effective on (default today, UTC). */
  priceDate?: string | null | undefined;
  /** Plan with this price list's prices (see priceLists) instead of the catalog's. */
  priceList?: string | null | undefined;
  /** Only entries of this pricing model; default the cheapest of any. */
  pricingModel?: PricingModel | null | undefined;
  priority?: Priority | null | undefined;
  promptTokens?: number | null | undefined;
  /** Peak load; or users + requestsPerUserPerMinute. */
  requestsPerSecond?: number | null | undefined;
  /** Default 2 (docs/recommendations.md). */
  requestsPerUserPerMinute?: number | null | undefined;
  /** Overrides the template. */
  slo?: SloTargetsInput | null | undefined;
  /** Default all; the most trusted per config wins. */
  sources?: Array<BenchmarkSource> | null | undefined;
  /** Fills the traffic profile and SLOs from the template. */
  useCaseKey?: string | null | undefined;
  /** Users active at the peak. */
  users?: number | null | undefined;
};

/** The record's lifecycle; the cluster's live view is the deploymentStatus subscription. */
export type DeploymentState =
  | 'APPLIED'
  | 'DELETED'
  | 'DELETING'
  | 'FAILED'
  | 'PENDING';

/** DRIFT: observed p95 above the prediction by more than the tolerance at every evaluated instant of the sustain period. */
export type DriftState =
  | 'DRIFT'
  | 'NO_DATA'
  | 'NO_PREDICTION'
  | 'OK';

export type ExperienceClass =
  | 'BATCH'
  | 'CONVERSATIONAL'
  | 'DEFERRED'
  | 'INSTANT'
  | 'INTERACTIVE';

/** Where a spec field's value came from: the words of this turn (STATED), the base spec of a follow-up (CARRIED), or neither (DEFAULT). */
export type IntentFieldSource =
  | 'CARRIED'
  | 'DEFAULT'
  | 'STATED';

/** Which extractor produced a spec: the deterministic rules or an LLM (validated, merged with the rules). */
export type IntentSource =
  | 'LLM'
  | 'RULES';

/** RATE: levels placed by request rate (a sweep with open-loop levels). CONCURRENCY: by workers. */
export type LoadAxis =
  | 'CONCURRENCY'
  | 'RATE';

/** CLOSED: a fixed number of workers, each waits for its reply. OPEN: requests sent at a fixed rate. */
export type LoadLoop =
  | 'CLOSED'
  | 'OPEN';

/** How a price-list entry is billed. */
export type PricingModel =
  | 'ON_DEMAND'
  | 'RESERVED'
  | 'SPOT';

/** How recommendations are ranked (docs/recommendations.md). */
export type Priority =
  | 'ACCURACY'
  | 'BALANCED'
  | 'COST'
  | 'LATENCY';

export type RunPhase =
  | 'CANCELLED'
  | 'COOLDOWN'
  | 'DONE'
  | 'FAILED'
  | 'MEASURING'
  | 'QUEUED'
  | 'WARMUP';

export type RunStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type SloMetric =
  | 'E2E'
  | 'ITL'
  | 'TTFT';

/** p95 targets in ms; any omitted target comes from the use case template. */
export type SloTargetsInput = {
  e2eP95Ms?: number | null | undefined;
  itlP95Ms?: number | null | undefined;
  ttftP95Ms?: number | null | undefined;
};

/** Why a recommendation is not to be trusted as it stands: MODEL_ONLY (synthetic or calibrated rows only), ESTIMATED (no exact benchmark of the profile), THIN_MEASUREMENTS (measured at fewer than 3 load levels). */
export type TrustWarningCode =
  | 'ESTIMATED'
  | 'MODEL_ONLY'
  | 'THIN_MEASUREMENTS';

/** CONTAINER: one predictor container running vLLM; SERVING_RUNTIME: a ServingRuntime + model format vLLM. */
export type VllmPredictorStyle =
  | 'CONTAINER'
  | 'SERVING_RUNTIME';

/** vLLM serving settings; every field left out keeps its default (docs/deployments.md). */
export type VllmSettingsInput = {
  /** auto, half, float16, bfloat16 or float32. */
  dtype?: string | null | undefined;
  /** (0.05, 1]; default 0.9. */
  gpuMemoryUtilization?: number | null | undefined;
  /** A Secret with key `token` holding a Hugging Face token (gated models). */
  hfTokenSecretName?: string | null | undefined;
  image?: string | null | undefined;
  imageTag?: string | null | undefined;
  predictorStyle?: VllmPredictorStyle | null | undefined;
  /** awq, gptq, fp8, bitsandbytes, compressed-tensors or marlin. */
  quantization?: string | null | undefined;
};

/** Weight storage format; overrides what config.json says (torch_dtype, quantization_config). */
export type WeightFormat =
  | 'BF16'
  | 'FP8'
  | 'FP16'
  | 'FP32'
  | 'INT4'
  | 'INT8';

export type DeploymentMetricsSubscriptionVariables = Exact<{
  deploymentId: string | number;
  window?: number | null | undefined;
}>;


export type DeploymentMetricsSubscription = { deploymentMetrics: { deploymentId: string, windowSeconds: number, stepSeconds: number, rateWindowSeconds: number, updatedAt: string, predictionBasis: string, feedback: boolean, scrapeErrors: Array<string>, points: Array<{ at: string, pods: number, requestsPerSecond: number | null, perReplicaLoad: number | null, running: number | null, waiting: number | null, kvCacheMean: number | null, ttft: { p95Ms: number | null } | null, itl: { p95Ms: number | null } | null, e2e: { p95Ms: number | null } | null, predicted: { ttftP95Ms: number | null, itlP95Ms: number | null, e2eP95Ms: number | null } | null }>, slo: Array<{ metric: SloMetric, targetMs: number }>, compliance: Array<{ metric: SloMetric, targetMs: number, withinShare: number | null, evaluated: number, burnRate: number | null }>, drift: { state: DriftState, reason: string } } };

export type ConfigureObservationMutationVariables = Exact<{
  deploymentId: string | number;
  input: DeploymentObservationInput;
}>;


export type ConfigureObservationMutation = { configureDeploymentObservation: { deploymentId: string, feedback: boolean, slo: Array<{ metric: SloMetric, targetMs: number }> } };

export type DeploymentsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type DeploymentsQuery = { deployments: { totalCount: number, edges: Array<{ node: { id: string, name: string, namespace: string, mode: DeploymentMode, state: DeploymentState, message: string | null, gpuCount: number, minReplicas: number, maxReplicas: number, createdAt: string, model: { id: string, hfRepo: string } | null, gpu: { id: string, type: string } | null } }> } };

export type CreateDeploymentMutationVariables = Exact<{
  input: CreateDeploymentInput;
}>;


export type CreateDeploymentMutation = { createDeployment: { dryRun: boolean, manifests: string | null, deployment: { id: string, name: string, namespace: string, state: DeploymentState } | null, errors: Array<{ code: string, field: string | null, message: string }> } };

export type DeploymentStatusSubscriptionVariables = Exact<{
  deploymentId: string | number;
}>;


export type DeploymentStatusSubscription = { deploymentStatus: { deploymentId: string, phase: DeploymentPhase, readyReplicas: number, desiredReplicas: number, message: string | null, pods: Array<{ name: string, phase: string, ready: boolean, restarts: number, reason: string | null, message: string | null }> } };

export type TestInferenceMutationVariables = Exact<{
  deploymentId: string | number;
  prompt: string;
  maxTokens?: number | null | undefined;
}>;


export type TestInferenceMutation = { testInference: { text: string, ttftMs: number | null, totalMs: number, outputTokens: number, endpoint: string } };

export type DeleteDeploymentMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteDeploymentMutation = { deleteDeployment: { deployment: { id: string, state: DeploymentState } } };

export type ProfilesAndUseCasesQueryVariables = Exact<{ [key: string]: never; }>;


export type ProfilesAndUseCasesQuery = { trafficProfiles: Array<{ id: string, name: string, description: string, promptTokens: number, outputTokens: number, useCases: Array<{ id: string, key: string, name: string }> }>, useCases: Array<{ id: string, key: string, name: string, description: string, experienceClass: ExperienceClass, rationale: string, slo: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, trafficProfile: { id: string, name: string, promptTokens: number, outputTokens: number } }> };

export type ModelsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type ModelsQuery = { models: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, hfRepo: string, family: string, provider: string, parameterCountB: number, activeParameterCountB: number | null, contextWindow: number, qualityScore: number, approved: boolean, tasks: Array<string>, license: string, quantization: string } }> } };

export type GpusQueryVariables = Exact<{ [key: string]: never; }>;


export type GpusQuery = { gpus: Array<{ id: string, type: string, vendor: string, architecture: string, vramGb: number, fp16Tflops: number, memoryBandwidthGbps: number, hourlyPriceUsd: number, availability: string, prices: Array<{ provider: string, region: string, hourlyUsd: number, effectiveDate: string }> }> };

export type CurveChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type CurveChoicesQuery = { models: { edges: Array<{ node: { id: string, hfRepo: string, name: string } }> }, gpus: Array<{ id: string, type: string }>, trafficProfiles: Array<{ id: string, name: string, promptTokens: number, outputTokens: number }> };

export type BenchmarkCurveQueryVariables = Exact<{
  filter: BenchmarkFilter;
}>;


export type BenchmarkCurveQuery = { benchmarks: { totalCount: number, edges: Array<{ node: { id: string, concurrency: number | null, requestsPerSecond: number, outputTokensPerSecond: number, source: BenchmarkSource, ttft: { p50: number, p95: number }, itl: { p50: number, p95: number }, e2e: { p50: number, p95: number } } }> } };

export type BenchmarkRunsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type BenchmarkRunsQuery = { benchmarkRuns: { totalCount: number, edges: Array<{ node: { id: string, name: string, status: RunStatus, targetModel: string, targetUrl: string, profileKind: string, promptTokens: number, outputTokens: number, completedLevels: number, createdAt: string, finishedAt: string | null, error: string | null, tags: Array<string>, gpuCount: number | null, model: { id: string, hfRepo: string } | null, gpu: { id: string, type: string } | null } }> } };

export type BenchmarkRunQueryVariables = Exact<{
  id: string | number;
}>;


export type BenchmarkRunQuery = { benchmarkRun: { id: string, name: string, targetUrl: string, targetModel: string, profileKind: string, promptTokens: number, outputTokens: number, tags: Array<string>, createdAt: string, gpuCount: number | null, model: { id: string, hfRepo: string } | null, gpu: { id: string, type: string } | null } | null };

export type IngestBenchmarkRunMutationVariables = Exact<{
  runId: string | number;
}>;


export type IngestBenchmarkRunMutation = { ingestBenchmarkRun: { inserted: number, updated: number } };

export type StartBenchmarkRunMutationVariables = Exact<{
  recipeYaml: string;
}>;


export type StartBenchmarkRunMutation = { startBenchmarkRun: { run: { id: string, name: string, status: RunStatus } } };

export type CancelBenchmarkRunMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelBenchmarkRunMutation = { cancelBenchmarkRun: { run: { id: string, status: RunStatus } } };

export type BenchmarkRunProgressSubscriptionVariables = Exact<{
  runId: string | number;
}>;


export type BenchmarkRunProgressSubscription = { benchmarkRunProgress: { runId: string, phase: RunPhase, status: string, level: number | null, levels: number, completedRequests: number, erroredRequests: number, elapsedSeconds: number, currentRps: number | null, ttftP95Ms: number | null, itlP95Ms: number | null, e2eP95Ms: number | null, message: string | null } };

export type SaturationReportQueryVariables = Exact<{
  runId: string | number;
}>;


export type SaturationReportQuery = { saturationReport: { axis: LoadAxis, loadUnit: string, rateUnit: string, notes: Array<string>, levels: Array<{ level: number, label: string, loop: LoadLoop, analyzed: boolean, offeredLoad: number, achievedRps: number, outputTokensPerSecond: number, ttftP95: number, itlP95: number, e2eP95: number, successRate: number }>, knee: { level: number, offeredLoad: number, achievedRps: number } | null, saturationPoint: { level: number, offeredLoad: number, achievedRps: number } | null, maxGoodput: { level: number, offeredLoad: number, achievedRps: number } | null, recommendedRange: { minLoad: number, maxLoad: number } | null, plots: Array<{ name: string, svg: string }> } };

export type CompareRunsQueryVariables = Exact<{
  baselineId: string | number;
  currentId: string | number;
}>;


export type CompareRunsQuery = { compareRuns: { result: string, notes: Array<string>, baseline: { id: string, name: string }, current: { id: string, name: string }, rows: Array<{ metric: string, unit: string, baseline: number, current: number, delta: number, changePercent: number, status: string, threshold: number, significant: boolean, pValue: number | null }> } };

export type SpecFieldsFragment = { promptTokens: number, outputTokens: number, exactProfile: boolean, experienceClass: ExperienceClass, requestsPerSecond: number, users: number | null, requestsPerUserPerMinute: number | null, headroomPercent: number, loadDerivation: string, priority: Priority, gpuTypes: Array<string>, excludedGpuTypes: Array<string>, maxGpus: number | null, maxMonthlyCostUsd: number | null, approvedOnly: boolean, minQualityScore: number | null, domains: Array<string>, notes: Array<string>, source: IntentSource, useCase: { key: string, name: string } | null, trafficProfile: { name: string, promptTokens: number, outputTokens: number }, slo: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number } };

export type PlanCatalogQueryVariables = Exact<{ [key: string]: never; }>;


export type PlanCatalogQuery = { useCases: Array<{ id: string, key: string, name: string, experienceClass: ExperienceClass, slo: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, trafficProfile: { id: string, name: string, promptTokens: number, outputTokens: number } }>, gpus: Array<{ id: string, type: string, vramGb: number, hourlyPriceUsd: number }> };

export type ExtractIntentMutationVariables = Exact<{
  text: string;
  base?: DeploymentSpecInput | null | undefined;
}>;


export type ExtractIntentMutation = { extractIntent: { changed: Array<string>, promptTokens: number, outputTokens: number, exactProfile: boolean, experienceClass: ExperienceClass, requestsPerSecond: number, users: number | null, requestsPerUserPerMinute: number | null, headroomPercent: number, loadDerivation: string, priority: Priority, gpuTypes: Array<string>, excludedGpuTypes: Array<string>, maxGpus: number | null, maxMonthlyCostUsd: number | null, approvedOnly: boolean, minQualityScore: number | null, domains: Array<string>, notes: Array<string>, source: IntentSource, fields: Array<{ name: string, source: IntentFieldSource, evidence: Array<{ text: string, start: number, end: number }> }>, useCase: { key: string, name: string } | null, trafficProfile: { name: string, promptTokens: number, outputTokens: number }, slo: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number } } };

export type RecommendationFieldsFragment = { rank: number, gpuCount: number, replicas: number, totalGpus: number, monthlyCostUsd: number, currency: string, priceSource: string | null, perReplicaCapacityRps: number, perReplicaLoadRps: number, score: number | null, source: BenchmarkSource, estimated: boolean, confidence: Confidence, explanation: string, model: { id: string, hfRepo: string, name: string, qualityScore: number, approved: boolean }, gpu: { id: string, type: string }, predicted: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, sloMargins: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, evidence: { rowCount: number, feasibleRowCount: number, outranked: Array<BenchmarkSource>, restsOnMeasurement: boolean }, trustWarning: { code: TrustWarningCode, message: string } | null, nearMiss: { metric: string, gapPercent: number } | null, benchmarksUsed: Array<{ id: string, concurrency: number | null, requestsPerSecond: number, source: BenchmarkSource, ttft: { p95: number }, itl: { p95: number }, e2e: { p95: number } }> };

export type RecommendQueryVariables = Exact<{
  spec: DeploymentSpecInput;
}>;


export type RecommendQuery = { recommend: { estimated: boolean, explanation: string, rejectedCount: number, spec: { promptTokens: number, outputTokens: number, exactProfile: boolean, experienceClass: ExperienceClass, requestsPerSecond: number, users: number | null, requestsPerUserPerMinute: number | null, headroomPercent: number, loadDerivation: string, priority: Priority, gpuTypes: Array<string>, excludedGpuTypes: Array<string>, maxGpus: number | null, maxMonthlyCostUsd: number | null, approvedOnly: boolean, minQualityScore: number | null, domains: Array<string>, notes: Array<string>, source: IntentSource, useCase: { key: string, name: string } | null, trafficProfile: { name: string, promptTokens: number, outputTokens: number }, slo: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number } }, recommendations: Array<{ rank: number, gpuCount: number, replicas: number, totalGpus: number, monthlyCostUsd: number, currency: string, priceSource: string | null, perReplicaCapacityRps: number, perReplicaLoadRps: number, score: number | null, source: BenchmarkSource, estimated: boolean, confidence: Confidence, explanation: string, model: { id: string, hfRepo: string, name: string, qualityScore: number, approved: boolean }, gpu: { id: string, type: string }, predicted: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, sloMargins: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, evidence: { rowCount: number, feasibleRowCount: number, outranked: Array<BenchmarkSource>, restsOnMeasurement: boolean }, trustWarning: { code: TrustWarningCode, message: string } | null, nearMiss: { metric: string, gapPercent: number } | null, benchmarksUsed: Array<{ id: string, concurrency: number | null, requestsPerSecond: number, source: BenchmarkSource, ttft: { p95: number }, itl: { p95: number }, e2e: { p95: number } }> }>, nearMisses: Array<{ rank: number, gpuCount: number, replicas: number, totalGpus: number, monthlyCostUsd: number, currency: string, priceSource: string | null, perReplicaCapacityRps: number, perReplicaLoadRps: number, score: number | null, source: BenchmarkSource, estimated: boolean, confidence: Confidence, explanation: string, model: { id: string, hfRepo: string, name: string, qualityScore: number, approved: boolean }, gpu: { id: string, type: string }, predicted: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, sloMargins: { ttftP95Ms: number, itlP95Ms: number, e2eP95Ms: number }, evidence: { rowCount: number, feasibleRowCount: number, outranked: Array<BenchmarkSource>, restsOnMeasurement: boolean }, trustWarning: { code: TrustWarningCode, message: string } | null, nearMiss: { metric: string, gapPercent: number } | null, benchmarksUsed: Array<{ id: string, concurrency: number | null, requestsPerSecond: number, source: BenchmarkSource, ttft: { p95: number }, itl: { p95: number }, e2e: { p95: number } }> }>, rejected: Array<{ code: string, reason: string, gpuCount: number, model: { id: string, hfRepo: string }, gpu: { id: string, type: string } }> } };

export type PlanOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type PlanOptionsQuery = { clusterInventory: { connected: boolean, message: string | null, gpuTypes: Array<{ gpuType: string, free: number, allocatable: number, nodes: number }> }, priceLists: Array<{ name: string, currency: string, description: string }> };

export type AddModelFromConfigMutationVariables = Exact<{
  input: AddModelFromConfigInput;
}>;


export type AddModelFromConfigMutation = { addModelFromConfig: { model: { id: string, hfRepo: string, name: string }, sizing: { parameterCount: number, weightsGb: number, weightFormat: string, kvCacheBytesPerToken: number, contextLength: number, notes: Array<string> } } };

export const SpecFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeploymentSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"useCase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trafficProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"exactProfile"}},{"kind":"Field","name":{"kind":"Name","value":"slo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"experienceClass"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"users"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerUserPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"headroomPercent"}},{"kind":"Field","name":{"kind":"Name","value":"loadDerivation"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"gpuTypes"}},{"kind":"Field","name":{"kind":"Name","value":"excludedGpuTypes"}},{"kind":"Field","name":{"kind":"Name","value":"maxGpus"}},{"kind":"Field","name":{"kind":"Name","value":"maxMonthlyCostUsd"}},{"kind":"Field","name":{"kind":"Name","value":"approvedOnly"}},{"kind":"Field","name":{"kind":"Name","value":"minQualityScore"}},{"kind":"Field","name":{"kind":"Name","value":"domains"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<SpecFieldsFragment, unknown>;
export const RecommendationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RecommendationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Recommendation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"qualityScore"}},{"kind":"Field","name":{"kind":"Name","value":"approved"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpu"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"replicas"}},{"kind":"Field","name":{"kind":"Name","value":"totalGpus"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCostUsd"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"priceSource"}},{"kind":"Field","name":{"kind":"Name","value":"perReplicaCapacityRps"}},{"kind":"Field","name":{"kind":"Name","value":"perReplicaLoadRps"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sloMargins"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"estimated"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"feasibleRowCount"}},{"kind":"Field","name":{"kind":"Name","value":"outranked"}},{"kind":"Field","name":{"kind":"Name","value":"restsOnMeasurement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trustWarning"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nearMiss"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"gapPercent"}}]}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}},{"kind":"Field","name":{"kind":"Name","value":"benchmarksUsed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"concurrency"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"ttft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"itl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"e2e"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}}]}}]}}]} as unknown as DocumentNode<RecommendationFieldsFragment, unknown>;
export const DeploymentMetricsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DeploymentMetrics"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"window"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"deploymentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"window"},"value":{"kind":"Variable","name":{"kind":"Name","value":"window"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentId"}},{"kind":"Field","name":{"kind":"Name","value":"windowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"stepSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"rateWindowSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"points"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"pods"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"perReplicaLoad"}},{"kind":"Field","name":{"kind":"Name","value":"running"}},{"kind":"Field","name":{"kind":"Name","value":"waiting"}},{"kind":"Field","name":{"kind":"Name","value":"kvCacheMean"}},{"kind":"Field","name":{"kind":"Name","value":"ttft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"itl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"e2e"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predicted"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"slo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"targetMs"}}]}},{"kind":"Field","name":{"kind":"Name","value":"compliance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"targetMs"}},{"kind":"Field","name":{"kind":"Name","value":"withinShare"}},{"kind":"Field","name":{"kind":"Name","value":"evaluated"}},{"kind":"Field","name":{"kind":"Name","value":"burnRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"drift"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"predictionBasis"}},{"kind":"Field","name":{"kind":"Name","value":"feedback"}},{"kind":"Field","name":{"kind":"Name","value":"scrapeErrors"}}]}}]}}]} as unknown as DocumentNode<DeploymentMetricsSubscription, DeploymentMetricsSubscriptionVariables>;
export const ConfigureObservationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConfigureObservation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeploymentObservationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"configureDeploymentObservation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"deploymentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentId"}},{"kind":"Field","name":{"kind":"Name","value":"feedback"}},{"kind":"Field","name":{"kind":"Name","value":"slo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"targetMs"}}]}}]}}]}}]} as unknown as DocumentNode<ConfigureObservationMutation, ConfigureObservationMutationVariables>;
export const DeploymentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Deployments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"minReplicas"}},{"kind":"Field","name":{"kind":"Name","value":"maxReplicas"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpu"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<DeploymentsQuery, DeploymentsQueryVariables>;
export const CreateDeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateDeployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateDeploymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"namespace"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dryRun"}},{"kind":"Field","name":{"kind":"Name","value":"manifests"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<CreateDeploymentMutation, CreateDeploymentMutationVariables>;
export const DeploymentStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"DeploymentStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"deploymentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentId"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"readyReplicas"}},{"kind":"Field","name":{"kind":"Name","value":"desiredReplicas"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"pods"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"ready"}},{"kind":"Field","name":{"kind":"Name","value":"restarts"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<DeploymentStatusSubscription, DeploymentStatusSubscriptionVariables>;
export const TestInferenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestInference"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"prompt"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxTokens"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testInference"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"deploymentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"deploymentId"}}},{"kind":"Argument","name":{"kind":"Name","value":"prompt"},"value":{"kind":"Variable","name":{"kind":"Name","value":"prompt"}}},{"kind":"Argument","name":{"kind":"Name","value":"maxTokens"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxTokens"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"ttftMs"}},{"kind":"Field","name":{"kind":"Name","value":"totalMs"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}}]}}]}}]} as unknown as DocumentNode<TestInferenceMutation, TestInferenceMutationVariables>;
export const DeleteDeploymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteDeployment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteDeployment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deployment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]}}]} as unknown as DocumentNode<DeleteDeploymentMutation, DeleteDeploymentMutationVariables>;
export const ProfilesAndUseCasesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProfilesAndUseCases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"trafficProfiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"useCases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"useCases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"experienceClass"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"slo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trafficProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}}]}}]}}]}}]} as unknown as DocumentNode<ProfilesAndUseCasesQuery, ProfilesAndUseCasesQueryVariables>;
export const ModelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Models"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"models"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}},{"kind":"Field","name":{"kind":"Name","value":"family"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"parameterCountB"}},{"kind":"Field","name":{"kind":"Name","value":"activeParameterCountB"}},{"kind":"Field","name":{"kind":"Name","value":"contextWindow"}},{"kind":"Field","name":{"kind":"Name","value":"qualityScore"}},{"kind":"Field","name":{"kind":"Name","value":"approved"}},{"kind":"Field","name":{"kind":"Name","value":"tasks"}},{"kind":"Field","name":{"kind":"Name","value":"license"}},{"kind":"Field","name":{"kind":"Name","value":"quantization"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ModelsQuery, ModelsQueryVariables>;
export const GpusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Gpus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gpus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"vendor"}},{"kind":"Field","name":{"kind":"Name","value":"architecture"}},{"kind":"Field","name":{"kind":"Name","value":"vramGb"}},{"kind":"Field","name":{"kind":"Name","value":"fp16Tflops"}},{"kind":"Field","name":{"kind":"Name","value":"memoryBandwidthGbps"}},{"kind":"Field","name":{"kind":"Name","value":"hourlyPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"availability"}},{"kind":"Field","name":{"kind":"Name","value":"prices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"hourlyUsd"}},{"kind":"Field","name":{"kind":"Name","value":"effectiveDate"}}]}}]}}]}}]} as unknown as DocumentNode<GpusQuery, GpusQueryVariables>;
export const CurveChoicesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CurveChoices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"models"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trafficProfiles"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}}]}}]}}]} as unknown as DocumentNode<CurveChoicesQuery, CurveChoicesQueryVariables>;
export const BenchmarkCurveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BenchmarkCurve"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BenchmarkFilter"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"benchmarks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"concurrency"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokensPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"ttft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"itl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"e2e"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p50"}},{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BenchmarkCurveQuery, BenchmarkCurveQueryVariables>;
export const BenchmarkRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BenchmarkRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"benchmarkRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"targetModel"}},{"kind":"Field","name":{"kind":"Name","value":"targetUrl"}},{"kind":"Field","name":{"kind":"Name","value":"profileKind"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"completedLevels"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpu"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BenchmarkRunsQuery, BenchmarkRunsQueryVariables>;
export const BenchmarkRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BenchmarkRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"benchmarkRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"targetUrl"}},{"kind":"Field","name":{"kind":"Name","value":"targetModel"}},{"kind":"Field","name":{"kind":"Name","value":"profileKind"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"tags"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpu"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]} as unknown as DocumentNode<BenchmarkRunQuery, BenchmarkRunQueryVariables>;
export const IngestBenchmarkRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"IngestBenchmarkRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ingestBenchmarkRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inserted"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]}}]} as unknown as DocumentNode<IngestBenchmarkRunMutation, IngestBenchmarkRunMutationVariables>;
export const StartBenchmarkRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartBenchmarkRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"recipeYaml"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startBenchmarkRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"recipeYaml"},"value":{"kind":"Variable","name":{"kind":"Name","value":"recipeYaml"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<StartBenchmarkRunMutation, StartBenchmarkRunMutationVariables>;
export const CancelBenchmarkRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelBenchmarkRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelBenchmarkRun"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<CancelBenchmarkRunMutation, CancelBenchmarkRunMutationVariables>;
export const BenchmarkRunProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"BenchmarkRunProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"benchmarkRunProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runId"}},{"kind":"Field","name":{"kind":"Name","value":"phase"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"levels"}},{"kind":"Field","name":{"kind":"Name","value":"completedRequests"}},{"kind":"Field","name":{"kind":"Name","value":"erroredRequests"}},{"kind":"Field","name":{"kind":"Name","value":"elapsedSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"currentRps"}},{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<BenchmarkRunProgressSubscription, BenchmarkRunProgressSubscriptionVariables>;
export const SaturationReportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SaturationReport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"runId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saturationReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"runId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"runId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"axis"}},{"kind":"Field","name":{"kind":"Name","value":"loadUnit"}},{"kind":"Field","name":{"kind":"Name","value":"rateUnit"}},{"kind":"Field","name":{"kind":"Name","value":"levels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"loop"}},{"kind":"Field","name":{"kind":"Name","value":"analyzed"}},{"kind":"Field","name":{"kind":"Name","value":"offeredLoad"}},{"kind":"Field","name":{"kind":"Name","value":"achievedRps"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokensPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"ttftP95"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95"}},{"kind":"Field","name":{"kind":"Name","value":"successRate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"knee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"offeredLoad"}},{"kind":"Field","name":{"kind":"Name","value":"achievedRps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"saturationPoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"offeredLoad"}},{"kind":"Field","name":{"kind":"Name","value":"achievedRps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"maxGoodput"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"offeredLoad"}},{"kind":"Field","name":{"kind":"Name","value":"achievedRps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendedRange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"minLoad"}},{"kind":"Field","name":{"kind":"Name","value":"maxLoad"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"plots"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"svg"}}]}}]}}]}}]} as unknown as DocumentNode<SaturationReportQuery, SaturationReportQueryVariables>;
export const CompareRunsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CompareRuns"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"baselineId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"compareRuns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"baselineId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"baselineId"}}},{"kind":"Argument","name":{"kind":"Name","value":"currentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"result"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"baseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"baseline"}},{"kind":"Field","name":{"kind":"Name","value":"current"}},{"kind":"Field","name":{"kind":"Name","value":"delta"}},{"kind":"Field","name":{"kind":"Name","value":"changePercent"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"significant"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}}]}}]}}]}}]} as unknown as DocumentNode<CompareRunsQuery, CompareRunsQueryVariables>;
export const PlanCatalogDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlanCatalog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"useCases"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"experienceClass"}},{"kind":"Field","name":{"kind":"Name","value":"slo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trafficProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"vramGb"}},{"kind":"Field","name":{"kind":"Name","value":"hourlyPriceUsd"}}]}}]}}]} as unknown as DocumentNode<PlanCatalogQuery, PlanCatalogQueryVariables>;
export const ExtractIntentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ExtractIntent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"base"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"DeploymentSpecInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"extractIntent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}},{"kind":"Argument","name":{"kind":"Name","value":"base"},"value":{"kind":"Variable","name":{"kind":"Name","value":"base"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SpecFields"}},{"kind":"Field","name":{"kind":"Name","value":"changed"}},{"kind":"Field","name":{"kind":"Name","value":"fields"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeploymentSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"useCase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trafficProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"exactProfile"}},{"kind":"Field","name":{"kind":"Name","value":"slo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"experienceClass"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"users"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerUserPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"headroomPercent"}},{"kind":"Field","name":{"kind":"Name","value":"loadDerivation"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"gpuTypes"}},{"kind":"Field","name":{"kind":"Name","value":"excludedGpuTypes"}},{"kind":"Field","name":{"kind":"Name","value":"maxGpus"}},{"kind":"Field","name":{"kind":"Name","value":"maxMonthlyCostUsd"}},{"kind":"Field","name":{"kind":"Name","value":"approvedOnly"}},{"kind":"Field","name":{"kind":"Name","value":"minQualityScore"}},{"kind":"Field","name":{"kind":"Name","value":"domains"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}}]} as unknown as DocumentNode<ExtractIntentMutation, ExtractIntentMutationVariables>;
export const RecommendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Recommend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"spec"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeploymentSpecInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recommend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"spec"},"value":{"kind":"Variable","name":{"kind":"Name","value":"spec"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"estimated"}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}},{"kind":"Field","name":{"kind":"Name","value":"rejectedCount"}},{"kind":"Field","name":{"kind":"Name","value":"spec"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SpecFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RecommendationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nearMisses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"RecommendationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rejected"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpu"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DeploymentSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"useCase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trafficProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}}]}},{"kind":"Field","name":{"kind":"Name","value":"promptTokens"}},{"kind":"Field","name":{"kind":"Name","value":"outputTokens"}},{"kind":"Field","name":{"kind":"Name","value":"exactProfile"}},{"kind":"Field","name":{"kind":"Name","value":"slo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"experienceClass"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"users"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerUserPerMinute"}},{"kind":"Field","name":{"kind":"Name","value":"headroomPercent"}},{"kind":"Field","name":{"kind":"Name","value":"loadDerivation"}},{"kind":"Field","name":{"kind":"Name","value":"priority"}},{"kind":"Field","name":{"kind":"Name","value":"gpuTypes"}},{"kind":"Field","name":{"kind":"Name","value":"excludedGpuTypes"}},{"kind":"Field","name":{"kind":"Name","value":"maxGpus"}},{"kind":"Field","name":{"kind":"Name","value":"maxMonthlyCostUsd"}},{"kind":"Field","name":{"kind":"Name","value":"approvedOnly"}},{"kind":"Field","name":{"kind":"Name","value":"minQualityScore"}},{"kind":"Field","name":{"kind":"Name","value":"domains"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"source"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"RecommendationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Recommendation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"qualityScore"}},{"kind":"Field","name":{"kind":"Name","value":"approved"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpu"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"gpuCount"}},{"kind":"Field","name":{"kind":"Name","value":"replicas"}},{"kind":"Field","name":{"kind":"Name","value":"totalGpus"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCostUsd"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"priceSource"}},{"kind":"Field","name":{"kind":"Name","value":"perReplicaCapacityRps"}},{"kind":"Field","name":{"kind":"Name","value":"perReplicaLoadRps"}},{"kind":"Field","name":{"kind":"Name","value":"predicted"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sloMargins"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ttftP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"itlP95Ms"}},{"kind":"Field","name":{"kind":"Name","value":"e2eP95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"estimated"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rowCount"}},{"kind":"Field","name":{"kind":"Name","value":"feasibleRowCount"}},{"kind":"Field","name":{"kind":"Name","value":"outranked"}},{"kind":"Field","name":{"kind":"Name","value":"restsOnMeasurement"}}]}},{"kind":"Field","name":{"kind":"Name","value":"trustWarning"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nearMiss"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"gapPercent"}}]}},{"kind":"Field","name":{"kind":"Name","value":"explanation"}},{"kind":"Field","name":{"kind":"Name","value":"benchmarksUsed"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"concurrency"}},{"kind":"Field","name":{"kind":"Name","value":"requestsPerSecond"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"ttft"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"itl"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}},{"kind":"Field","name":{"kind":"Name","value":"e2e"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"p95"}}]}}]}}]}}]} as unknown as DocumentNode<RecommendQuery, RecommendQueryVariables>;
export const PlanOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlanOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clusterInventory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connected"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"gpuTypes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"gpuType"}},{"kind":"Field","name":{"kind":"Name","value":"free"}},{"kind":"Field","name":{"kind":"Name","value":"allocatable"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"priceLists"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]} as unknown as DocumentNode<PlanOptionsQuery, PlanOptionsQueryVariables>;
export const AddModelFromConfigDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddModelFromConfig"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddModelFromConfigInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addModelFromConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hfRepo"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sizing"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"parameterCount"}},{"kind":"Field","name":{"kind":"Name","value":"weightsGb"}},{"kind":"Field","name":{"kind":"Name","value":"weightFormat"}},{"kind":"Field","name":{"kind":"Name","value":"kvCacheBytesPerToken"}},{"kind":"Field","name":{"kind":"Name","value":"contextLength"}},{"kind":"Field","name":{"kind":"Name","value":"notes"}}]}}]}}]}}]} as unknown as DocumentNode<AddModelFromConfigMutation, AddModelFromConfigMutationVariables>;