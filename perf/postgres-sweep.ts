/**
 * examples/postgres-connections.yaml (1/4/8/16 connections, TPC-B-like) on this machine: against
 * DATABASE_URL's server when set, else a throw-away embedded PostgreSQL. Prints TPS, latency and the
 * slowest statement per connection count, and each TPS as a ratio to the 1-connection level measured
 * in the same run. `--seconds N` (default 10) and `--repetitions N` (default 1) shorten the example.
 *
 *   npx tsx perf/postgres-sweep.ts --seconds 10
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseRecipe, parseYaml } from '../server/domains/loadtest/recipe.js';
import { runRecipe } from '../server/domains/loadtest/runner/runner.js';
import { databaseUrl, withAdmin } from '../test/helpers/postgres.js';
import { benchPostgres } from './support.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, repetitions: { type: 'string', default: '1' } },
});
const postgres = await benchPostgres();
const name = `compass_pgsweep_${Date.now()}`;
try {
  await withAdmin(postgres.adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(databaseUrl(postgres.adminUrl, name));
  const example = parseYaml(await readFile('examples/postgres-connections.yaml', 'utf8')) as Record<
    string,
    unknown
  >;
  const recipe = parseRecipe({
    ...example,
    target: {
      ...(example.target as object),
      host: u.hostname,
      port: Number(u.port || 5432),
      database: name,
      user: decodeURIComponent(u.username),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    },
    limits: { maxSeconds: Number(values.seconds), requestTimeoutSeconds: 30 },
    warmupSeconds: 2,
    repetitions: Number(values.repetitions),
  });
  const result = await runRecipe(recipe, { keepRequests: false });
  console.log(
    `PostgreSQL (${postgres.kind}), TPC-B-like scale ${String((example.target as { workload?: { scale?: number } }).workload?.scale)}, ${values.seconds} s per level`,
  );
  console.log('connections | TPS     | ×1 conn | p50 ms | p95 ms | p99 ms | errors | slowest statement p95');
  const base = result.summaries.find((s) => s.concurrency === 1)?.requestsPerSecond ?? NaN;
  for (const s of result.summaries) {
    const statements = Object.entries(s.kindMetrics ?? {}).filter(([k]) => k.endsWith('P95Ms'));
    const [slowName, slowMs] = statements.sort((a, b) => b[1] - a[1])[0] ?? ['-', NaN];
    console.log(
      [
        String(s.concurrency).padStart(11),
        s.requestsPerSecond.toFixed(0).padStart(7),
        (s.requestsPerSecond / base).toFixed(2).padStart(7),
        s.e2e.p50.toFixed(2).padStart(6),
        s.e2e.p95.toFixed(2).padStart(6),
        s.e2e.p99.toFixed(2).padStart(6),
        String(s.erroredRequests).padStart(6),
        `${slowName.replace(/P95Ms$/, '')} ${slowMs.toFixed(2)} ms`,
      ].join(' | '),
    );
  }
} finally {
  await withAdmin(postgres.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(
    () => undefined,
  );
  await postgres.stop();
}
