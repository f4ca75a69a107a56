import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../server/domains/auth/tokens.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * slowQueries / resetSlowQueries / databaseActivity against the real PostgreSQL of this run. The embedded
 * server preloads pg_stat_statements; a machine PostgreSQL may not, and then the answer is an empty list
 * with a note. Which case applies is read from the server itself, so both are asserted exactly.
 */

let server: TestServer;
let preloaded = false;
const tokens = { viewer: '', admin: '' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface SlowQueryOut {
  query: string;
  queryTruncated: boolean;
  calls: number;
  totalTimeMs: number;
  meanTimeMs: number;
  rows: number;
  applications: string[];
}
interface ReportOut {
  slowQueries: {
    available: boolean;
    note: string | null;
    statsSince: string | null;
    queries: SlowQueryOut[];
  };
}
interface ActivityOut {
  databaseActivity: {
    application: string;
    connections: number;
    active: number;
    idle: number;
    idleInTransaction: number;
    other: number;
    waitingOnLock: number;
    longestActiveMs: number | null;
  }[];
}

const SLOW = `query($first: Int, $orderBy: SlowQueryOrder) {
  slowQueries(first: $first, orderBy: $orderBy) {
    available note statsSince
    queries { query queryTruncated calls totalTimeMs meanTimeMs rows applications }
  }
}`;
const ACTIVITY = `{ databaseActivity { application connections active idle idleInTransaction other waitingOnLock longestActiveMs } }`;
const PAGE = `{ benchmarks(first: 3, filter: { gpuType: "H100", promptTokens: 512 }) { totalCount edges { node { concurrency } } } }`;
// A statement only this test sends, through the worker pool, so its entry and its application are known.
const MARKER_SQL = `SELECT count(*)::int AS n FROM benchmarks WHERE prompt_tokens = $1 AND output_tokens = $2 /* ops-insights */`;

const LONG_SQL = `SELECT $1::int AS n /* ops-insights-long ${'x'.repeat(600)} */`;

beforeAll(async () => {
  server = await startTestServer({ authMode: 'tokens', limits: { mutationsPerMinute: 1000 } });
  tokens.viewer = (await createApiToken(server.clients.api, 'viewer', 'VIEWER')).token;
  tokens.admin = (await createApiToken(server.clients.api, 'admin', 'ADMIN')).token;
  const client = new pg.Client({ connectionString: server.db.url, application_name: 'compass-test' });
  await client.connect();
  try {
    const { rows } = await client.query<{ libs: string }>(
      `SELECT current_setting('shared_preload_libraries') AS libs`,
    );
    preloaded = /\bpg_stat_statements\b/.test(rows[0]?.libs ?? '');
  } finally {
    await client.end();
  }
});

afterAll(async () => {
  await server?.close();
});

describe('slowQueries', () => {
  it('is admin-only', async () => {
    const anonymous = await gql(server, SLOW);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const viewer = await gql(server, SLOW, {}, bearer(tokens.viewer));
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reset = await gql(server, 'mutation { resetSlowQueries }', {}, bearer(tokens.viewer));
    expect(reset.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const activity = await gql(server, ACTIVITY, {}, bearer(tokens.viewer));
    expect(activity.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a page size outside 1–500', async () => {
    for (const first of [0, -1, 501]) {
      const result = await gql(server, SLOW, { first }, bearer(tokens.admin));
      expect(result.errors?.[0]?.extensions?.code, String(first)).toBe('BAD_USER_INPUT');
    }
  });

  it('lists the costliest statements when pg_stat_statements is loaded, else says why not', async () => {
    const reset = await gql<{ resetSlowQueries: boolean }>(
      server,
      'mutation { resetSlowQueries }',
      {},
      bearer(tokens.admin),
    );
    expect(reset.errors).toBeUndefined();
    expect(reset.data?.resetSlowQueries).toBe(preloaded);

    for (let i = 0; i < 7; i += 1) {
      const page = await gql(server, PAGE, {}, bearer(tokens.admin));
      expect(page.errors).toBeUndefined();
    }
    await server.clients.worker.$queryRawUnsafe(LONG_SQL, 1);
    for (let i = 0; i < 5; i += 1) await server.clients.worker.$queryRawUnsafe(MARKER_SQL, 512, 256);

    const byCalls = await gql<ReportOut>(
      server,
      SLOW,
      { first: 500, orderBy: 'CALLS' },
      bearer(tokens.admin),
    );
    expect(byCalls.errors).toBeUndefined();
    const report = byCalls.data!.slowQueries;
    console.log(
      `pg_stat_statements preloaded: ${preloaded}; available: ${report.available}; ` +
        `${report.queries.length} statements; note: ${report.note ?? '—'}`,
    );
    expect(report.available).toBe(preloaded);
    if (!preloaded) {
      expect(report.note).toMatch(/shared_preload_libraries|not installed|may not read/);
      expect(report.queries).toEqual([]);
      return;
    }
    expect(report.note).toBeNull();
    expect(report.statsSince).not.toBeNull();
    const marker = report.queries.find((q) => q.query.includes('/* ops-insights */'));
    expect(marker, 'the marker statement').toBeDefined();
    // Reset just before: exactly the five calls of this test, each counting one row.
    expect(marker!.calls).toBe(5);
    expect(marker!.rows).toBe(5);
    expect(marker!.query).toContain('prompt_tokens = $1');
    expect(marker!.meanTimeMs).toBeCloseTo(marker!.totalTimeMs / marker!.calls, 6);
    const long = report.queries.find((q) => q.query.includes('/* ops-insights-long'));
    expect(long?.queryTruncated).toBe(true);
    expect(long?.query).toHaveLength(500);
    // The worker connection that ran it last still shows its query id in pg_stat_activity.
    expect(marker!.applications).toContain('compass-worker');

    const pages = report.queries.filter((q) => /FROM "public"\."benchmarks"/.test(q.query));
    expect(pages.length).toBeGreaterThan(0);
    expect(Math.max(...pages.map((q) => q.calls))).toBeGreaterThanOrEqual(7);
    for (const q of report.queries) {
      expect(q.query.length).toBeLessThanOrEqual(500);
      if (q.queryTruncated) expect(q.query.length).toBe(500);
      for (const app of q.applications)
        expect(['compass-api', 'compass-worker', 'compass-test']).toContain(app);
    }
    const calls = report.queries.map((q) => q.calls);
    expect(calls).toEqual([...calls].sort((a, b) => b - a));

    const byTotal = await gql<ReportOut>(
      server,
      SLOW,
      { first: 3, orderBy: 'TOTAL_TIME' },
      bearer(tokens.admin),
    );
    const totals = byTotal.data!.slowQueries.queries.map((q) => q.totalTimeMs);
    expect(totals).toHaveLength(3);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const byMean = await gql<ReportOut>(
      server,
      SLOW,
      { first: 3, orderBy: 'MEAN_TIME' },
      bearer(tokens.admin),
    );
    const means = byMean.data!.slowQueries.queries.map((q) => q.meanTimeMs);
    expect(means).toEqual([...means].sort((a, b) => b - a));

    const again = await gql(server, 'mutation { resetSlowQueries }', {}, bearer(tokens.admin));
    expect(again.errors).toBeUndefined();
    const after = await gql<ReportOut>(server, SLOW, { first: 500, orderBy: 'CALLS' }, bearer(tokens.admin));
    expect(
      after.data!.slowQueries.queries.find((q) => q.query.includes('/* ops-insights */')),
    ).toBeUndefined();
  });
});

describe('databaseActivity', () => {
  it('groups this database’s connections by application and shows the worker busy', async () => {
    // Hold one worker connection in a running statement while the API answers.
    // (Prisma queries are lazy: `.then` sends it now.)
    const sleeping = server.clients.worker
      .$queryRawUnsafe('SELECT pg_sleep(1.5)::text AS slept')
      .then(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await gql<ActivityOut>(server, ACTIVITY, {}, bearer(tokens.admin));
    await sleeping;
    expect(result.errors).toBeUndefined();
    const rows = result.data!.databaseActivity;
    console.table(rows);
    const api = rows.find((r) => r.application === 'compass-api');
    const worker = rows.find((r) => r.application === 'compass-worker');
    expect(api?.active, 'the API connection asking').toBeGreaterThanOrEqual(1);
    expect(worker?.active, 'the sleeping worker statement').toBeGreaterThanOrEqual(1);
    expect(worker!.longestActiveMs!).toBeGreaterThanOrEqual(250);
    for (const row of rows) {
      expect(row.connections).toBe(row.active + row.idle + row.idleInTransaction + row.other);
      // This database is private to the file: only Compass's own pools (and its auth gate's LISTEN) connect.
      expect(['compass-api', 'compass-worker', 'compass-auth-gate']).toContain(row.application);
    }
  });
});
