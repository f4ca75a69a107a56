// The API under more connections than its database pool: a mix of the reads a planning screen sends
// (recommend, a benchmarks page, the catalog) from 50 and then 200 concurrent keep-alive connections,
// DURATION seconds each, against one Compass process on a seeded database. Every answer's body is
// read: the bar is 0 INTERNAL_SERVER_ERROR and 0 untyped errors at 200 connections, with the p99
// printed beside the 50-connection run (saturation may answer OVERLOADED, which is typed and says
// when to retry).
// `npm run bench:overload`  (DURATION=30 CONNECTIONS=50,200 to change the run)
import autocannon from 'autocannon';
import {
  benchPostgres,
  heading,
  loadAverageLine,
  machineLine,
  processUsage,
  scratchDatabase,
  startCompassProcess,
  table,
  verdict,
} from './support.js';

const SECONDS = Number(process.env.DURATION ?? 30);
const LEVELS = (process.env.CONNECTIONS ?? '50,200').split(',').map(Number);

const OPERATIONS = [
  {
    query: `query Plan { recommend(spec: { useCaseKey: "chatbot_conversational", users: 1000, priority: LATENCY }) {
      recommendations { model { hfRepo } gpu { type } gpuCount replicas monthlyCostUsd } } }`,
  },
  {
    query: `query Page { benchmarks(first: 50) { totalCount edges { node { id ttft { p95 } model { hfRepo } gpu { type } } } } }`,
  },
  {
    query: `query Catalog { gpus { type hourlyPriceUsd } trafficProfiles { name promptTokens outputTokens } }`,
  },
];

interface Tally {
  answers: number;
  byCode: Map<string, number>;
  untyped: number;
}

function tallyBody(tally: Tally, status: number, body: string): void {
  tally.answers += 1;
  let errors: { extensions?: { code?: unknown } }[] = [];
  try {
    errors = (JSON.parse(body) as { errors?: typeof errors }).errors ?? [];
  } catch {
    tally.untyped += 1;
    return;
  }
  if (status >= 500 && errors.length === 0) tally.untyped += 1;
  for (const error of errors) {
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : null;
    if (code === null) tally.untyped += 1;
    else tally.byCode.set(code, (tally.byCode.get(code) ?? 0) + 1);
  }
}

const postgres = await benchPostgres();
const database = await scratchDatabase(postgres);
const server = await startCompassProcess({
  DATABASE_URL: database.url,
  COMPASS_WORKERS: '0',
});
const rows: Record<string, string | number>[] = [];
let internal = 0;
let untyped = 0;
try {
  process.stdout.write(
    heading(`API overload: ${LEVELS.join(' and ')} connections × ${SECONDS} s, one Compass process`),
  );
  process.stdout.write(`${await machineLine(database.url, postgres.kind)}\n\n`);
  for (const connections of LEVELS) {
    const tally: Tally = { answers: 0, byCode: new Map(), untyped: 0 };
    const before = processUsage(server.child.pid!);
    const result = await autocannon({
      url: server.graphqlUrl,
      connections,
      duration: SECONDS,
      timeout: 30,
      requests: OPERATIONS.map((operation) => ({
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(operation),
        onResponse: (status: number, body: string) => tallyBody(tally, status, body),
      })),
    });
    const after = processUsage(server.child.pid!);
    const code = (name: string) => tally.byCode.get(name) ?? 0;
    internal += code('INTERNAL_SERVER_ERROR');
    untyped += tally.untyped + result.errors + result.timeouts;
    const others = [...tally.byCode.entries()]
      .filter(([name]) => name !== 'INTERNAL_SERVER_ERROR' && name !== 'OVERLOADED')
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    rows.push({
      connections,
      'req/s': Math.round(result.requests.average),
      answers: tally.answers,
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      'max ms': result.latency.max,
      OVERLOADED: code('OVERLOADED'),
      INTERNAL_SERVER_ERROR: code('INTERNAL_SERVER_ERROR'),
      'untyped/socket errors/timeouts': `${tally.untyped}/${result.errors}/${result.timeouts}`,
      'other codes': others || '—',
      'server CPU %': Math.round(((after.cpuSeconds - before.cpuSeconds) / result.duration) * 100),
      'server RSS MB': Math.round(after.rssMb),
    });
  }
  process.stdout.write(`${table(rows)}\n\n`);
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && first !== last) {
    process.stdout.write(
      `p99 at ${String(last.connections)} connections is ${(Number(last['p99 ms']) / Number(first['p99 ms'])).toFixed(1)}× the ${String(first.connections)}-connection p99 ` +
        `for ${(Number(last.connections) / Number(first.connections)).toFixed(0)}× the connections\n`,
    );
  }
  process.stdout.write(
    `target: 0 INTERNAL_SERVER_ERROR and 0 untyped answers at every level: ${verdict(internal === 0 && untyped === 0)} ` +
      `(${internal} INTERNAL_SERVER_ERROR, ${untyped} untyped, socket errors or timeouts); ${loadAverageLine()}\n`,
  );
} finally {
  await server.stop();
  await database.drop();
  await postgres.stop();
}
process.exitCode = internal === 0 && untyped === 0 ? 0 : 1;
