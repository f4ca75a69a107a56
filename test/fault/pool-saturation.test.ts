import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 21 item 11: a saturated API pool (every connection busy longer than the acquire timeout) is
 * reported as OVERLOADED with a retry hint, not as DATABASE_UNAVAILABLE (the database is healthy), and
 * the same server answers normally once the connections are free again.
 */

const QUERY = '{ benchmarks(first: 1) { totalCount } }';
const ACQUIRE_TIMEOUT_MS = 300;

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ apiPool: { size: 1, acquireTimeoutMs: ACQUIRE_TIMEOUT_MS } });
});

afterAll(async () => {
  await server?.close();
});

/** Occupies the API pool's only connection until the returned promise settles. */
async function holdTheOnlyConnection(seconds: number): Promise<{ held: Promise<unknown> }> {
  const held = server.clients.api.$queryRawUnsafe(`SELECT pg_sleep(${seconds})::text`).then((rows) => rows);
  // Wait until PostgreSQL is running the sleep, so the connection is surely checked out.
  for (;;) {
    const rows = await server.clients.worker.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'compass-api' AND query LIKE 'SELECT pg_sleep%' AND state = 'active'`,
    );
    // Wrapped: an async function returning the promise itself would wait for it.
    if ((rows[0]?.n ?? 0) > 0) return { held };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('saturated API pool', () => {
  it('answers OVERLOADED with retryAfterMs and Retry-After, then serves normally', async () => {
    const { held } = await holdTheOnlyConnection(3);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(server.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: QUERY }),
        }),
      ),
    );
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as {
      data?: unknown;
      errors?: { extensions?: Record<string, unknown> }[];
    }[];
    for (const [index, body] of bodies.entries()) {
      expect(body.errors?.[0]?.extensions?.code).toBe('OVERLOADED');
      expect(body.errors?.[0]?.extensions?.retryAfterMs).toBe(ACQUIRE_TIMEOUT_MS);
      expect(body.errors?.[0]?.extensions).not.toHaveProperty('http');
      expect(responses[index]?.headers.get('retry-after')).toBe('1');
    }
    await held;

    const after = await gql<{ benchmarks: { totalCount: number } }>(server, QUERY);
    expect(after.errors).toBeUndefined();
    expect(after.data?.benchmarks.totalCount).toBeGreaterThan(0);
  });
});
