/**
 * The scraper's promises over real PostgreSQL: one instance per deployment (advisory lock) and a
 * take-over when it stops; samples that outlive the process; rollups and retention; the feedback rule
 * filing sustained levels as MEASURED rows that `recommend` then prefers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorServer, type SimulatorServer } from '../../apps/simulator/server.js';
import { DEFAULT_OBSERVE_CONFIG, type ObserveConfig } from '../../server/config.js';
import { createDeploymentRuntime, type DeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { configCurve } from '../../server/domains/recommend/service.js';
import type { PodSnapshot } from '../../server/domains/observe/core/vllm-snapshot.js';
import { collectFeedback } from '../../server/domains/observe/feedback.js';
import { startScraper, type Scraper } from '../../server/domains/observe/scraper.js';
import { deploymentMetrics } from '../../server/domains/observe/service.js';
import {
  applyRetention,
  insertSamples,
  loadRollupSeries,
  rollUpCompletedMinutes,
} from '../../server/domains/observe/store.js';
import { createLogger } from '../../server/logger.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

const MODEL = 'meta-llama/llama-3.1-8b-instruct';
const CONFIG: ObserveConfig = {
  ...DEFAULT_OBSERVE_CONFIG,
  intervalMs: 60_000, // rounds are driven by the test
  rateWindowMs: 10_000,
  feedback: { windowMs: 60_000, minLevels: 2 },
};

let k8s: FakeK8s;
let server: TestServer;
let runtime: DeploymentRuntime;
let sim: SimulatorServer;
const scrapers: Scraper[] = [];

function scraper(): Promise<Scraper> {
  return startScraper({
    prisma: server.clients.worker,
    databaseUrl: server.db.url,
    client: runtime.client,
    pubsub: server.pubsub,
    logger: createLogger('silent'),
    config: CONFIG,
  }).then((s) => {
    scrapers.push(s);
    return s;
  });
}

async function deploy(name: string): Promise<number> {
  await gql<{ createDeployment: { deployment: { id: string } } }>(
    server,
    `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { deployment { id } } }`,
    { input: { config: { modelHfRepo: MODEL, gpuType: 'H100', gpuCount: 1 }, name, mode: 'SIMULATOR' } },
  );
  return (await server.clients.api.deployment.findFirstOrThrow({ where: { name } })).id;
}

beforeAll(async () => {
  sim = createSimulatorServer({ model: MODEL });
  const url = await sim.listen(0);
  k8s = await startFakeK8s({ podTimeline: { startAfterMs: 10, readyAfterMs: 20 }, proxy: () => url });
  runtime = createDeploymentRuntime({
    kubeconfigPath: k8s.kubeconfigPath,
    inCluster: false,
    allowedNamespaces: ['compass'],
    endpointOverride: null,
    requestTimeoutMs: 2_000,
  });
  server = await startTestServer({ deployments: runtime, observe: CONFIG });
});

afterAll(async () => {
  for (const s of scrapers) await s.stop();
  await server?.close();
  await sim?.close();
  await k8s?.close();
});

describe('the scraper across instances', () => {
  it('gives a deployment to one instance, and to another when that one stops', async () => {
    const id = await deploy('locked');
    await new Promise((r) => setTimeout(r, 200)); // pods Ready
    const [a, b] = [await scraper(), await scraper()];
    await a.round();
    await b.round();
    await a.round();
    await b.round();
    expect([a.owned(), b.owned()].filter((o) => o.includes(id))).toHaveLength(1);
    const owner = a.owned().includes(id) ? a : b;
    const other = owner === a ? b : a;
    // two rounds of each instance, one pod: the owner's two scrapes only
    expect(await server.clients.api.deploymentMetricSample.count({ where: { deploymentId: id } })).toBe(2);

    await owner.stop();
    await other.round();
    expect(other.owned()).toContain(id);
    expect(await server.clients.api.deploymentMetricSample.count({ where: { deploymentId: id } })).toBe(3);
    // the samples are in PostgreSQL: a fresh view (any instance, after any restart) reads them
    const view = await deploymentMetrics(server.clients.api, { ...CONFIG, intervalMs: 1_000 }, id, {
      windowMs: 60_000,
    });
    expect(view.points.some((p) => p.summary.running !== null)).toBe(true);
    expect(view.predictionBasis).toMatch(/IMPORTED|SYNTHETIC|MEASURED/);
  });
});

const Inf = Number.POSITIVE_INFINITY;
/** A pod that has served `requests` requests of 512 → 64 tokens, TTFT 30 ms, ITL 8 ms, E2E 0.55 s. */
function snapshot(t: number, requests: number): PodSnapshot {
  const h = (bounds: number[], at: number, each: number) => ({
    bounds: [...bounds, Inf],
    counts: bounds.map((b) => (b >= at ? requests * each : 0)).concat(requests * each),
    sum: requests * each * at,
    count: requests * each,
  });
  return {
    t,
    counters: { requests, promptTokens: requests * 512, generationTokens: requests * 64, preemptions: 0 },
    gauges: { running: 2, waiting: 0, kvCache: 0.1 },
    histograms: {
      ttft: h([0.02, 0.04, 0.06], 0.03, 1),
      itl: h([0.005, 0.01, 0.025], 0.008, 63),
      e2e: h([0.3, 0.5, 0.8], 0.55, 1),
      queue: null,
    },
  };
}

describe('storage', () => {
  it('rolls completed minutes up and applies retention', async () => {
    const id = await deploy('rolled');
    const start = Date.UTC(2026, 0, 1, 12, 0, 0);
    await insertSamples(
      server.clients.worker,
      id,
      Array.from({ length: 24 }, (_, i) => ({ pod: 'p', snapshot: snapshot(start + i * 5_000, i * 10) })),
    );
    expect(await rollUpCompletedMinutes(server.clients.worker, id, start + 125_000)).toBe(2);
    expect(await rollUpCompletedMinutes(server.clients.worker, id, start + 125_000)).toBe(0); // idempotent
    const rollups = await loadRollupSeries(server.clients.api, id, start - 60_000, start + 180_000);
    expect(rollups[0]?.snapshots.map((s) => s.counters.requests)).toEqual([110, 230]);
    const removed = await applyRetention(server.clients.worker, start + 60_000 + 24 * 3_600_000, {
      rawMs: 24 * 3_600_000,
      rollupMs: 30 * 86_400_000,
    });
    expect(removed.raw).toBe(12);
    expect(removed.rollups).toBe(0);
  });
});

describe('feedback', () => {
  it('files sustained levels as MEASURED rows once there are enough, and recommend prefers them', async () => {
    const id = await deploy('fed-back');
    const deployed = await server.clients.api.deployment.findUniqueOrThrow({ where: { id } });
    const before = await configCurve(server.clients.api, {
      modelId: deployed.modelId!,
      gpuId: deployed.gpuId!,
      gpuCount: 1,
      promptTokens: 512,
      outputTokens: 256,
    });
    expect(before?.source).not.toBe('MEASURED');

    const now = Date.now();
    const level = async (rps: number, end: number) => {
      const samples = Array.from({ length: 31 }, (_, i) => ({
        pod: 'p',
        snapshot: snapshot(end - 75_000 + i * 2_500, Math.round(1000 + rps * i * 2.5)),
      }));
      await server.clients.worker.deploymentMetricSample.deleteMany({ where: { deploymentId: id } });
      await insertSamples(server.clients.worker, id, samples);
      return collectFeedback(server.clients.worker, CONFIG, id, end);
    };
    // opt-in is required
    expect(await level(2, now)).toBeNull();
    await gql(
      server,
      `mutation($id: ID!) { configureDeploymentObservation(deploymentId: $id, input: { feedback: true }) { feedback } }`,
      {
        id: String(id),
      },
    );

    const first = await level(2, now);
    expect(first).toMatchObject({ verdict: { ok: true }, levels: 1, filed: 0 });
    const second = await level(6, now);
    expect(second).toMatchObject({ verdict: { ok: true }, levels: 2, filed: 2 });

    const rows = await server.clients.api.benchmark.findMany({
      where: { configId: { startsWith: `observed:${id}:` } },
      orderBy: { requestsPerSecond: 'asc' },
    });
    expect(rows.map((r) => r.source)).toEqual(['MEASURED', 'MEASURED']);
    expect(rows[0]!.type).toBe('production-observation');
    expect(rows[0]!.requestsPerSecond).toBeCloseTo(2, 1);
    expect(rows[1]!.requestsPerSecond).toBeCloseTo(6, 1);
    // TTFT observations all in (0.02, 0.04]: p95 interpolates to 0.02 + 0.02 · 0.95 = 39 ms
    expect(rows[0]!.ttftP95).toBeCloseTo(39, 6);
    expect(rows[0]!.meanInputTokens).toBeCloseTo(512, 6);
    expect(rows[0]!.meanOutputTokens).toBeCloseTo(64, 6);

    const after = await configCurve(server.clients.api, {
      modelId: deployed.modelId!,
      gpuId: deployed.gpuId!,
      gpuCount: 1,
      promptTokens: 512,
      outputTokens: 256,
    });
    expect(after?.source).toBe('MEASURED');
    const planned = await gql<{
      recommend: {
        recommendations: {
          source: string;
          model: { hfRepo: string };
          gpu: { type: string };
          gpuCount: number;
        }[];
      };
    }>(
      server,
      `query { recommend(spec: { useCaseKey: "chatbot_conversational", requestsPerSecond: 4, priority: COST, gpuTypes: ["H100"] }) {
        recommendations { source model { hfRepo } gpu { type } gpuCount } } }`,
    );
    const ours = planned.data!.recommend.recommendations.find(
      (r) => r.model.hfRepo === MODEL && r.gpuCount === 1,
    );
    expect(ours?.source).toBe('MEASURED');
    // …but the deployment's own view keeps comparing with the plan it was deployed on
    const own = await configCurve(
      server.clients.api,
      {
        modelId: deployed.modelId!,
        gpuId: deployed.gpuId!,
        gpuCount: 1,
        promptTokens: 512,
        outputTokens: 256,
      },
      { excludeConfigIdPrefix: `observed:${id}:` },
    );
    expect(own?.source).toBe(before?.source);

    // a varying load (1 req/s, then 8) is not a level
    const samples = Array.from({ length: 31 }, (_, i) => ({
      pod: 'p',
      snapshot: snapshot(
        now - 75_000 + i * 2_500,
        Math.round(1000 + (i < 15 ? i * 2.5 : 37.5 + (i - 15) * 20)),
      ),
    }));
    await server.clients.worker.deploymentMetricSample.deleteMany({ where: { deploymentId: id } });
    await insertSamples(server.clients.worker, id, samples);
    const varying = await collectFeedback(server.clients.worker, CONFIG, id, now);
    expect(varying?.verdict.ok).toBe(false);
  });
});
