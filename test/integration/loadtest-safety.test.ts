import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECIPE_LIMITS } from '../../server/domains/loadtest/recipe.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { gql } from '../helpers/server.js';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.js';

/**
 * Issue 21 against the real server process (`npm start`'s entry point, its default in-process
 * worker), the simulator as its own process and PostgreSQL: bounded recipes, /healthz under the
 * largest allowed load.
 */

let db: TestDatabase;
let api: ServerProcess;
let sim: SimulatorProcess;

const START = `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id } } }`;

function runIdOf(id: string): number {
  return Number(Buffer.from(id, 'base64').toString().split(':')[1]);
}

async function runRow(id: number) {
  const res = await gql<{
    benchmarkRun: { status: string; error: string | null; levels: { completedRequests: number }[] };
  }>(api, `query($id: ID!) { benchmarkRun(id: $id) { status error levels { completedRequests } } }`, {
    id: String(id),
  });
  return res.data!.benchmarkRun;
}

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function runCount(): Promise<number> {
  const res = await gql<{ benchmarkRuns: { totalCount: number } }>(api, `{ benchmarkRuns { totalCount } }`);
  return res.data!.benchmarkRuns.totalCount;
}

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startSimulatorProcess([
    '--model',
    'sim',
    '--max-num-seqs',
    '4096',
    '--prefill-base-ms',
    '5',
    '--decode-base-ms',
    '2',
    '--decode-ms-per-seq',
    '0',
  ]);
  api = await startServerProcess({ DATABASE_URL: db.url, COMPASS_STALE_RUN_MS: '10000' });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await sim?.kill();
  await db?.drop();
});

const recipe = (load: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: 'safety',
  target: { baseUrl: sim.url, model: 'sim', api: 'chat' },
  data: { kind: 'synthetic', promptTokens: 16, outputTokens: 8, seed: 1 },
  load,
  limits: { maxSeconds: 4 },
  ...extra,
});

describe('recipe bounds', () => {
  it('refuses rate: 1e9 with BAD_USER_INPUT naming the field and its limit, creating nothing', async () => {
    const before = await runCount();
    const res = await gql(api, START, {
      input: { recipe: recipe({ profile: 'constant', rate: 1e9 }) },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const issues = res.errors?.[0]?.extensions?.issues as { path: string; message: string }[];
    expect(issues).toContainEqual({
      path: 'load.rate',
      message: `at most ${RECIPE_LIMITS.rate} requests/s (the recipe limit)`,
    });
    expect(await runCount()).toBe(before);
  });

  it('keeps /healthz answering in under a second while a run offers the largest allowed rate', async () => {
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START, {
      input: { recipe: recipe({ profile: 'constant', rate: RECIPE_LIMITS.rate }) },
    });
    expect(started.errors).toBeUndefined();
    const id = runIdOf(started.data!.startBenchmarkRun.run.id);
    await until(
      () => runRow(id),
      (r) => r.status === 'RUNNING',
      30_000,
    );

    const answers: number[] = [];
    let running = true;
    const poller = (async () => {
      while (running) {
        const t0 = performance.now();
        const res = await fetch(`${api.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
        answers.push(performance.now() - t0);
        expect(res.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const row = await until(
      () => runRow(id),
      (r) => r.status !== 'RUNNING',
      60_000,
    );
    running = false;
    await poller;
    expect(row.status).toBe('SUCCEEDED');
    // The run really offered the load: about rate × 4 s measured requests.
    expect(row.levels[0]!.completedRequests).toBeGreaterThan(RECIPE_LIMITS.rate * 4 * 0.8);
    expect(answers.length).toBeGreaterThan(10);
    console.log(
      `healthz during a ${RECIPE_LIMITS.rate} req/s run: ${answers.length} answers, max ${Math.max(...answers).toFixed(1)} ms`,
    );
    expect(Math.max(...answers)).toBeLessThan(1_000);
  }, 90_000);
});
