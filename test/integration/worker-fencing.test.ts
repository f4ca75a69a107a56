import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorServer } from '../../apps/simulator/server.js';
import { reapStaleRuns } from '../../server/domains/loadtest/service.js';
import { startWorker, type Worker } from '../../server/domains/loadtest/worker.js';
import { createLogger } from '../../server/logger.js';
import { runIdOf, START_RUN, until } from '../helpers/runs.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A worker the reaper declared dead while it was only slow (a stalled event loop under load, a paused
 * VM) must not come back and overwrite the verdict: it stops at its next heartbeat or level and
 * writes nothing, so the run stays FAILED with the reaper's reason until someone resumes it.
 */

let server: TestServer;
let worker: Worker;
let simulator: ReturnType<typeof createSimulatorServer>;
let simUrl = '';

beforeAll(async () => {
  simulator = createSimulatorServer({
    model: 'sim',
    params: { prefillBaseMs: 5, decodeBaseMs: 2, jitterFraction: 0 },
  });
  await new Promise<void>((resolve) => simulator.server.listen(0, '127.0.0.1', resolve));
  simUrl = `http://127.0.0.1:${(simulator.server.address() as AddressInfo).port}`;
  server = await startTestServer({ jobs: true, levelQuality: { minSuccessRate: 0.95, minSamples: 1 } });
  worker = await startWorker({
    prisma: server.clients.worker,
    boss: server.jobs!,
    pubsub: server.pubsub,
    logger: createLogger('silent'),
    resultsDir: path.join(os.tmpdir(), 'compass-test-results'),
    heartbeatMs: 200,
  });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await simulator?.close();
});

async function runRow(id: number) {
  return server.clients.api.benchmarkRun.findUniqueOrThrow({
    where: { id },
    select: { status: true, error: true, completedLevels: true, _count: { select: { levels: true } } },
  });
}

describe('a worker declared dead while still alive', () => {
  it('stops and writes nothing after the reaper failed its run; resume then finishes it', async () => {
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(server, START_RUN, {
      input: {
        recipe: {
          name: 'fenced',
          target: { baseUrl: simUrl, model: 'sim', api: 'chat' },
          data: { kind: 'synthetic', promptTokens: 64, outputTokens: 16, seed: 1 },
          load: { profile: 'concurrent', concurrency: [1, 2, 3, 4] },
          limits: { maxSeconds: 1.5 },
        },
      },
    });
    expect(started.errors).toBeUndefined();
    const id = runIdOf(started.data!.startBenchmarkRun.run.id);
    await until(
      () => runRow(id),
      (r) => r.status === 'RUNNING' && r.completedLevels >= 1,
      30_000,
    );

    // What the reaper does to a run whose heartbeat is older than the cutoff (here: any run).
    expect(await reapStaleRuns(server.clients.api, server.pubsub, -60_000)).toEqual([id]);
    const reaped = await runRow(id);
    expect(reaped.status).toBe('FAILED');

    // The rest of the recipe would take ≈ 4.5 s; give the worker longer than that to misbehave.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const after = await runRow(id);
    expect(after.status).toBe('FAILED');
    expect(after.error).toBe(reaped.error);
    expect(after.error).toMatch(/stopped responding/);
    expect(after._count.levels).toBe(reaped._count.levels);

    const resumed = await gql(
      server,
      `mutation($id: ID!) { resumeBenchmarkRun(id: $id) { run { status } } }`,
      {
        id: started.data!.startBenchmarkRun.run.id,
      },
    );
    expect(resumed.errors).toBeUndefined();
    const done = await until(
      () => runRow(id),
      (r) => r.status !== 'QUEUED' && r.status !== 'RUNNING',
      60_000,
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(done._count.levels).toBe(4);
  }, 120_000);
});
