import type { DeploymentMode } from '../../kernel/enums.js';
import type { GpuVendor, ResourceSpec, VllmSettings } from './types.js';

/** What `createDeployment` assumes for every field a request leaves out (the GraphQL input documents these). */
export const CREATE_DEFAULTS = {
  mode: 'VLLM',
  /** The chatbot profile: the smallest `--max-model-len` that holds a typical chat turn. */
  promptTokens: 512,
  outputTokens: 256,
  minReplicas: 1,
  dryRun: false,
} as const;

/** Images used when the caller does not pin one. Pin them in production (see docs/deployments.md). */
export const DEFAULT_VLLM_IMAGES: Record<GpuVendor, { image: string; imageTag: string }> = {
  NVIDIA: { image: 'vllm/vllm-openai', imageTag: 'v0.10.2' },
  AMD: { image: 'rocm/vllm', imageTag: 'latest' },
};
export const DEFAULT_SIMULATOR_IMAGE = { image: 'compass-simulator', imageTag: 'latest' };
export const DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;
/** The port every predictor container listens on (KServe's default for custom containers). */
export const PREDICTOR_PORT = 8080;
/** `--max-model-len` is the profile's prompt + output tokens rounded up to this granularity. */
export const MAX_MODEL_LEN_STEP = 1024;

export const GPU_RESOURCE_NAMES: Record<GpuVendor, string> = { NVIDIA: 'nvidia.com/gpu', AMD: 'amd.com/gpu' };
/** Node label set by NVIDIA GPU feature discovery / the AMD GPU operator's node labeller. */
export const GPU_NODE_SELECTOR_KEYS: Record<GpuVendor, string> = {
  NVIDIA: 'nvidia.com/gpu.product',
  AMD: 'amd.com/gpu.product-name',
};

export function defaultVllmSettings(vendor: GpuVendor): VllmSettings {
  return {
    ...DEFAULT_VLLM_IMAGES[vendor],
    gpuMemoryUtilization: DEFAULT_GPU_MEMORY_UTILIZATION,
    dtype: null,
    quantization: null,
    predictorStyle: 'CONTAINER',
    hfTokenSecretName: null,
  };
}

/**
 * CPU and memory per replica. vLLM: 2 cores / 12 GiB requested per GPU (fits the smallest single-GPU cloud
 * nodes, e.g. 4 vCPU / 16 GiB), limits twice that for tokenisation bursts and weight loading. The
 * simulator is a small Node process.
 */
export function defaultResources(mode: DeploymentMode, gpuCount: number): ResourceSpec {
  if (mode === 'SIMULATOR') {
    return { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMi: 256, memoryLimitMi: 512 };
  }
  return {
    cpuRequestMillis: 2000 * gpuCount,
    cpuLimitMillis: 4000 * gpuCount,
    memoryRequestMi: 12 * 1024 * gpuCount,
    memoryLimitMi: 24 * 1024 * gpuCount,
  };
}

/**
 * `--max-model-len`: prompt + output tokens rounded up to a multiple of 1024 (headroom for prompts a
 * little longer than the profile's mean), never above the model's context window. Null when the profile
 * itself does not fit in the context window.
 */
export function maxModelLength(
  promptTokens: number,
  outputTokens: number,
  contextWindow: number,
): number | null {
  const needed = promptTokens + outputTokens;
  if (needed > contextWindow) return null;
  return Math.min(Math.ceil(needed / MAX_MODEL_LEN_STEP) * MAX_MODEL_LEN_STEP, contextWindow);
}

export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function formatMemory(mi: number): string {
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

/** /dev/shm for NCCL between tensor-parallel workers: 2 GiB per GPU, capped at 16 GiB. */
export function shmSizeLimit(gpuCount: number): string {
  return `${Math.min(2 * gpuCount, 16)}Gi`;
}
