import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The user's cluster through the real @kubernetes/client-node against the fake API server: labelled GPU
 * nodes, pods holding some of their GPUs, the inventory per catalog type, recommend(fitCluster) keeping
 * only plans that fit what is free, watches keeping the numbers current, and no cluster at all.
 */

let k8s: FakeK8s;
let server: TestServer;
let bare: TestServer;

const H100 = 'NVIDIA-H100-80GB-HBM3';

async function eventually(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  k8s = await startFakeK8s();
  k8s.addNode({ name: 'h100-a', product: H100, gpus: 8 });
  k8s.addNode({ name: 'h100-b', product: H100, gpus: 8 });
  k8s.addNode({ name: 'l4-a', product: 'NVIDIA-L4', gpus: 4 });
  // A label no catalog alias spells: matched by model and memory size.
  k8s.addNode({ name: 'a100-a', product: 'NVIDIA-A100-PCIE-80GB', gpus: 8, unschedulable: true });
  k8s.addNode({ name: 'mi300x-a', product: 'AMD_Instinct_MI300X_OAM', gpus: 8, vendor: 'amd' });
  k8s.addNode({ name: 't4-a', product: 'Tesla-T4', gpus: 1 });
  k8s.addNode({ name: 'cpu-a', gpus: 0 });
  // h100-a: 4 + 3 taken → 1 free; h100-b: 8 taken → 0 free. 1 H100 free in all.
  k8s.addGpuPod({ namespace: 'team-a', name: 'train-1', nodeName: 'h100-a', gpus: 4 });
  k8s.addGpuPod({ namespace: 'team-b', name: 'serve-1', nodeName: 'h100-a', gpus: 3, limitsOnly: true });
  k8s.addGpuPod({ namespace: 'team-b', name: 'train-2', nodeName: 'h100-b', gpus: 8 });
  // Finished and unscheduled pods hold nothing.
  k8s.addGpuPod({ namespace: 'team-a', name: 'done', nodeName: 'l4-a', gpus: 4, phase: 'Succeeded' });
  k8s.addGpuPod({ namespace: 'team-a', name: 'waiting', nodeName: null, gpus: 2 });
  k8s.addGpuPod({ namespace: 'team-a', name: 'l4-job', nodeName: 'l4-a', gpus: 1 });
  server = await startTestServer({
    deployments: createDeploymentRuntime({
      kubeconfigPath: k8s.kubeconfigPath,
      inCluster: false,
      allowedNamespaces: ['compass'],
      endpointOverride: null,
      requestTimeoutMs: 2_000,
    }),
  });
  bare = await startTestServer();
});

afterAll(async () => {
  await server?.close();
  await bare?.close();
  await k8s?.close();
});

const INVENTORY = `query($refresh: Boolean) { clusterInventory(refresh: $refresh) {
  connected message server watching listedAt
  gpuTypes { gpuType gpu { type vramGb } nodes allocatable requested free freePerNode }
  nodes { name gpuType productLabel resource allocatable requested free schedulable note }
} }`;

interface Inventory {
  clusterInventory: {
    connected: boolean;
    message: string | null;
    server: string | null;
    watching: boolean;
    gpuTypes: {
      gpuType: string;
      gpu: { type: string };
      nodes: number;
      allocatable: number;
      requested: number;
      free: number;
      freePerNode: number[];
    }[];
    nodes: {
      name: string;
      gpuType: string | null;
      productLabel: string | null;
      allocatable: number;
      requested: number;
      free: number;
      schedulable: boolean;
      note: string | null;
    }[];
  };
}

const RECOMMEND = `query($spec: DeploymentSpecInput!) { recommend(spec: $spec) {
  explanation
  spec { fitCluster }
  recommendations { gpu { type } gpuCount replicas totalGpus explanation cluster { gpuType free placeableReplicas freeAfter } }
  rejected { gpu { type } gpuCount code reason }
} }`;

interface Recommend {
  recommend: {
    explanation: string;
    spec: { fitCluster: boolean };
    recommendations: {
      gpu: { type: string };
      gpuCount: number;
      replicas: number;
      totalGpus: number;
      explanation: string;
      cluster: { gpuType: string; free: number; placeableReplicas: number; freeAfter: number } | null;
    }[];
    rejected: { gpu: { type: string }; gpuCount: number; code: string; reason: string }[];
  };
}

const SPEC = { useCaseKey: 'chatbot_conversational', requestsPerSecond: 5, priority: 'COST', limit: 100 };

describe('cluster inventory', () => {
  it('maps node product labels to catalog GPU types and counts what pods hold', async () => {
    const res = await gql<Inventory>(server, INVENTORY);
    expect(res.errors).toBeUndefined();
    const inv = res.data!.clusterInventory;
    expect(inv.connected).toBe(true);
    expect(inv.server).toBe(k8s.url);
    const byType = Object.fromEntries(inv.gpuTypes.map((t) => [t.gpuType, t]));
    expect(Object.keys(byType).sort()).toEqual(['A100-80', 'H100', 'L4', 'MI300X']);
    expect(byType.H100).toMatchObject({
      nodes: 2,
      allocatable: 16,
      requested: 15,
      free: 1,
      freePerNode: [1],
    });
    expect(byType.L4).toMatchObject({ nodes: 1, allocatable: 4, requested: 1, free: 3 });
    // Cordoned: its GPUs are not offered.
    expect(byType['A100-80']).toMatchObject({ allocatable: 8, requested: 0, free: 0, freePerNode: [] });
    expect(byType.MI300X).toMatchObject({ allocatable: 8, free: 8, gpu: { type: 'MI300X' } });
    const t4 = inv.nodes.find((n) => n.name === 't4-a')!;
    expect(t4.gpuType).toBeNull();
    expect(t4.note).toContain('matches no GPU type');
    expect(inv.nodes.some((n) => n.name === 'cpu-a')).toBe(false);
    expect(inv.nodes.find((n) => n.name === 'a100-a')).toMatchObject({ schedulable: false, free: 0 });
  });

  it('keeps only plans that fit the free GPUs and says how many are left', async () => {
    const free = { H100: 1, L4: 3, MI300X: 8, 'A100-80': 0 } as Record<string, number>;
    const perNode = { H100: [1], L4: [3], MI300X: [8], 'A100-80': [] } as Record<string, number[]>;
    const all = await gql<Recommend>(server, RECOMMEND, { spec: SPEC });
    const fitted = await gql<Recommend>(server, RECOMMEND, { spec: { ...SPEC, fitCluster: true } });
    expect(fitted.errors).toBeUndefined();
    const { recommendations, rejected, explanation, spec } = fitted.data!.recommend;
    expect(spec.fitCluster).toBe(true);
    expect(recommendations.length).toBeGreaterThan(0);
    for (const r of recommendations) {
      const nodes = perNode[r.gpu.type] ?? [];
      const placeable = nodes.reduce((n, f) => n + Math.floor(f / r.gpuCount), 0);
      expect(placeable, `${r.gpuCount} × ${r.gpu.type}`).toBeGreaterThanOrEqual(r.replicas);
      expect(r.cluster).toEqual({
        gpuType: r.gpu.type,
        free: free[r.gpu.type],
        placeableReplicas: placeable,
        freeAfter: free[r.gpu.type]! - r.totalGpus,
      });
      expect(r.explanation).toContain(`of ${free[r.gpu.type]} free ${r.gpu.type} in the cluster`);
    }
    // Without fitCluster the cheapest plans include GPUs the cluster does not have free.
    const unfit = all.data!.recommend.recommendations.filter(
      (r) => (perNode[r.gpu.type] ?? []).reduce((n, f) => n + Math.floor(f / r.gpuCount), 0) < r.replicas,
    );
    expect(unfit.length).toBeGreaterThan(0);
    const notFree = rejected.filter((r) => r.code === 'NOT_ENOUGH_FREE_GPUS');
    expect(notFree.length).toBeGreaterThanOrEqual(unfit.length);
    expect(notFree.find((r) => r.gpu.type === 'H200')?.reason).toContain('the cluster has no free H200');
    const twoH100 = notFree.find((r) => r.gpu.type === 'H100' && r.gpuCount === 2);
    expect(twoH100?.reason).toMatch(/the cluster has 1 free H100, room for 0 replicas/);
    expect(explanation).toContain(`Fitted to the cluster at ${k8s.url}`);
    expect(explanation).toMatch(/not enough free GPUs in the cluster/);
  });

  it('follows pods and nodes through watches, without listing again', async () => {
    await gql<Inventory>(server, INVENTORY);
    const lists = () =>
      k8s.state.requests.filter(
        (r) => (r.path === '/api/v1/pods' || r.path === '/api/v1/nodes') && !r.query.watch,
      ).length;
    const before = lists();
    k8s.addGpuPod({ namespace: 'team-c', name: 'mi-job', nodeName: 'mi300x-a', gpus: 6, vendor: 'amd' });
    k8s.removePod('team-b', 'train-2');
    k8s.addNode({ name: 'l4-b', product: 'NVIDIA-L4', gpus: 2 });
    const current = async () => (await gql<Inventory>(server, INVENTORY)).data!.clusterInventory;
    await eventually(
      async () => {
        const types = Object.fromEntries((await current()).gpuTypes.map((t) => [t.gpuType, t]));
        return types.MI300X?.free === 2 && types.H100?.free === 9 && types.L4?.free === 5;
      },
      5_000,
      'the watched changes',
    );
    const inv = await current();
    expect(inv.watching).toBe(true);
    expect(inv.gpuTypes.find((t) => t.gpuType === 'H100')?.freePerNode).toEqual([8, 1]);
    expect(lists()).toBe(before);
    // A dropped watch makes the next query list again.
    k8s.dropWatches('destroy');
    await eventually(
      async () => {
        await current();
        return lists() > before;
      },
      5_000,
      'a re-list after the dropped watch',
    );
    k8s.removePod('team-c', 'mi-job');
    k8s.addGpuPod({ namespace: 'team-b', name: 'train-2', nodeName: 'h100-b', gpus: 8 });
    k8s.removeNode('l4-b');
  });

  it('reports an unreadable cluster as a message, not an error', async () => {
    k8s.failNext(403, 'Forbidden', { path: /^\/api\/v1\/nodes$/ });
    const res = await gql<Inventory>(server, INVENTORY, { refresh: true });
    expect(res.errors).toBeUndefined();
    expect(res.data!.clusterInventory).toMatchObject({ connected: false, server: k8s.url, gpuTypes: [] });
    expect(res.data!.clusterInventory.message).toMatch(
      /cannot read the cluster's nodes and pods: .*K8S_FORBIDDEN/,
    );
    const again = await gql<Inventory>(server, INVENTORY, { refresh: true });
    expect(again.data!.clusterInventory.connected).toBe(true);
  });

  it('without a cluster: a clear message, and fitCluster a typed error', async () => {
    const res = await gql<Inventory>(bare, INVENTORY);
    expect(res.data!.clusterInventory).toMatchObject({ connected: false, server: null, nodes: [] });
    expect(res.data!.clusterInventory.message).toContain('no Kubernetes cluster is configured');
    const rec = await gql<Recommend>(bare, RECOMMEND, { spec: { ...SPEC, fitCluster: true } });
    expect(rec.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(rec.errors?.[0]?.message).toContain('fitCluster: no Kubernetes cluster is configured');
    const plain = await gql<Recommend>(bare, RECOMMEND, { spec: SPEC });
    expect(plain.errors).toBeUndefined();
  });
});
