import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecipe, parseYaml } from '../../server/domains/loadtest/recipe.js';
import { queryParamValues } from '../../server/domains/loadtest/runner/kinds/query-file.js';
import { runRecipe } from '../../server/domains/loadtest/runner/runner.js';
import { createTestDatabase, queryRows, type TestDatabase } from '../helpers/database.js';

/**
 * The postgres kind's query file against the embedded PostgreSQL: a setup file creates and fills
 * tables, each unit runs the file's two named statements with generated values, and the rows the
 * inserts left are exactly the values the generator gives for each unit.
 */

const SETUP = `
DROP SCHEMA IF EXISTS qf CASCADE;
CREATE SCHEMA qf;
CREATE TABLE qf.items (id int PRIMARY KEY, region text NOT NULL, price numeric NOT NULL);
INSERT INTO qf.items SELECT i, (ARRAY['eu', 'us', 'ap'])[1 + i % 3], i * 1.5 FROM generate_series(1, 1000) i;
CREATE TABLE qf.orders (id bigint PRIMARY KEY, item int NOT NULL REFERENCES qf.items, region text NOT NULL, amount float8 NOT NULL, note text);
`;

const QUERIES = `
-- name: lookup
SELECT price FROM qf.items WHERE id = :item AND region <> 'x:y';
-- name: place
INSERT INTO qf.orders (id, item, region, amount, note)
VALUES (:order_id, :item, :region, :amount::float8, 'a '';'' :not_a_param');
`;

const PARAMS = {
  item: { kind: 'int', min: 1, max: 1000 },
  region: { kind: 'choice', values: ['eu', 'us', 'ap'] },
  amount: { kind: 'float', min: 1, max: 100 },
  order_id: { kind: 'sequence', start: 1 },
} as const;

let db: TestDatabase;
let dir: string;

function target(workload: Record<string, unknown>) {
  const u = new URL(db.url);
  return {
    kind: 'postgres' as const,
    host: u.hostname,
    port: Number(u.port || 5432),
    database: decodeURIComponent(u.pathname.slice(1)),
    user: decodeURIComponent(u.username),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    workload,
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'compass-queries-'));
  await writeFile(path.join(dir, 'setup.sql'), SETUP);
  await writeFile(path.join(dir, 'orders.sql'), QUERIES);
}, 60_000);

afterAll(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a postgres query file', () => {
  it('runs its statements with generated values, timed per statement', async () => {
    const recipe = parseRecipe({
      name: 'orders',
      target: target({
        kind: 'queries',
        path: 'orders.sql',
        setupPath: 'setup.sql',
        params: PARAMS,
        seed: 9,
      }),
      load: { profile: 'concurrent', concurrency: [1, 3] },
      limits: { maxRequests: 40 },
    });
    const result = await runRecipe(recipe, { baseDir: dir });
    for (const s of result.summaries) {
      expect(s.completedRequests).toBe(40);
      expect(s.erroredRequests).toBe(0);
      expect(s.kindMetrics?.lookupP95Ms).toBeGreaterThan(0);
      expect(s.kindMetrics?.placeP95Ms).toBeGreaterThan(0);
    }
    const rows = await queryRows<{ id: string; item: number; region: string; amount: number; note: string }>(
      db.url,
      'SELECT id, item, region, amount, note FROM qf.orders ORDER BY id',
    );
    expect(rows).toHaveLength(80);
    // Level 0 (stream 0): unit seq's row holds exactly the generator's values for it.
    const workload = recipe.target.kind === 'postgres' ? recipe.target.workload : null;
    if (workload?.kind !== 'queries') throw new Error('a queries workload');
    for (let seq = 0; seq < 40; seq++) {
      const v = queryParamValues(workload.params, 9, 0, seq);
      const row = rows.find((r) => Number(r.id) === v.order_id);
      expect(row, `unit ${seq}`).toMatchObject({
        item: v.item,
        region: v.region,
        note: "a ';' :not_a_param",
      });
      expect(row!.amount).toBeCloseTo(v.amount as number, 9);
    }
  }, 60_000);

  it('fails before sending anything when a parameter is not declared or the file is outside the folder', async () => {
    const run = (workload: Record<string, unknown>) =>
      runRecipe(
        parseRecipe({
          name: 'bad',
          target: target(workload),
          load: { profile: 'concurrent', concurrency: 1 },
          limits: { maxRequests: 1 },
        }),
        { baseDir: dir },
      );
    await expect(run({ kind: 'queries', path: 'orders.sql', params: { item: PARAMS.item } })).rejects.toThrow(
      'query file orders.sql: :order_id, :region, :amount not in target.workload.params',
    );
    await expect(run({ kind: 'queries', path: 'missing.sql' })).rejects.toThrow(
      'query file missing.sql: no such file in the datasets folder',
    );
  });

  it('runs examples/postgres-queries.yaml (datasets/postgres/*.sql) with no errors', async () => {
    const example = parseYaml(await readFile('examples/postgres-queries.yaml', 'utf8')) as {
      target: { workload: Record<string, unknown> };
    };
    const recipe = parseRecipe({
      ...example,
      target: target(example.target.workload),
      load: { profile: 'concurrent', concurrency: [1, 4] },
      limits: { maxRequests: 30 },
      warmupSeconds: 0,
      repetitions: 1,
    });
    const result = await runRecipe(recipe, { baseDir: 'datasets' });
    for (const s of result.summaries) {
      expect(s.completedRequests).toBe(30);
      expect(s.erroredRequests).toBe(0);
      expect(Object.keys(s.kindMetrics ?? {})).toEqual(
        expect.arrayContaining(['lookupP95Ms', 'placeP95Ms', 'reserveP95Ms']),
      );
    }
    const [orders] = await queryRows<{ n: string }>(db.url, 'SELECT count(*) AS n FROM shop_bench.orders');
    expect(Number(orders!.n)).toBe(60);
  }, 60_000);
});
