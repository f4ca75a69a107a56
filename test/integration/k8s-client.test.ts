import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createK8sClient,
  K8sClientError,
  loadKubeConfig,
  type K8sClient,
} from '../../server/domains/deploy/k8s/client.js';
import { buildDeploymentManifests } from '../../server/domains/deploy/render/render.js';
import type { DeploymentInput, K8sError, KubeObject } from '../../server/domains/deploy/types.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import { writeKubeconfig } from '../helpers/fake-k8s/kubeconfig.js';

/** The real @kubernetes/client-node, a real kubeconfig file, the fake API server over real HTTP. */

const ALLOWED = ['compass'];

function input(overrides: Partial<DeploymentInput> = {}): DeploymentInput {
  return {
    deploymentId: 'dep-client',
    name: 'qwen-chat',
    namespace: 'compass',
    mode: 'VLLM',
    model: { hfRepo: 'Qwen/Qwen2.5-7B-Instruct', contextWindow: 32768 },
    traffic: { promptTokens: 512, outputTokens: 256 },
    gpu: { type: 'L4', nodeSelectorLabel: 'NVIDIA-L4', vendor: 'NVIDIA' },
    gpuCount: 1,
    replicas: { min: 2, max: 2 },
    ...overrides,
  };
}

async function manifests(overrides: Partial<DeploymentInput> = {}): Promise<KubeObject[]> {
  const result = await buildDeploymentManifests(input(overrides), { allowedNamespaces: ALLOWED });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.manifests.objects;
}

async function failure(promise: Promise<unknown>): Promise<K8sError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(K8sClientError);
    const json = (error as K8sClientError).toJSON();
    expect(JSON.stringify(json)).not.toMatch(/\n\s+at |HTTP-Code|Headers/);
    return json;
  }
  throw new Error('expected a failure');
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let fake: FakeK8s;
let client: K8sClient;
let tmp: string;

beforeAll(async () => {
  fake = await startFakeK8s({ podTimeline: { startAfterMs: 20, readyAfterMs: 40 } });
  client = createK8sClient(loadKubeConfig(fake.kubeconfigPath), { requestTimeoutMs: 2000 });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'compass-k8s-client-'));
});

afterAll(async () => {
  await fake.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

afterEach(async () => {
  fake.clearFailures();
  for (const object of fake.state.objects()) {
    await client.delete([object as unknown as KubeObject]);
  }
});

describe('apply', () => {
  it('creates the objects, then the fake creates the predictor pods with the deployment labels', async () => {
    const objects = await manifests({ vllm: { predictorStyle: 'SERVING_RUNTIME' } });
    const applied = await client.apply(objects);
    expect(applied.map((a) => [a.kind, a.name, a.action, a.dryRun])).toEqual([
      ['ServingRuntime', 'qwen-chat-vllm', 'created', false],
      ['InferenceService', 'qwen-chat', 'created', false],
    ]);
    expect(applied[1]?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(applied[1]?.resourceVersion)).toBeGreaterThan(Number(applied[0]?.resourceVersion));
    const live = await client.get(objects[1] as KubeObject);
    expect(live?.metadata.labels?.['compass.io/deployment-id']).toBe('dep-client');
    const { pods } = await client.listPods('compass', 'compass.io/deployment-id=dep-client');
    expect(pods).toHaveLength(2);
    expect(pods[0]?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'compass',
      'compass.io/deployment-id': 'dep-client',
      'serving.kserve.io/inferenceservice': 'qwen-chat',
    });
  });

  it('re-applying replaces the existing object (409 → get → replace) and scales the pods', async () => {
    await client.apply(await manifests());
    const again = await client.apply(await manifests({ replicas: { min: 3, max: 3 } }));
    expect(again.map((a) => a.action)).toEqual(['replaced']);
    expect(at(again[0]?.object, 'spec', 'predictor', 'minReplicas')).toBe(3);
    expect(
      fake.state.requests
        .filter((r) => r.path.endsWith('/inferenceservices') && r.method === 'POST')
        .map((r) => r.status),
    ).toContain(409);
    expect((await client.listPods('compass', 'compass.io/deployment-id=dep-client')).pods).toHaveLength(3);
  });

  it('retries once when the object changes between get and replace', async () => {
    await client.apply(await manifests());
    fake.failNext(409, 'Conflict', { method: 'PUT' });
    const again = await client.apply(await manifests());
    expect(again[0]?.action).toBe('replaced');
    const puts = fake.state.requests.filter((r) => r.method === 'PUT').map((r) => r.status);
    expect(puts.slice(-2)).toEqual([409, 200]);
  });

  it('dryRun validates on the server and stores nothing', async () => {
    const before = fake.state.requests.length;
    const applied = await client.apply(await manifests({ serviceMonitor: true }), { dryRun: true });
    expect(applied.map((a) => [a.kind, a.action, a.dryRun, a.resourceVersion])).toEqual([
      ['InferenceService', 'created', true, null],
      ['ServiceMonitor', 'created', true, null],
    ]);
    expect(fake.state.objects()).toEqual([]);
    expect(fake.state.pods()).toEqual([]);
    expect(fake.state.requests.slice(before).every((r) => r.query.dryRun === 'All')).toBe(true);
  });

  it('a body the API server rejects (422) is K8S_INVALID with the server message', async () => {
    const [isvc] = await manifests();
    const broken = { ...(isvc as KubeObject), metadata: { namespace: 'compass' } } as unknown as KubeObject;
    const error = await failure(client.apply([broken]));
    expect(error).toEqual({
      code: 'K8S_INVALID',
      status: 422,
      reason: 'Invalid',
      message:
        'InferenceService.serving.kserve.io "" is invalid: metadata.name: Required value: name or generateName is required',
    });
    const wrongKind = {
      ...(isvc as KubeObject),
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'InferenceService',
    };
    expect((await failure(client.apply([wrongKind]))).code).toBe('K8S_INVALID');
  });

  it('403 from RBAC is K8S_FORBIDDEN and nothing is stored', async () => {
    fake.failNext(403, 'Forbidden');
    const error = await failure(client.apply(await manifests()));
    expect(error).toMatchObject({ code: 'K8S_FORBIDDEN', status: 403, reason: 'Forbidden' });
    expect(error.message).toContain(
      'cannot create resource "inferenceservices" in API group "serving.kserve.io"',
    );
    expect(fake.state.objects()).toEqual([]);
  });

  it('a wrong token is K8S_UNAUTHORIZED', async () => {
    const file = await writeKubeconfig(tmp, fake.url, 'not-the-token', 'compass');
    const stranger = createK8sClient(loadKubeConfig(file), { requestTimeoutMs: 2000 });
    expect(await failure(stranger.listPods('compass', ''))).toMatchObject({
      code: 'K8S_UNAUTHORIZED',
      status: 401,
    });
  });

  it('a server error is K8S_ERROR with its status', async () => {
    fake.failNext(503, 'ServiceUnavailable');
    expect(await failure(client.listPods('compass', ''))).toMatchObject({ code: 'K8S_ERROR', status: 503 });
  });

  it('an unsupported kind or a missing namespace is refused before any request', async () => {
    const [isvc] = await manifests();
    const before = fake.state.requests.length;
    expect(
      (await failure(client.apply([{ ...(isvc as KubeObject), kind: 'Secret', apiVersion: 'v1' }]))).code,
    ).toBe('K8S_INVALID');
    const noNamespace = { ...(isvc as KubeObject), metadata: { name: 'x' } };
    expect((await failure(client.apply([noNamespace]))).code).toBe('K8S_INVALID');
    expect(fake.state.requests.length).toBe(before);
  });
});

describe('delete, events', () => {
  it('deleting the InferenceService removes its pods; deleting again is a no-op', async () => {
    const objects = await manifests({ serviceMonitor: true });
    await client.apply(objects);
    expect((await client.listPods('compass', 'compass.io/deployment-id=dep-client')).pods).toHaveLength(2);
    const deleted = await client.delete(objects);
    expect(deleted.map((d) => [d.kind, d.deleted])).toEqual([
      ['ServiceMonitor', true],
      ['InferenceService', true],
    ]);
    expect((await client.listPods('compass', 'compass.io/deployment-id=dep-client')).pods).toEqual([]);
    expect(await client.get(objects[0] as KubeObject)).toBeNull();
    expect((await client.delete(objects)).map((d) => d.deleted)).toEqual([false, false]);
  });

  it('lists Kubernetes events for the pods, filtered by field selector', async () => {
    await client.apply(await manifests());
    const { pods } = await client.listPods('compass', 'compass.io/deployment-id=dep-client');
    const name = pods[0]?.name ?? '';
    const started = (e: Record<string, unknown>) =>
      e.reason === 'Started' && (e.involvedObject as Record<string, unknown>).name === name;
    await waitFor(() => fake.state.events('compass').some(started));
    const events = await client.listEvents('compass', `involvedObject.kind=Pod,involvedObject.name=${name}`);
    expect(events.map((e) => e.reason)).toEqual(['Scheduled', 'Pulled', 'Started']);
    expect(events.every((e) => e.involvedObject.name === name && e.type === 'Normal')).toBe(true);
  });
});

describe('unreachable API server', () => {
  it('a closed port fails fast with K8S_UNREACHABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    const file = await writeKubeconfig(tmp, `http://127.0.0.1:${port}`, 'x', 'compass');
    const dead = createK8sClient(loadKubeConfig(file), { requestTimeoutMs: 1000 });
    const started = Date.now();
    const error = await failure(dead.apply(await manifests()));
    expect(error).toEqual({
      code: 'K8S_UNREACHABLE',
      message: 'cannot reach the Kubernetes API (ECONNREFUSED)',
    });
    expect(Date.now() - started).toBeLessThan(10_000);

    const errors: K8sError[] = [];
    const watch = await dead.watchPods(
      'compass',
      '',
      () => undefined,
      (e) => errors.push(e),
    );
    await waitFor(() => errors.length === 1);
    expect(errors[0]?.code).toBe('K8S_UNREACHABLE');
    watch.abort();
  });

  it('a server that accepts but never answers times out with K8S_UNREACHABLE instead of hanging', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const file = await writeKubeconfig(tmp, `http://127.0.0.1:${port}`, 'x', 'compass');
      const slow = createK8sClient(loadKubeConfig(file), { requestTimeoutMs: 300 });
      expect(await failure(slow.listPods('compass', ''))).toEqual({
        code: 'K8S_UNREACHABLE',
        message: 'the Kubernetes API did not answer within 300 ms',
      });
      const errors: K8sError[] = [];
      const watch = await slow.watchPods(
        'compass',
        '',
        () => undefined,
        (e) => errors.push(e),
      );
      expect(errors).toEqual([
        { code: 'K8S_UNREACHABLE', message: 'the Kubernetes API did not answer within 300 ms' },
      ]);
      watch.abort();
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('a missing kubeconfig file is a typed error', () => {
    expect(() => loadKubeConfig(path.join(tmp, 'nope.yaml'))).toThrow(K8sClientError);
  });
});

function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>(
    (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined),
    value,
  );
}
