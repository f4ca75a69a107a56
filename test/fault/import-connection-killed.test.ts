import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariesJson } from '../helpers/import-content.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Fault: the database connection carrying an import is killed (pg_terminate_backend, as a failover
 * or an operator would) while the import's transaction is writing. The caller must get a typed error,
 * not one row of the file may be stored, and the same import retried on the same server must then
 * store every row.
 */

const ROWS = 8_000;
const IMPORT = `mutation($input: ImportBenchmarksInput!) { importBenchmarks(input: $input) { inserted updated errors { message } } }`;
let server: TestServer;
let admin: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  admin = new pg.Client({ connectionString: server.db.url });
  await admin.connect();
});

afterAll(async () => {
  await admin?.end();
  await server?.close();
});

const stored = () => server.clients.api.benchmark.count({ where: { configId: { startsWith: 'killed-' } } });

/** Terminates the worker pool's backend once it is inside the import's transaction; true if it did. */
async function killImportBackend(deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'compass-worker'
          AND xact_start IS NOT NULL AND query ILIKE '%INSERT INTO benchmarks%'`,
    );
    if (rows.some((r) => r.killed)) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

describe('fault: the connection is killed in the middle of an import', () => {
  it('answers a typed error, stores nothing, and the retried import stores every row', async () => {
    const content = summariesJson(ROWS, 'killed');
    const pending = gql<{ importBenchmarks: { inserted: number } }>(server, IMPORT, { input: { content } });
    expect(await killImportBackend(Date.now() + 60_000)).toBe(true);
    const killed = await pending;
    expect(killed.errors?.length).toBe(1);
    expect(killed.errors![0]!.extensions?.code).toBe('DATABASE_UNAVAILABLE');
    expect(killed.errors![0]!.message).not.toMatch(/at .*\.ts|prisma/i);
    expect(await stored()).toBe(0);

    const retried = await gql<{ importBenchmarks: { inserted: number; errors: unknown[] } }>(server, IMPORT, {
      input: { content },
    });
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.importBenchmarks).toMatchObject({ inserted: ROWS, errors: [] });
    expect(await stored()).toBe(ROWS);
  });
});
