import { describe, expect, it } from 'vitest';
import { modelArchitectures } from '../../server/domains/catalog/seed-data/model-architectures.js';
import { models as catalogModels } from '../../server/domains/catalog/seed-data/models.js';
import {
  catalogMemory,
  checkConfigMemory,
  describeMemoryFit,
  kvBytesPerTokenPerGpu,
  memoryFit,
  plannedSequences,
} from '../../server/domains/recommend/core/memory-fit.js';
import { recommend } from '../../server/domains/recommend/core/recommend.js';
import type { MemoryFacts, ModelInfo } from '../../server/domains/recommend/types.js';
import { gpus, H100, MODEL_A, models, spec, workedRows } from './recommend-fixtures.js';

/** Llama 3.1 8B: 32 layers, 8 KV heads of 128, BF16 cache; 8 B × 2 bytes = 16 GB of weights. */
const LLAMA_8B: MemoryFacts = {
  weightsGb: 16,
  weightsFrom: '8 B parameters × 2 bytes',
  attention: 'GQA',
  kvLayers: 32,
  kvHeads: 8,
  headDim: 128,
  kvElementBytes: 2,
};

describe('KV bytes per token per GPU', () => {
  it('splits GQA heads over the GPUs and keeps one copy per GPU below one head each', () => {
    expect(kvBytesPerTokenPerGpu(LLAMA_8B, 1)).toBe(2 * 32 * 8 * 128 * 2); // 131,072
    expect(kvBytesPerTokenPerGpu(LLAMA_8B, 4)).toBe(2 * 32 * 2 * 128 * 2); // 32,768
    expect(kvBytesPerTokenPerGpu(LLAMA_8B, 16)).toBe(2 * 32 * 1 * 128 * 2); // 8,192: 8 heads, 16 GPUs
  });

  it('holds an MLA latent whole on every GPU', () => {
    const mla: MemoryFacts = { ...LLAMA_8B, attention: 'MLA', kvLayers: 61, kvHeads: 1, headDim: 576 };
    expect(kvBytesPerTokenPerGpu(mla, 1)).toBe(61 * 576 * 2); // 70,272 B = 68.6 KiB
    expect(kvBytesPerTokenPerGpu(mla, 8)).toBe(61 * 576 * 2);
  });
});

describe("sequences in flight (Little's law)", () => {
  it('is ceil(req/s × E2E / 1000), at least 1', () => {
    expect(plannedSequences(1.5, 2000)).toBe(3);
    expect(plannedSequences(3.2, 15_000)).toBe(48);
    expect(plannedSequences(20 / 3, 4533.333)).toBe(31);
    expect(plannedSequences(0, 5000)).toBe(1);
  });
});

describe('memoryFit', () => {
  const base = { vramGb: 24, gpuCount: 1, gpuMemoryUtilization: 0.9, tokensPerSequence: 4096 };

  it('fits 3 sequences of 4,096 tokens of Llama 8B on one 24 GB GPU', () => {
    // KV per sequence 131,072 × 4,096 = 536,870,912 B; × 3 = 1.61 GB; 16 + 1.61 = 17.61 ≤ 21.6.
    const fit = memoryFit(LLAMA_8B, { ...base, sequences: 3, perReplicaLoadRps: 1.5, e2eP95Ms: 2000 });
    expect(fit.weightsGbPerGpu).toBe(16);
    expect(fit.kvGbPerGpu).toBeCloseTo(1.610612736, 9);
    expect(fit.needGbPerGpu).toBeCloseTo(17.610612736, 9);
    expect(fit.budgetGbPerGpu).toBeCloseTo(21.6, 9);
    expect(fit.fits).toBe(true);
    expect(fit.maxSequences).toBe(10); // floor(5.6 / 0.536870912) = floor(10.43)
  });

  it('rejects 12 sequences with the numbers in words', () => {
    // 12 × 0.536870912 = 6.44 GB KV; 16 + 6.44 = 22.44 > 21.6.
    const fit = memoryFit(LLAMA_8B, { ...base, sequences: 12, perReplicaLoadRps: 3, e2eP95Ms: 4000 });
    expect(fit.fits).toBe(false);
    expect(describeMemoryFit(fit, LLAMA_8B)).toBe(
      'does not fit in GPU memory: needs 22.4 GB per GPU: 16 GB weights (8 B parameters × 2 bytes) + ' +
        '6.4 GB KV for 12 sequences × 4,096 tokens (12 = ceil(3 req/s × 4,000 ms E2E p95 / 1,000), ' +
        "Little's law); has 24 GB × 0.9 = 21.6 GB; room for 10 sequences",
    );
  });

  it('splits weights and KV over a tensor-parallel replica', () => {
    // Llama 70B on 4 × 80 GB: 140 / 4 = 35 GB; KV 2 × 80 × 2 × 128 × 2 = 81,920 B a token per GPU.
    const llama70: MemoryFacts = { ...LLAMA_8B, weightsGb: 140, kvLayers: 80 };
    const fit = memoryFit(llama70, {
      vramGb: 80,
      gpuCount: 4,
      gpuMemoryUtilization: 0.9,
      tokensPerSequence: 2048,
      sequences: 100,
      perReplicaLoadRps: 10,
      e2eP95Ms: 10_000,
    });
    expect(fit.weightsGbPerGpu).toBe(35);
    expect(fit.kvGbPerGpu).toBeCloseTo((81_920 * 2048 * 100) / 1e9, 9); // 16.78 GB
    expect(fit.fits).toBe(true); // 51.78 ≤ 72
  });

  it('says when the weights alone overflow', () => {
    const fit = memoryFit(
      { ...LLAMA_8B, weightsGb: 140 },
      { ...base, sequences: 1, perReplicaLoadRps: 0.1, e2eP95Ms: 1000 },
    );
    expect(describeMemoryFit(fit, LLAMA_8B)).toMatch(/the weights leave no room for one sequence$/);
  });
});

describe('catalog architectures', () => {
  const byRepo = new Map(modelArchitectures.map((a) => [a.hfRepo, a]));

  it('covers every catalog model once, with a source', () => {
    expect(modelArchitectures).toHaveLength(catalogModels.length);
    expect(byRepo.size).toBe(catalogModels.length);
    for (const m of catalogModels) {
      const a = byRepo.get(m.hfRepo);
      expect(a, m.hfRepo).toBeDefined();
      expect(a?.source).toMatch(/config\.json/);
    }
  });

  it("agree with the catalog's KV cache per token (recorded separately from config.json)", () => {
    for (const m of catalogModels) {
      const a = byRepo.get(m.hfRepo);
      if (!a || m.kvCacheKibPerToken === undefined) continue;
      const facts = { ...LLAMA_8B, ...a, kvElementBytes: 2 };
      expect(kvBytesPerTokenPerGpu(facts, 1) / 1024, m.hfRepo).toBeCloseTo(m.kvCacheKibPerToken, 0);
    }
  });

  it('marks hybrid and unconfirmed models unknown, and takes weights from the catalog', () => {
    const nano = byRepo.get('redhatai/nvidia-nemotron-nano-9b-v2-fp8-dynamic');
    expect(catalogMemory({ parameterCountB: 9, bytesPerParam: 1 }, nano)).toEqual({
      unknown: expect.stringMatching(/Mamba/),
    });
    const llama = byRepo.get('meta-llama/llama-3.1-8b-instruct');
    const memory = catalogMemory({ parameterCountB: 8, bytesPerParam: 2 }, llama);
    expect(memory).toMatchObject({ facts: { weightsGb: 16, kvLayers: 32, kvHeads: 8, headDim: 128 } });
  });
});

describe('recommend with the memory check', () => {
  // workedRows at 20 req/s + 20 %: capacity 8 req/s (#103) → 3 replicas, q = 6.67 req/s, E2E p95
  // 3,700 + 0.5556 × (5,200 − 3,700) = 4,533.33 ms → ceil(30.22) = 31 sequences × 768 tokens.
  // 10 B × 2 = 20 GB weights + 31 × 131,072 × 768 B = 3.12 GB KV = 23.12 GB > 24 × 0.9 = 21.6 GB.
  const big: ModelInfo = {
    ...MODEL_A,
    memory: { facts: { ...LLAMA_8B, weightsGb: 20, weightsFrom: '10 B parameters × 2 bytes' } },
  };

  it('rejects a config that cannot hold its sequences (DOES_NOT_FIT_MEMORY, numbers in words)', () => {
    const out = recommend(spec(), workedRows(), models(big), gpus({ ...H100, vramGb: 24 }));
    expect(out.recommendations).toHaveLength(0);
    expect(out.rejected).toHaveLength(1);
    expect(out.rejected[0]?.code).toBe('DOES_NOT_FIT_MEMORY');
    expect(out.rejected[0]?.reason).toBe(
      'does not fit in GPU memory: needs 23.1 GB per GPU: 20 GB weights (10 B parameters × 2 bytes) + ' +
        '3.1 GB KV for 31 sequences × 768 tokens (31 = ceil(6.67 req/s × 4,533.33 ms E2E p95 / 1,000), ' +
        "Little's law); has 24 GB × 0.9 = 21.6 GB; room for 15 sequences",
    );
    expect(out.explanation).toContain('1 does not fit in GPU memory');
  });

  it('keeps it on a larger GPU and shows the arithmetic', () => {
    const out = recommend(spec(), workedRows(), models(big), gpus({ ...H100, vramGb: 80 }));
    expect(out.recommendations).toHaveLength(1);
    expect(out.recommendations[0]?.explanation).toContain(
      'Memory: needs 23.1 GB per GPU: 20 GB weights (10 B parameters × 2 bytes) + 3.1 GB KV for 31 sequences',
    );
    expect(out.recommendations[0]?.explanation).toContain('has 80 GB × 0.9 = 72 GB (fits).');
  });

  it('honours another gpu-memory-utilization', () => {
    // 80 × 0.25 = 20 GB < 23.12 GB.
    const out = recommend(
      spec({ gpuMemoryUtilization: 0.25 }),
      workedRows(),
      models(big),
      gpus({ ...H100, vramGb: 80 }),
    );
    expect(out.rejected[0]?.code).toBe('DOES_NOT_FIT_MEMORY');
  });

  it('skips the check for an unknown architecture and says so', () => {
    const unknown: ModelInfo = { ...MODEL_A, memory: { unknown: 'hybrid Mamba-2 model' } };
    const out = recommend(spec(), workedRows(), models(unknown), gpus({ ...H100, vramGb: 24 }));
    expect(out.recommendations[0]?.explanation).toContain('Memory: not checked (hybrid Mamba-2 model).');
  });

  it('checks nothing when the model carries no memory facts', () => {
    const check = checkConfigMemory(MODEL_A, H100, 1, 768, {
      perReplicaLoadRps: 1,
      predicted: { ttftP95Ms: 1, itlP95Ms: 1, e2eP95Ms: 1 },
    });
    expect(check).toBeNull();
  });
});
