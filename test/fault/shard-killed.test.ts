import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import {
  startServerProcess,
  startWorkerProcess,
  type ServerProcess,
  type WorkerChild,
} from '../helpers/process.js';
import { runIdOf, START_RUN, until } from '../helpers/runs.js';
import { gql } from '../helpers/server.js';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.js';

/**
 * `kill -9` of the worker running shard 1 of a 2-worker run, mid-run: the run must fail visibly,
 * naming the shard, and never end SUCCEEDED with only shard 0's share of the load. Shard 0's worker
 * (alive) must stop and write no further level.
 */

let db: TestDatabase;
let api: ServerProcess;
let simulator: SimulatorProcess;
const workers: WorkerChild[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  simulator = await startSimulatorProcess([
    '--model',
    'sim',
    '--prefill-base-ms',
    '10',
    '--decode-base-ms',
    '4',
  ]);
  const env = { DATABASE_URL: db.url, COMPASS_STALE_RUN_MS: '8000' };
  api = await startServerProcess({ ...env, COMPASS_WORKERS: '0' });
  for (let i = 0; i < 2; i++) workers.push(startWorkerProcess({ ...env, COMPASS_WORKERS: '1' }));
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGTERM')));
  await api?.stop();
  await simulator?.kill();
  await db?.drop();
});

interface RunRow {
  status: string;
  error: string | null;
  completed_levels: number;
}

const runRow = async (id: number) =>
  (
    await queryRows<RunRow>(
      db.url,
      'SELECT status, error, completed_levels FROM benchmark_runs WHERE id = $1',
      [id],
    )
  )[0]!;

describe('a worker of a multi-worker run killed mid-run', () => {
  it('fails the whole run with a reason naming the shard; resume finishes it whole', async () => {
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START_RUN, {
      input: {
        recipe: {
          name: 'shard dies',
          target: { baseUrl: simulator.url, model: 'sim', api: 'chat' },
          data: { kind: 'synthetic', promptTokens: 64, outputTokens: 16, seed: 3 },
          load: { profile: 'constant', rate: [20, 20, 20, 20] },
          limits: { maxSeconds: 3 },
          workers: 2,
        },
      },
    });
    expect(started.errors).toBeUndefined();
    const id = runIdOf(started.data!.startBenchmarkRun.run.id);
    await until(
      () => runRow(id),
      (r) => r.status === 'RUNNING' && r.completed_levels >= 1,
      45_000,
    );

    const [helper] = await queryRows<{ worker_id: string }>(
      db.url,
      'SELECT worker_id FROM benchmark_run_shards WHERE run_id = $1 AND shard = 1',
      [id],
    );
    const pid = Number(helper!.worker_id.split(':')[1]);
    const victim = workers.find((w) => w.child.pid === pid);
    expect(victim, `shard 1 runs on ${helper!.worker_id}`).toBeDefined();
    await victim!.stop('SIGKILL');

    const failed = await until(
      () => runRow(id),
      (r) => r.status !== 'RUNNING',
      30_000,
    );
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/^shard 1 of 2 \(worker .+\) stopped responding/);
    expect(failed.completed_levels).toBeLessThan(4);

    // Shard 0's worker notices on its next heartbeat and writes nothing more.
    const levels = async () =>
      Number(
        (
          await queryRows<{ n: string }>(
            db.url,
            'SELECT count(*) AS n FROM benchmark_run_levels WHERE run_id = $1',
            [id],
          )
        )[0]!.n,
      );
    const before = await levels();
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(await levels()).toBe(before);
    expect((await runRow(id)).status).toBe('FAILED');
    const log = await queryRows<{ message: string }>(
      db.url,
      `SELECT message FROM benchmark_run_logs WHERE run_id = $1 AND final`,
      [id],
    );
    expect(log.map((l) => l.message)).toEqual([expect.stringMatching(/^run FAILED: shard 1 of 2/)]);

    // Resume requeues both shards after the finished levels; a new worker replaces the dead one.
    const resumed = await gql(api, `mutation($id: ID!) { resumeBenchmarkRun(id: $id) { run { status } } }`, {
      id: String(id),
    });
    expect(resumed.errors).toBeUndefined();
    workers.push(
      startWorkerProcess({ DATABASE_URL: db.url, COMPASS_STALE_RUN_MS: '8000', COMPASS_WORKERS: '1' }),
    );
    const done = await until(
      () => runRow(id),
      (r) => r.status === 'SUCCEEDED' || r.status === 'FAILED',
      60_000,
    );
    expect(done, workers.map((w) => w.output()).join('\n')).toMatchObject({
      status: 'SUCCEEDED',
      completed_levels: 4,
    });
    const merged = await queryRows<{ level_index: number; completed_requests: number }>(
      db.url,
      'SELECT level_index, completed_requests FROM benchmark_run_levels WHERE run_id = $1 ORDER BY level_index',
      [id],
    );
    // Every level whole: 20 req/s × 3 s, from both shards.
    expect(merged.map((l) => [l.level_index, l.completed_requests])).toEqual([
      [0, 60],
      [1, 60],
      [2, 60],
      [3, 60],
    ]);
  }, 200_000);
});
