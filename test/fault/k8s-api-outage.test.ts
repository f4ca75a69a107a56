import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';
import { collect, waitFor, wsClient } from '../helpers/ws.js';

/**
 * Fault: the Kubernetes API goes away (every request 503, open watches reset) while a deployment's
 * status is being streamed, and its pods become ready during the outage. Subscribers must be told
 * the cluster is unreachable (not shown a frozen status as if it were live), the rest of the API
 * must keep answering, and once the API is back the same subscription must report READY without
 * anyone reconnecting.
 */

let k8s: FakeK8s;
let server: TestServer;

beforeAll(async () => {
  k8s = await startFakeK8s({ podTimeline: { startAfterMs: null, readyAfterMs: 200 } });
  server = await startTestServer({
    deployments: createDeploymentRuntime({
      kubeconfigPath: k8s.kubeconfigPath,
      inCluster: false,
      allowedNamespaces: ['compass'],
      endpointOverride: null,
      requestTimeoutMs: 2_000,
    }),
  });
});

afterAll(async () => {
  await server?.close();
  await k8s?.close();
});

const RECOMMEND = `query { recommend(spec: { useCaseKey: "chatbot_conversational", requestsPerSecond: 10, priority: COST, gpuTypes: ["H100"] }) {
  recommendations { model { id } gpu { id } gpuCount } } }`;
const CREATE = `mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) {
  errors { code message } deployment { id state } } }`;

interface Status {
  deploymentStatus: { phase: string; readyReplicas: number; pods: { phase: string }[]; message: string };
}

describe('fault: the Kubernetes API is unreachable for a while', () => {
  it('tells subscribers, keeps the API answering, and reports READY on the same subscription after', async () => {
    const rec = await gql<{
      recommend: { recommendations: { model: { id: string }; gpu: { id: string }; gpuCount: number }[] };
    }>(server, RECOMMEND);
    const top = rec.data!.recommend.recommendations[0]!;
    const created = await gql<{ createDeployment: { errors: unknown[]; deployment: { id: string } } }>(
      server,
      CREATE,
      {
        input: {
          recommendation: { modelId: top.model.id, gpuId: top.gpu.id, gpuCount: top.gpuCount, replicas: 1 },
          name: 'outage',
        },
      },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createDeployment.errors).toEqual([]);
    const deploymentId = created.data!.createDeployment.deployment.id;

    const client = wsClient(server.wsUrl);
    const statuses = collect<Status>(
      client,
      `subscription($id: ID!) { deploymentStatus(deploymentId: $id) { phase readyReplicas pods { phase } message } }`,
      { id: deploymentId },
    );
    await waitFor(
      () => statuses.values.some((s) => s.deploymentStatus.pods.some((p) => p.phase === 'Pending')),
      15_000,
      'the pod Pending',
    );

    k8s.failNext(503, 'ServiceUnavailable', { times: Infinity });
    expect(k8s.dropWatches('destroy')).toBeGreaterThanOrEqual(1);
    await waitFor(
      () => statuses.values.some((s) => /Kubernetes API unreachable \(503/.test(s.deploymentStatus.message)),
      15_000,
      'subscribers told the API is unreachable',
    );
    const during = statuses.values.at(-1)!.deploymentStatus;
    expect(during.phase).not.toBe('READY');
    // The pods become ready while nobody can see the cluster.
    expect(k8s.releasePods()).toBe(1);
    const query = await gql<{ trafficProfiles: { name: string }[] }>(server, '{ trafficProfiles { name } }');
    expect(query.errors).toBeUndefined();

    k8s.clearFailures();
    await waitFor(
      () => statuses.values.some((s) => s.deploymentStatus.phase === 'READY'),
      30_000,
      'READY on the same subscription once the API is back',
    );
    const last = statuses.values.at(-1)!.deploymentStatus;
    expect(last.readyReplicas).toBe(1);
    expect(last.message).not.toMatch(/unreachable/);
    await client.dispose();
  });
});
