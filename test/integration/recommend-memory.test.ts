import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The memory check over the seeded knowledge base: a config whose benchmark rows say it meets the SLOs
 * but whose weights cannot be held by its GPUs (Llama 3.1 70B in BF16 on one 24 GB L4) is rejected with
 * DOES_NOT_FIT_MEMORY and the arithmetic; configs that fit say so in their explanation.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const RECOMMEND = `query($spec: DeploymentSpecInput!) {
  recommend(spec: $spec) {
    explanation
    recommendations { model { hfRepo } gpu { type } gpuCount explanation }
    rejected { model { hfRepo } gpu { type } gpuCount code reason }
  }
}`;

interface Result {
  recommend: {
    explanation: string;
    recommendations: {
      model: { hfRepo: string };
      gpu: { type: string };
      gpuCount: number;
      explanation: string;
    }[];
    rejected: {
      model: { hfRepo: string };
      gpu: { type: string };
      gpuCount: number;
      code: string;
      reason: string;
    }[];
  };
}

const TOO_SMALL = 'meta-llama/llama-3.1-70b-instruct';

describe('recommend checks every config against GPU memory', () => {
  it('rejects a known-too-small config with the numbers, and explains the ones that fit', async () => {
    const model = await server.clients.api.model.findUniqueOrThrow({ where: { hfRepo: TOO_SMALL } });
    const template = await server.clients.api.benchmark.findFirstOrThrow({
      where: {
        promptTokens: 512,
        outputTokens: 256,
        gpu: { type: 'L4' },
        hardwareCount: 1,
        source: 'SYNTHETIC',
      },
    });
    const { id: _id, configId: _c, createdAt: _ca, updatedAt: _ua, runId: _r, ...fields } = template;
    // Rows that meet the chatbot targets (150 / 25 / 7,000 ms): only memory can rule the config out.
    await server.clients.worker.benchmark.create({
      data: {
        ...fields,
        modelId: model.id,
        configId: 'test:memory-too-small',
        source: 'MEASURED',
        concurrency: 4,
        requestsPerSecond: 2,
        ttftP95: 100,
        itlP95: 10,
        e2eP95: 3000,
      },
    });
    const spec = {
      useCaseKey: 'chatbot_conversational',
      requestsPerSecond: 5,
      headroomPercent: 20,
      gpuTypes: ['L4'],
      limit: 100,
    };
    const res = await gql<Result>(server, RECOMMEND, { spec });
    expect(res.errors).toBeUndefined();
    const out = res.data!.recommend;
    expect(
      out.recommendations.some(
        (r) => r.model.hfRepo === TOO_SMALL && r.gpu.type === 'L4' && r.gpuCount === 1,
      ),
    ).toBe(false);
    const rejected = out.rejected.find(
      (r) => r.model.hfRepo === TOO_SMALL && r.gpu.type === 'L4' && r.gpuCount === 1,
    );
    expect(rejected?.code).toBe('DOES_NOT_FIT_MEMORY');
    // 3 replicas (ceil(5 × 1.2 / 2)), 5 / 3 req/s each × 3,000 ms = 5 sequences × 768 tokens;
    // KV 2 × 80 layers × 8 heads × 128 × 2 B = 327,680 B a token → 5 × 768 × 327,680 B = 1.26 GB.
    expect(rejected?.reason).toBe(
      'does not fit in GPU memory: needs 141.3 GB per GPU: 140 GB weights (70 B parameters × 2 bytes) + ' +
        '1.3 GB KV for 5 sequences × 768 tokens (5 = ceil(1.67 req/s × 3,000 ms E2E p95 / 1,000), ' +
        "Little's law); has 24 GB × 0.9 = 21.6 GB; the weights leave no room for one sequence",
    );
    expect(out.explanation).toMatch(/\d+ does not fit in GPU memory/);

    // Every shown plan carries its memory line: the arithmetic, or why it was not checked.
    expect(out.recommendations.length).toBeGreaterThan(0);
    for (const r of out.recommendations) {
      expect(r.explanation).toMatch(
        /\nMemory: (needs [\d.]+ GB per GPU: .* \(fits\)|not checked \(.+\))\.\n/,
      );
    }
    const eightB = out.recommendations.find(
      (r) => r.model.hfRepo === 'meta-llama/llama-3.1-8b-instruct' && r.gpuCount === 8,
    );
    expect(eightB?.explanation).toContain('2 GB weights (8 B parameters × 2 bytes / 8 GPUs)');
    expect(eightB?.explanation).toContain('has 24 GB × 0.9 = 21.6 GB (fits).');
  });

  it("holds plans to the spec's gpuMemoryUtilization, and refuses one outside (0, 1]", async () => {
    // The first test's MEASURED row for 70B on 1 × L4 is still there.
    const spec = { useCaseKey: 'chatbot_conversational', requestsPerSecond: 5, gpuTypes: ['L4'], limit: 100 };
    const res = await gql<Result>(server, RECOMMEND, { spec: { ...spec, gpuMemoryUtilization: 0.95 } });
    expect(res.errors).toBeUndefined();
    const rejected = res.data!.recommend.rejected.find(
      (r) => r.model.hfRepo === TOO_SMALL && r.gpu.type === 'L4' && r.gpuCount === 1,
    );
    expect(rejected?.reason).toContain('has 24 GB × 0.95 = 22.8 GB');
    for (const bad of [0, 1.5]) {
      const refused = await gql<Result>(server, RECOMMEND, { spec: { ...spec, gpuMemoryUtilization: bad } });
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/gpuMemoryUtilization must be within \(0, 1\]/);
    }
  });
});
