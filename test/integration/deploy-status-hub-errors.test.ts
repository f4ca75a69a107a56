import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';

/** A status watch that keeps failing is logged on every retry, not swallowed. */

let fake: FakeK8s;

beforeAll(async () => {
  fake = await startFakeK8s();
});

afterAll(async () => {
  await fake?.close();
});

function capturingLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), lines };
}

describe('deployment status hub', () => {
  it('logs each failed pod watch with the deployment and the cluster reason, and keeps retrying', async () => {
    const { logger, lines } = capturingLogger();
    fake.failNext(403, 'Forbidden', { times: Infinity, path: /\/pods/ });
    const runtime = createDeploymentRuntime({
      kubeconfigPath: fake.kubeconfigPath,
      inCluster: false,
      allowedNamespaces: ['compass'],
      endpointOverride: null,
      requestTimeoutMs: 2_000,
      logger,
    });
    const unsubscribe = runtime.hub.subscribe(
      runtime.client!,
      { id: 4242, namespace: 'compass', desiredReplicas: 1 },
      () => undefined,
    );
    try {
      // First attempt, then retries after 0.5 s and 1 s.
      await expect.poll(() => lines.length, { timeout: 5_000, interval: 50 }).toBeGreaterThanOrEqual(2);
      expect(lines[0]).toMatchObject({
        msg: 'deployment status watch failed; retrying',
        deploymentId: 4242,
        k8sCode: 'K8S_FORBIDDEN',
      });
    } finally {
      unsubscribe();
      fake.clearFailures();
      runtime.hub.stopAll();
    }
    expect(runtime.hub.size()).toBe(0);
  });
});
