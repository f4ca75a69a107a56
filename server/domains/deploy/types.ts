/** Types of the deployment domain: what a caller asks for, what the templates see, what comes back. */

export type { DeploymentMode } from '../../kernel/enums.js';
import type { DeploymentMode } from '../../kernel/enums.js';
export const GPU_VENDORS = ['NVIDIA', 'AMD'] as const;
export type GpuVendor = (typeof GPU_VENDORS)[number];
export const VLLM_DTYPES = ['auto', 'half', 'float16', 'bfloat16', 'float32'] as const;
export type VllmDtype = (typeof VLLM_DTYPES)[number];
export const VLLM_QUANTIZATIONS = [
  'awq',
  'gptq',
  'fp8',
  'bitsandbytes',
  'compressed-tensors',
  'marlin',
] as const;
export type VllmQuantization = (typeof VLLM_QUANTIZATIONS)[number];
/** CONTAINER: a self-contained custom predictor container; SERVING_RUNTIME: a ServingRuntime + `model.modelFormat: vLLM`. */
export const VLLM_PREDICTOR_STYLES = ['CONTAINER', 'SERVING_RUNTIME'] as const;
export type VllmPredictorStyle = (typeof VLLM_PREDICTOR_STYLES)[number];

/** Tensor-parallel sizes vLLM shards attention heads over; also the benchmark grid of the knowledge base. */
export const ALLOWED_GPU_COUNTS: readonly number[] = [1, 2, 4, 8];
/** Upper bound on replicas: keeps int32 fields sane and a typo from asking for a thousand GPU nodes. */
export const MAX_REPLICAS = 100;
/**
 * An InferenceService name becomes `<name>-predictor` (Deployment, Service: DNS-1035 labels ≤ 63 chars),
 * so the name itself must leave room for the suffix.
 */
export const MAX_DEPLOYMENT_NAME_LENGTH = 53;

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'compass';
export const DEPLOYMENT_ID_LABEL = 'compass.io/deployment-id';

export interface GpuSelection {
  /** Catalog type, e.g. `H100`. */
  type: string;
  /** Value of the node's GPU product label, e.g. `NVIDIA-H100-80GB-HBM3`. */
  nodeSelectorLabel: string;
  vendor: GpuVendor;
}

export interface ModelSelection {
  /** Hugging Face repository id, e.g. `meta-llama/Llama-3.1-8B-Instruct`. */
  hfRepo: string;
  /** Context window in tokens; caps `--max-model-len`. */
  contextWindow: number;
}

export interface TrafficShape {
  promptTokens: number;
  outputTokens: number;
}

export interface ReplicaRange {
  min: number;
  max: number;
}

/** Integers so a value can never carry a unit or text; rendered as `500m` / `2` and `512Mi` / `16Gi`. */
export interface ResourceSpec {
  cpuRequestMillis: number;
  cpuLimitMillis: number;
  memoryRequestMi: number;
  memoryLimitMi: number;
}

export const KSERVE_SCALE_METRICS = ['concurrency', 'rps', 'cpu', 'memory'] as const;
export type KserveScaleMetric = (typeof KSERVE_SCALE_METRICS)[number];
export const KEDA_METRICS = ['num_requests_running', 'num_requests_waiting'] as const;
export type VllmQueueMetric = (typeof KEDA_METRICS)[number];

export type AutoscalingInput =
  /** KServe's own `scaleMetric` / `scaleTarget` (HPA in RawDeployment mode). */
  | { kind: 'KSERVE'; metric: KserveScaleMetric; target: number }
  /** KEDA on a vLLM Prometheus metric (`vllm:<metric>` summed over the deployment's pods). */
  | { kind: 'KEDA'; prometheusUrl: string; metric: VllmQueueMetric; target: number };

/** Autoscaling as a caller writes it, before validation pairs kind and metric (`validate/input-schema.ts`). */
export interface AutoscalingRequest {
  kind: 'KSERVE' | 'KEDA';
  metric: KserveScaleMetric | VllmQueueMetric;
  target: number;
  prometheusUrl?: string | null;
}

export interface VllmSettings {
  image: string;
  imageTag: string;
  /** Fraction of GPU memory vLLM may use, (0, 1]. */
  gpuMemoryUtilization: number;
  dtype: VllmDtype | null;
  quantization: VllmQuantization | null;
  predictorStyle: VllmPredictorStyle;
  /** Secret with key `token` holding a Hugging Face token (gated models); null for none. */
  hfTokenSecretName: string | null;
}

/** The simulator's latency model (see the simulator's docs); usually calibrated from a benchmark. */
export interface SimulatorCalibration {
  prefillMsPerToken: number;
  decodeBaseMs: number;
  decodeMsPerSeq: number;
  maxNumSeqs: number | null;
}

export interface SimulatorSettings {
  image: string;
  imageTag: string;
  calibration: SimulatorCalibration;
}

/** What a caller (the GraphQL layer) asks for. Optional parts get documented defaults (see defaults.ts). */
export interface DeploymentInput {
  /** Compass's own id of the deployment record; becomes the `compass.io/deployment-id` label value. */
  deploymentId: string;
  /** InferenceService name: RFC 1123 label starting with a letter, ≤ 53 chars. */
  name: string;
  namespace: string;
  mode: DeploymentMode;
  model: ModelSelection;
  traffic: TrafficShape;
  /** Scheduling target in VLLM mode; recorded as annotations only in SIMULATOR mode. */
  gpu: GpuSelection;
  gpuCount: number;
  replicas: ReplicaRange;
  resources?: ResourceSpec;
  autoscaling?: AutoscalingInput | AutoscalingRequest | null;
  vllm?: Partial<VllmSettings>;
  /** Required in SIMULATOR mode (the calibration); image/tag default. */
  simulator?: Partial<Omit<SimulatorSettings, 'calibration'>> & { calibration: SimulatorCalibration };
  serviceMonitor?: boolean;
  /** Free text shown in the UI; stored as the `compass.io/description` annotation. */
  description?: string | null;
  /** Extra labels for every object and pod (not in the reserved `compass.io/`, `serving.kserve.io/` prefixes). */
  extraLabels?: Record<string, string>;
}

/** The optional serving knobs a deployment request may set; each is validated with the manifests. */
export type DeploymentKnobs = Pick<
  DeploymentInput,
  'resources' | 'autoscaling' | 'vllm' | 'serviceMonitor' | 'extraLabels'
>;

/** The input after validation with every default filled in; what `toTemplateValues` consumes. */
export interface ResolvedDeployment {
  deploymentId: string;
  name: string;
  namespace: string;
  mode: DeploymentMode;
  model: ModelSelection;
  traffic: TrafficShape;
  gpu: GpuSelection;
  gpuCount: number;
  replicas: ReplicaRange;
  resources: ResourceSpec;
  autoscaling: AutoscalingInput | null;
  vllm: VllmSettings;
  simulator: SimulatorSettings | null;
  serviceMonitor: boolean;
  description: string | null;
  extraLabels: Record<string, string>;
  maxModelLen: number;
}

export interface KeyValue {
  key: string;
  value: string;
}

/**
 * Exactly what the liquid templates see. Every leaf is a string, a finite number, a boolean or null,
 * so the escaping filter (escape.ts) can render each one as an inert YAML scalar.
 */
export interface TemplateValues {
  name: string;
  namespace: string;
  labels: KeyValue[];
  annotations: KeyValue[];
  model: { hfRepo: string; storageUri: string };
  gpuCount: number;
  /** Null in simulator mode: no GPU limits, no node selector, no toleration. */
  gpu: { resourceName: string; nodeSelectorKey: string; nodeSelectorValue: string } | null;
  replicas: ReplicaRange;
  autoscalerClass: string | null;
  kserveScaling: { metric: string; target: number } | null;
  keda: { serverAddress: string; query: string; target: string } | null;
  resources: { cpuRequest: string; cpuLimit: string; memoryRequest: string; memoryLimit: string };
  vllm: {
    image: string;
    maxModelLen: number;
    gpuMemoryUtilization: number;
    dtype: string | null;
    quantization: string | null;
    runtimeName: string | null;
    hfTokenSecretName: string | null;
    shmSizeLimit: string;
  } | null;
  simulator: {
    image: string;
    prefillMsPerToken: number;
    decodeBaseMs: number;
    decodeMsPerSeq: number;
    maxNumSeqs: number | null;
  } | null;
  serviceMonitor: { name: string } | null;
  port: number;
}

export type DeployErrorCode =
  | 'INVALID_NAME'
  | 'NAMESPACE_NOT_ALLOWED'
  | 'INVALID_RESOURCES'
  | 'INVALID_GPU_COUNT'
  | 'INVALID_REPLICAS'
  | 'INVALID_LABEL'
  | 'INVALID_MODEL'
  | 'INVALID_IMAGE'
  | 'INVALID_VALUE'
  | 'CONTEXT_TOO_SMALL'
  | 'INVALID_MANIFEST'
  | 'RENDER_FAILED'
  | 'SCHEMA_VIOLATION';

/** A user-facing validation error: nothing was rendered or applied. */
export interface DeployValidationError {
  code: DeployErrorCode;
  /** Dotted input path (`gpuCount`, `model.hfRepo`) or manifest path (`InferenceService.metadata.name`). */
  field: string;
  message: string;
}

/** A Kubernetes object as sent to and returned by the API (only the parts Compass relies on are typed). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface RenderedManifests {
  /** The multi-document YAML, exactly as validated (what a dry run shows). */
  yaml: string;
  /** Parsed objects in apply order (ServingRuntime, InferenceService, ServiceMonitor). */
  objects: KubeObject[];
  maxModelLen: number;
}

export type BuildResult =
  { ok: true; manifests: RenderedManifests } | { ok: false; errors: DeployValidationError[] };

// ---- cluster side ----------------------------------------------------------------------------------

export type K8sErrorCode =
  | 'K8S_UNREACHABLE'
  | 'K8S_UNAUTHORIZED'
  | 'K8S_FORBIDDEN'
  | 'K8S_CONFLICT'
  | 'K8S_INVALID'
  | 'K8S_NOT_FOUND'
  | 'K8S_WATCH_CLOSED'
  | 'K8S_ERROR';

export interface K8sError {
  code: K8sErrorCode;
  /** HTTP status when the API answered. */
  status?: number;
  /** Kubernetes `Status.reason` (`AlreadyExists`, `Forbidden`, `Invalid`, …) when given. */
  reason?: string;
  message: string;
}

export interface AppliedObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  action: 'created' | 'replaced';
  dryRun: boolean;
  resourceVersion: string | null;
  uid: string | null;
  /** The object as the API server returned it. */
  object: KubeObject;
}

export interface DeletedObject {
  kind: string;
  name: string;
  namespace: string;
  /** False when it was already gone (delete is idempotent). */
  deleted: boolean;
}

export interface PodContainerInfo {
  name: string;
  ready: boolean;
  restartCount: number;
  /** `waiting`, `running` or `terminated`, with the reason Kubernetes gives. */
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason: string | null;
  message: string | null;
  exitCode: number | null;
}

export interface PodConditionInfo {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
}

/** The parts of a Pod that status reporting needs, normalised from list results and watch events alike. */
export interface PodInfo {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** Pending | Running | Succeeded | Failed | Unknown */
  phase: string;
  reason: string | null;
  message: string | null;
  terminating: boolean;
  conditions: PodConditionInfo[];
  containers: PodContainerInfo[];
  resourceVersion: string | null;
  createdAt: string | null;
}

export interface PodList {
  pods: PodInfo[];
  /** The list's resourceVersion: start a watch from here to miss nothing. */
  resourceVersion: string | null;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface PodWatchEvent {
  type: WatchEventType;
  pod: PodInfo;
}

export interface EventInfo {
  /** Normal | Warning */
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string };
  count: number;
  lastTimestamp: string | null;
}

export type DeploymentPhase = 'PENDING' | 'PROGRESSING' | 'READY' | 'FAILED' | 'DELETED';

export interface PodStatusSummary {
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  reason: string | null;
  message: string | null;
}

/** Shape of the API's `DeploymentStatus` minus the deployment id, which the caller knows. */
export interface DeploymentStatusSnapshot {
  phase: DeploymentPhase;
  readyReplicas: number;
  desiredReplicas: number;
  pods: PodStatusSummary[];
  message: string;
}
