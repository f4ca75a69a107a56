import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const RECOMMEND = `query($spec: DeploymentSpecInput!) {
  recommend(spec: $spec) {
    estimated explanation rejectedCount
    spec { useCase { key } promptTokens outputTokens slo { ttftP95Ms itlP95Ms e2eP95Ms } requestsPerSecond priority exactProfile notes }
    recommendations {
      rank gpuCount replicas totalGpus monthlyCostUsd perReplicaCapacityRps perReplicaLoadRps score estimated explanation
      model { hfRepo qualityScore(useCaseKey: "chatbot_conversational") } gpu { type hourlyPriceUsd }
      predicted { ttftP95Ms itlP95Ms e2eP95Ms } sloMargins { ttftP95Ms itlP95Ms e2eP95Ms }
      benchmarksUsed { id requestsPerSecond promptTokens outputTokens gpuCount ttft { p95 } itl { p95 } e2e { p95 } model { hfRepo } gpu { type } }
    }
    nearMisses { model { hfRepo } gpu { type } gpuCount nearMiss { metric gapPercent } }
    rejected(first: 5) { model { hfRepo } gpu { type } gpuCount code reason }
  }
}`;

interface Row {
  id: string;
  requestsPerSecond: number;
  promptTokens: number;
  outputTokens: number;
  gpuCount: number;
  ttft: { p95: number };
  itl: { p95: number };
  e2e: { p95: number };
  model: { hfRepo: string };
  gpu: { type: string };
}
interface Rec {
  rank: number;
  gpuCount: number;
  replicas: number;
  totalGpus: number;
  monthlyCostUsd: number;
  perReplicaCapacityRps: number;
  perReplicaLoadRps: number;
  score: number | null;
  estimated: boolean;
  explanation: string;
  model: { hfRepo: string; qualityScore: number };
  gpu: { type: string; hourlyPriceUsd: number };
  predicted: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number };
  sloMargins: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number };
  benchmarksUsed: Row[];
}
interface Result {
  recommend: {
    estimated: boolean;
    explanation: string;
    rejectedCount: number;
    spec: {
      useCase: { key: string } | null;
      promptTokens: number;
      outputTokens: number;
      slo: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number };
      requestsPerSecond: number;
      priority: string;
      exactProfile: boolean;
      notes: string[];
    };
    recommendations: Rec[];
    nearMisses: { nearMiss: { metric: string; gapPercent: number } }[];
    rejected: { code: string; reason: string }[];
  };
}

const chatbot = {
  useCaseKey: 'chatbot_conversational',
  users: 5000,
  priority: 'COST',
  maxMonthlyCostUsd: 20000,
};

describe('recommend over GraphQL and real PostgreSQL', () => {
  it('returns ranked options whose numbers re-derive from the listed benchmark rows', async () => {
    const result = await gql<Result>(server, RECOMMEND, { spec: chatbot });
    expect(result.errors).toBeUndefined();
    const { spec, recommendations, rejectedCount } = result.data!.recommend;
    expect(spec).toMatchObject({
      useCase: { key: 'chatbot_conversational' },
      promptTokens: 512,
      outputTokens: 256,
      exactProfile: true,
    });
    expect(spec.slo).toEqual({ ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 });
    // 5,000 users × 2 req/min ÷ 60
    expect(spec.requestsPerSecond).toBeCloseTo(166.667, 2);
    expect(recommendations.length).toBeGreaterThan(0);
    expect(rejectedCount).toBeGreaterThan(0);

    for (const rec of recommendations) {
      const rows = rec.benchmarksUsed;
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row).toMatchObject({
          promptTokens: 512,
          outputTokens: 256,
          gpuCount: rec.gpuCount,
          model: { hfRepo: rec.model.hfRepo },
          gpu: { type: rec.gpu.type },
        });
      }
      // capacity = the highest req/s among the feasible rows listed
      const feasible = rows.filter((r) => r.ttft.p95 <= 150 && r.itl.p95 <= 25 && r.e2e.p95 <= 7000);
      expect(rec.perReplicaCapacityRps).toBeCloseTo(Math.max(...feasible.map((r) => r.requestsPerSecond)), 9);
      expect(rec.replicas).toBe(
        Math.max(1, Math.ceil(spec.requestsPerSecond / rec.perReplicaCapacityRps - 1e-9)),
      );
      expect(rec.totalGpus).toBe(rec.replicas * rec.gpuCount);
      expect(rec.monthlyCostUsd).toBeCloseTo(rec.totalGpus * rec.gpu.hourlyPriceUsd * 730, 6);
      expect(rec.monthlyCostUsd).toBeLessThanOrEqual(20000);
      expect(rec.perReplicaLoadRps).toBeCloseTo(spec.requestsPerSecond / rec.replicas, 9);
      expect(rec.predicted.ttftP95Ms).toBeLessThanOrEqual(150);
      expect(rec.sloMargins.ttftP95Ms).toBeCloseTo((150 - rec.predicted.ttftP95Ms) / 150, 9);
      expect(rec.explanation).toContain(rec.gpu.type);
    }
    // COST: cheapest first
    const costs = recommendations.map((r) => r.monthlyCostUsd);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
  });

  it('re-ranks when the priority changes (what-if)', async () => {
    const byLatency = await gql<Result>(server, RECOMMEND, { spec: { ...chatbot, priority: 'LATENCY' } });
    const e2e = byLatency.data!.recommend.recommendations.map((r) => r.predicted.e2eP95Ms);
    expect(e2e).toEqual([...e2e].sort((a, b) => a - b));
    const byAccuracy = await gql<Result>(server, RECOMMEND, { spec: { ...chatbot, priority: 'ACCURACY' } });
    const quality = byAccuracy.data!.recommend.recommendations.map((r) => r.model.qualityScore);
    expect(quality).toEqual([...quality].sort((a, b) => b - a));
  });

  it('honours GPU, budget and approval constraints', async () => {
    const result = await gql<Result>(server, RECOMMEND, {
      spec: { useCaseKey: 'code_completion', requestsPerSecond: 20, gpuTypes: ['A100-80GB'], maxGpus: 8 },
    });
    const recs = result.data!.recommend.recommendations;
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.every((r) => r.gpu.type === 'A100-80' && r.totalGpus <= 8)).toBe(true);
  });

  it('never plans on an excluded GPU type (aliases too), and excluded wins over allowed', async () => {
    const base = { useCaseKey: 'code_completion', requestsPerSecond: 20, limit: 100 };
    const open = await gql<Result>(server, RECOMMEND, { spec: base });
    const types = new Set(open.data!.recommend.recommendations.map((r) => r.gpu.type));
    expect(types.has('H100')).toBe(true); // so the exclusion below has something to remove
    const result = await gql<Result>(server, RECOMMEND, {
      spec: { ...base, excludedGpuTypes: ['nvidia-h100', 'L4'] },
    });
    expect(result.errors).toBeUndefined();
    const recs = result.data!.recommend.recommendations;
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.some((r) => r.gpu.type === 'H100' || r.gpu.type === 'L4')).toBe(false);
    const both = await gql<Result>(server, RECOMMEND, {
      spec: { ...base, gpuTypes: ['H100', 'A100-80'], excludedGpuTypes: ['H100'] },
    });
    expect(both.data!.recommend.recommendations.every((r) => r.gpu.type === 'A100-80')).toBe(true);
  });

  it('estimates, flagged, for a profile with no exact benchmarks', async () => {
    const result = await gql<Result>(server, RECOMMEND, {
      spec: {
        promptTokens: 2048,
        outputTokens: 512,
        slo: { ttftP95Ms: 800, itlP95Ms: 40, e2eP95Ms: 30000 },
        requestsPerSecond: 5,
      },
    });
    expect(result.errors).toBeUndefined();
    const r = result.data!.recommend;
    expect(r.estimated).toBe(true);
    expect(r.spec.exactProfile).toBe(false);
    expect(r.spec.notes.join(' ')).toMatch(/estimate/);
    expect(r.recommendations.length).toBeGreaterThan(0);
    expect(r.recommendations.every((rec) => rec.estimated)).toBe(true);
  });

  it('answers bad specs with typed errors', async () => {
    for (const spec of [
      { useCaseKey: 'no_such_use_case', requestsPerSecond: 1 },
      { useCaseKey: 'chatbot_conversational' },
      { promptTokens: 512, outputTokens: 256, requestsPerSecond: 1 },
      { useCaseKey: 'chatbot_conversational', requestsPerSecond: -3 },
      { useCaseKey: 'chatbot_conversational', requestsPerSecond: 1, minQualityScore: 140 },
      { useCaseKey: 'chatbot_conversational', requestsPerSecond: 1, excludedGpuTypes: ['T4'] },
    ]) {
      const result = await gql<Result>(server, RECOMMEND, { spec });
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(spec)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.argument).toMatch(/^spec\./);
    }
  });
});

describe('candidate cache', () => {
  it('sees a new benchmark row immediately (the version trigger invalidates the cache)', async () => {
    const spec = {
      useCaseKey: 'chatbot_conversational',
      requestsPerSecond: 5,
      priority: 'LATENCY',
      gpuTypes: ['L4'],
      limit: 100,
    };
    const before = await gql<Result>(server, RECOMMEND, { spec });
    const version = async () =>
      (await server.clients.api.kbMeta.findUnique({ where: { key: 'benchmarks_version' } }))?.value ?? '0';
    const v0 = await version();
    // A MEASURED row for a config that had only SYNTHETIC rows now decides that config (most trusted source).
    const template = await server.clients.api.benchmark.findFirstOrThrow({
      where: {
        promptTokens: 512,
        outputTokens: 256,
        gpu: { type: 'L4' },
        concurrency: 1,
        source: 'SYNTHETIC',
      },
      orderBy: { ttftP95: 'asc' },
    });
    const { id: _id, configId: _c, createdAt: _ca, updatedAt: _ua, runId: _r, ...fields } = template;
    await server.clients.worker.benchmark.create({
      data: {
        ...fields,
        configId: 'test:cache-invalidation',
        source: 'MEASURED',
        requestsPerSecond: 0.42,
        ttftP95: 1,
        itlP95: 1,
        e2eP95: 10,
      },
    });
    expect(await version()).not.toBe(v0);
    const after = await gql<Result>(server, RECOMMEND, { spec });
    expect(after.errors).toBeUndefined();
    expect(before.errors).toBeUndefined();
    const capacities = (r: { data?: Result }) =>
      r.data!.recommend.recommendations.map((rec) => rec.perReplicaCapacityRps);
    expect(capacities(after)).toContain(0.42);
    expect(capacities(before)).not.toContain(0.42);
  });
});
