import { describe, expect, it } from 'vitest';
import { normalizeEvent, normalizePod } from '../../server/domains/deploy/k8s/pod-info.js';
import { deploymentStatus, isPodReady, summarizePod } from '../../server/domains/deploy/k8s/pod-status.js';
import type { PodInfo } from '../../server/domains/deploy/types.js';

function pod(name: string, overrides: Partial<PodInfo> = {}): PodInfo {
  return {
    name,
    namespace: 'compass',
    labels: {},
    phase: 'Running',
    reason: null,
    message: null,
    terminating: false,
    conditions: [{ type: 'Ready', status: 'True', reason: null, message: null }],
    containers: [
      {
        name: 'kserve-container',
        ready: true,
        restartCount: 0,
        state: 'running',
        reason: null,
        message: null,
        exitCode: null,
      },
    ],
    resourceVersion: '1',
    createdAt: null,
    ...overrides,
  };
}

const notReady = {
  conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'not ready' }],
};

function waiting(reason: string, message: string, restartCount = 0): Partial<PodInfo> {
  return {
    ...notReady,
    containers: [
      {
        name: 'kserve-container',
        ready: false,
        restartCount,
        state: 'waiting',
        reason,
        message,
        exitCode: null,
      },
    ],
  };
}

describe('deploymentStatus', () => {
  it('PENDING with no pods', () => {
    expect(deploymentStatus([], 2)).toEqual({
      phase: 'PENDING',
      readyReplicas: 0,
      desiredReplicas: 2,
      pods: [],
      message: '0/2 replicas ready; waiting for pods to be created',
    });
  });

  it('PENDING while every pod is Pending, naming why it is blocked', () => {
    const unscheduled = pod('a', {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
        },
      ],
      containers: [],
    });
    const status = deploymentStatus([unscheduled], 1);
    expect(status.phase).toBe('PENDING');
    expect(status.message).toBe(
      '0/1 replicas ready; pod a: Unschedulable: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    );
    expect(status.pods[0]).toEqual({
      name: 'a',
      phase: 'Pending',
      ready: false,
      restarts: 0,
      reason: 'Unschedulable',
      message: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
    });
  });

  it('PROGRESSING when pods run but not all are ready', () => {
    const status = deploymentStatus([pod('b'), pod('a', { ...notReady })], 2);
    expect(status.phase).toBe('PROGRESSING');
    expect(status.readyReplicas).toBe(1);
    expect(status.message).toBe('1/2 replicas ready');
    expect(status.pods.map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('READY when ready pods reach the desired replicas, even with an extra pod failing', () => {
    expect(deploymentStatus([pod('a'), pod('b')], 2).phase).toBe('READY');
    const status = deploymentStatus(
      [pod('a'), pod('b'), pod('c', waiting('CrashLoopBackOff', 'back-off', 4))],
      2,
    );
    expect([status.phase, status.readyReplicas]).toEqual(['READY', 2]);
  });

  it.each([
    ['CrashLoopBackOff', 'back-off 40s restarting failed container'],
    ['ImagePullBackOff', 'Back-off pulling image "vllm/vllm-openai:nope"'],
    ['ErrImagePull', 'manifest unknown'],
    ['CreateContainerConfigError', 'secret "hf-token" not found'],
  ])('FAILED on %s', (reason, message) => {
    const status = deploymentStatus([pod('a'), pod('b', waiting(reason, message, 3))], 2);
    expect(status.phase).toBe('FAILED');
    expect(status.message).toBe(`1/2 replicas ready; pod b: ${reason}: ${message}`);
    expect(status.pods[1]?.restarts).toBe(3);
  });

  it('FAILED when a pod phase is Failed (e.g. evicted)', () => {
    const evicted = pod('a', {
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory.',
      ...notReady,
    });
    expect(deploymentStatus([evicted], 1)).toMatchObject({
      phase: 'FAILED',
      message: '0/1 replicas ready; pod a: Evicted: The node was low on resource: memory.',
    });
  });

  it('ContainerCreating is PENDING, not FAILED', () => {
    const creating = pod('a', { phase: 'Pending', ...waiting('ContainerCreating', '') });
    expect(deploymentStatus([creating], 1).phase).toBe('PENDING');
  });

  it('terminating pods are listed but not counted; DELETED when the caller says so', () => {
    const status = deploymentStatus([pod('a', { terminating: true }), pod('b')], 2);
    expect([status.phase, status.readyReplicas, status.pods[0]?.phase]).toEqual([
      'PROGRESSING',
      1,
      'Terminating',
    ]);
    expect(deploymentStatus([pod('a')], 1, { deleted: true })).toMatchObject({
      phase: 'DELETED',
      readyReplicas: 0,
    });
  });

  it('sums restarts over containers and reports an OOMKilled termination', () => {
    const oom = pod('a', {
      ...notReady,
      containers: [
        {
          name: 'init',
          ready: true,
          restartCount: 1,
          state: 'terminated',
          reason: 'Completed',
          message: null,
          exitCode: 0,
        },
        {
          name: 'kserve-container',
          ready: false,
          restartCount: 2,
          state: 'terminated',
          reason: 'OOMKilled',
          message: null,
          exitCode: 137,
        },
      ],
    });
    expect(summarizePod(oom)).toMatchObject({ restarts: 3, reason: 'OOMKilled', ready: false });
  });

  it('readiness falls back to container readiness without a Ready condition', () => {
    expect(isPodReady(pod('a', { conditions: [] }))).toBe(true);
    expect(isPodReady(pod('a', { conditions: [], phase: 'Pending' }))).toBe(false);
  });
});

describe('normalizePod / normalizeEvent', () => {
  it('reads raw watch JSON and client models alike', () => {
    const raw = {
      metadata: {
        name: 'p',
        namespace: 'compass',
        labels: { a: 'b', n: 1 },
        resourceVersion: '42',
        creationTimestamp: '2026-01-01T00:00:00Z',
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          { name: 'c', ready: true, restartCount: 2, state: { running: { startedAt: 'x' } } },
        ],
      },
    };
    const fromModel = {
      ...raw,
      metadata: {
        ...raw.metadata,
        creationTimestamp: new Date('2026-01-01T00:00:00Z'),
        deletionTimestamp: new Date(),
      },
    };
    expect(normalizePod(raw)).toMatchObject({
      name: 'p',
      labels: { a: 'b' },
      phase: 'Running',
      terminating: false,
      resourceVersion: '42',
      createdAt: '2026-01-01T00:00:00Z',
      containers: [{ name: 'c', ready: true, restartCount: 2, state: 'running' }],
    });
    expect(normalizePod(fromModel)).toMatchObject({
      createdAt: '2026-01-01T00:00:00.000Z',
      terminating: true,
    });
    expect(normalizePod(null)).toMatchObject({ name: '', phase: 'Unknown', containers: [] });
  });

  it('normalizes events', () => {
    expect(
      normalizeEvent({
        type: 'Warning',
        reason: 'BackOff',
        message: 'm',
        involvedObject: { kind: 'Pod', name: 'p' },
        count: 3,
        lastTimestamp: '2026-01-01T00:00:00Z',
      }),
    ).toEqual({
      type: 'Warning',
      reason: 'BackOff',
      message: 'm',
      involvedObject: { kind: 'Pod', name: 'p' },
      count: 3,
      lastTimestamp: '2026-01-01T00:00:00Z',
    });
  });
});
