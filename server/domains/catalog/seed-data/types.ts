/**
 * Shapes of the knowledge-base seed data (docs/seed-data.md). The seeder (server/domains/catalog/seed.ts) reads these;
 * the data modules beside this file fill them from the reference facts in docs/seed-data.md.
 */
export type { ExperienceClassKey } from '../../../kernel/enums.js';
import type { ExperienceClassKey } from '../../../kernel/enums.js';
export type Quantization = 'bf16' | 'fp8' | 'w8a8' | 'w4a16';

export interface TrafficProfileSeed {
  name: string;
  promptTokens: number;
  outputTokens: number;
  description: string;
}

export interface UseCaseSeed {
  key: string;
  name: string;
  description: string;
  experienceClass: ExperienceClassKey;
  promptTokens: number;
  outputTokens: number;
  ttftP95Ms: number;
  itlP95Ms: number;
  e2eP95Ms: number;
  rationale: string;
}

export interface ModelSeed {
  /** Lowercase HF id as in the catalog. */
  hfRepo: string;
  name: string;
  provider: string;
  family: string;
  /** TOTAL parameters, billions. */
  parameterCountB: number;
  /** MoE active params, null for dense. */
  activeParameterCountB: number | null;
  contextWindow: number;
  tasks: string[];
  domains: string[];
  license: string;
  licenseType: string;
  minGpuMemoryGb: number;
  quantization: Quantization;
  bytesPerParam: number;
  recommendedFor: string[];
  approved: boolean;
  notes: string;
  /** 0..100 overall: the mean of the nine use-case scores. */
  qualityScore: number;
  /** Use-case key -> 0..100, all 9 keys. */
  qualityByUseCase: Record<string, number>;
  /** True when no accuracy-table row matched and the score is estimated. */
  qualityEstimated: boolean;
  /** KV-cache size per token in KiB (bf16 cache, all layers) from the model's config; the performance model estimates it when absent. */
  kvCacheKibPerToken?: number;
  /** The accuracy-table row(s) the scores come from, or the proxy row for an estimate. */
  qualitySource?: string;
}

export interface GpuPriceSeed {
  provider: string;
  region: string;
  hourlyUsd: number;
  /** YYYY-MM-DD */
  effectiveDate: string;
}

export interface GpuSeed {
  type: string;
  aliases: string[];
  vendor: 'NVIDIA' | 'AMD';
  architecture: string;
  vramGb: number;
  /** Dense FP16/BF16 tensor TFLOPS (no sparsity). */
  fp16Tflops: number;
  /** GB/s */
  memoryBandwidthGbps: number;
  computeCapability: string | null;
  nodeSelectorLabel: string;
  hourlyPriceUsd: number;
  prices: GpuPriceSeed[];
  availability: string;
  notes: string;
  /** Dense FP8 tensor TFLOPS where the GPU has FP8 tensor cores (Ada, Hopper, Blackwell, CDNA3); absent otherwise. */
  fp8Tflops?: number;
  /** GPU-to-GPU link used by tensor parallelism. */
  interconnect?: 'nvlink' | 'infinity-fabric' | 'pcie';
  /** Per-GPU unidirectional GPU-to-GPU bandwidth, GB/s. */
  interconnectGbps?: number;
}

export type ArchitectureWeightFormat = 'BF16' | 'FP16' | 'FP8' | 'INT8' | 'INT4';

/** One catalog model's architecture, as its config.json gives it (see model-architectures.ts). */
export interface CatalogArchitecture {
  hfRepo: string;
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  /** GQA (grouped-query, incl. MHA) or MLA (DeepSeek-style latent, not split over GPUs). */
  attention: 'GQA' | 'MLA';
  /** Layers with a full-length KV cache (sliding-window layers of 128 tokens are left out). */
  kvLayers: number;
  moe: { experts: number; expertsPerToken: number } | null;
  weightFormat: ArchitectureWeightFormat;
  /** Where the numbers come from. */
  source: string;
  notes?: string;
  /** Set when the memory check cannot be made for this model: why. */
  unknown?: string;
}
