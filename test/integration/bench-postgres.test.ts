import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe, RecipeError } from '../../server/domains/loadtest/recipe.js';
import { runRecipe, type RunResult } from '../../server/domains/loadtest/runner/runner.js';
import { ACCOUNTS_PER_SCALE } from '../../server/domains/loadtest/runner/kinds/tpcb.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * The postgres kind against a real PostgreSQL: the embedded one by default, the machine's
 * (127.0.0.1:5432) when the suite runs with DATABASE_URL. A 1- and 4-connection sweep of the
 * built-in TPC-B-like transaction; the bank's books must balance afterwards.
 */

let db: TestDatabase;
let result: RunResult;

function targetOf(url: string) {
  const u = new URL(url);
  return {
    kind: 'postgres' as const,
    host: u.hostname,
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    schema: 'bench_t',
    workload: { kind: 'tpcb' as const, scale: 1, seed: 7 },
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const recipe = parseRecipe({
    name: 'pg sweep',
    target: targetOf(db.url),
    load: { profile: 'concurrent', concurrency: [1, 4] },
    limits: { maxRequests: 60 },
    warmupSeconds: 0.2,
  });
  result = await runRecipe(recipe);
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe('postgres target kind', () => {
  it('runs a connection sweep with TPS, latency and per-statement latency per level', () => {
    expect(result.summaries.map((s) => [s.levelIndex, s.concurrency])).toEqual([
      [0, 1],
      [1, 4],
    ]);
    for (const s of result.summaries) {
      expect(s.completedRequests).toBe(60);
      expect(s.erroredRequests).toBe(0);
      expect(s.requestsPerSecond).toBeGreaterThan(0);
      expect(s.e2e.p95).toBeGreaterThan(0);
      // No tokens and no streaming: the LLM columns stay empty.
      expect(s.ttft.p95).toBe(0);
      expect(s.outputTokensPerSecond).toBe(0);
      const m = s.kindMetrics ?? {};
      for (const name of [
        'begin',
        'update_account',
        'select_balance',
        'update_teller',
        'update_branch',
        'insert_history',
        'commit',
      ])
        expect(m[`${name}P95Ms`]).toBeGreaterThan(0);
    }
    // Each transaction's statements fit inside its latency.
    for (const r of result.requests.filter((x) => x.ok)) {
      const statements = Object.values(r.detail ?? {}).reduce((a, b) => a + b, 0);
      expect(statements).toBeLessThanOrEqual(r.e2eMs! + 0.001);
    }
  });

  it('leaves balanced books in its own schema', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const ok = result.requests.filter((r) => r.ok).length;
      const { rows } = await client.query<{
        n: string;
        deltas: string;
        accounts: string;
        balances: string;
        tellers: string;
      }>(
        `SELECT (SELECT count(*) FROM bench_t.history) AS n,
                (SELECT coalesce(sum(delta), 0) FROM bench_t.history) AS deltas,
                (SELECT count(*) FROM bench_t.accounts) AS accounts,
                (SELECT sum(abalance) FROM bench_t.accounts) AS balances,
                (SELECT sum(tbalance) FROM bench_t.tellers) AS tellers`,
      );
      const row = rows[0]!;
      expect(Number(row.n)).toBe(ok);
      expect(Number(row.accounts)).toBe(ACCOUNTS_PER_SCALE);
      expect(Number(row.balances)).toBe(Number(row.deltas));
      expect(Number(row.tellers)).toBe(Number(row.deltas));
    } finally {
      await client.end();
    }
  });

  it('refuses a postgres recipe with prompts, too many connections or a bad schema name', () => {
    const issues = (input: unknown) => {
      try {
        parseRecipe(input);
      } catch (error) {
        if (error instanceof RecipeError) return error.issues.map((i) => `${i.path}: ${i.message}`);
        throw error;
      }
      return [];
    };
    expect(
      issues({
        name: 'x',
        target: { ...targetOf(db.url), schema: 'Bad-Name' },
        data: { kind: 'synthetic', promptTokens: 8, outputTokens: 4, seed: 1 },
        load: { profile: 'concurrent', concurrency: [1, 512] },
        limits: { maxRequests: 1 },
      }),
    ).toEqual([
      'target.schema: lower-case letters, digits and _ (a PostgreSQL identifier, ≤ 63)',
      'data: not used by a postgres target',
      'load.concurrency: at most 256 connections (the recipe limit) for a postgres target',
    ]);
  });
});
