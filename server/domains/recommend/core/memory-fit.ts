/**
 * The memory check every config passes (docs/recommendations.md, "Memory check"): on each GPU of a
 * replica, its share of the weights plus the KV cache of the sequences the plan runs at once must fit
 * VRAM × --gpu-memory-utilization. Sequences in flight come from Little's law at the planned load:
 * ceil(per-replica req/s × predicted E2E p95 / 1000), each holding prompt + output tokens. GB = 10^9 bytes,
 * as in the performance model.
 */
import { BYTES_PER_PARAM, type ModelArchitecture } from '../../catalog/core/hf-config.js';
import { parameterCount, weightBytes } from '../../catalog/core/model-memory.js';
import type { CatalogArchitecture } from '../../catalog/seed-data/types.js';
import { num } from './explain.js';
import type { ConfigPlan, GpuInfo, MemoryFacts, ModelInfo, ModelMemory } from '../types.js';
import { DEFAULT_GPU_MEMORY_UTILIZATION } from '../../catalog/core/gpu-memory.js';

export { DEFAULT_GPU_MEMORY_UTILIZATION };

/** KV cache in the model's 16-bit activation dtype (vLLM --kv-cache-dtype auto), also for FP8/INT weights. */
const KV_ELEMENT_BYTES = 2;

/** A catalog model: weights from the catalog's parameter count × bytes per parameter, KV from config.json. */
export function catalogMemory(
  model: { parameterCountB: number; bytesPerParam: number },
  arch: CatalogArchitecture | undefined,
): ModelMemory {
  if (!arch) return { unknown: 'no architecture is recorded for this model' };
  if (arch.unknown) return { unknown: arch.unknown };
  return {
    facts: {
      weightsGb: model.parameterCountB * model.bytesPerParam,
      weightsFrom: `${num(model.parameterCountB)} B parameters × ${num(model.bytesPerParam)} bytes`,
      attention: arch.attention,
      kvLayers: arch.kvLayers,
      kvHeads: arch.kvHeads,
      headDim: arch.headDim,
      kvElementBytes: KV_ELEMENT_BYTES,
    },
  };
}

/** A model added from config.json: the same arithmetic as modelSizing (catalog/core/model-memory.ts). */
export function configMemory(a: ModelArchitecture): ModelMemory {
  const params = parameterCount(a).total;
  return {
    facts: {
      weightsGb: weightBytes(a, params) / 1e9,
      weightsFrom: `${num(params / 1e9)} B parameters × ${num(BYTES_PER_PARAM[a.weightFormat])} bytes`,
      attention: 'GQA',
      kvLayers: a.layers,
      kvHeads: a.kvHeads,
      headDim: a.headDim,
      kvElementBytes: BYTES_PER_PARAM[a.kvFormat],
    },
  };
}

/**
 * KV bytes one token costs each GPU of a tensor-parallel replica: GQA splits the KV heads over the GPUs
 * (with fewer heads than GPUs each keeps a copy of one); an MLA latent is held whole on every GPU.
 */
export function kvBytesPerTokenPerGpu(m: MemoryFacts, gpuCount: number): number {
  if (m.attention === 'MLA') return m.kvLayers * m.headDim * m.kvElementBytes;
  return 2 * m.kvLayers * Math.ceil(m.kvHeads / gpuCount) * m.headDim * m.kvElementBytes;
}

/** Little's law: sequences in flight = arrival rate × time in the system (at least one). */
export function plannedSequences(perReplicaLoadRps: number, e2eP95Ms: number): number {
  return Math.max(1, Math.ceil((perReplicaLoadRps * e2eP95Ms) / 1000 - 1e-9));
}

export interface MemoryFitInput {
  vramGb: number;
  gpuCount: number;
  gpuMemoryUtilization: number;
  tokensPerSequence: number;
  sequences: number;
  /** For the explanation: the load and latency the sequences come from. */
  perReplicaLoadRps: number;
  e2eP95Ms: number;
}

export interface MemoryFit extends MemoryFitInput {
  weightsGbPerGpu: number;
  kvGbPerGpu: number;
  needGbPerGpu: number;
  budgetGbPerGpu: number;
  fits: boolean;
  /** Sequences of this length the budget left after the weights holds (0 when the weights alone overflow). */
  maxSequences: number;
}

export function memoryFit(m: MemoryFacts, input: MemoryFitInput): MemoryFit {
  const weightsGbPerGpu = m.weightsGb / input.gpuCount;
  const perSequenceGb = (kvBytesPerTokenPerGpu(m, input.gpuCount) * input.tokensPerSequence) / 1e9;
  const kvGbPerGpu = perSequenceGb * input.sequences;
  const needGbPerGpu = weightsGbPerGpu + kvGbPerGpu;
  const budgetGbPerGpu = input.vramGb * input.gpuMemoryUtilization;
  const maxSequences = Math.max(0, Math.floor((budgetGbPerGpu - weightsGbPerGpu) / perSequenceGb));
  // Written out: a spread followed by more properties takes V8's slow path (about 1 µs per extra
  // property on Node 20, measured), and this runs for every planned config.
  return {
    vramGb: input.vramGb,
    gpuCount: input.gpuCount,
    gpuMemoryUtilization: input.gpuMemoryUtilization,
    tokensPerSequence: input.tokensPerSequence,
    sequences: input.sequences,
    perReplicaLoadRps: input.perReplicaLoadRps,
    e2eP95Ms: input.e2eP95Ms,
    weightsGbPerGpu,
    kvGbPerGpu,
    needGbPerGpu,
    budgetGbPerGpu,
    fits: needGbPerGpu <= budgetGbPerGpu,
    maxSequences,
  };
}

/**
 * "needs 41.2 GB per GPU: 16.1 GB weights + 25.1 GB KV for 48 sequences × 4,096 tokens (48 = ceil(…));
 * has 80 GB × 0.9 = 72 GB".
 */
export function describeMemoryFit(fit: MemoryFit, m: MemoryFacts): string {
  const per = fit.gpuCount > 1 ? ` / ${fit.gpuCount} GPUs` : '';
  const sequences =
    `${fit.sequences} = ceil(${num(fit.perReplicaLoadRps)} req/s × ${num(fit.e2eP95Ms)} ms E2E p95 / 1,000)` +
    `, Little's law`;
  const text =
    `needs ${num(fit.needGbPerGpu, 1)} GB per GPU: ${num(fit.weightsGbPerGpu, 1)} GB weights ` +
    `(${m.weightsFrom}${per}) + ${num(fit.kvGbPerGpu, 1)} GB KV for ${num(fit.sequences)} sequences × ` +
    `${num(fit.tokensPerSequence)} tokens (${sequences}); has ${num(fit.vramGb)} GB × ` +
    `${num(fit.gpuMemoryUtilization)} = ${num(fit.budgetGbPerGpu, 1)} GB`;
  if (fit.fits) return text;
  const room =
    fit.maxSequences === 0
      ? 'the weights leave no room for one sequence'
      : `room for ${num(fit.maxSequences)} sequence${fit.maxSequences === 1 ? '' : 's'}`;
  return `does not fit in GPU memory: ${text}; ${room}`;
}

/** Text is built on demand: formatting numbers for every config is the slow part of recommend(). */
export type MemoryCheck = { fit: MemoryFit; facts: MemoryFacts } | { skipped: string };

/** The check for one planned config; null when the model or GPU carries nothing to check with. */
export function checkConfigMemory(
  model: ModelInfo,
  gpu: GpuInfo,
  gpuCount: number,
  tokensPerSequence: number,
  plan: Pick<ConfigPlan, 'perReplicaLoadRps' | 'predicted'>,
  gpuMemoryUtilization = DEFAULT_GPU_MEMORY_UTILIZATION,
): MemoryCheck | null {
  if (!model.memory) return null;
  if ('unknown' in model.memory) return { skipped: model.memory.unknown };
  if (gpu.vramGb === undefined) return { skipped: `the VRAM of ${gpu.type} is not known` };
  const facts = model.memory.facts;
  const e2eP95Ms = plan.predicted.e2eP95Ms;
  const fit = memoryFit(facts, {
    vramGb: gpu.vramGb,
    gpuCount,
    gpuMemoryUtilization,
    tokensPerSequence,
    sequences: plannedSequences(plan.perReplicaLoadRps, e2eP95Ms),
    perReplicaLoadRps: plan.perReplicaLoadRps,
    e2eP95Ms,
  });
  return { fit, facts };
}

/** The explanation's line: the arithmetic when checked, why not otherwise. */
export function describeMemoryCheck(check: MemoryCheck): string {
  if ('skipped' in check) return `Memory: not checked (${check.skipped}).`;
  return `Memory: ${describeMemoryFit(check.fit, check.facts)}${check.fit.fits ? ' (fits)' : ''}.`;
}
