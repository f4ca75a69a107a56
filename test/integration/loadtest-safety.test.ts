import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECIPE_LIMITS } from '../../server/domains/loadtest/recipe.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { runIdOf, START_RUN as START, until } from '../helpers/runs.js';
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
let datasetsDir = '';

async function runRow(id: number) {
  const res = await gql<{
    benchmarkRun: { status: string; error: string | null; levels: { completedRequests: number }[] };
  }>(api, `query($id: ID!) { benchmarkRun(id: $id) { status error levels { completedRequests } } }`, {
    id: String(id),
  });
  return res.data!.benchmarkRun;
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
  datasetsDir = await mkdtemp(path.join(os.tmpdir(), 'compass-datasets-'));
  await writeFile(path.join(datasetsDir, 'ok.jsonl'), '{"prompt": "one two three", "outputTokens": 4}\n');
  const outside = path.join(os.tmpdir(), `compass-outside-${process.pid}.jsonl`);
  await writeFile(outside, '{"prompt": "secret file content"}\n');
  await symlink(outside, path.join(datasetsDir, 'link.jsonl'));
  api = await startServerProcess({
    DATABASE_URL: db.url,
    COMPASS_DATASETS_DIR: datasetsDir,
  });
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await sim?.kill();
  await db?.drop();
  if (datasetsDir) await rm(datasetsDir, { recursive: true, force: true });
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
    expect({ status: row.status, error: row.error }).toEqual({ status: 'SUCCEEDED', error: null });
    // The run really offered the load: about rate × 4 s measured requests.
    expect(row.levels[0]!.completedRequests).toBeGreaterThan(RECIPE_LIMITS.rate * 4 * 0.8);
    expect(answers.length).toBeGreaterThan(10);
    console.log(
      `healthz during a ${RECIPE_LIMITS.rate} req/s run: ${answers.length} answers, max ${Math.max(...answers).toFixed(1)} ms`,
    );
    expect(Math.max(...answers)).toBeLessThan(1_000);
  }, 90_000);
});

const sql = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
  queryRows<T>(db.url, text, values);

const INGEST = `mutation($id: ID!) { ingestBenchmarkRun(runId: $id) { inserted updated } }`;
const MEASURES = { model: 'meta-llama/llama-3.1-8b-instruct', gpu: 'H100', gpuCount: 1 };

describe('levels without enough successes', () => {
  it('ingest files a 16/16 level as MEASURED but never a 3/16 one', async () => {
    const [model] = await sql<{ id: number }>(`SELECT id FROM models WHERE hf_repo = $1`, [MEASURES.model]);
    const [gpu] = await sql<{ id: number }>(`SELECT id FROM gpus WHERE type = 'H100'`);
    const [run] = await sql<{ id: number }>(
      `INSERT INTO benchmark_runs (name, status, recipe, target_url, target_model, profile_kind, model_id, gpu_id,
         gpu_count, prompt_tokens, output_tokens, tags, completed_levels, finished_at)
       VALUES ('partial', 'SUCCEEDED', '{}', 'http://127.0.0.1:1', 'sim', 'concurrent', $1, $2, 1, 512, 256, '{}', 2, now())
       RETURNING id`,
      [model!.id, gpu!.id],
    );
    for (const [index, completed, errored] of [
      [0, 16, 0],
      [1, 3, 13],
    ] as const) {
      await sql(
        `INSERT INTO benchmark_run_levels (run_id, level_index, repetition, load_kind, concurrency, started_at,
           finished_at, duration_seconds, completed_requests, errored_requests, incomplete_requests,
           requests_per_second, output_tokens_per_second, mean_input_tokens, mean_output_tokens,
           ttft_mean, ttft_p50, ttft_p90, ttft_p95, ttft_p99, itl_mean, itl_p50, itl_p90, itl_p95, itl_p99,
           tpot_mean, e2e_mean, e2e_p50, e2e_p90, e2e_p95, e2e_p99)
         VALUES ($1, $2, 0, 'concurrent', 4, now(), now(), 10, $3, $4, 0, 1.6, 400, 512, 256,
           50, 50, 60, 70, 80, 10, 10, 11, 12, 13, 10, 2600, 2600, 2700, 2800, 2900)`,
        [run!.id, index, completed, errored],
      );
    }
    const id = Buffer.from(`BenchmarkRun:${run!.id}`).toString('base64');
    const ingest = await gql<{ ingestBenchmarkRun: { inserted: number } }>(api, INGEST, { id });
    expect(ingest.errors).toBeUndefined();
    expect(ingest.data!.ingestBenchmarkRun.inserted).toBe(1);
    const rows = await sql<{ config_id: string }>(`SELECT config_id FROM benchmarks WHERE run_id = $1`, [
      run!.id,
    ]);
    expect(rows.map((r) => r.config_id)).toEqual([`run:${run!.id}:l0:r0`]);
  });
});

describe('run targets and datasets', () => {
  it('refuses link-local and metadata targets with BAD_USER_INPUT on target.baseUrl, queuing nothing', async () => {
    const before = await runCount();
    for (const baseUrl of [
      'http://169.254.169.254/latest',
      'http://[fe80::1]:8000',
      'http://metadata.google.internal',
    ]) {
      const res = await gql(api, START, {
        input: { recipe: { ...recipe({ profile: 'synchronous' }), target: { baseUrl, model: 'sim' } } },
      });
      expect(res.errors?.[0]?.extensions?.code, baseUrl).toBe('BAD_USER_INPUT');
      const issues = res.errors?.[0]?.extensions?.issues as { path: string; message: string }[];
      expect(issues[0]?.path).toBe('target.baseUrl');
      expect(issues[0]?.message).toMatch(/link-local or metadata/);
    }
    expect(await runCount()).toBe(before);
  });

  it("records a target's HTTP error by status and length, never its body", async () => {
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START, {
      input: {
        recipe: {
          ...recipe({ profile: 'synchronous' }),
          target: { baseUrl: sim.url, model: 'no-such-model' },
          limits: { maxRequests: 2 },
        },
      },
    });
    const id = runIdOf(started.data!.startBenchmarkRun.run.id);
    const done = await until(
      () => runRow(id),
      (r) => r.status !== 'RUNNING' && r.status !== 'QUEUED',
      30_000,
    );
    expect(done.status).toBe('FAILED');
    const errors = await sql<{ error: string }>(
      `SELECT DISTINCT error FROM benchmark_requests WHERE run_id = $1`,
      [id],
    );
    expect(errors.map((e) => e.error)).toEqual([expect.stringMatching(/^HTTP 404 \(\d+ bytes\)$/)]);
    expect(done.error).not.toMatch(/no-such-model|does not exist/);
  }, 60_000);

  it('reads datasets only inside the datasets folder: .. refused typed, a link out fails the run', async () => {
    const dataset = (p: string) => ({
      ...recipe({ profile: 'synchronous' }),
      data: { kind: 'dataset', path: p },
      limits: { maxRequests: 2 },
    });
    const traversal = await gql(api, START, { input: { recipe: dataset('../../etc/passwd') } });
    expect(traversal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((traversal.errors?.[0]?.extensions?.issues as { path: string }[])[0]?.path).toBe('data.path');

    const ok = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START, {
      input: { recipe: dataset('ok.jsonl') },
    });
    const okId = runIdOf(ok.data!.startBenchmarkRun.run.id);
    expect(
      (
        await until(
          () => runRow(okId),
          (r) => r.status !== 'RUNNING' && r.status !== 'QUEUED',
          30_000,
        )
      ).status,
    ).toBe('SUCCEEDED');

    const link = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START, {
      input: { recipe: dataset('link.jsonl') },
    });
    const linkId = runIdOf(link.data!.startBenchmarkRun.run.id);
    const failed = await until(
      () => runRow(linkId),
      (r) => r.status !== 'RUNNING' && r.status !== 'QUEUED',
      30_000,
    );
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('dataset link.jsonl: outside the datasets folder');
  }, 60_000);
});

describe('recipe secrets', () => {
  it('are sealed in the database, redacted in responses, and still sent by the worker', async () => {
    const apiKey = 'sk-live-0123456789abcd';
    const header = 'hdr-secret-value-9876';
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START, {
      input: {
        recipe: {
          ...recipe({ profile: 'synchronous' }),
          target: { baseUrl: sim.url, model: 'sim', apiKey, headers: { 'x-token': header } },
          limits: { maxRequests: 2 },
        },
      },
    });
    expect(started.errors).toBeUndefined();
    const id = runIdOf(started.data!.startBenchmarkRun.run.id);
    const done = await until(
      () => runRow(id),
      (r) => r.status !== 'RUNNING' && r.status !== 'QUEUED',
      30_000,
    );
    expect(done.status).toBe('SUCCEEDED');
    const read = await gql<{ benchmarkRun: { recipe: { target: Record<string, unknown> } } }>(
      api,
      `query($id: ID!) { benchmarkRun(id: $id) { recipe } }`,
      { id: String(id) },
    );
    expect(read.data!.benchmarkRun.recipe.target).toMatchObject({
      apiKey: '***',
      headers: { 'x-token': '***' },
    });
    expect(JSON.stringify(read.data)).not.toContain(apiKey.slice(0, -4));
    const [row] = await sql<{ text: string }>(
      `SELECT recipe::text AS text FROM benchmark_runs WHERE id = $1`,
      [id],
    );
    expect(row!.text).not.toContain(apiKey);
    expect(row!.text).not.toContain(header);
    expect(row!.text).toContain('enc:v1:');
  }, 60_000);
});
