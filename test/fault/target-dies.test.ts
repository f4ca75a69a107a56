import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { runIdOf, START_RUN as START, until } from '../helpers/runs.js';
import { gql } from '../helpers/server.js';
import { startSimulatorProcess } from '../helpers/simulator-process.js';

/**
 * Fault: the benchmark target (the simulator as its own process) is killed with SIGKILL in the middle
 * of a run. The run must end FAILED at an INCOMPLETE level with the reason in words, keep only the
 * levels measured before the target died (no 0.0 latencies), and refuse to be ingested.
 */

let db: TestDatabase;
let api: ServerProcess;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startServerProcess({ DATABASE_URL: db.url, COMPASS_STALE_RUN_MS: '10000' });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

async function runRow(id: number) {
  const res = await gql<{
    benchmarkRun: { status: string; error: string | null; levels: { completedRequests: number }[] };
  }>(api, `query($id: ID!) { benchmarkRun(id: $id) { status error levels { completedRequests } } }`, {
    id: String(id),
  });
  return res.data!.benchmarkRun;
}

const sql = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
  queryRows<T>(db.url, text, values);

const INGEST = `mutation($id: ID!) { ingestBenchmarkRun(runId: $id) { inserted updated } }`;
const MEASURES = { model: 'meta-llama/llama-3.1-8b-instruct', gpu: 'H100', gpuCount: 1 };

describe('fault: the benchmark target dies mid-run', () => {
  it('a target that dies mid-run leaves the run FAILED at an INCOMPLETE level, nothing ingested', async () => {
    const dying = await startSimulatorProcess(['--model', 'sim', '--decode-base-ms', '2']);
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START, {
      input: {
        recipe: {
          name: 'target-dies',
          load: { profile: 'concurrent', concurrency: [1, 2, 4, 8] },
          target: { baseUrl: dying.url, model: 'sim', api: 'chat' },
          data: { kind: 'synthetic', promptTokens: 512, outputTokens: 32, seed: 1 },
          limits: { maxSeconds: 2 },
          measures: MEASURES,
        },
      },
    });
    expect(started.errors).toBeUndefined();
    const id = runIdOf(started.data!.startBenchmarkRun.run.id);
    await until(
      () => runRow(id),
      (r) => r.levels.length >= 1,
      30_000,
    );
    await dying.kill();
    const done = await until(
      () => runRow(id),
      (r) => r.status !== 'RUNNING' && r.status !== 'QUEUED',
      30_000,
    );
    expect(done.status).toBe('FAILED');
    expect(done.error).toMatch(
      /level \d+ \(repetition 0\) is INCOMPLETE: \d+\/\d+ measured requests succeeded \(minimum 95 %\)/,
    );
    // Only the levels measured before the target died are kept; none with 0 successes (no 0.0 latencies).
    expect(done.levels.length).toBeGreaterThanOrEqual(1);
    for (const level of done.levels) expect(level.completedRequests).toBeGreaterThan(0);
    const zeros = await sql(`SELECT id FROM benchmark_run_levels WHERE run_id = $1 AND ttft_p95 = 0`, [id]);
    expect(zeros).toEqual([]);

    const ingest = await gql(api, INGEST, { id: String(id) });
    expect(ingest.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await sql(`SELECT id FROM benchmarks WHERE run_id = $1`, [id])).toEqual([]);
  }, 90_000);
});
