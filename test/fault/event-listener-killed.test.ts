import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { START_RUN } from '../helpers/runs.js';
import { gql } from '../helpers/server.js';
import { collect, waitFor, wsClient } from '../helpers/ws.js';

/**
 * Fault: the PostgreSQL connections that carry live events between server instances (LISTEN
 * compass_events, used when no Redis is configured) are killed on both instances. Each instance
 * must open a new listening connection by itself, and an event published on one must again reach a
 * subscriber on the other, without restarting either.
 */

const RECIPE = `
name: listener-killed
target: { baseUrl: "http://127.0.0.1:9", model: nothing, api: chat }
data: { kind: synthetic, promptTokens: 512, outputTokens: 256, seed: 1 }
load: { profile: synchronous }
limits: { maxRequests: 1 }
`;

let db: TestDatabase;
let admin: pg.Client;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  const env = { DATABASE_URL: db.url, COMPASS_WORKERS: '0' };
  servers.push(await startServerProcess(env), await startServerProcess(env));
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await admin?.end();
  await db?.drop();
});

const LISTENERS = `SELECT pid FROM pg_stat_activity
  WHERE datname = current_database() AND query = 'LISTEN compass_events' AND state = 'idle'`;

describe('fault: the event listeners are killed', () => {
  it('both instances listen again by themselves and events cross between them', async () => {
    const before = (await admin.query<{ pid: number }>(LISTENERS)).rows.map((r) => r.pid);
    expect(before.length).toBe(2);
    await admin.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [before]);

    const deadline = Date.now() + 10_000;
    let after: number[] = [];
    while (Date.now() < deadline) {
      after = (await admin.query<{ pid: number }>(LISTENERS)).rows.map((r) => r.pid);
      if (after.length === 2 && after.every((pid) => !before.includes(pid))) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(after.length).toBe(2);
    expect(after.some((pid) => before.includes(pid))).toBe(false);

    const [a, b] = servers as [ServerProcess, ServerProcess];
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(a, START_RUN, {
      input: { recipeYaml: RECIPE },
    });
    expect(started.errors).toBeUndefined();
    const runId = started.data!.startBenchmarkRun.run.id;
    const client = wsClient(b.wsUrl);
    const events = collect<{ benchmarkRunProgress: { status: string } }>(
      client,
      `subscription($id: ID!) { benchmarkRunProgress(runId: $id) { status } }`,
      { id: runId },
    );
    await waitFor(() => events.values.length >= 1, 10_000, 'the initial event on B');
    const cancelled = await gql(a, `mutation($id: ID!) { cancelBenchmarkRun(id: $id) { run { status } } }`, {
      id: runId,
    });
    expect(cancelled.errors).toBeUndefined();
    await waitFor(
      () => events.values.some((e) => e.benchmarkRunProgress.status === 'CANCELLED'),
      10_000,
      'the CANCELLED event published on A to reach B over the new listeners',
    );
    await client.dispose();
  });
});
