import { staticAuthGate } from '../../server/domains/auth/gate.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from '../../server/db/embedded-postgres.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/graphql/http-app.js';
import { seedKnowledgeBase } from '../../server/domains/catalog/seed.js';
import { DEFAULT_LIMITS } from '../../server/config.js';
import { createDatabaseClients, createPool, type DatabaseClients } from '../../server/db/clients.js';
import { migrate } from '../../server/db/migrate.js';
import { createDeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { createAppPubSub } from '../../server/kernel/events/pubsub.js';
import { createLogger } from '../../server/logger.js';
import { isDatabaseUnavailable } from '../../server/db/errors.js';
import { pino } from 'pino';
import { freePort, withAdmin } from '../helpers/postgres.js';
import { gql } from '../helpers/server.js';

/**
 * SPEC §9 "the server survives a database restart": a dedicated PostgreSQL (its own data directory and
 * port, so stopping it disturbs no other test file) under a running Compass. While it is down, queries
 * fail fast with a typed error and /readyz says 503; once it is back, the same app answers again
 * without being restarted.
 */

const EXPECTED_DOWN_CODE = 'DATABASE_UNAVAILABLE';

const FAIL_FAST_MS = 6_000;
const QUERY = '{ trafficProfiles { name promptTokens } }';

interface Readyz {
  ok: boolean;
  database: { reachable: boolean; error: string | null };
  migrations: { applied: number; pending: string[] };
}

let dir: string;
let postgres: EmbeddedPostgres;
let clients: DatabaseClients;
let app: App;
let graphqlUrl: string;
let baseUrl: string;
/** What the server logged (the objects, before serialisation): maskError logs `{ err, requestId }`. */
const logged: { err?: unknown; requestId?: string }[] = [];
const capturingLogger = pino(
  {
    level: 'warn',
    hooks: {
      logMethod(args, method) {
        if (typeof args[0] === 'object' && args[0] !== null) logged.push(args[0] as (typeof logged)[number]);
        return method.apply(this, args);
      },
    },
  },
  { write: () => undefined },
);

async function readyz(): Promise<{ status: number; body: Readyz; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as Readyz,
    ms: performance.now() - started,
  };
}

async function timedQuery(requestId?: string) {
  const started = performance.now();
  const headers: Record<string, string> = requestId ? { 'x-request-id': requestId } : {};
  const result = await gql<{ trafficProfiles: { name: string }[] }>({ graphqlUrl }, QUERY, {}, headers);
  return { result, ms: performance.now() - started };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'compass-fault-pg-'));
  const port = await freePort();
  postgres = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'fsync=off', '-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await postgres.initialise();
  await postgres.start();
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  await withAdmin(adminUrl, (client) => client.query('CREATE DATABASE compass'));
  const url = adminUrl.replace(/\/postgres$/, '/compass');
  await migrate(url, path.resolve('prisma/migrations'));
  const seedPool = createPool(url, { applicationName: 'compass-seed', size: 1, statementTimeoutMs: 300_000 });
  try {
    await seedKnowledgeBase(seedPool, createLogger('silent'));
  } finally {
    await seedPool.end();
  }

  clients = createDatabaseClients(url, {
    api: { applicationName: 'compass-api', size: 5, statementTimeoutMs: 5_000 },
    worker: { applicationName: 'compass-worker', size: 2, statementTimeoutMs: 60_000 },
  });
  app = createApp(
    {
      prisma: clients.api,
      workerPrisma: clients.worker,
      pubsub: createAppPubSub(),
      logger: capturingLogger,
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
    { limits: DEFAULT_LIMITS, metrics: null },
  );
  baseUrl = (await app.listen(0, '127.0.0.1')).url;
  graphqlUrl = `${baseUrl}/graphql`;
}, 180_000);

afterAll(async () => {
  await app?.close(1_000);
  await clients?.close();
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('PostgreSQL restart under a running server', () => {
  it('fails fast and typed while the database is down, and recovers without a restart', async () => {
    // Healthy, with the pool's connections open (they are the ones the shutdown will kill).
    for (let i = 0; i < 3; i += 1) {
      const { result } = await timedQuery();
      expect(result.errors).toBeUndefined();
      expect(result.data?.trafficProfiles).toHaveLength(4);
    }
    const before = await readyz();
    expect(before.status).toBe(200);
    expect(before.body.database.reachable).toBe(true);

    // A query error is not an outage.
    const wrongQuery = await clients.api.$queryRawUnsafe('SELECT 1/0 AS x').then(
      () => null,
      (error: unknown) => error,
    );
    expect(wrongQuery).not.toBeNull();
    expect(isDatabaseUnavailable(wrongQuery)).toBe(false);

    // Statements running when PostgreSQL stops (through Prisma and through the bare pool) end with 57P01.
    const inflight = [
      clients.api.$queryRawUnsafe('SELECT pg_sleep(5)::text AS slept').then(
        () => null,
        (error: unknown) => error,
      ),
      clients.workerPool.query('SELECT pg_sleep(5)').then(
        () => null,
        (error: unknown) => error,
      ),
    ];
    await new Promise((resolve) => setTimeout(resolve, 300));
    logged.length = 0;
    const stopStarted = performance.now();
    await postgres.stop();
    const stopMs = performance.now() - stopStarted;

    const down: { ms: number; code: unknown; requestId: unknown }[] = [];
    for (let i = 0; i < 5; i += 1) {
      const { result, ms } = await timedQuery(`fault-${i}`);
      const error = result.errors?.[0];
      down.push({ ms, code: error?.extensions?.code, requestId: error?.extensions?.requestId });
      expect(result.data?.trafficProfiles ?? null).toBeNull();
      expect(error?.extensions?.code, JSON.stringify(result.errors)).toBe(EXPECTED_DOWN_CODE);
      // Masked: a code and a request id, nothing about hosts, drivers or stacks.
      expect(JSON.stringify(result)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|prisma|at \w+ \(|\.ts:\d+/i);
      // The id the caller sent, so its report, the access log and the error log name the same request.
      expect(error?.extensions?.requestId).toBe(`fault-${i}`);
      expect(ms).toBeLessThan(FAIL_FAST_MS);
    }
    for (const error of await Promise.all(inflight)) {
      expect(error, 'an in-flight statement').not.toBeNull();
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
    // Each masked error was logged with its request id and the original error, and every one of them is
    // recognised as an outage (which is why maskError answered DATABASE_UNAVAILABLE).
    const downIds = down.map((d) => d.requestId);
    const loggedDown = logged.filter((entry) => downIds.includes(entry.requestId));
    expect(loggedDown).toHaveLength(down.length);
    for (const entry of loggedDown) expect(isDatabaseUnavailable(entry.err), String(entry.err)).toBe(true);
    const notReady = await readyz();
    expect(notReady.status).toBe(503);
    expect(notReady.body.ok).toBe(false);
    expect(notReady.body.database.reachable).toBe(false);
    expect(notReady.body.database.error).toEqual(expect.any(String));
    expect(notReady.ms).toBeLessThan(FAIL_FAST_MS);
    const healthz = await fetch(`${baseUrl}/healthz`);
    expect(healthz.status).toBe(200);

    const startStarted = performance.now();
    await postgres.start();
    const startMs = performance.now() - startStarted;
    const upAt = performance.now();

    // The same app, the same pools: the next query after PostgreSQL is back must succeed.
    const first = await timedQuery();
    const recoveredMs = performance.now() - upAt;
    expect(first.result.errors, JSON.stringify(first.result.errors)).toBeUndefined();
    expect(first.result.data?.trafficProfiles).toHaveLength(4);
    const ready = await readyz();
    expect(ready.status).toBe(200);
    expect(ready.body.database.reachable).toBe(true);
    expect(ready.body.migrations.pending).toEqual([]);
    // Background pool too.
    const workerRows = await clients.worker.trafficProfile.count();
    expect(workerRows).toBe(4);

    console.table([
      { step: 'PostgreSQL stop (SIGINT, fast shutdown)', ms: Math.round(stopMs) },
      ...down.map((d, i) => ({
        step: `query ${i + 1} while down → ${String(d.code)}`,
        ms: Math.round(d.ms),
      })),
      { step: '/readyz while down → 503', ms: Math.round(notReady.ms) },
      { step: 'PostgreSQL start (same data dir)', ms: Math.round(startMs) },
      { step: 'first query after start → ok', ms: Math.round(recoveredMs) },
      { step: '/readyz after start → 200', ms: Math.round(ready.ms) },
    ]);
  });
});
