/**
 * Live observability end to end: a SIMULATOR deployment through the fake Kubernetes API, whose pod
 * proxy reaches a real simulator; the scraper reads /metrics through the real @kubernetes/client-node;
 * the runner loads it at two rates; a graphql-ws subscriber sees p95 and running requests rise; a
 * slowed simulator (behind the same pod) raises DRIFT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { DEFAULT_OBSERVE_CONFIG, type ObserveConfig } from '../../server/config.js';
import { createDeploymentRuntime, type DeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { fitSimulatorParams } from '../../server/domains/knowledge/core/simulator-fit.js';
import type { SimulatorLatencyParams } from '../../server/domains/knowledge/core/simulator-latency.js';
import { curveCalibrationRows } from '../../server/domains/knowledge/simulator-calibration.js';
import { parseRecipe } from '../../server/domains/loadtest/recipe.js';
import { runRecipe } from '../../server/domains/loadtest/runner/runner.js';
import { startScraper, type Scraper } from '../../server/domains/observe/scraper.js';
import { createLogger } from '../../server/logger.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';
import { collect, waitFor, wsClient } from '../helpers/ws.js';

const MODEL = 'meta-llama/llama-3.1-8b-instruct';
const CONFIG: ObserveConfig = {
  ...DEFAULT_OBSERVE_CONFIG,
  intervalMs: 250,
  rateWindowMs: 3_000,
  drift: { tolerance: 0.25, sustainMs: 3_000 },
  feedback: { windowMs: 10_000, minLevels: 2 },
};

let k8s: FakeK8s;
let server: TestServer;
let runtime: DeploymentRuntime;
let scraper: Scraper;
const simulators: ChildProcess[] = [];
let upstream = '';

/** A real simulator process (a deployment's pod is its own process: its event loop is not the test's). */
function simulator(
  params: Pick<
    SimulatorLatencyParams,
    'prefillBaseMs' | 'prefillMsPerToken' | 'decodeBaseMs' | 'decodeMsPerRunningSeq'
  >,
  slowdown = 1,
): Promise<string> {
  const args = [
    '--model',
    MODEL,
    '--port',
    '0',
    '--jitter',
    '0.05',
    '--prefill-base-ms',
    String(params.prefillBaseMs),
    '--prefill-ms-per-token',
    String(params.prefillMsPerToken),
    '--decode-base-ms',
    String(params.decodeBaseMs),
    '--decode-ms-per-seq',
    String(params.decodeMsPerRunningSeq),
    '--slowdown',
    String(slowdown),
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/simulator/main.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  simulators.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('vLLM simulator serving'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.on('exit', (code) => reject(new Error(`simulator exited ${code}: ${out}`)));
  });
}

beforeAll(async () => {
  k8s = await startFakeK8s({
    podTimeline: { startAfterMs: 50, readyAfterMs: 100 },
    proxy: ({ kind, port }) => (kind === 'pods' && port === '8080' ? upstream : null),
  });
  runtime = createDeploymentRuntime({
    kubeconfigPath: k8s.kubeconfigPath,
    inCluster: false,
    allowedNamespaces: ['compass'],
    endpointOverride: null,
    requestTimeoutMs: 2_000,
  });
  server = await startTestServer({ deployments: runtime, observe: CONFIG });
  scraper = await startScraper({
    prisma: server.clients.worker,
    databaseUrl: server.db.url,
    client: runtime.client,
    pubsub: server.pubsub,
    logger: createLogger('silent'),
    config: CONFIG,
  });
});

afterAll(async () => {
  await scraper?.stop();
  await server?.close();
  for (const child of simulators) child.kill('SIGKILL');
  await k8s?.close();
});

interface View {
  deploymentMetrics: {
    latest: {
      at: string;
      requestsPerSecond: number | null;
      running: number | null;
      perReplicaLoad: number | null;
      ttft: { p95Ms: number | null } | null;
      itl: { p95Ms: number | null } | null;
      e2e: { p95Ms: number | null } | null;
      predicted: { ttftP95Ms: number; itlP95Ms: number } | null;
    } | null;
    compliance: { metric: string; withinShare: number | null; burnRate: number | null }[];
    drift: { state: string; reason: string };
    scrapeErrors: string[];
  };
}
const SUBSCRIPTION = `subscription($id: ID!) { deploymentMetrics(deploymentId: $id, window: 60) {
  latest { at requestsPerSecond running perReplicaLoad ttft { p95Ms } itl { p95Ms } e2e { p95Ms } predicted { ttftP95Ms itlP95Ms } }
  compliance { metric withinShare burnRate } drift { state reason } scrapeErrors } }`;

function load(baseUrl: string, rate: number, seconds: number) {
  return runRecipe(
    parseRecipe({
      name: `observe-${rate}`,
      target: { baseUrl, model: MODEL, api: 'completions' },
      data: { kind: 'synthetic', promptTokens: 512, outputTokens: 128, seed: rate },
      load: { profile: 'constant', rate },
      limits: { maxSeconds: seconds },
    }),
    { keepRequests: false },
  );
}

describe('live deployment metrics', () => {
  it('streams observed p95s and running requests beside the plan, and raises DRIFT when the server slows', async () => {
    // The healthy server: the configuration's own benchmark fit, at half its latency.
    const model = await server.clients.api.model.findUniqueOrThrow({ where: { hfRepo: MODEL } });
    const gpu = await server.clients.api.gpu.findFirstOrThrow({ where: { type: 'H100' } });
    const fit = fitSimulatorParams(
      await curveCalibrationRows(server.clients.api, {
        modelId: model.id,
        gpuId: gpu.id,
        hardwareCount: 1,
        promptTokens: 512,
        outputTokens: 256,
      }),
    );
    const healthy = {
      prefillBaseMs: fit.prefillBaseMs / 2,
      prefillMsPerToken: fit.prefillMsPerToken / 2,
      decodeBaseMs: fit.decodeBaseMs / 2,
      // a steep batch cost, so 12 req/s (≈ 20 running) visibly lengthens ITL and E2E
      decodeMsPerRunningSeq: 0.5,
    };
    upstream = await simulator(healthy);

    const created = await gql<{ createDeployment: { deployment: { id: string; state: string } | null } }>(
      server,
      `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { deployment { id state } } }`,
      {
        input: {
          config: { modelHfRepo: MODEL, gpuType: 'H100', gpuCount: 1 },
          name: 'observed',
          mode: 'SIMULATOR',
        },
      },
    );
    const deployment = created.data!.createDeployment.deployment!;
    expect(deployment.state).toBe('APPLIED');
    const configured = await gql<{ configureDeploymentObservation: { slo: { metric: string }[] } }>(
      server,
      `mutation($id: ID!) { configureDeploymentObservation(deploymentId: $id, input: { ttftP95Ms: 200, itlP95Ms: 50, feedback: true }) { slo { metric } } }`,
      { id: deployment.id },
    );
    expect(configured.data!.configureDeploymentObservation.slo.map((s) => s.metric)).toEqual(['TTFT', 'ITL']);

    const client = wsClient(server.wsUrl);
    const stream = collect<View>(client, SUBSCRIPTION, { id: deployment.id });
    const latest = () => stream.values.at(-1)?.deploymentMetrics;
    await waitFor(() => (latest()?.latest?.running ?? null) !== null, 10_000, 'the first scraped point');

    await load(upstream, 2, 5);
    const low = latest()!;
    await load(upstream, 12, 5);
    const high = latest()!;
    expect(low.scrapeErrors).toEqual([]);
    expect(low.drift.state).toBe('OK');
    expect(low.latest!.requestsPerSecond).toBeGreaterThan(1);
    expect(high.latest!.requestsPerSecond).toBeGreaterThan(low.latest!.requestsPerSecond! * 2);
    expect(high.latest!.running!).toBeGreaterThan(low.latest!.running!);
    expect(high.latest!.e2e!.p95Ms!).toBeGreaterThan(low.latest!.e2e!.p95Ms!);
    expect(high.latest!.predicted).not.toBeNull();
    expect(high.compliance.find((c) => c.metric === 'ITL')?.withinShare).toBe(1);

    // The same pod now answers from a server four times slower (a fresh process: counters restart).
    upstream = await simulator(healthy, 4);
    await load(upstream, 2, 8);
    await waitFor(() => latest()?.drift.state === 'DRIFT', 10_000, 'DRIFT');
    expect(latest()!.drift.reason).toMatch(/p95 has been \d+ % above the plan's prediction/);
    stream.stop();
    await client.dispose();
  });
});
