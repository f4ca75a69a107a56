import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { createK8sClient, loadKubeConfig } from '../../server/domains/deploy/k8s/client.js';
import { createDeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { fitSimulatorParams } from '../../server/domains/knowledge/core/simulator-fit.js';
import { curveCalibrationRows } from '../../server/domains/knowledge/simulator-calibration.js';
import { createSimulatorServer } from '../../apps/simulator/server.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';
import { collect, waitFor, wsClient } from '../helpers/ws.js';

let k8s: FakeK8s;
let server: TestServer;
let simulator: Awaited<ReturnType<typeof createSimulatorServer>>;
const MODEL = 'meta-llama/llama-3.1-8b-instruct';

beforeAll(async () => {
  k8s = await startFakeK8s({ podTimeline: { startAfterMs: 300, readyAfterMs: 600 } });
  simulator = await createSimulatorServer({
    model: MODEL,
    params: { prefillBaseMs: 5, decodeBaseMs: 2, jitterFraction: 0 },
  });
  await new Promise<void>((resolve) => simulator.server.listen(0, '127.0.0.1', resolve));
  const simUrl = `http://127.0.0.1:${(simulator.server.address() as AddressInfo).port}`;
  server = await startTestServer({
    deployments: createDeploymentRuntime({
      kubeconfigPath: k8s.kubeconfigPath,
      inCluster: false,
      allowedNamespaces: ['compass', 'team-a'],
      endpointOverride: simUrl,
      requestTimeoutMs: 2_000,
    }),
  });
});

afterAll(async () => {
  await server?.close();
  await simulator?.close();
  await k8s?.close();
});

const RECOMMEND = `query { recommend(spec: { useCaseKey: "chatbot_conversational", requestsPerSecond: 10, priority: COST, gpuTypes: ["H100"] }) {
  recommendations { model { id hfRepo } gpu { id type } gpuCount replicas } } }`;
const CREATE = `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) {
  dryRun manifests errors { code field message } deployment { id name state namespace mode gpuCount minReplicas } } }`;

interface CreateResult {
  createDeployment: {
    dryRun: boolean;
    manifests: string | null;
    errors: { code: string; field: string | null; message: string }[];
    deployment: {
      id: string;
      name: string;
      state: string;
      namespace: string;
      mode: string;
      gpuCount: number;
      minReplicas: number;
    } | null;
  };
}

async function firstRecommendation() {
  const result = await gql<{
    recommend: {
      recommendations: {
        model: { id: string; hfRepo: string };
        gpu: { id: string };
        gpuCount: number;
        replicas: number;
      }[];
    };
  }>(server, RECOMMEND);
  const rec = result.data!.recommend.recommendations[0]!;
  return {
    modelId: rec.model.id,
    gpuId: rec.gpu.id,
    gpuCount: rec.gpuCount,
    replicas: Math.min(rec.replicas, 3),
  };
}

describe('deployments against the fake Kubernetes API', () => {
  it('dry-run returns valid manifests and applies nothing', async () => {
    const recommendation = await firstRecommendation();
    const result = await gql<CreateResult>(server, CREATE, {
      input: { recommendation, name: 'chat-dry', dryRun: true },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.createDeployment;
    expect(payload.errors).toEqual([]);
    expect(payload.deployment).toBeNull();
    const docs = parseAllDocuments(payload.manifests!).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string } },
    );
    expect(docs.map((d) => d.kind)).toContain('InferenceService');
    expect(docs[0]!.metadata).toMatchObject({ name: 'chat-dry', namespace: 'compass' });
    expect(k8s.state).toBeDefined();
    expect(await server.clients.api.deployment.count()).toBe(0);
  });

  it('applies the serving knobs of the input: resources, KEDA autoscaling, vLLM settings, labels, ServiceMonitor', async () => {
    const recommendation = await firstRecommendation();
    const result = await gql<CreateResult>(server, CREATE, {
      input: {
        recommendation,
        name: 'chat-knobs',
        dryRun: true,
        resources: {
          cpuRequestMillis: 3000,
          cpuLimitMillis: 6000,
          memoryRequestMi: 16384,
          memoryLimitMi: 32768,
        },
        autoscaling: {
          kind: 'KEDA',
          metric: 'NUM_REQUESTS_WAITING',
          target: 4,
          prometheusUrl: 'http://prometheus.monitoring:9090',
        },
        vllm: { gpuMemoryUtilization: 0.85, dtype: 'bfloat16', predictorStyle: 'SERVING_RUNTIME' },
        labels: [{ key: 'team', value: 'search' }],
        serviceMonitor: true,
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.createDeployment.errors).toEqual([]);
    const docs = parseAllDocuments(result.data!.createDeployment.manifests!).map(
      (d) => d.toJS() as { kind: string; metadata: { labels?: Record<string, string> }; spec: unknown },
    );
    expect(docs.map((d) => d.kind)).toEqual(['ServingRuntime', 'InferenceService', 'ServiceMonitor']);
    const isvc = docs[1]!;
    expect(isvc.metadata.labels?.team).toBe('search');
    const yaml = result.data!.createDeployment.manifests!;
    expect(yaml).toContain('--gpu-memory-utilization=0.85');
    expect(yaml).toContain('--dtype=bfloat16');
    expect(yaml).toMatch(/cpu: "?3"?\n/);
    expect(yaml).toMatch(/memory: "?32Gi"?\n/);
    expect(yaml).toMatch(/serving\.kserve\.io\/autoscalerClass: "?keda"?\n/);
    expect(yaml).toContain('vllm:num_requests_waiting');
  });

  it('reports a bad knob as a typed error on its field and writes nothing', async () => {
    const recommendation = await firstRecommendation();
    const result = await gql<CreateResult>(server, CREATE, {
      input: {
        recommendation,
        name: 'chat-bad-knob',
        autoscaling: { kind: 'KSERVE', metric: 'NUM_REQUESTS_RUNNING', target: 2 },
        vllm: { gpuMemoryUtilization: 1.5 },
      },
    });
    const errors = result.data!.createDeployment.errors;
    expect(errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['autoscaling.metric', 'vllm.gpuMemoryUtilization']),
    );
    expect(result.data!.createDeployment.deployment).toBeNull();
    expect(await server.clients.api.deployment.count()).toBe(0);
  });

  it('rejects hostile names and namespaces with typed errors and writes nothing', async () => {
    const recommendation = await firstRecommendation();
    for (const [name, namespace, code] of [
      ['bad\nname: x', 'compass', 'INVALID_NAME'],
      ['ok-name', 'kube-system', 'NAMESPACE_NOT_ALLOWED'],
      ['x'.repeat(300), 'compass', 'INVALID_NAME'],
    ] as const) {
      const result = await gql<CreateResult>(server, CREATE, {
        input: { recommendation, name, namespace, dryRun: false },
      });
      expect(result.data!.createDeployment.errors[0]?.code).toBe(code);
      expect(result.data!.createDeployment.deployment).toBeNull();
    }
    expect(await server.clients.api.deployment.count()).toBe(0);
  });

  it('deploys, streams Pending → Running → Ready live, answers a test prompt, and deletes', async () => {
    const config = { modelHfRepo: MODEL, gpuType: 'H100', gpuCount: 1, minReplicas: 2 };
    // Pods stay Pending until the subscribers have seen them so, however slow the machine is.
    k8s.setPodTimeline({ startAfterMs: null });
    const created = await gql<CreateResult>(server, CREATE, {
      input: { config, name: 'chat-live', mode: 'SIMULATOR' },
    });
    expect(created.errors).toBeUndefined();
    const deployment = created.data!.createDeployment.deployment!;
    expect(deployment).toMatchObject({ state: 'APPLIED', mode: 'SIMULATOR', minReplicas: 2 });
    // The simulator is calibrated to this config's knowledge-base curve, not left on its defaults.
    const model = await server.clients.api.model.findUniqueOrThrow({ where: { hfRepo: MODEL } });
    const gpu = await server.clients.api.gpu.findFirstOrThrow({ where: { type: 'H100' } });
    const fitted = fitSimulatorParams(
      await curveCalibrationRows(server.clients.api, {
        modelId: model.id,
        gpuId: gpu.id,
        hardwareCount: 1,
        promptTokens: 512,
        outputTokens: 256,
      }),
    );
    const args = created.data!.createDeployment.manifests!;
    const flag = (name: string) => Number(new RegExp(`- --${name}\\n\\s+- "?([0-9.]+)`).exec(args)?.[1]);
    expect(flag('decode-base-ms')).toBeCloseTo(fitted.decodeBaseMs, 3);
    expect(flag('decode-ms-per-seq')).toBeCloseTo(fitted.decodeMsPerRunningSeq, 3);
    expect(flag('prefill-ms-per-token')).toBeCloseTo(fitted.prefillMsPerToken, 3);
    expect(flag('decode-base-ms')).not.toBe(7);

    const clientA = wsClient(server.wsUrl);
    const clientB = wsClient(server.wsUrl);
    const query = `subscription($id: ID!) { deploymentStatus(deploymentId: $id) { phase readyReplicas desiredReplicas pods { name phase ready } message } }`;
    type Status = {
      deploymentStatus: {
        phase: string;
        readyReplicas: number;
        desiredReplicas: number;
        pods: { phase: string; ready: boolean }[];
      };
    };
    const a = collect<Status>(clientA, query, { id: deployment.id });
    const b = collect<Status>(clientB, query, { id: deployment.id });
    const seesPending = (values: Status[]) =>
      values.some(
        (v) =>
          v.deploymentStatus.pods.length === 2 && v.deploymentStatus.pods.every((p) => p.phase === 'Pending'),
      );
    await waitFor(() => seesPending(a.values) && seesPending(b.values), 15_000, 'both pods Pending');
    k8s.setPodTimeline({ startAfterMs: 300 });
    expect(k8s.releasePods()).toBe(2);
    await waitFor(() => a.values.some((v) => v.deploymentStatus.phase === 'READY'), 15_000, 'READY');
    await waitFor(
      () => b.values.some((v) => v.deploymentStatus.phase === 'READY'),
      15_000,
      'READY on the second subscriber',
    );
    const podPhases = a.values.flatMap((v) =>
      v.deploymentStatus.pods.map((p) => (p.ready ? 'Ready' : p.phase)),
    );
    expect(podPhases).toContain('Pending');
    expect(podPhases).toContain('Running');
    expect(podPhases).toContain('Ready');
    expect(a.values.at(-1)!.deploymentStatus).toMatchObject({ readyReplicas: 2, desiredReplicas: 2 });
    // Two subscribers, one Kubernetes watch.
    expect(server.clients && k8s.openWatches()).toBe(1);

    const inference = await gql<{
      testInference: { text: string; ttftMs: number; totalMs: number; outputTokens: number };
    }>(
      server,
      `mutation($id: ID!) { testInference(deploymentId: $id, prompt: "Say hello", maxTokens: 16) { text ttftMs totalMs outputTokens } }`,
      { id: deployment.id },
    );
    expect(inference.errors).toBeUndefined();
    expect(inference.data!.testInference.outputTokens).toBe(16);
    expect(inference.data!.testInference.text.length).toBeGreaterThan(0);
    expect(inference.data!.testInference.ttftMs).toBeLessThanOrEqual(inference.data!.testInference.totalMs);

    const deleted = await gql<{ deleteDeployment: { deployment: { state: string } } }>(
      server,
      `mutation($id: ID!) { deleteDeployment(id: $id) { deployment { state } } }`,
      { id: deployment.id },
    );
    expect(deleted.errors, JSON.stringify(deleted.errors)).toBeUndefined();
    expect(deleted.data!.deleteDeployment.deployment.state).toBe('DELETED');
    await Promise.all([a.done, b.done]);
    expect(a.values.at(-1)!.deploymentStatus.pods).toHaveLength(0);
    await waitFor(() => k8s.openWatches() === 0, 5_000, 'the shared watch to close');
    await clientA.dispose();
    await clientB.dispose();
  });

  it('records an honest FAILED state when the API refuses (403), and says so with a typed error', async () => {
    const recommendation = await firstRecommendation();
    k8s.failNext(403, 'Forbidden', { method: 'POST' });
    const result = await gql<CreateResult>(server, CREATE, {
      input: { recommendation, name: 'chat-forbidden' },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const row = await server.clients.api.deployment.findFirstOrThrow({ where: { name: 'chat-forbidden' } });
    expect(row.state).toBe('FAILED');
    expect(row.message).toMatch(/Kubernetes/);
  });

  it('keeps one live record per namespace/name under concurrent creates, so a delete leaves no ghost', async () => {
    const recommendation = await firstRecommendation();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        gql<CreateResult>(server, CREATE, { input: { recommendation, name: 'chat-race' } }),
      ),
    );
    const created = results.filter((r) => r.data?.createDeployment.deployment);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(2);
    const live = await server.clients.api.deployment.findMany({
      where: { name: 'chat-race', state: { in: ['PENDING', 'APPLIED', 'DELETING'] } },
    });
    expect(live).toHaveLength(1);
    const deleted = await gql<{ deleteDeployment: { deployment: { state: string } } }>(
      server,
      `mutation($id: ID!) { deleteDeployment(id: $id) { deployment { state } } }`,
      { id: created[0]!.data!.createDeployment.deployment!.id },
    );
    expect(deleted.data?.deleteDeployment.deployment.state).toBe('DELETED');
    expect(
      await server.clients.api.deployment.count({
        where: { name: 'chat-race', state: { in: ['PENDING', 'APPLIED', 'DELETING'] } },
      }),
    ).toBe(0);
  });

  it('never replaces a cluster object Compass does not manage', async () => {
    const client = createK8sClient(loadKubeConfig(k8s.kubeconfigPath));
    await client.apply([
      {
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: { name: 'chat-foreign', namespace: 'compass', labels: { team: 'someone-else' } },
        spec: { predictor: { model: { modelFormat: { name: 'vLLM' }, storageUri: 'hf://org/model' } } },
      },
    ]);
    const recommendation = await firstRecommendation();
    const result = await gql<CreateResult>(server, CREATE, {
      input: { recommendation, name: 'chat-foreign' },
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(result.errors?.[0]?.message).toMatch(/not managed by Compass/);
    const row = await server.clients.api.deployment.findFirstOrThrow({ where: { name: 'chat-foreign' } });
    expect(row.state).toBe('FAILED');
    const live = await client.get({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'chat-foreign', namespace: 'compass' },
    });
    expect(live?.metadata.labels).toEqual({ team: 'someone-else' });
  });

  it('answers with a typed error, fast, when the API is unreachable', async () => {
    const unreachable = await startTestServer({
      deployments: createDeploymentRuntime({
        kubeconfigPath: k8s.kubeconfigPath.replace(/$/, ''),
        inCluster: false,
        allowedNamespaces: ['compass'],
        endpointOverride: null,
        requestTimeoutMs: 1_000,
      }),
    });
    try {
      await k8s.close();
      const recommendation = await firstRecommendation();
      const started = Date.now();
      const result = await gql<CreateResult>(unreachable, CREATE, {
        input: { recommendation, name: 'chat-down' },
      });
      expect(result.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
      expect(result.errors?.[0]?.extensions?.k8sCode).toBe('K8S_UNREACHABLE');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await unreachable.close();
    }
  });
});
