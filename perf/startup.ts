// Start-up on the embedded database (the README's `npm start`, without the client build): a first
// start on an empty data directory (initdb, migrations, seed) and a restart on the same one, with the
// server's own `startupMs` and the wall time until "Compass is up". `npm run bench:startup`
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/helpers/postgres.js';
import { heading, machineLine, startCompassProcess, table } from './support.js';

// The README path is the embedded database, whatever this shell points at.
delete process.env.DATABASE_URL;
delete process.env.POSTGRES_DSN;
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'compass-startup-'));
const pgPort = String(await freePort());
const rows: Record<string, string | number>[] = [];
try {
  for (const start of ['first start (empty data directory)', 'restart (same data directory)']) {
    const began = performance.now();
    const server = await startCompassProcess({
      COMPASS_DATA_DIR: dataDir,
      COMPASS_EMBEDDED_PG_PORT: pgPort,
      COMPASS_SEED: 'auto',
    });
    const wallMs = performance.now() - began;
    const logged = (pattern: RegExp) => Number(pattern.exec(server.output())?.[1] ?? Number.NaN);
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ benchmarks(first: 1) { totalCount } }' }),
    });
    const body = (await response.json()) as { data?: { benchmarks: { totalCount: number } } };
    rows.push({
      start,
      'startupMs (server log)': logged(/"startupMs":(\d+)/),
      'seed ms': logged(/"ms":(\d+),"msg":"knowledge base seeded"/) || 0,
      'wall ms until up (incl. Node + tsx)': Math.round(wallMs),
      benchmarks: body.data?.benchmarks.totalCount ?? 'error',
    });
    await server.stop();
  }
  process.stdout.write(
    `${heading('start-up on the embedded database')}${await machineLine()}\n\n${table(rows)}\n`,
  );
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
