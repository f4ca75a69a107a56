import type { GpuSeed, ModelSeed, Quantization, TrafficProfileSeed } from '../../catalog/seed-data/types.js';
import { latencyStats, type LatencyStatsMs, type LoadState } from './latency-dispersion.js';

export type { LatencyStatsMs } from './latency-dispersion.js';

/**
 * The synthetic performance model behind the SYNTHETIC benchmark rows (docs/seed-data.md). Deterministic and pure:
 * a vLLM-like server with continuous batching and chunked prefill, in closed loop at a fixed concurrency.
 * Formulas, constants and their justification: docs/performance-model.md.
 */

export interface PerfModelModel {
  hfRepo: string;
  parameterCountB: number;
  activeParameterCountB: number | null;
  bytesPerParam: number;
  contextWindow: number;
  /** KV cache per token (KiB, all layers); estimated from the active parameters when absent. */
  kvCacheKibPerToken?: number;
  /** fp8 / w8a8 run prefill on 8-bit tensor cores when the GPU has them. */
  quantization?: Quantization;
}

export interface PerfModelGpu {
  type: string;
  vramGb: number;
  fp16Tflops: number;
  memoryBandwidthGbps: number;
  fp8Tflops?: number;
  vendor?: 'NVIDIA' | 'AMD';
  interconnect?: 'nvlink' | 'infinity-fabric' | 'pcie';
  interconnectGbps?: number;
}

export interface SyntheticPoint {
  concurrency: number;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  ttft: LatencyStatsMs;
  itl: LatencyStatsMs;
  e2e: LatencyStatsMs;
}

export const CONCURRENCY_LEVELS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];
export const GPU_COUNTS: readonly number[] = [1, 2, 4, 8];

export const PERF_CONSTANTS = {
  /** vLLM --gpu-memory-utilization default. */
  gpuMemoryUtilization: 0.9,
  /** CUDA context, activations, CUDA graphs, NCCL buffers (GB per GPU). */
  runtimeOverheadGbPerGpu: 1.5,
  /** vLLM max_num_seqs. */
  maxNumSeqs: 256,
  /** Chunked-prefill token budget per engine step (max_num_batched_tokens). */
  maxBatchedTokens: 8192,
  /** Achieved fraction of peak tensor throughput in prefill GEMMs. */
  prefillMfu: 0.55,
  /** Achieved fraction of peak tensor throughput in decode GEMMs (small M). */
  decodeMfu: 0.4,
  /** Achieved fraction of peak HBM/GDDR bandwidth streaming weights. */
  weightBandwidthEfficiency: 0.8,
  /** Achieved fraction of peak bandwidth in paged-attention KV reads. */
  kvBandwidthEfficiency: 0.6,
  /** Extra derating for ROCm on MI300X (lower achieved fraction of peak than CUDA on H100). */
  amdEfficiency: 0.8,
  /** Fixed per-request cost in TTFT: HTTP, tokenization, scheduling, first-token detokenize (ms). */
  requestOverheadMs: 8,
  /** Fixed per-step engine cost (scheduler, sampling, kernel launches) in ms, plus per running sequence. */
  stepOverheadMs: 0.35,
  stepOverheadPerSeqMs: 0.004,
  /** Latency floor of one layer's kernels in a decode step (ms), and the extra of a MoE layer (routing, grouped GEMMs). */
  layerFloorMs: 0.02,
  moeLayerOverheadMs: 0.1,
  /** All-reduce link: latency per hop (µs) and achieved fraction of link bandwidth. */
  linkLatencyUs: { nvlink: 5, 'infinity-fabric': 6, pcie: 15 } as const,
  linkEfficiency: 0.7,
  defaultInterconnectGbps: 32,
  /** Per-config deterministic jitter: ±1.5 % on every latency. */
  jitterAmplitude: 0.03,
} as const;

const C = PERF_CONSTANTS;

/** Model geometry from N ≈ 12·L·d² with d = 4096 at 8B (Llama-like); only used where the config is not given. */
function geometry(activeB: number): { hidden: number; layers: number } {
  const hidden = 4096 * Math.cbrt(activeB / 8);
  const layers = (activeB * 1e9) / (12 * hidden * hidden);
  return { hidden, layers };
}

function activeParams(model: PerfModelModel): number {
  return model.activeParameterCountB ?? model.parameterCountB;
}

export function kvBytesPerToken(model: PerfModelModel): number {
  if (model.kvCacheKibPerToken !== undefined) return model.kvCacheKibPerToken * 1024;
  // GQA with 8 KV heads of 128 on a 4096-wide model: KV width = d/4, K and V, 2 bytes each.
  const { hidden, layers } = geometry(activeParams(model));
  return layers * 2 * (hidden / 4) * 2;
}

export function weightsGb(model: PerfModelModel): number {
  return model.parameterCountB * model.bytesPerParam;
}

/** GB left for the KV cache across all GPUs of the replica. */
export function kvCapacityGb(model: PerfModelModel, gpu: PerfModelGpu, gpuCount: number): number {
  const usable = gpu.vramGb * C.gpuMemoryUtilization * gpuCount;
  return usable - weightsGb(model) - C.runtimeOverheadGbPerGpu * gpuCount;
}

export function fitsInMemory(
  model: PerfModelModel,
  gpu: PerfModelGpu,
  gpuCount: number,
  promptTokens: number,
  outputTokens: number,
): boolean {
  const oneRequestGb = (kvBytesPerToken(model) * (promptTokens + outputTokens)) / 1e9;
  return kvCapacityGb(model, gpu, gpuCount) >= oneRequestGb;
}

/** Per-config numbers after efficiencies, shared by every load level. */
interface Engine {
  prefillFlopsPerSec: number;
  decodeFlopsPerSec: number;
  weightBytesPerSec: number;
  kvBytesPerSec: number;
  activeB: number;
  totalB: number;
  bytesPerParam: number;
  kvBytesPerToken: number;
  hidden: number;
  layers: number;
  isMoe: boolean;
  gpuCount: number;
  linkLatencyMs: number;
  linkBytesPerSec: number;
  promptTokens: number;
  outputTokens: number;
  maxBatch: number;
}

function engineFor(
  model: PerfModelModel,
  gpu: PerfModelGpu,
  gpuCount: number,
  promptTokens: number,
  outputTokens: number,
): Engine {
  const vendor = gpu.vendor === 'AMD' ? C.amdEfficiency : 1;
  const eightBit = model.quantization === 'fp8' || model.quantization === 'w8a8';
  const peakTflops = eightBit && gpu.fp8Tflops !== undefined ? gpu.fp8Tflops : gpu.fp16Tflops;
  const activeB = activeParams(model);
  const link = gpu.interconnect ?? 'pcie';
  return {
    prefillFlopsPerSec: peakTflops * 1e12 * C.prefillMfu * vendor * gpuCount,
    decodeFlopsPerSec: peakTflops * 1e12 * C.decodeMfu * vendor * gpuCount,
    weightBytesPerSec: gpu.memoryBandwidthGbps * 1e9 * C.weightBandwidthEfficiency * vendor * gpuCount,
    kvBytesPerSec: gpu.memoryBandwidthGbps * 1e9 * C.kvBandwidthEfficiency * vendor * gpuCount,
    activeB,
    totalB: model.parameterCountB,
    bytesPerParam: model.bytesPerParam,
    kvBytesPerToken: kvBytesPerToken(model),
    ...geometry(activeB),
    isMoe: model.parameterCountB > activeB,
    gpuCount,
    linkLatencyMs: C.linkLatencyUs[link] / 1000,
    linkBytesPerSec: (gpu.interconnectGbps ?? C.defaultInterconnectGbps) * 1e9 * C.linkEfficiency,
    promptTokens,
    outputTokens,
    maxBatch: maxRunningBatch(model, gpu, gpuCount, promptTokens, outputTokens),
  };
}

/** Tensor-parallel all-reduce time for one forward pass over `tokens` tokens (2 all-reduces per layer, ring). */
function allReduceMs(e: Engine, tokens: number): number {
  if (e.gpuCount === 1) return 0;
  const bytes = tokens * e.hidden * 2 * ((2 * (e.gpuCount - 1)) / e.gpuCount);
  const perAllReduce = e.linkLatencyMs * Math.log2(e.gpuCount) + (bytes / e.linkBytesPerSec) * 1000;
  return 2 * e.layers * perAllReduce;
}

/** Compute-bound prefill of `tokens` prompt tokens, attention included via Kaplan's 2·L·n_ctx·d term. */
function prefillComputeMs(e: Engine, tokens: number): number {
  const attentionFactor = 1 + tokens / (24 * e.hidden);
  return ((2 * e.activeB * 1e9 * tokens * attentionFactor) / e.prefillFlopsPerSec) * 1000;
}

function prefillMs(e: Engine, tokens: number): number {
  return prefillComputeMs(e, tokens) + allReduceMs(e, tokens) + e.layers * C.layerFloorMs;
}

/** Parameters read per decode step: MoE batches touch more experts as the batch grows. */
function touchedParamsB(e: Engine, batch: number): number {
  if (!e.isMoe) return e.totalB;
  const share = e.activeB / e.totalB;
  return e.activeB + (e.totalB - e.activeB) * (1 - Math.pow(1 - share, batch - 1));
}

/** One engine step with `batch` running sequences: decode for all, plus the prefills of arriving ones. */
function decodeStepMs(e: Engine, batch: number): number {
  const p = e.promptTokens;
  const o = e.outputTokens;
  const weightMs = ((touchedParamsB(e, batch) * 1e9 * e.bytesPerParam) / e.weightBytesPerSec) * 1000;
  const kvMs = ((batch * e.kvBytesPerToken * (p + o / 2)) / e.kvBytesPerSec) * 1000;
  const decodeComputeMs = ((2 * e.activeB * 1e9 * batch) / e.decodeFlopsPerSec) * 1000;
  // In steady state each sequence is replaced every o steps: the others bring (batch-1)/o prefills a step.
  const arrivals = (batch - 1) / o;
  const otherPrefillMs = arrivals * prefillComputeMs(e, p);
  const layerMs = e.layers * (C.layerFloorMs + (e.isMoe ? C.moeLayerOverheadMs : 0));
  const overheadMs = C.stepOverheadMs + C.stepOverheadPerSeqMs * batch;
  const stepTokens = batch + arrivals * p;
  const memoryOrCompute = Math.max(weightMs + kvMs, decodeComputeMs);
  return memoryOrCompute + layerMs + otherPrefillMs + allReduceMs(e, stepTokens) + overheadMs;
}

/** Largest running batch: max_num_seqs, or how many full-length requests the KV cache holds. */
export function maxRunningBatch(
  model: PerfModelModel,
  gpu: PerfModelGpu,
  gpuCount: number,
  promptTokens: number,
  outputTokens: number,
): number {
  const perRequest = kvBytesPerToken(model) * (promptTokens + outputTokens);
  const byKv = Math.floor((kvCapacityGb(model, gpu, gpuCount) * 1e9) / perRequest);
  return Math.max(0, Math.min(C.maxNumSeqs, byKv));
}

/** A deterministic factor in [1 − a/2, 1 + a/2) from a 32-bit FNV-1a hash of the config key. */
export function configJitter(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return 1 + C.jitterAmplitude * (hash / 0x1_0000_0000 - 0.5);
}

/** The modelled means at one concurrency, before jitter and dispersion. */
export interface MeanLatencies {
  ttftMs: number;
  itlMs: number;
  e2eMs: number;
  running: number;
  maxBatch: number;
  queueMs: number;
}

function meansAt(e: Engine, concurrency: number): MeanLatencies {
  const maxBatch = e.maxBatch;
  const running = Math.min(concurrency, maxBatch);
  const itlMs = decodeStepMs(e, running);
  // A new request waits for the step in flight (half a step on average), then rides one step per prefill chunk.
  const chunks = Math.ceil(e.promptTokens / C.maxBatchedTokens);
  const others = (running - 1) / running;
  const serviceTtftMs = C.requestOverheadMs + prefillMs(e, e.promptTokens) + others * (0.5 + chunks) * itlMs;
  const serviceE2eMs = serviceTtftMs + (e.outputTokens - 1) * itlMs;
  // Closed loop beyond the batch limit: c = X·(W + E2E) with X = maxBatch / E2E gives W = E2E·(c/maxBatch − 1).
  const queueMs = concurrency > maxBatch ? serviceE2eMs * (concurrency / maxBatch - 1) : 0;
  const ttftMs = serviceTtftMs + queueMs;
  return { ttftMs, itlMs, e2eMs: ttftMs + (e.outputTokens - 1) * itlMs, running, maxBatch, queueMs };
}

/** Means at one load level (no jitter, no dispersion); meant for documentation and hand checks. */
export function meanLatencies(
  model: PerfModelModel,
  gpu: PerfModelGpu,
  gpuCount: number,
  promptTokens: number,
  outputTokens: number,
  concurrency: number,
): MeanLatencies {
  return meansAt(engineFor(model, gpu, gpuCount, promptTokens, outputTokens), concurrency);
}

export function syntheticCurve(
  model: PerfModelModel,
  gpu: PerfModelGpu,
  gpuCount: number,
  promptTokens: number,
  outputTokens: number,
): SyntheticPoint[] {
  if (promptTokens + outputTokens > model.contextWindow) return [];
  if (!fitsInMemory(model, gpu, gpuCount, promptTokens, outputTokens)) return [];
  const engine = engineFor(model, gpu, gpuCount, promptTokens, outputTokens);
  const jitter = configJitter(
    syntheticConfigKey(model.hfRepo, gpu.type, gpuCount, promptTokens, outputTokens),
  );
  return CONCURRENCY_LEVELS.map((concurrency) => pointAt(engine, concurrency, jitter));
}

function pointAt(e: Engine, concurrency: number, jitter: number): SyntheticPoint {
  const m = meansAt(e, concurrency);
  const state: LoadState = {
    load: m.maxBatch > 1 ? (m.running - 1) / (m.maxBatch - 1) : 1,
    queued: m.queueMs / m.ttftMs,
  };
  const e2eMs = m.e2eMs * jitter;
  const requestsPerSecond = round4(concurrency / (e2eMs / 1000));
  return {
    concurrency,
    requestsPerSecond,
    outputTokensPerSecond: round4(requestsPerSecond * e.outputTokens),
    meanInputTokens: e.promptTokens,
    meanOutputTokens: e.outputTokens,
    ttft: latencyStats('ttft', m.ttftMs * jitter, state),
    itl: latencyStats('itl', m.itlMs * jitter, state),
    e2e: latencyStats('e2e', e2eMs, state),
  };
}

/** The model at a request rate: the point whose closed-loop rate equals `requestsPerSecond`. */
export interface PointAtRate {
  point: SyntheticPoint;
  /** Requests per second at the largest running batch (the most the configuration serves). */
  capacityRps: number;
  /** The requested rate is above capacity: `point` is the saturated point at the largest batch. */
  saturated: boolean;
}

/**
 * The synthetic model evaluated at an observed request rate (for comparing with measurements taken at
 * any load): the concurrency c ∈ [1, Bmax] with c / E2E(c) = rate, found by bisection (the rate rises
 * with c up to the largest batch). Below the rate of one client the single-client point is returned;
 * null when the configuration does not fit.
 */
export function syntheticPointAtRate(
  model: PerfModelModel,
  gpu: PerfModelGpu,
  gpuCount: number,
  promptTokens: number,
  outputTokens: number,
  requestsPerSecond: number,
): PointAtRate | null {
  if (promptTokens + outputTokens > model.contextWindow) return null;
  if (!fitsInMemory(model, gpu, gpuCount, promptTokens, outputTokens)) return null;
  const engine = engineFor(model, gpu, gpuCount, promptTokens, outputTokens);
  const jitter = configJitter(
    syntheticConfigKey(model.hfRepo, gpu.type, gpuCount, promptTokens, outputTokens),
  );
  const rateAt = (c: number) => c / ((meansAt(engine, c).e2eMs * jitter) / 1000);
  const top = Math.max(1, engine.maxBatch);
  const capacityRps = rateAt(top);
  if (requestsPerSecond >= capacityRps) {
    return { point: pointAt(engine, top, jitter), capacityRps, saturated: requestsPerSecond > capacityRps };
  }
  let low = 1;
  let high = top;
  if (rateAt(low) >= requestsPerSecond)
    return { point: pointAt(engine, 1, jitter), capacityRps, saturated: false };
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (rateAt(mid) < requestsPerSecond) low = mid;
    else high = mid;
  }
  return { point: pointAt(engine, (low + high) / 2, jitter), capacityRps, saturated: false };
}

/** Key of one (model, GPU, count, profile) configuration; seed rows append `:c<concurrency>`. */
export function syntheticConfigKey(
  hfRepo: string,
  gpuType: string,
  gpuCount: number,
  p: number,
  o: number,
): string {
  return `syn:${hfRepo.toLowerCase()}:${gpuType}:${gpuCount}:${p}x${o}`;
}

export function toPerfModel(model: ModelSeed): PerfModelModel {
  return {
    hfRepo: model.hfRepo,
    parameterCountB: model.parameterCountB,
    activeParameterCountB: model.activeParameterCountB,
    bytesPerParam: model.bytesPerParam,
    contextWindow: model.contextWindow,
    kvCacheKibPerToken: model.kvCacheKibPerToken,
    quantization: model.quantization,
  };
}

export function toPerfGpu(gpu: GpuSeed): PerfModelGpu {
  return {
    type: gpu.type,
    vramGb: gpu.vramGb,
    fp16Tflops: gpu.fp16Tflops,
    memoryBandwidthGbps: gpu.memoryBandwidthGbps,
    fp8Tflops: gpu.fp8Tflops,
    vendor: gpu.vendor,
    interconnect: gpu.interconnect,
    interconnectGbps: gpu.interconnectGbps,
  };
}

export interface SyntheticSeedRow {
  configKey: string;
  hfRepo: string;
  gpuType: string;
  gpuCount: number;
  promptTokens: number;
  outputTokens: number;
  point: SyntheticPoint;
}

export function syntheticSeedRows(
  models: ModelSeed[],
  gpus: GpuSeed[],
  profiles: TrafficProfileSeed[],
): SyntheticSeedRow[] {
  const rows: SyntheticSeedRow[] = [];
  for (const modelSeed of models) {
    const model = toPerfModel(modelSeed);
    for (const gpuSeed of gpus) {
      const gpu = toPerfGpu(gpuSeed);
      for (const gpuCount of GPU_COUNTS) {
        for (const { promptTokens, outputTokens } of profiles) {
          const base = syntheticConfigKey(model.hfRepo, gpu.type, gpuCount, promptTokens, outputTokens);
          for (const point of syntheticCurve(model, gpu, gpuCount, promptTokens, outputTokens)) {
            rows.push({
              configKey: `${base}:c${point.concurrency}`,
              hfRepo: model.hfRepo.toLowerCase(),
              gpuType: gpu.type,
              gpuCount,
              promptTokens,
              outputTokens,
              point,
            });
          }
        }
      }
    }
  }
  return rows;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}
