import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { gql } from '../helpers/server.js';
import { collect, waitFor, wsClient } from '../helpers/ws.js';

/**
 * Two server processes on one PostgreSQL: a progress event published on A reaches a subscriber on B,
 * over Redis pub/sub (REDIS_URL) and over PostgreSQL LISTEN/NOTIFY (no Redis).
 */

const REDIS_URL = process.env.COMPASS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisAnswers(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const RECIPE = `
name: cross-instance
target: { baseUrl: "http://127.0.0.1:9", model: nothing, api: chat }
data: { kind: synthetic, promptTokens: 512, outputTokens: 256, seed: 1 }
load: { profile: synchronous }
limits: { maxRequests: 1 }
`;

let db: TestDatabase;
const hasRedis = await redisAnswers();

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

async function crossInstance(extraEnv: Record<string, string>): Promise<void> {
  const env = { DATABASE_URL: db.url, COMPASS_WORKERS: '0', ...extraEnv };
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServerProcess(env), await startServerProcess(env));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(
      a,
      `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id } } }`,
      { input: { recipeYaml: RECIPE } },
    );
    expect(started.errors).toBeUndefined();
    const runId = started.data!.startBenchmarkRun.run.id;

    const client = wsClient(b.wsUrl);
    const events = collect<{ benchmarkRunProgress: { phase: string; status: string } }>(
      client,
      `subscription($id: ID!) { benchmarkRunProgress(runId: $id) { phase status } }`,
      { id: runId },
    );
    await waitFor(() => events.values.length >= 1, 10_000, 'the initial event on B');
    expect(events.values[0]!.benchmarkRunProgress.status).toBe('QUEUED');

    const cancelled = await gql(a, `mutation($id: ID!) { cancelBenchmarkRun(id: $id) { run { status } } }`, {
      id: runId,
    });
    expect(cancelled.errors).toBeUndefined();
    await waitFor(
      () => events.values.some((e) => e.benchmarkRunProgress.status === 'CANCELLED'),
      10_000,
      'the CANCELLED event published on A to reach B',
    );
    await events.done;
    await client.dispose();
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

describe('events cross server instances', () => {
  it.skipIf(!hasRedis)(
    'over Redis pub/sub (REDIS_URL)',
    async () => {
      await crossInstance({ REDIS_URL });
    },
    120_000,
  );

  it('over PostgreSQL LISTEN/NOTIFY when no Redis is configured', async () => {
    await crossInstance({});
  }, 120_000);
});
