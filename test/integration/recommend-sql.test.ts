import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDatabaseClients, type DatabaseClients } from '../../server/db/clients.js';
import { createLoaders } from '../../server/graphql/loaders.js';
import { recommendForSpec } from '../../server/domains/recommend/service.js';
import { resolveSpec, type DeploymentSpecInput } from '../../server/domains/recommend/spec.js';
import type { BenchmarkSourceKey, Priority } from '../../server/domains/recommend/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * The SQL candidate path (per-config aggregates + bracket rows, candidate-sql.ts) must answer exactly
 * what the in-memory rule answers on every candidate row (`candidates: 'ROWS'`): recommendations, near
 * misses, rejections and every explanation, deep-equal. Knowledge bases are random (fixed seeds) and
 * built to hit the edges: equal req/s (merged points, probes filled by one req/s), rows without a
 * concurrency, several sources per config, loads landing exactly on a row, near misses, other profiles.
 */

let db: TestDatabase;
let clients: DatabaseClients;
let admin: pg.Client;
let models: { id: number; hf_repo: string }[];
let gpus: { id: number; type: string }[];

beforeAll(async () => {
  db = await createTestDatabase();
  clients = createDatabaseClients(db.url, {
    api: { applicationName: 'test-api', size: 4, statementTimeoutMs: 30_000 },
    worker: { applicationName: 'test-worker', size: 2, statementTimeoutMs: 30_000 },
  });
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  // Eight models around the catalog's median id: the candidate SQL reads the configs of the models below
  // it and the rest on two connections (MODEL_SPLIT), so both halves hold configs.
  const all = (await admin.query('SELECT id, hf_repo FROM models ORDER BY id')).rows;
  const middle = Math.floor(all.length / 2);
  models = all.slice(middle - 4, middle + 4);
  const median = (
    await admin.query('SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY id) AS id FROM models')
  ).rows[0].id as number;
  expect(models.filter((m) => m.id < median).length).toBeGreaterThan(1);
  expect(models.filter((m) => m.id >= median).length).toBeGreaterThan(1);
  gpus = (await admin.query('SELECT id, type FROM gpus ORDER BY id LIMIT 4')).rows;
});

afterAll(async () => {
  await admin?.end();
  await clients?.close();
  await db?.drop();
});

/** mulberry32: a small seeded PRNG, so a failing knowledge base can be rebuilt from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES: BenchmarkSourceKey[] = ['SYNTHETIC', 'IMPORTED', 'MEASURED'];
const PRIORITIES: Priority[] = ['COST', 'LATENCY', 'ACCURACY', 'BALANCED'];
const TARGETS = { ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 };

interface Row {
  model: { id: number; hf_repo: string };
  gpu: { id: number; type: string };
  count: number;
  prompt: number;
  output: number;
  source: BenchmarkSourceKey;
  concurrency: number | null;
  rps: number;
  ttft: number;
  itl: number;
  e2e: number;
}

/** A random knowledge base; returns the req/s values it used, for loads that land exactly on a row. */
async function fillKnowledgeBase(random: () => number): Promise<number[]> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const rows: Row[] = [];
  const configs = 4 + Math.floor(random() * 14);
  for (let c = 0; c < configs; c++) {
    const model = pick(models);
    const gpu = pick(gpus);
    const count = pick([1, 2, 4, 8]);
    const scale = 0.5 + random() * 1.5; // how close to the targets this config runs
    const sources = SOURCES.filter(() => random() < 0.45);
    if (sources.length === 0) sources.push(pick(SOURCES));
    for (const source of sources) {
      const levels = 1 + Math.floor(random() * 9);
      const noConcurrency = random() < 0.2;
      for (let l = 0; l < levels; l++) {
        const concurrency = noConcurrency && random() < 0.6 ? null : 1 + Math.floor(random() * 6) * 2;
        const load = concurrency ?? 1 + random() * 10;
        // Coarse req/s: ties are common, so merged points and full probes happen.
        const rps = Math.round(load * (0.5 + random()) * 2) / 2;
        const growth = 1 + load / 8;
        rows.push({
          model,
          gpu,
          count,
          prompt: 512,
          output: 256,
          source,
          concurrency,
          rps,
          ttft: Math.round(TARGETS.ttftP95Ms * scale * growth * (0.6 + random() * 0.5)),
          itl: Math.round(TARGETS.itlP95Ms * scale * growth * (0.6 + random() * 0.5) * 10) / 10,
          e2e: Math.round(TARGETS.e2eP95Ms * scale * growth * (0.6 + random() * 0.5)),
        });
      }
    }
    // A duplicated row now and then: the same req/s and latencies under another id.
    if (random() < 0.3 && rows.length > 0) {
      const last = rows[rows.length - 1] as Row;
      for (let d = 0; d < 3; d++) rows.push({ ...last });
    }
  }
  // Rows of another profile, which must not count.
  for (let i = 0; i < 5; i++) {
    rows.push({
      model: pick(models),
      gpu: pick(gpus),
      count: 1,
      prompt: 1024,
      output: 1024,
      source: 'SYNTHETIC',
      concurrency: 1,
      rps: 1,
      ttft: 1,
      itl: 1,
      e2e: 1,
    });
  }
  await admin.query('DELETE FROM benchmarks');
  await admin.query(
    `INSERT INTO benchmarks (config_id, model_id, gpu_id, model_hf_repo, hardware, hardware_count, prompt_tokens,
       output_tokens, mean_input_tokens, mean_output_tokens, concurrency, requests_per_second, tokens_per_second,
       ttft_mean, ttft_p90, ttft_p95, ttft_p99, itl_mean, itl_p90, itl_p95, itl_p99, e2e_mean, e2e_p90, e2e_p95,
       e2e_p99, source, updated_at)
     SELECT 'prop-' || i, m, g, repo, hw, hc, pt, ot, pt, ot, conc, rps, rps * ot, ttft, ttft, ttft, ttft, itl, itl,
            itl, itl, e2e, e2e, e2e, e2e, src::"BenchmarkSource", now()
     FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[],
                 $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::text[])
          WITH ORDINALITY AS r(m, g, repo, hw, hc, pt, ot, conc, rps, ttft, itl, e2e, src, i)`,
    [
      rows.map((r) => r.model.id),
      rows.map((r) => r.gpu.id),
      rows.map((r) => r.model.hf_repo),
      rows.map((r) => r.gpu.type),
      rows.map((r) => r.count),
      rows.map((r) => r.prompt),
      rows.map((r) => r.output),
      rows.map((r) => r.concurrency),
      rows.map((r) => r.rps),
      rows.map((r) => r.ttft),
      rows.map((r) => r.itl),
      rows.map((r) => r.e2e),
      rows.map((r) => r.source),
    ],
  );
  return [...new Set(rows.filter((r) => r.prompt === 512).map((r) => r.rps))];
}

function randomSpec(random: () => number, rpsValues: readonly number[]): DeploymentSpecInput {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const loadKind = random();
  const requestsPerSecond =
    loadKind < 0.3
      ? pick(rpsValues) // lands exactly on a row's req/s (EXACT interpolation)
      : loadKind < 0.5
        ? pick(rpsValues) * pick([2, 3, 1.5])
        : Math.round(random() * 400) / 10;
  const sources = SOURCES.filter(() => random() < 0.4);
  return {
    promptTokens: 512,
    outputTokens: 256,
    slo: {
      ttftP95Ms: TARGETS.ttftP95Ms * (0.7 + random() * 0.8),
      itlP95Ms: TARGETS.itlP95Ms * (0.7 + random() * 0.8),
      e2eP95Ms: TARGETS.e2eP95Ms * (0.7 + random() * 0.8),
    },
    requestsPerSecond,
    headroomPercent: pick([0, 0, 10, 20, 33]),
    priority: pick(PRIORITIES),
    sources: sources.length === 3 ? [] : sources,
    maxGpus: random() < 0.2 ? 1 + Math.floor(random() * 16) : null,
    maxMonthlyCostUsd: random() < 0.2 ? Math.round(random() * 40000) : null,
    gpuTypes: random() < 0.15 ? [pick(gpus).type] : [],
    limit: 100,
  };
}

describe('recommend: SQL candidate path ≡ the in-memory rule', () => {
  it('gives deep-equal output on 40 random knowledge bases × 5 specs', async () => {
    const prisma = clients.api;
    let compared = 0;
    const kinds = { recommendations: 0, nearMisses: 0, rejected: 0, estimated: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed);
      const rpsValues = await fillKnowledgeBase(random);
      for (let s = 0; s < 5; s++) {
        const input = randomSpec(random, rpsValues);
        const spec = await resolveSpec(prisma, input);
        // Odd seeds read through node-postgres (the server's path), even ones through Prisma.
        const sqlPath = { candidates: 'SQL' as const, sql: seed % 2 === 1 ? clients.apiSql : null };
        const sql = await recommendForSpec(prisma, createLoaders(prisma), spec, sqlPath);
        const rows = await recommendForSpec(prisma, createLoaders(prisma), spec, { candidates: 'ROWS' });
        // The cached second answer (summaries and rows from the version-keyed caches) is the same too.
        const again = await recommendForSpec(prisma, createLoaders(prisma), spec, sqlPath);
        expect(sql, `seed ${seed}, spec ${s}: ${JSON.stringify(input)}`).toStrictEqual(rows);
        expect(again).toStrictEqual(rows);
        compared++;
        kinds.recommendations += sql.output.recommendations.length;
        kinds.nearMisses += sql.output.nearMisses.length;
        kinds.rejected += sql.output.rejected.length;
        if (sql.estimated) kinds.estimated++;
      }
    }
    expect(compared).toBe(200);
    // The corpus exercises every outcome, or the comparison proves little.
    expect(kinds.recommendations).toBeGreaterThan(100);
    expect(kinds.nearMisses).toBeGreaterThan(20);
    expect(kinds.rejected).toBeGreaterThan(100);
  }, 240_000);

  it('plans again when the catalog changes without a write to benchmarks (the output cache keys on it)', async () => {
    const prisma = clients.api;
    await fillKnowledgeBase(prng(7));
    const input: DeploymentSpecInput = {
      promptTokens: 512,
      outputTokens: 256,
      slo: { ttftP95Ms: 400, itlP95Ms: 60, e2eP95Ms: 20000 },
      requestsPerSecond: 5,
      priority: 'COST',
      limit: 100,
    };
    const spec = await resolveSpec(prisma, input);
    const sqlPath = { candidates: 'SQL' as const, sql: clients.apiSql };
    const before = await recommendForSpec(prisma, createLoaders(prisma), spec, sqlPath);
    const first = before.output.recommendations[0];
    expect(first, 'the knowledge base must give a recommendation').toBeDefined();
    await admin.query('UPDATE gpus SET hourly_price_usd = hourly_price_usd * 3 WHERE id = $1', [
      first!.gpuId,
    ]);
    try {
      const after = await recommendForSpec(prisma, createLoaders(prisma), spec, sqlPath);
      const rows = await recommendForSpec(prisma, createLoaders(prisma), spec, { candidates: 'ROWS' });
      expect(after).toStrictEqual(rows);
      expect(after.output.recommendations).not.toStrictEqual(before.output.recommendations);
    } finally {
      await admin.query('UPDATE gpus SET hourly_price_usd = hourly_price_usd / 3 WHERE id = $1', [
        first!.gpuId,
      ]);
    }
  });
});
