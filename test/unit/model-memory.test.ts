import { describe, expect, it } from 'vitest';
import { ConfigJsonError, parseHfConfig } from '../../server/domains/catalog/core/hf-config.js';
import {
  kvBytesPerToken,
  memoryPlan,
  parameterCount,
  weightBytes,
} from '../../server/domains/catalog/core/model-memory.js';

/** mistralai/Mistral-Nemo-Instruct-2407's config.json (the fields that matter); not in the catalog. */
const NEMO = JSON.stringify({
  architectures: ['MistralForCausalLM'],
  model_type: 'mistral',
  hidden_size: 5120,
  num_hidden_layers: 40,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  head_dim: 128,
  intermediate_size: 14336,
  vocab_size: 131072,
  max_position_embeddings: 1024000,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
});

const MIXTRAL = JSON.stringify({
  model_type: 'mixtral',
  hidden_size: 4096,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  intermediate_size: 14336,
  vocab_size: 32000,
  max_position_embeddings: 32768,
  num_local_experts: 8,
  num_experts_per_tok: 2,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
});

const VLLM = { gpuMemoryUtilization: 0.9, overheadGbPerGpu: 1.5 };

describe('config.json → memory (hand-computed)', () => {
  it('counts Mistral Nemo 12B parameter by parameter', () => {
    const a = parseHfConfig(NEMO);
    const p = parameterCount(a);
    // attention: q 5120×4096 + k,v 2×5120×1024 + o 4096×5120 = 52,428,800 a layer
    expect(p.perLayer.attention).toBe(52_428_800);
    // gated MLP: 3 × 5120 × 14336
    expect(p.perLayer.mlp).toBe(220_200_960);
    // 40 × (52,428,800 + 220,200,960 + 2×5120) + 2 × 131072×5120 + 5120
    expect(p.total).toBe(12_247_782_400);
    expect(p.active).toBe(p.total);
    expect(weightBytes(a)).toBe(24_495_564_800); // bf16: 24.50 GB
    // 2 (K,V) × 40 layers × 8 heads × 128 × 2 bytes = 160 KiB
    expect(kvBytesPerToken(a)).toBe(163_840);
  });

  it('fits Nemo on one H100 with 46.0 GB of KV cache: 34 sequences of 8,192 tokens', () => {
    const a = parseHfConfig(NEMO);
    const plan = memoryPlan(a, { ...VLLM, vramGb: 80, gpuCount: 1, tokensPerSequence: 8192 });
    // 80 × 0.9 − 1.5 = 70.5 GB usable; 70.5 − 24.4955648 = 46.0044352 GB
    expect(plan.fits).toBe(true);
    expect(plan.kvCacheGb).toBeCloseTo(46.0044352, 6);
    // 46.0044352e9 / (163,840 × 8,192) = 34.28
    expect(plan.maxSequences).toBe(34);
  });

  it('does not fit Nemo on one L4 but does on two (11 sequences of 8,192)', () => {
    const a = parseHfConfig(NEMO);
    const one = memoryPlan(a, { ...VLLM, vramGb: 24, gpuCount: 1, tokensPerSequence: 8192 });
    expect(one.fits).toBe(false);
    expect(one.reason).toContain('24.50 GB per GPU > 20.10 GB usable');
    const two = memoryPlan(a, { ...VLLM, vramGb: 24, gpuCount: 2, tokensPerSequence: 8192 });
    // (20.1 − 12.2477824) × 2 = 15.7044352 GB → 11.7 sequences
    expect(two.kvCacheGb).toBeCloseTo(15.7044352, 6);
    expect(two.maxSequences).toBe(11);
  });

  it('counts Mixtral 8x7B: 46.7 B total, 12.9 B active', () => {
    const p = parameterCount(parseHfConfig(MIXTRAL));
    // a layer: attention 41,943,040 + 8 experts × 176,160,768 + router 4096×8 + norms 8192
    expect(p.total).toBe(46_702_792_704);
    // routed: 2 of the 8 experts
    expect(p.active).toBe(12_879_925_248);
  });

  it('replicates KV heads when there are fewer than GPUs', () => {
    const a = parseHfConfig(NEMO);
    // 8 KV heads over 16 GPUs: each GPU keeps one head, so the replica stores 16 heads a token
    const plan = memoryPlan(a, { ...VLLM, vramGb: 80, gpuCount: 16, tokensPerSequence: 1024 });
    expect(plan.kvBytesPerTokenReplica).toBe(2 * 40 * 16 * 128 * 2);
  });

  it('reads quantization_config and refuses what it cannot size', () => {
    const fp8 = parseHfConfig(
      JSON.stringify({ ...JSON.parse(NEMO), quantization_config: { quant_method: 'fp8' } }),
    );
    expect(weightBytes(fp8)).toBe(12_247_782_400);
    expect(kvBytesPerToken(fp8)).toBe(163_840); // the KV cache stays bf16
    expect(() => parseHfConfig('{')).toThrow(ConfigJsonError);
    expect(() => parseHfConfig(JSON.stringify({ hidden_size: 10 }))).toThrow(/num_hidden_layers/);
    expect(() => parseHfConfig(JSON.stringify({ ...JSON.parse(NEMO), kv_lora_rank: 512 }))).toThrow(/MLA/);
  });
});
