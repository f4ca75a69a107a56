/**
 * Memory arithmetic of a decoder on vLLM (docs/recommendations.md, "Models from config.json"):
 * parameters from the architecture, weight bytes, KV-cache bytes per token, whether a replica of
 * `gpuCount` GPUs holds the weights at a given --gpu-memory-utilization, and how many sequences of a
 * context length its KV cache holds. GB are 10^9 bytes, as everywhere in the performance model.
 */
import { BYTES_PER_PARAM, type ModelArchitecture } from './hf-config.js';

export interface ParameterCount {
  total: number;
  /** Parameters one token passes through (MoE: routed experts only); equals total for dense models. */
  active: number;
  embedding: number;
  lmHead: number;
  perLayer: { attention: number; mlp: number; activeMlp: number; norms: number };
}

export function parameterCount(a: ModelArchitecture): ParameterCount {
  const d = a.hiddenSize;
  const q = a.attentionHeads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  const attention = d * q + 2 * d * kv + q * d + (a.qkvBias ? q + 2 * kv : 0);
  const norms = 2 * d;
  let mlp: number;
  let activeMlp: number;
  if (a.moe) {
    const expert = 3 * d * a.moe.expertIntermediateSize;
    const shared = 3 * d * a.moe.sharedIntermediateSize;
    const router = d * a.moe.experts;
    mlp = a.moe.experts * expert + shared + router;
    activeMlp = a.moe.expertsPerToken * expert + shared + router;
  } else {
    mlp = 3 * d * a.intermediateSize;
    activeMlp = mlp;
  }
  const embedding = a.vocabSize * d;
  const lmHead = a.tiedEmbeddings ? 0 : a.vocabSize * d;
  const outside = embedding + lmHead + d; // + the final norm
  return {
    total: outside + a.layers * (attention + mlp + norms),
    active: outside + a.layers * (attention + activeMlp + norms),
    embedding,
    lmHead,
    perLayer: { attention, mlp, activeMlp, norms },
  };
}

export function weightBytes(a: ModelArchitecture, params = parameterCount(a).total): number {
  return params * BYTES_PER_PARAM[a.weightFormat];
}

/** K and V for every layer: 2 × layers × KV heads × head dim × bytes per element. */
export function kvBytesPerToken(a: ModelArchitecture): number {
  return 2 * a.layers * a.kvHeads * a.headDim * BYTES_PER_PARAM[a.kvFormat];
}

export interface MemoryPlanInput {
  vramGb: number;
  gpuCount: number;
  /** vLLM --gpu-memory-utilization (default 0.9). */
  gpuMemoryUtilization: number;
  /** CUDA context, activations, graphs per GPU (GB). */
  overheadGbPerGpu: number;
  /** Tokens per sequence (prompt + output, or the context length). */
  tokensPerSequence: number;
}

export interface MemoryPlan {
  weightsGbPerGpu: number;
  usableGbPerGpu: number;
  kvCacheGb: number;
  /** KV bytes one token costs the replica: with fewer KV heads than GPUs, each GPU keeps a copy of one head. */
  kvBytesPerTokenReplica: number;
  fits: boolean;
  maxSequences: number;
  /** Why it does not fit (tensor parallel split, weights over the budget, no room for one sequence). */
  reason: string | null;
}

export function memoryPlan(a: ModelArchitecture, input: MemoryPlanInput): MemoryPlan {
  const g = input.gpuCount;
  const weightsGbPerGpu = weightBytes(a) / 1e9 / g;
  const usableGbPerGpu = input.vramGb * input.gpuMemoryUtilization - input.overheadGbPerGpu;
  const kvHeadsPerGpu = Math.max(1, Math.ceil(a.kvHeads / g));
  const kvBytesPerTokenReplica = 2 * a.layers * kvHeadsPerGpu * g * a.headDim * BYTES_PER_PARAM[a.kvFormat];
  const kvCacheGb = Math.max(0, (usableGbPerGpu - weightsGbPerGpu) * g);
  const perSequence = kvBytesPerTokenReplica * input.tokensPerSequence;
  const maxSequences = Math.floor((kvCacheGb * 1e9) / perSequence);
  let reason: string | null = null;
  if (a.attentionHeads % g !== 0) reason = `${a.attentionHeads} attention heads do not split over ${g} GPUs`;
  else if (weightsGbPerGpu > usableGbPerGpu) {
    reason = `weights need ${weightsGbPerGpu.toFixed(2)} GB per GPU > ${usableGbPerGpu.toFixed(2)} GB usable`;
  } else if (maxSequences < 1) {
    reason = `the KV cache (${kvCacheGb.toFixed(2)} GB) cannot hold one sequence of ${input.tokensPerSequence} tokens`;
  }
  return {
    weightsGbPerGpu,
    usableGbPerGpu,
    kvCacheGb,
    kvBytesPerTokenReplica,
    fits: reason === null,
    maxSequences: reason === null ? maxSequences : 0,
    reason,
  };
}
