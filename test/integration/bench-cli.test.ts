import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startWorker, type Worker } from '../../server/domains/loadtest/worker.js';
import { createLogger } from '../../server/logger.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';
import { startSimulatorProcess, type SimulatorProcess } from '../helpers/simulator-process.js';

/**
 * `compass bench summary | logs | index | baseline | compare --baseline | rerun` as a user runs them:
 * the CLI as its own process against a real server (HTTP + graphql-ws), a worker on the PostgreSQL
 * queue, and the simulator as its own process behind a small proxy that records the API key each
 * request carried (to prove a rerun sends the stored, sealed key).
 */

let server: TestServer;
let worker: Worker;
let simulator: SimulatorProcess;
let proxy: http.Server;
let proxyUrl = '';
const startTheWorker = async () => {
  worker = await startWorker({
    prisma: server.clients.worker,
    boss: server.jobs!,
    pubsub: server.pubsub,
    logger: createLogger('silent'),
    resultsDir: path.join(os.tmpdir(), 'compass-test-results'),
    heartbeatMs: 500,
  });
};
const authorizations: string[] = [];

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], onStdout?: (text: string) => void): Promise<CliResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/cli/main.ts', '--url', server.graphqlUrl, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    onStdout?.(stdout);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const numeric = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;

async function startRun(recipe: Record<string, unknown>): Promise<string> {
  const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(
    server,
    `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id } } }`,
    { input: { recipe } },
  );
  expect(started.errors).toBeUndefined();
  return numeric(started.data!.startBenchmarkRun.run.id);
}

async function status(id: string): Promise<string> {
  const run = await gql<{ benchmarkRun: { status: string } }>(
    server,
    `query($id: ID!) { benchmarkRun(id: $id) { status } }`,
    { id },
  );
  return run.data!.benchmarkRun.status;
}

const recipe = {
  name: 'cli parity',
  target: { baseUrl: '', model: 'sim', api: 'chat', apiKey: 'sk-test-secret-0123456789' },
  data: { kind: 'synthetic', promptTokens: 64, outputTokens: 24, seed: 5 },
  load: { profile: 'concurrent', concurrency: [1, 3] },
  limits: { maxSeconds: 2 },
  repetitions: 3,
  tags: ['purpose:baseline', 'cli'],
};

beforeAll(async () => {
  simulator = await startSimulatorProcess([
    '--model',
    'sim',
    '--prefill-base-ms',
    '8',
    '--decode-base-ms',
    '3',
    '--jitter',
    '0.05',
  ]);
  const upstream = new URL(simulator.url);
  proxy = http.createServer((req, res) => {
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  recipe.target.baseUrl = proxyUrl;
  server = await startTestServer({ jobs: true, levelQuality: { minSuccessRate: 0.95, minSamples: 1 } });
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await new Promise((resolve) => proxy?.close(resolve));
  await simulator?.kill();
});

describe('compass bench against a running server', () => {
  const ids: Record<string, string> = {};

  it('logs --follow streams the log while the run goes and ends with the run', async () => {
    const id = await startRun(recipe);
    ids.first = id;
    // No worker yet: the run waits in the queue until the CLI is connected (it takes seconds to start
    // on a busy machine), so every line after "queued" must arrive live.
    let statusAtFirstLine: Promise<string> | null = null;
    let workerStarted: Promise<void> | null = null;
    const followed = await cli(['bench', 'logs', id, '--follow'], (out) => {
      statusAtFirstLine ??= status(id);
      if (/queued/.test(out)) workerStarted ??= startTheWorker();
    });
    await workerStarted;
    expect(followed.stderr).toBe('');
    expect(followed.code).toBe(0);
    expect(await statusAtFirstLine!).toBe('QUEUED');
    const lines = followed.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\S+Z INFO {2}queued$/);
    expect(lines[1]).toMatch(/INFO {2}started on worker /);
    expect(
      lines.filter((l) => /level \d \(concurrent × \d streams\) repetition \d: started/.test(l)),
    ).toHaveLength(6);
    expect(lines.at(-1)).toMatch(/INFO {2}run SUCCEEDED: 6 level summaries$/);
    expect(await status(id)).toBe('SUCCEEDED');

    // Without --follow: the same stored lines, and the command returns at once.
    const stored = await cli(['bench', 'logs', id]);
    expect(stored.code).toBe(0);
    expect(stored.stdout.trim().split('\n')).toEqual(lines);
  }, 90_000);

  it('summary prints each level once with mean ± t-interval over its 3 repetitions', async () => {
    const result = await cli(['bench', 'summary', ids.first!]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Run ${ids.first}: cli parity (SUCCEEDED) — 3 repetition(s) per level`);
    expect(lines[2]).toMatch(/^level\s+load\s+reps\s+req\/s \(req\/s\)/);
    expect(lines[4]).toMatch(/^0\s+concurrent × 1 streams\s+3\s+\d+\.\d+ ± \d+\.\d+/);
    expect(lines[5]).toMatch(/^1\s+concurrent × 3 streams\s+3\s+\d+\.\d+ ± \d+\.\d+/);
    expect(result.stdout).toMatch(/95 % t-interval/);

    const missing = await cli(['bench', 'summary', '999999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no benchmark run 999999/);
  }, 60_000);

  it('baseline set, rerun from the stored recipe with its sealed key, compare --baseline, index', async () => {
    const set = await cli(['bench', 'baseline', 'set', ids.first!, '--category', 'Inference']);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`run ${ids.first} (cli parity) is the "Inference" baseline\n`);

    const sentBefore = authorizations.length;
    const rerun = await cli(['bench', 'rerun', ids.first!]);
    expect(rerun.code).toBe(0);
    const rerunId = /queued run (\d+) \(cli parity\), a rerun of run/.exec(rerun.stdout)?.[1];
    expect(rerunId).toBeDefined();
    expect(rerun.stdout).toMatch(new RegExp(`run ${rerunId}: SUCCEEDED`));
    const sentByRerun = authorizations.slice(sentBefore);
    expect(sentByRerun.length).toBeGreaterThan(10);
    expect(new Set(sentByRerun)).toEqual(new Set(['Bearer sk-test-secret-0123456789']));

    const compared = await cli(['bench', 'compare', '--baseline', 'Inference', rerunId!]);
    expect(compared.stdout).toMatch(new RegExp(`^baseline "Inference" is run ${ids.first}\n`));
    expect(compared.stdout).toMatch(/P99 Latency|p99/i);
    expect([0, 1]).toContain(compared.code);

    const listed = await cli(['bench', 'baseline', 'list']);
    expect(listed.stdout).toMatch(new RegExp(`^Inference\t${ids.first}\tSUCCEEDED\t`));

    const index = await cli(['bench', 'index']);
    expect(index.code).toBe(0);
    const rows = index.stdout.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      new RegExp(
        `^\\| ${ids.first} \\| cli parity \\| openai: sim @ 127\\.0\\.0\\.1:\\d+ \\| concurrent 1, 3 streams, 64→24 tokens, ×3 repetitions \\| baseline \\| SUCCEEDED \\| yes \\(Inference\\) \\|  \\|`,
      ),
    );
    expect(rows[1]).toMatch(
      new RegExp(`^\\| ${rerunId} \\| .* \\| SUCCEEDED \\|  \\| rerun of ${ids.first} \\|`),
    );
  }, 120_000);

  it('refuses bad baselines and reruns with typed errors, writing nothing', async () => {
    const bad = await gql(
      server,
      `mutation { setBenchmarkBaseline(runId: "${ids.first}", category: "  ") { category } }`,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await gql(
      server,
      `query { compareToBaseline(category: "Nope", currentId: "${ids.first}") { result } }`,
    );
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const queuedId = await startRun({ ...recipe, name: 'to cancel', limits: { maxSeconds: 30 } });
    const running = await gql(server, `mutation { rerunBenchmarkRun(id: "${queuedId}") { run { id } } }`);
    expect(running.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const notSucceeded = await gql(
      server,
      `mutation { setBenchmarkBaseline(runId: "${queuedId}", category: "Storage") { category } }`,
    );
    expect(notSucceeded.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await gql(server, `mutation { cancelBenchmarkRun(id: "${queuedId}") { run { id } } }`);
    // The worker ends the cancelled run with its final line; wait for it before the server closes.
    for (let i = 0; i < 100; i++) {
      if (
        (await server.clients.api.benchmarkRunLog.count({
          where: { runId: Number(queuedId), final: true },
        })) > 0
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await server.clients.api.benchmarkBaseline.count()).toBe(1);
    expect(await server.clients.api.benchmarkRun.count({ where: { rerunOf: Number(queuedId) } })).toBe(0);
  }, 60_000);

  it("job prints the run's Indexed Job manifest for kubectl apply -f -; a bad namespace is refused", async () => {
    const job = await cli([
      'bench',
      'job',
      ids.first!,
      '--image',
      'ghcr.io/acme/compass:1.4.0',
      '--namespace',
      'bench',
    ]);
    expect(job.code, job.stderr).toBe(0);
    const manifest = parse(job.stdout) as {
      kind: string;
      metadata: { namespace: string };
      spec: Record<string, unknown>;
    };
    expect(manifest.kind).toBe('Job');
    expect(manifest.metadata.namespace).toBe('bench');
    expect(manifest.spec).toMatchObject({ completionMode: 'Indexed', completions: 1, parallelism: 1 });
    const bad = await cli(['bench', 'job', ids.first!, '--image', 'compass:1', '--namespace', 'Not_A_Label']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/namespace/);
  }, 60_000);
});
