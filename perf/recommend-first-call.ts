// Child of perf/recommend-scale.ts: the first recommend request of a brand-new process (spec resolution +
// recommendation; connections opened on demand, empty caches, cold JIT), timed around those two calls
// (process start excluded); prints the milliseconds. BENCH_URL, BENCH_SPEC (JSON).
import { createDatabaseClients } from '../server/db/clients.js';
import { recommendForSpec } from '../server/domains/recommend/service.js';
import { resolveSpec, type DeploymentSpecInput } from '../server/domains/recommend/spec.js';
import { createLoaders } from '../server/graphql/loaders.js';

const clients = createDatabaseClients(process.env.BENCH_URL!, {
  api: { applicationName: 'compass-api', size: 10, statementTimeoutMs: 60_000 },
  worker: { applicationName: 'compass-worker', size: 1, statementTimeoutMs: 60_000 },
});
try {
  const input = JSON.parse(process.env.BENCH_SPEC!) as DeploymentSpecInput;
  const started = performance.now();
  const spec = await resolveSpec(clients.api, input);
  await recommendForSpec(clients.api, createLoaders(clients.api), spec, { sql: clients.apiSql });
  process.stdout.write(`${performance.now() - started}\n`);
} finally {
  await clients.close();
}
