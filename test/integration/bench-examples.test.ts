import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSaturationReport } from '../../server/domains/loadtest/analysis-service.js';
import { parseRecipe, parseYaml } from '../../server/domains/loadtest/recipe.js';
import { startWorker, type Worker } from '../../server/domains/loadtest/worker.js';
import { createLogger } from '../../server/logger.js';
import { createSimulatorServer } from '../../apps/simulator/server.js';
import { decodeNumericId } from '../../server/graphql/ids.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The notes' suites from examples/, end to end: GraphQL → job queue → worker → runner → target,
 * then report.md + plots. The PostgreSQL connection sweep (1/4/8/16) runs against a fresh database
 * on the test PostgreSQL (embedded, or the machine's with DATABASE_URL); the simulator sweep against
 * an in-process simulator. Only where the target is and how long each level lasts are changed
 * (minutes of measurement are the example's, not a test's).
 */

let server: TestServer;
let jobs: PgBoss;
let worker: Worker;
let benchDb: TestDatabase;
let sim: ReturnType<typeof createSimulatorServer>;
let simUrl = '';
let reports: string;

beforeAll(async () => {
  benchDb = await createTestDatabase();
  sim = createSimulatorServer({ model: 'sim-llama-3.1-8b', seed: 5 });
  await new Promise<void>((resolve) => sim.server.listen(0, '127.0.0.1', resolve));
  simUrl = `http://127.0.0.1:${(sim.server.address() as AddressInfo).port}`;
  server = await startTestServer({ jobs: true, levelQuality: { minSuccessRate: 0.95, minSamples: 1 } });
  jobs = server.jobs!;
  worker = await startWorker({
    prisma: server.clients.worker,
    boss: jobs,
    pubsub: server.pubsub,
    logger: createLogger('silent'),
    resultsDir: path.join(os.tmpdir(), 'compass-test-results'),
    heartbeatMs: 500,
  });
  reports = await mkdtemp(path.join(os.tmpdir(), 'compass-reports-'));
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await sim?.close();
  await benchDb?.drop();
  if (reports) await rm(reports, { recursive: true, force: true });
});

async function example(file: string): Promise<Record<string, unknown>> {
  return parseYaml(await readFile(path.join('examples', file), 'utf8')) as Record<string, unknown>;
}

async function runToEnd(recipe: Record<string, unknown>): Promise<number> {
  parseRecipe(recipe); // fails here, with its issues, rather than as a GraphQL error
  const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(
    server,
    `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id } } }`,
    { input: { recipe } },
  );
  expect(started.errors).toBeUndefined();
  const id = decodeNumericId(started.data!.startBenchmarkRun.run.id, 'BenchmarkRun', 'id');
  for (;;) {
    const run = await server.clients.worker.benchmarkRun.findUniqueOrThrow({ where: { id } });
    if (run.status === 'SUCCEEDED') return id;
    if (run.status === 'FAILED' || run.status === 'CANCELLED')
      throw new Error(`run ${id} ${run.status}: ${run.error}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface ReportLevel {
  level: number;
  label: string;
  loop: string;
  analyzed: boolean;
  offeredLoad: number;
  achievedRps: number;
}

async function saturation(id: number) {
  const answer = await gql<{
    saturationReport: {
      axis: string;
      loadUnit: string;
      rateUnit: string;
      levels: ReportLevel[];
      markdown: string;
    };
  }>(
    server,
    `query($id: ID!) { saturationReport(runId: $id) { axis loadUnit rateUnit markdown
       levels { level label loop analyzed offeredLoad achievedRps } } }`,
    { id: String(id) },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.saturationReport;
}

async function expectReportFiles(id: number): Promise<string> {
  const dir = path.join(reports, String(id));
  const written = await writeSaturationReport(server.clients.worker, id, dir, null);
  expect(written.map((f) => path.relative(dir, f)).sort()).toEqual([
    'plots/latency-vs-throughput.png',
    'plots/latency-vs-throughput.svg',
    'plots/throughput-vs-load.png',
    'plots/throughput-vs-load.svg',
    'report.md',
  ]);
  for (const file of written) expect((await stat(file)).size).toBeGreaterThan(500);
  return readFile(path.join(dir, 'report.md'), 'utf8');
}

describe('examples/ end to end through the worker', () => {
  it('postgres-connections.yaml: a 1/4/8/16-connection TPC-B sweep with report and plots', async () => {
    const recipe = await example('postgres-connections.yaml');
    const u = new URL(benchDb.url);
    const id = await runToEnd({
      ...recipe,
      target: {
        ...(recipe.target as object),
        host: u.hostname,
        port: Number(u.port || 5432),
        database: benchDb.name,
        user: decodeURIComponent(u.username),
        // A server reached without a password (trust or peer auth, as CI's 127.0.0.1:5432) states none.
        ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      },
      limits: { maxSeconds: 1.5, requestTimeoutSeconds: 30 },
      warmupSeconds: 0.3,
      repetitions: 1,
    });
    const levels = await server.clients.worker.benchmarkRunLevel.findMany({
      where: { runId: id },
      orderBy: { levelIndex: 'asc' },
    });
    expect(levels.map((l) => l.concurrency)).toEqual([1, 4, 8, 16]);
    for (const l of levels) {
      expect(l.erroredRequests).toBe(0);
      expect(l.completedRequests).toBeGreaterThan(5);
      expect((l.kindMetrics as Record<string, number>).update_accountP95Ms).toBeGreaterThan(0);
    }
    const report = await saturation(id);
    expect(report).toMatchObject({ axis: 'CONCURRENCY', loadUnit: 'connections', rateUnit: 'tx/s' });
    expect(report.levels.map((l) => l.label)).toEqual([
      '1 connection',
      '4 connections',
      '8 connections',
      '16 connections',
    ]);
    const markdown = await expectReportFiles(id);
    expect(markdown).toContain('| Level | Load | Loop | Achieved | Transaction p95 | Success | Marks |');
    expect(markdown).toMatch(/\| 3 \| 16 connections \| closed \| [\d.]+ tx\/s \| [\d.]+ ms \| 100\.0% \|/);
    expect(markdown).not.toContain('TTFT');
    // Printed for the record (figures in the closing note come from the example's full run).
    console.log(
      levels
        .map(
          (l) =>
            `${l.concurrency} conn: ${l.requestsPerSecond.toFixed(0)} tx/s, p95 ${l.e2eP95.toFixed(2)} ms`,
        )
        .join('; '),
    );
  }, 240_000);

  it('sweep-simulator.yaml: probes and rates on one req/s axis, in load order, with report and plots', async () => {
    const recipe = await example('sweep-simulator.yaml');
    const id = await runToEnd({
      ...recipe,
      target: { ...(recipe.target as object), baseUrl: simUrl },
      data: { ...(recipe.data as object), promptTokens: 128, outputTokens: 32, promptStdDev: 0 },
      load: { profile: 'sweep', sweepLevels: 3, concurrency: 16 },
      limits: { maxSeconds: 2, requestTimeoutSeconds: 60, drainSeconds: 30 },
      warmupSeconds: 0.5,
      cooldownSeconds: 0.5,
    });
    const report = await saturation(id);
    expect(report).toMatchObject({ axis: 'RATE', loadUnit: 'req/s', rateUnit: 'req/s' });
    const loads = report.levels.map((l) => l.offeredLoad);
    expect(loads).toEqual([...loads].sort((a, b) => a - b));
    const probes = report.levels.filter((l) => l.loop === 'CLOSED');
    expect(probes.map((p) => [p.level, p.analyzed])).toEqual([
      [0, false],
      [1, false],
    ]);
    // A probe sits at the rate it achieved, never at its concurrency.
    for (const p of probes) expect(p.offeredLoad).toBe(p.achievedRps);
    expect(probes.map((p) => p.label)).toEqual(['synchronous, 1 stream', 'throughput, 16 streams']);
    const markdown = await expectReportFiles(id);
    expect(markdown).toContain('Knee and saturation use the 3 open-loop levels');
    expect(markdown).toMatch(/\| 1 \| throughput, 16 streams \| closed \| [\d.]+ req\/s \|/);
  }, 240_000);
});
