import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariesJson } from '../helpers/import-content.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Workload isolation (SPEC §7): a 100,000-row benchmark import through the worker pool
 * (`compass-worker`: its own connections, its own statement timeout) must not starve interactive reads
 * on the API pool (`compass-api`). Two representative reads — a recommendation (planning over the
 * profile's candidate rows) and a benchmarks page (relations joined, totalCount) — are timed at rest and
 * while the import runs.
 *
 * Rest is measured half before and half after the import (the imported rows deleted and vacuumed
 * again), so a change in background load on a shared machine hits both sides alike.
 *
 * Bound: loaded p95 ≤ max(2 × rested p95, rested p95 + 20 ms). The 20 ms floor is there because a
 * 2-core machine running PostgreSQL, the server and the import side by side jitters by that much even
 * when nothing is starved; a starved API pool would wait for whole import statements instead.
 */

const ROWS = 100_000;
const REST_SAMPLES = 200;
const FLOOR_MS = 20;
/**
 * Loaded p95 may be this many times the rested p95: the target, 2×. The import stages its rows in a
 * temporary table and moves them in one statement (docs/performance.md, "API reads during a large
 * import"): 1.24–1.40× for both reads on a quiet box. With other suites' benches on the same 2 cores it
 * reached 2.4–2.6×, so run this file alone (the load config does).
 */
const LOADED_FACTOR = 2;

const RECOMMEND = `query($spec: DeploymentSpecInput!) {
  recommend(spec: $spec) { recommendations { rank model { hfRepo } gpu { type } replicas monthlyCostUsd } }
}`;
const SPEC = { spec: { useCaseKey: 'chatbot_conversational', requestsPerSecond: 50 } };
const PAGE = `{
  benchmarks(first: 50, filter: { modelHfRepo: "meta-llama/llama-3.1-8b-instruct", gpuType: "H100", promptTokens: 512, outputTokens: 256 }) {
    totalCount edges { node { concurrency ttft { p95 } itl { p95 } e2e { p95 } model { hfRepo } gpu { type } } }
  }
}`;
const ACTIVITY = `{ databaseActivity { application active } }`;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

interface Read {
  name: string;
  run(): Promise<number>;
}

async function timed(
  query: string,
  variables: Record<string, unknown>,
  ok: (data: unknown) => boolean,
): Promise<number> {
  const started = performance.now();
  const result = await gql(server, query, variables);
  const elapsed = performance.now() - started;
  if (result.errors || !ok(result.data)) throw new Error(JSON.stringify(result).slice(0, 500));
  return elapsed;
}

const READS: Read[] = [
  {
    name: 'recommend',
    run: () =>
      timed(RECOMMEND, SPEC, (data) => {
        const d = data as { recommend?: { recommendations: unknown[] } };
        return (d.recommend?.recommendations.length ?? 0) > 0;
      }),
  },
  {
    name: 'benchmarks page',
    run: () =>
      timed(PAGE, {}, (data) => {
        const d = data as { benchmarks?: { edges: unknown[] } };
        return (d.benchmarks?.edges.length ?? 0) > 0;
      }),
  },
];

/**
 * The bulk path: `compass import --direct <file>` in its own process, on the database's worker pool
 * (application_name compass-worker). A 100,000-row file (≈60 MB) is over the API's request body limit,
 * so this is how such a file is loaded in practice.
 */
async function importWithCli(url: string, content: string): Promise<{ output: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'compass-isolation-'));
  const file = path.join(dir, 'import.json');
  await writeFile(file, content);
  try {
    return await new Promise<{ output: string }>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.resolve('apps/cli/main.ts'), 'import', '--direct', file],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, DATABASE_URL: url },
        },
      );
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => (code === 0 ? resolve({ output }) : reject(new Error(output))));
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))]!;
}
const p95 = (samples: number[]) => percentile(samples, 0.95);
const median = (samples: number[]) => percentile(samples, 0.5);

async function measureRest(rounds: number, into: Map<string, number[]>): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    for (const read of READS) into.get(read.name)!.push(await read.run());
  }
}

describe('workload isolation', () => {
  it('keeps API read latency while the worker pool imports 100,000 rows', { timeout: 150_000 }, async () => {
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    for (let i = 0; i < 15; i += 1) for (const read of READS) await read.run();
    const rest = new Map<string, number[]>(READS.map((r) => [r.name, []]));
    loopDelay.enable();
    await measureRest(REST_SAMPLES / 2, rest);
    loopDelay.disable();
    const restLoopP99 = loopDelay.percentile(99) / 1e6;
    loopDelay.reset();

    const content = summariesJson(ROWS, 'isolation');
    let finishedAt: number | null = null;
    const importStarted = performance.now();
    loopDelay.enable();
    // Started on a timer so the first read is already in flight while the import parses its input.
    const importing = new Promise<void>((resolve) => setTimeout(resolve, 20))
      .then(() => importWithCli(server.db.url, content))
      .finally(() => {
        finishedAt = performance.now();
        loopDelay.disable();
      });

    const loaded = new Map<string, { ms: number; at: number }[]>(READS.map((r) => [r.name, []]));
    const activity: { api: number; worker: number }[] = [];
    for (let round = 0; finishedAt === null; round += 1) {
      for (const read of READS) {
        const at = performance.now() - importStarted;
        const ms = await read.run();
        // A read that overlapped the commit may already plan over the new rows: not "during" the import.
        if (finishedAt === null) loaded.get(read.name)!.push({ ms, at });
      }
      if (round % 5 === 0 && finishedAt === null) {
        const seen = await gql<{ databaseActivity: { application: string; active: number }[] }>(
          server,
          ACTIVITY,
        );
        const rows = seen.data?.databaseActivity ?? [];
        activity.push({
          api: rows.find((r) => r.application === 'compass-api')?.active ?? 0,
          worker: rows.find((r) => r.application === 'compass-worker')?.active ?? 0,
        });
      }
    }
    const result = await importing;
    const importMs = finishedAt! - importStarted;
    const loadedLoopP99 = loopDelay.percentile(99) / 1e6;
    expect(result.output).toContain(`${ROWS} inserted, 0 updated`);

    // Back to the seeded state (rows gone, dead index entries vacuumed), then the second half of rest.
    await server.clients.worker.$executeRawUnsafe(
      `DELETE FROM benchmarks WHERE config_id LIKE 'isolation-%'`,
    );
    await server.clients.worker.$executeRawUnsafe('VACUUM ANALYZE benchmarks');
    for (let i = 0; i < 5; i += 1) for (const read of READS) await read.run();
    await measureRest(REST_SAMPLES / 2, rest);

    const both = activity.filter((a) => a.worker >= 1 && a.api >= 1).length;
    const lines = [
      `${ROWS}-row import through compass-worker (compass import --direct): ${(importMs / 1000).toFixed(1)} s; ` +
        `pg_stat_activity showed compass-worker and compass-api active together in ${both}/${activity.length} samples`,
      `event-loop delay p99: ${restLoopP99.toFixed(1)} ms at rest, ${loadedLoopP99.toFixed(1)} ms during the import`,
    ];
    const verdicts: { name: string; loadedP95: number; bound: number; n: number }[] = [];
    for (const read of READS) {
      const restMs = rest.get(read.name)!;
      const during = loaded.get(read.name)!.map((s) => s.ms);
      const restP95 = p95(restMs);
      const loadedP95 = p95(during);
      const bound = Math.max(LOADED_FACTOR * restP95, restP95 + FLOOR_MS);
      verdicts.push({ name: read.name, loadedP95, bound, n: during.length });
      lines.push(
        `${read.name}: rested p95 ${restP95.toFixed(1)} ms (median ${median(restMs).toFixed(1)}, n=${restMs.length}) · ` +
          `loaded p95 ${loadedP95.toFixed(1)} ms (median ${median(during).toFixed(1)}, n=${during.length}) · ` +
          `bound ${bound.toFixed(1)} ms · ratio ${(loadedP95 / restP95).toFixed(2)}`,
      );
    }
    console.log(lines.join('\n'));

    expect(both).toBeGreaterThan(0);
    for (const v of verdicts) {
      expect(v.n, v.name).toBeGreaterThanOrEqual(50);
      expect(v.loadedP95, v.name).toBeLessThanOrEqual(v.bound);
    }
  });
});
