import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorServer } from '../../apps/simulator/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, startWorkerProcess, type ServerProcess } from '../helpers/process.js';
import { gql } from '../helpers/server.js';

/**
 * `kill -9` of a worker mid-run: the run must not stay RUNNING. The API process's reaper declares it
 * FAILED (resumable) once the heartbeat stops; `resumeBenchmarkRun` continues after the finished levels.
 */

let db: TestDatabase;
let api: ServerProcess;
let simulator: ReturnType<typeof createSimulatorServer>;
let simUrl = '';

async function runRow(id: number) {
  const rows = await gql<{
    benchmarkRun: {
      status: string;
      completedLevels: number;
      error: string | null;
      levels: { levelIndex: number }[];
    };
  }>(
    api,
    `query($id: ID!) { benchmarkRun(id: $id) { status completedLevels error levels { levelIndex } } }`,
    { id: String(id) },
  );
  return rows.data!.benchmarkRun;
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  simulator = createSimulatorServer({
    model: 'sim',
    params: { prefillBaseMs: 10, decodeBaseMs: 4, jitterFraction: 0 },
  });
  await new Promise<void>((resolve) => simulator.server.listen(0, '127.0.0.1', resolve));
  simUrl = `http://127.0.0.1:${(simulator.server.address() as AddressInfo).port}`;
  api = await startServerProcess({
    DATABASE_URL: db.url,
    COMPASS_WORKERS: '0',
    COMPASS_STALE_RUN_MS: '10000',
  });
}, 90_000);

afterAll(async () => {
  await api?.stop();
  await simulator?.close();
  await db?.drop();
});

describe('a worker killed mid-run', () => {
  it('leaves the run FAILED and resumable, never stuck RUNNING; resume finishes it', async () => {
    const env = { DATABASE_URL: db.url, COMPASS_WORKERS: '1', COMPASS_STALE_RUN_MS: '10000' };
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(
      api,
      `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id } } }`,
      {
        input: {
          recipe: {
            name: 'crash',
            target: { baseUrl: simUrl, model: 'sim', api: 'chat' },
            data: { kind: 'synthetic', promptTokens: 128, outputTokens: 32, seed: 1 },
            load: { profile: 'concurrent', concurrency: [1, 2, 4] },
            limits: { maxSeconds: 2 },
          },
        },
      },
    );
    expect(started.errors).toBeUndefined();
    const id = Number(Buffer.from(started.data!.startBenchmarkRun.run.id, 'base64').toString().split(':')[1]);

    const first = startWorkerProcess(env);
    await until(
      () => runRow(id),
      (r) => r.status === 'RUNNING' && r.completedLevels >= 1,
      45_000,
      'the first level to finish',
    );
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const failed = await until(
      () => runRow(id),
      (r) => r.status !== 'RUNNING',
      20_000,
      'the reaper to mark the run',
    );
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/stopped responding/);
    const keptLevels = failed.completedLevels;
    expect(keptLevels).toBeGreaterThanOrEqual(1);

    const resumed = await gql(api, `mutation($id: ID!) { resumeBenchmarkRun(id: $id) { run { status } } }`, {
      id: String(id),
    });
    expect(resumed.errors).toBeUndefined();
    const second = startWorkerProcess(env);
    try {
      const done = await until(
        () => runRow(id),
        (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED',
        45_000,
        'the resumed run',
      );
      expect(done.status, second.output()).toBe('SUCCEEDED');
      expect(done.completedLevels).toBe(3);
      expect(done.levels.map((l) => l.levelIndex)).toEqual([0, 1, 2]);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  }, 150_000);
});
