import { loadavg } from 'node:os';
import { parse } from 'yaml';
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
 * `workers: 2` at rate R (each worker R/2) against `workers: 1` at R, same recipe otherwise, one after
 * the other against the simulator in its own process. The measured request counts must be equal
 * exactly (the shards' schedules interleave into the one-worker schedule), so a dropped or doubled
 * shard fails the test outright; throughput within ±15 % and p50 latencies within a noise band of
 * max(25 ms, 40 %) allow for a loaded 2-core box.
 */

const RATE = 40;
const WINDOW_S = 6;

let db: TestDatabase;
let api: ServerProcess;
let simulator: SimulatorProcess;
const workers: WorkerChild[] = [];

interface LevelRow {
  completed_requests: number;
  errored_requests: number;
  requests_per_second: number;
  target_rate: number;
  ttft_p50: number;
  e2e_p50: number;
  e2e_p95: number;
}

beforeAll(async () => {
  db = await createTestDatabase();
  simulator = await startSimulatorProcess([
    '--model',
    'sim',
    '--prefill-base-ms',
    '20',
    '--decode-base-ms',
    '5',
    '--decode-ms-per-seq',
    '0',
    '--jitter',
    '0',
  ]);
  const env = { DATABASE_URL: db.url, COMPASS_STALE_RUN_MS: '15000' };
  api = await startServerProcess({ ...env, COMPASS_WORKERS: '0' });
  for (let i = 0; i < 2; i++) workers.push(startWorkerProcess({ ...env, COMPASS_WORKERS: '1' }));
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGTERM')));
  await api?.stop();
  await simulator?.kill();
  await db?.drop();
});

async function run(workerCount: number): Promise<{ id: number; level: LevelRow; completed: number }> {
  const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START_RUN, {
    input: {
      recipe: {
        name: `equivalence ×${workerCount}`,
        target: { baseUrl: simulator.url, model: 'sim', api: 'chat' },
        data: { kind: 'synthetic', promptTokens: 64, outputTokens: 16, seed: 7 },
        load: { profile: 'constant', rate: RATE },
        limits: { maxSeconds: WINDOW_S },
        warmupSeconds: 1,
        cooldownSeconds: 1,
        workers: workerCount,
      },
    },
  });
  expect(started.errors).toBeUndefined();
  const id = runIdOf(started.data!.startBenchmarkRun.run.id);
  const done = await until(
    () =>
      queryRows<{ status: string; error: string | null }>(
        db.url,
        'SELECT status, error FROM benchmark_runs WHERE id = $1',
        [id],
      ),
    (rows) => rows[0]?.status !== 'QUEUED' && rows[0]?.status !== 'RUNNING',
    60_000,
  );
  expect(done[0], workers.map((w) => w.output()).join('\n')).toMatchObject({ status: 'SUCCEEDED' });
  const [level] = await queryRows<LevelRow>(db.url, 'SELECT * FROM benchmark_run_levels WHERE run_id = $1', [
    id,
  ]);
  const progress = await gql<{ benchmarkRun: { progress: { completedRequests: number } } }>(
    api,
    `query($id: ID!) { benchmarkRun(id: $id) { progress { completedRequests } } }`,
    { id: String(id) },
  );
  return { id, level: level!, completed: progress.data!.benchmarkRun.progress.completedRequests };
}

describe('a run split across 2 workers', () => {
  it('gives the same summary as one worker at the whole rate', async () => {
    const one = await run(1);
    const two = await run(2);
    const expected = RATE * WINDOW_S;

    // Counts: exact. One shard dropped would give half, one doubled 1.5×.
    expect(one.level.completed_requests).toBe(expected);
    expect(two.level.completed_requests).toBe(expected);
    expect(two.level.errored_requests).toBe(0);
    expect(two.level.target_rate).toBe(RATE);
    // Progress combined over the shards: every request of every phase, as with one worker.
    expect(two.completed).toBe(one.completed);

    // Every request row once: 2 × 120 measured rows with distinct global sequence numbers.
    const [rows] = await queryRows<{ n: string; seqs: string }>(
      db.url,
      `SELECT count(*) AS n, count(DISTINCT seq) AS seqs FROM benchmark_requests WHERE run_id = $1 AND phase = 'measure'`,
      [two.id],
    );
    expect(Number(rows!.n)).toBe(expected);
    expect(Number(rows!.seqs)).toBe(expected);
    const shards = await queryRows<{ shard: number; completed: number; started: string }>(
      db.url,
      `SELECT shard, (summary->>'completedRequests')::int AS completed, summary->>'startedAt' AS started
         FROM benchmark_run_shard_levels WHERE run_id = $1 ORDER BY shard`,
      [two.id],
    );
    expect(shards.map((s) => s.completed)).toEqual([expected / 2, expected / 2]);
    // The barrier: both shards started the level at the common time.
    const [a, b] = shards.map((s) => Date.parse(s.started));
    expect(Math.abs(a! - b!)).toBeLessThan(250);

    // Throughput: each within ±15 % of the offered rate and of each other.
    for (const r of [one, two]) expect(Math.abs(r.level.requests_per_second / RATE - 1)).toBeLessThan(0.15);
    expect(Math.abs(two.level.requests_per_second / one.level.requests_per_second - 1)).toBeLessThan(0.15);
    // Latency: p50s within the noise band. Measured on this 2-core box at load average 7.5 (other
    // suites running): E2E p50 differed by up to 43 ms of ~145 ms; a unit or merge error is ×1000 off.
    console.info('workers 1 vs 2:', JSON.stringify({ one: one.level, two: two.level, loadavg: loadavg() }));
    for (const key of ['ttft_p50', 'e2e_p50'] as const) {
      const band = Math.max(25, 0.4 * one.level[key]);
      expect(Math.abs(two.level[key] - one.level[key]), key).toBeLessThan(band);
    }
  }, 150_000);

  it('runs as the pods of its Indexed Job: each the worker for its JOB_COMPLETION_INDEX, then exits', async () => {
    // No queue workers: only the "pods" can take the shards.
    await Promise.all(workers.splice(0).map((w) => w.stop('SIGTERM')));
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START_RUN, {
      input: {
        recipe: {
          name: 'pods',
          target: { baseUrl: simulator.url, model: 'sim', api: 'chat' },
          data: { kind: 'synthetic', promptTokens: 16, outputTokens: 8, seed: 1 },
          load: { profile: 'concurrent', concurrency: 4 },
          limits: { maxSeconds: 2 },
          workers: 2,
        },
      },
    });
    expect(started.errors).toBeUndefined();
    const globalId = started.data!.startBenchmarkRun.run.id;
    const id = runIdOf(globalId);
    const rendered = await gql<{ benchmarkRun: { workerJobManifest: string } }>(
      api,
      `query($id: ID!) { benchmarkRun(id: $id) { workerJobManifest(image: "compass:test") } }`,
      { id: String(id) },
    );
    expect(rendered.errors).toBeUndefined();
    const job = parse(rendered.data!.benchmarkRun.workerJobManifest) as {
      spec: {
        completions: number;
        template: { spec: { containers: { env: { name: string; value?: string }[] }[] } };
      };
    };
    expect(job.spec.completions).toBe(2);
    const runEnv = job.spec.template.spec.containers[0]!.env.find((e) => e.name === 'COMPASS_RUN_ID')!.value!;
    // What Kubernetes does for an Indexed Job: one pod per index with JOB_COMPLETION_INDEX set.
    const pods = [0, 1].map((index) =>
      startWorkerProcess({
        DATABASE_URL: db.url,
        COMPASS_RUN_ID: runEnv,
        JOB_COMPLETION_INDEX: String(index),
      }),
    );
    await Promise.all(pods.map((p) => new Promise((resolve) => p.child.once('exit', resolve))));
    const [row] = await queryRows<{ status: string; completed: number }>(
      db.url,
      'SELECT r.status, l.completed_requests AS completed FROM benchmark_runs r JOIN benchmark_run_levels l ON l.run_id = r.id WHERE r.id = $1',
      [id],
    );
    expect(row, pods.map((p) => p.output()).join('\n')).toMatchObject({ status: 'SUCCEEDED' });
    const shards = await queryRows<{ shard: number; worker_id: string; status: string }>(
      db.url,
      'SELECT shard, worker_id, status FROM benchmark_run_shards WHERE run_id = $1 ORDER BY shard',
      [id],
    );
    expect(shards.map((s) => [s.shard, Number(s.worker_id.split(':')[1])])).toEqual([
      [0, pods[0]!.child.pid],
      [1, pods[1]!.child.pid],
    ]);
    expect(shards[1]!.status).toBe('SUCCEEDED');
  }, 90_000);
});
