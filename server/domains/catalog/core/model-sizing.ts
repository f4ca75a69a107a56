/**
 * A model read from config.json, sized on every catalog GPU type and count: memory (model-memory.ts)
 * and a roofline estimate of TTFT / ITL at concurrency 1 from the performance model behind the
 * SYNTHETIC rows (knowledge/core/performance-model.ts, docs/performance-model.md). Pure.
 */
import type { Quantization } from '../seed-data/types.js';
import {
  GPU_COUNTS,
  meanLatencies,
  PERF_CONSTANTS,
  type PerfModelGpu,
  type PerfModelModel,
} from '../../knowledge/core/performance-model.js';
import { BYTES_PER_PARAM, type ModelArchitecture, type WeightFormat } from './hf-config.js';
import { kvBytesPerToken, memoryPlan, parameterCount, weightBytes, type MemoryPlan } from './model-memory.js';

const QUANTIZATION: Record<WeightFormat, Quantization> = {
  FP32: 'bf16',
  BF16: 'bf16',
  FP16: 'bf16',
  FP8: 'fp8',
  INT8: 'w8a8',
  INT4: 'w4a16',
};

/** The performance model's view of an architecture (its parameter and KV-cache sizes from config.json). */
export function perfModelOf(hfRepo: string, a: ModelArchitecture): PerfModelModel {
  const p = parameterCount(a);
  return {
    hfRepo,
    parameterCountB: p.total / 1e9,
    activeParameterCountB: a.moe ? p.active / 1e9 : null,
    bytesPerParam: BYTES_PER_PARAM[a.weightFormat],
    contextWindow: a.contextLength,
    kvCacheKibPerToken: kvBytesPerToken(a) / 1024,
    quantization: QUANTIZATION[a.weightFormat],
  };
}

export interface SizingOptions {
  gpuMemoryUtilization: number;
  /** Tokens per sequence for the max-sequences figure (default: the model's context length). */
  contextLength: number;
  /** The profile the roofline latencies are for. */
  promptTokens: number;
  outputTokens: number;
}

export interface GpuSizing extends MemoryPlan {
  gpuType: string;
  gpuCount: number;
  /** Roofline estimate at concurrency 1 (ms); null when the model does not fit. */
  ttftMs: number | null;
  itlMs: number | null;
}

export interface ModelSizing {
  parameters: number;
  activeParameters: number;
  weightBytes: number;
  kvBytesPerToken: number;
  gpus: GpuSizing[];
}

export function sizeModel(
  hfRepo: string,
  a: ModelArchitecture,
  gpus: readonly (PerfModelGpu & { type: string })[],
  options: SizingOptions,
): ModelSizing {
  const p = parameterCount(a);
  const perf = perfModelOf(hfRepo, a);
  const out: GpuSizing[] = [];
  for (const gpu of gpus) {
    for (const gpuCount of GPU_COUNTS) {
      const plan = memoryPlan(a, {
        vramGb: gpu.vramGb,
        gpuCount,
        gpuMemoryUtilization: options.gpuMemoryUtilization,
        overheadGbPerGpu: PERF_CONSTANTS.runtimeOverheadGbPerGpu,
        tokensPerSequence: options.contextLength,
      });
      const latency = plan.fits
        ? meanLatencies(perf, gpu, gpuCount, options.promptTokens, options.outputTokens, 1)
        : null;
      out.push({
        ...plan,
        gpuType: gpu.type,
        gpuCount,
        ttftMs: latency?.ttftMs ?? null,
        itlMs: latency?.itlMs ?? null,
      });
    }
  }
  return {
    parameters: p.total,
    activeParameters: p.active,
    weightBytes: weightBytes(a),
    kvBytesPerToken: kvBytesPerToken(a),
    gpus: out,
  };
}
