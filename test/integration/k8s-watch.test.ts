import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createK8sClient,
  loadKubeConfig,
  type K8sClient,
  type WatchHandle,
} from '../../server/domains/deploy/k8s/client.js';
import { streamDeploymentStatus } from '../../server/domains/deploy/k8s/pod-watcher.js';
import { buildDeploymentManifests } from '../../server/domains/deploy/render/render.js';
import type {
  DeploymentInput,
  DeploymentStatusSnapshot,
  K8sError,
  KubeObject,
  PodWatchEvent,
} from '../../server/domains/deploy/types.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';

/** Pod watches through the real client's Watch class against the fake API server's watch stream. */

let fake: FakeK8s;
let client: K8sClient;
let sequence = 0;
const handles: { abort(): void }[] = [];

function track<T extends { abort(): void }>(handle: T): T {
  handles.push(handle);
  return handle;
}

async function manifests(
  overrides: Partial<DeploymentInput> = {},
): Promise<{ objects: KubeObject[]; selector: string }> {
  sequence += 1;
  const deploymentId = `dep-watch-${sequence}`;
  const result = await buildDeploymentManifests(
    {
      deploymentId,
      name: `sim-${sequence}`,
      namespace: 'compass',
      mode: 'SIMULATOR',
      model: { hfRepo: 'Qwen/Qwen2.5-7B-Instruct', contextWindow: 32768 },
      traffic: { promptTokens: 512, outputTokens: 256 },
      gpu: { type: 'L4', nodeSelectorLabel: 'NVIDIA-L4', vendor: 'NVIDIA' },
      gpuCount: 1,
      replicas: { min: 2, max: 2 },
      simulator: {
        calibration: { prefillMsPerToken: 0.1, decodeBaseMs: 10, decodeMsPerSeq: 0.2, maxNumSeqs: 64 },
      },
      ...overrides,
    },
    { allowedNamespaces: ['compass'] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { objects: result.manifests.objects, selector: `compass.io/deployment-id=${deploymentId}` };
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function stage(event: PodWatchEvent): string {
  const ready = event.pod.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  return `${event.type}:${event.pod.phase}${ready ? '+Ready' : ''}`;
}

beforeAll(async () => {
  fake = await startFakeK8s({ podTimeline: { startAfterMs: 30, readyAfterMs: 60 }, watchHistory: 50 });
  client = createK8sClient(loadKubeConfig(fake.kubeconfigPath), { requestTimeoutMs: 2000 });
});

afterEach(() => {
  for (const handle of handles.splice(0)) handle.abort();
  fake.clearFailures();
  fake.setPodTimeline({ startAfterMs: 30, readyAfterMs: 60, outcome: 'ready', terminateAfterMs: 0 });
});

afterAll(async () => {
  await fake.close();
});

describe('watchPods', () => {
  it('sees every pod go Pending → Running (not ready) → Running + Ready, then DELETED on delete', async () => {
    const { objects, selector } = await manifests();
    const events: PodWatchEvent[] = [];
    const errors: K8sError[] = [];
    track(
      await client.watchPods(
        'compass',
        selector,
        (e) => events.push(e),
        (e) => errors.push(e),
      ),
    );
    await client.apply(objects);
    await waitFor(() => events.filter((e) => stage(e) === 'MODIFIED:Running+Ready').length === 2);

    const byPod = new Map<string, string[]>();
    for (const e of events) byPod.set(e.pod.name, [...(byPod.get(e.pod.name) ?? []), stage(e)]);
    expect(byPod.size).toBe(2);
    for (const stages of byPod.values()) {
      expect(stages).toEqual(['ADDED:Pending', 'MODIFIED:Running', 'MODIFIED:Running+Ready']);
    }
    const ready = events.at(-1)?.pod;
    expect(ready?.containers[0]).toMatchObject({
      name: 'kserve-container',
      ready: true,
      restartCount: 0,
      state: 'running',
    });
    expect(ready?.labels['compass.io/deployment-id']).toBe(selector.split('=')[1]);

    await client.delete(objects);
    await waitFor(() => events.filter((e) => e.type === 'DELETED').length === 2);
    expect(errors).toEqual([]);
  });

  it('starts with ADDED for existing pods and resumes from a resourceVersion without gaps', async () => {
    const { objects, selector } = await manifests();
    await client.apply(objects);
    await waitFor(
      () =>
        fake.state.pods('compass').filter((p) => JSON.stringify(p).includes(selector.split('=')[1] ?? '?'))
          .length === 2,
    );
    const list = await client.listPods('compass', selector);
    const fresh: PodWatchEvent[] = [];
    track(
      await client.watchPods(
        'compass',
        selector,
        (e) => fresh.push(e),
        () => undefined,
      ),
    );
    await waitFor(() => fresh.length >= 2);
    expect(fresh.slice(0, 2).map((e) => e.type)).toEqual(['ADDED', 'ADDED']);

    const resumed: PodWatchEvent[] = [];
    track(
      await client.watchPods(
        'compass',
        selector,
        (e) => resumed.push(e),
        () => undefined,
        {
          resourceVersion: list.resourceVersion ?? undefined,
        },
      ),
    );
    await waitFor(() => resumed.filter((e) => stage(e) === 'MODIFIED:Running+Ready').length === 2);
    expect(resumed.some((e) => e.type === 'ADDED')).toBe(false);
  });

  it('an expired resourceVersion (410) is reported so the caller re-lists', async () => {
    const { objects, selector } = await manifests();
    await client.apply(objects);
    const errors: K8sError[] = [];
    // The fake keeps 50 pod events; create enough churn that resourceVersion 1 is long gone.
    for (let i = 0; i < 3; i += 1) {
      const extra = await manifests({ replicas: { min: 8, max: 8 } });
      await client.apply(extra.objects);
      await client.delete(extra.objects);
    }
    track(
      await client.watchPods(
        'compass',
        selector,
        () => undefined,
        (e) => errors.push(e),
        { resourceVersion: '1' },
      ),
    );
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: 'K8S_ERROR', status: 410, reason: 'Expired' });
  });

  it('a dropped connection is reported once as K8S_WATCH_CLOSED; abort() is silent', async () => {
    const { selector } = await manifests();
    const errors: K8sError[] = [];
    track(
      await client.watchPods(
        'compass',
        selector,
        () => undefined,
        (e) => errors.push(e),
      ),
    );
    await waitFor(() => fake.openWatches() === 1);
    expect(fake.dropWatches('end')).toBe(1);
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toEqual({
      code: 'K8S_WATCH_CLOSED',
      message: 'the Kubernetes API server closed the watch',
    });

    const reset: K8sError[] = [];
    track(
      await client.watchPods(
        'compass',
        selector,
        () => undefined,
        (e) => reset.push(e),
      ),
    );
    await waitFor(() => fake.openWatches() === 1);
    fake.dropWatches('destroy');
    await waitFor(() => reset.length === 1);
    expect(reset[0]?.code).toBe('K8S_WATCH_CLOSED');

    const quiet: K8sError[] = [];
    const handle: WatchHandle = await client.watchPods(
      'compass',
      selector,
      () => undefined,
      (e) => quiet.push(e),
    );
    await waitFor(() => fake.openWatches() === 1);
    handle.abort();
    await waitFor(() => fake.openWatches() === 0);
    await new Promise((r) => setTimeout(r, 50));
    expect(quiet).toEqual([]);
  });

  it('a forbidden watch is K8S_FORBIDDEN', async () => {
    fake.failNext(403, 'Forbidden', { path: /\/pods$/ });
    const errors: K8sError[] = [];
    track(
      await client.watchPods(
        'compass',
        'a=b',
        () => undefined,
        (e) => errors.push(e),
      ),
    );
    await waitFor(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ code: 'K8S_FORBIDDEN', status: 403 });
  });
});

describe('streamDeploymentStatus', () => {
  it('goes PENDING → PROGRESSING → READY and survives a dropped watch by re-listing', async () => {
    fake.setPodTimeline({ startAfterMs: 40, readyAfterMs: 150 });
    const { objects, selector } = await manifests();
    const statuses: DeploymentStatusSnapshot[] = [];
    const errors: K8sError[] = [];
    const stream = track({
      ...streamDeploymentStatus({
        client,
        namespace: 'compass',
        labelSelector: selector,
        desiredReplicas: 2,
        onStatus: (s) => statuses.push(s),
        onError: (e) => errors.push(e),
        reconnectDelayMs: 20,
      }),
      abort() {
        stream.stop();
      },
    });
    await waitFor(() => stream.connections() === 1);
    expect(statuses[0]).toMatchObject({ phase: 'PENDING', readyReplicas: 0, desiredReplicas: 2 });

    await client.apply(objects);
    await waitFor(() => statuses.some((s) => s.phase === 'PROGRESSING'));
    fake.dropWatches('end');
    await waitFor(() => stream.connections() === 2);
    await waitFor(() => stream.current()?.phase === 'READY');
    expect(errors.map((e) => e.code)).toEqual(['K8S_WATCH_CLOSED']);
    const phases = statuses.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['PENDING', 'PROGRESSING', 'READY']);
    expect(stream.current()).toMatchObject({ readyReplicas: 2, message: '2/2 replicas ready' });
    expect(stream.current()?.pods.map((p) => p.ready)).toEqual([true, true]);
  });

  it('reports FAILED for a crash loop and PENDING with the scheduler message when unschedulable', async () => {
    fake.setPodTimeline({ outcome: 'crashloop', startAfterMs: 10, readyAfterMs: 20 });
    const crashing = await manifests({ replicas: { min: 1, max: 1 } });
    const crash = streamDeploymentStatus({
      client,
      namespace: 'compass',
      labelSelector: crashing.selector,
      desiredReplicas: 1,
      onStatus: () => undefined,
    });
    track({ abort: () => crash.stop() });
    await client.apply(crashing.objects);
    await waitFor(() => crash.current()?.phase === 'FAILED');
    expect(crash.current()?.pods[0]).toMatchObject({ reason: 'CrashLoopBackOff', ready: false });
    expect(crash.current()?.pods[0]?.restarts).toBeGreaterThanOrEqual(1);

    fake.setPodTimeline({ outcome: 'unschedulable' });
    const stuck = await manifests({ replicas: { min: 1, max: 1 } });
    const pending = streamDeploymentStatus({
      client,
      namespace: 'compass',
      labelSelector: stuck.selector,
      desiredReplicas: 1,
      onStatus: () => undefined,
    });
    track({ abort: () => pending.stop() });
    await client.apply(stuck.objects);
    await waitFor(() => (pending.current()?.pods.length ?? 0) === 1);
    expect(pending.current()).toMatchObject({
      phase: 'PENDING',
      message: expect.stringContaining(
        'Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      ),
    });
    const warnings = await client.listEvents('compass', 'type=Warning,reason=FailedScheduling');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps retrying while the API refuses, then recovers', async () => {
    const { objects, selector } = await manifests({ replicas: { min: 1, max: 1 } });
    await client.apply(objects);
    fake.failNext(503, 'ServiceUnavailable', { times: 3, path: /\/pods$/ });
    const errors: K8sError[] = [];
    const stream = streamDeploymentStatus({
      client,
      namespace: 'compass',
      labelSelector: selector,
      desiredReplicas: 1,
      onStatus: () => undefined,
      onError: (e) => errors.push(e),
      reconnectDelayMs: 10,
    });
    track({ abort: () => stream.stop() });
    await waitFor(() => stream.current()?.phase === 'READY');
    expect(errors.map((e) => e.status)).toEqual([503, 503, 503]);
  });
});
