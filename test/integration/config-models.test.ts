import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/** A model outside the catalog, added from its config.json: memory figures and ESTIMATED recommendations. */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

// mistralai/Mistral-Nemo-Instruct-2407 (not in the catalog); the figures are worked by hand in
// test/unit/model-memory.test.ts and docs/recommendations.md.
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

const SIZING = `query($input: ModelConfigInput!) { modelSizing(input: $input) {
  parameterCount activeParameterCount weightsGb kvCacheBytesPerToken contextLength weightFormat notes
  gpus { gpuType gpuCount fits reason kvCacheGb maxSequences ttftMs itlMs } } }`;
const ADD = `mutation($input: AddModelFromConfigInput!) { addModelFromConfig(input: $input) {
  model { id hfRepo origin parameterCountB approved } sizing { weightsGb gpus(fitsOnly: true) { gpuType gpuCount } } } }`;
const RECOMMEND = `query($spec: DeploymentSpecInput!) { recommend(spec: $spec) {
  recommendations { model { hfRepo origin } gpu { type } gpuCount estimated explanation benchmarksUsed { id } }
  rejected { model { hfRepo } gpu { type } gpuCount code reason } } }`;

interface Sizing {
  parameterCount: number;
  weightsGb: number;
  kvCacheBytesPerToken: number;
  gpus: {
    gpuType: string;
    gpuCount: number;
    fits: boolean;
    reason: string | null;
    kvCacheGb: number;
    maxSequences: number;
    ttftMs: number | null;
    itlMs: number | null;
  }[];
}

describe('models from config.json', () => {
  it('sizes a config on every GPU type and count without saving it', async () => {
    const res = await gql<{ modelSizing: Sizing }>(server, SIZING, {
      input: { configJson: NEMO, contextLength: 8192 },
    });
    expect(res.errors).toBeUndefined();
    const s = res.data!.modelSizing;
    expect(s.parameterCount).toBe(12_247_782_400);
    expect(s.weightsGb).toBeCloseTo(24.4955648, 6);
    expect(s.kvCacheBytesPerToken).toBe(163_840);
    const h100 = s.gpus.find((g) => g.gpuType === 'H100' && g.gpuCount === 1)!;
    expect(h100).toMatchObject({ fits: true, maxSequences: 34 });
    expect(h100.kvCacheGb).toBeCloseTo(46.0044352, 6);
    expect(h100.ttftMs).toBeGreaterThan(0);
    expect(h100.itlMs).toBeGreaterThan(0);
    const l4 = s.gpus.find((g) => g.gpuType === 'L4' && g.gpuCount === 1)!;
    expect(l4).toMatchObject({ fits: false, maxSequences: 0, ttftMs: null });
    expect(l4.reason).toContain('24.50 GB per GPU > 20.10 GB usable');
    expect(s.gpus.find((g) => g.gpuType === 'L4' && g.gpuCount === 2)).toMatchObject({
      fits: true,
      maxSequences: 11,
    });
    const models = await gql<{ models: { totalCount: number } }>(server, '{ models { totalCount } }');
    expect(models.data!.models.totalCount).toBe(47);
  });

  it('adds the model; recommend plans it on ESTIMATED roofline rows', async () => {
    const added = await gql<{
      addModelFromConfig: { model: { hfRepo: string; origin: string; parameterCountB: number } };
    }>(server, ADD, {
      input: { hfRepo: 'mistralai/Mistral-Nemo-Instruct-2407', configJson: NEMO, qualityScore: 60 },
    });
    expect(added.errors).toBeUndefined();
    expect(added.data!.addModelFromConfig.model).toMatchObject({
      hfRepo: 'mistralai/mistral-nemo-instruct-2407',
      origin: 'CONFIG_JSON',
    });
    const res = await gql<{
      recommend: {
        recommendations: {
          model: { hfRepo: string };
          gpu: { type: string };
          estimated: boolean;
          explanation: string;
          benchmarksUsed: unknown[];
        }[];
      };
    }>(server, RECOMMEND, {
      spec: {
        useCaseKey: 'chatbot_conversational',
        requestsPerSecond: 5,
        priority: 'COST',
        gpuTypes: ['H100', 'L4'],
        limit: 100,
      },
    });
    expect(res.errors).toBeUndefined();
    const nemo = res.data!.recommend.recommendations.filter(
      (r) => r.model.hfRepo === 'mistralai/mistral-nemo-instruct-2407',
    );
    expect(nemo.length).toBeGreaterThan(0);
    for (const r of nemo) {
      expect(r.estimated).toBe(true);
      expect(r.benchmarksUsed).toEqual([]);
      expect(r.explanation).toContain(
        'ESTIMATE (roofline): mistralai/mistral-nemo-instruct-2407 has no benchmarks',
      );
      expect(r.explanation).toContain(
        '12.25 B parameters, 24.50 GB of BF16 weights, 160 KiB of KV cache per token',
      );
    }
    // One L4 cannot hold the weights: no such plan.
    expect(
      nemo.some((r) => r.gpu.type === 'L4' && (r as unknown as { gpuCount: number }).gpuCount === 1),
    ).toBe(false);
    // Catalog models keep their benchmarks.
    expect(res.data!.recommend.recommendations.some((r) => !r.estimated)).toBe(true);
  });

  it('refuses what it cannot size, and catalog models', async () => {
    const broken = await gql(server, SIZING, { input: { configJson: '{"hidden_size": 4096}' } });
    expect(broken.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(broken.errors?.[0]?.message).toContain('num_hidden_layers');
    const mla = await gql(server, SIZING, {
      input: { configJson: JSON.stringify({ ...JSON.parse(NEMO), kv_lora_rank: 512 }) },
    });
    expect(mla.errors?.[0]?.message).toContain('MLA');
    const catalog = await gql(server, ADD, {
      input: { hfRepo: 'meta-llama/llama-3.1-8b-instruct', configJson: NEMO },
    });
    expect(catalog.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});
