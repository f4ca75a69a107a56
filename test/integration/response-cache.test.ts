import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '../../server/domains/auth/tokens.js';
import { queryRows } from '../helpers/database.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The response cache (COMPASS_RESPONSE_CACHE=on) over real HTTP and PostgreSQL: a repeated catalog query
 * runs no SQL and answers the same bytes; every write it depends on (mutations here, any statement on
 * the tables from anywhere, on a second instance too) makes the next read show it; keys are per role.
 */

let cached: TestServer;
/** A second cached instance on the same database. */
let peer: TestServer;
/** An instance without the cache on the same database: the reference bytes. */
let plain: TestServer;
const tokens = { viewer: '', admin: '', viewerId: 0 };

beforeAll(async () => {
  cached = await startTestServer({
    authMode: 'tokens',
    responseCache: true,
    limits: { mutationsPerMinute: 1000 },
  });
  peer = await startTestServer({ authMode: 'tokens', responseCache: true, sharedDatabaseOf: cached });
  plain = await startTestServer({ authMode: 'tokens', sharedDatabaseOf: cached });
  const viewer = await createApiToken(cached.clients.api, 'viewer', 'VIEWER');
  tokens.viewer = viewer.token;
  tokens.viewerId = viewer.id;
  tokens.admin = (await createApiToken(cached.clients.api, 'admin', 'ADMIN')).token;
  await Promise.all([cached, peer, plain].map((s) => s.authGate.refresh()));
});

afterAll(async () => {
  await plain?.close();
  await peer?.close();
  await cached?.close();
});

const PAGE = `query Page($first: Int!) {
  benchmarks(first: $first) {
    totalCount
    edges { node { id configId requestsPerSecond ttft { p95 } model { hfRepo name } gpu { type hourlyPriceUsd } trafficProfile { name } } }
  }
}`;

const as = (token: string) => ({ authorization: `Bearer ${token}` });

/** The response text and the SQL statements the server ran for it (the token lookup left out). */
async function post(
  server: TestServer,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<{ text: string; statements: number }> {
  server.sqlLog.length = 0;
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...as(token) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  expect(response.status).toBe(200);
  return { text, statements: server.sqlLog.filter((sql) => !/api_tokens/i.test(sql)).length };
}

/** Waits until `server`'s cache was dropped after `clears` (the NOTIFY of a write by someone else). */
async function droppedAfter(server: TestServer, clears: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (server.responseCache!.stats.clears <= clears) {
    if (Date.now() > deadline) throw new Error('the cache was not dropped within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('response cache', () => {
  it('answers a repeated catalog query from the cache: no SQL, the same bytes as without a cache', async () => {
    const reference = await post(plain, PAGE, { first: 5 }, tokens.viewer);
    const first = await post(cached, PAGE, { first: 5 }, tokens.viewer);
    const second = await post(cached, PAGE, { first: 5 }, tokens.viewer);
    expect(JSON.parse(reference.text)).not.toHaveProperty('errors');
    expect(first.statements).toBeGreaterThan(0);
    expect(second.statements).toBe(0);
    expect(first.text).toBe(reference.text);
    expect(second.text).toBe(reference.text);
    // Other variables are another entry.
    expect((await post(cached, PAGE, { first: 6 }, tokens.viewer)).statements).toBeGreaterThan(0);
  });

  it('keys by role, and still authenticates every request', async () => {
    const query = `{ trafficProfiles { name promptTokens outputTokens } }`;
    expect((await post(cached, query, {}, tokens.viewer)).statements).toBeGreaterThan(0);
    expect((await post(cached, query, {}, tokens.viewer)).statements).toBe(0);
    // Another role: its own entry, executed once.
    expect((await post(cached, query, {}, tokens.admin)).statements).toBeGreaterThan(0);
    expect((await post(cached, query, {}, tokens.admin)).statements).toBe(0);
    // No token or an unknown one: refused as before, never the cached answer.
    const anonymous = await gql(cached, query);
    expect(anonymous.data ?? null).toBeNull();
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await gql(cached, query, {}, as('cmp_not-a-token'));
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('drops the cache on every catalog mutation: the next read shows the change', async () => {
    const count = `{ benchmarks(first: 1) { totalCount } }`;
    const before = await post(cached, count, {}, tokens.viewer);
    expect((await post(cached, count, {}, tokens.viewer)).statements).toBe(0);
    const imported = await gql<{ importBenchmarks: { inserted: number } }>(
      cached,
      `mutation($input: ImportBenchmarksInput!) { importBenchmarks(input: $input) { inserted } }`,
      {
        input: {
          format: 'SUMMARIES_CSV',
          content: readFileSync('test/fixtures/import/summaries-good.csv', 'utf8'),
        },
      },
      as(tokens.admin),
    );
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importBenchmarks.inserted).toBe(4);
    const after = await post(cached, count, {}, tokens.viewer);
    expect(after.statements).toBeGreaterThan(0);
    const total = (text: string) =>
      (JSON.parse(text) as { data: { benchmarks: { totalCount: number } } }).data.benchmarks.totalCount;
    expect(total(after.text)).toBe(total(before.text) + 4);

    const lists = `{ priceLists { name currency entries { hourlyPrice } } }`;
    await post(cached, lists, {}, tokens.viewer);
    expect((await post(cached, lists, {}, tokens.viewer)).statements).toBe(0);
    const set = await gql(
      cached,
      `mutation($input: SetPriceListInput!) { setPriceList(input: $input) { name } }`,
      {
        input: {
          name: 'cache-team',
          entries: [
            {
              gpu: 'H100',
              provider: 'acme',
              region: 'r1',
              pricingModel: 'ON_DEMAND',
              hourlyPrice: 1.25,
              effectiveFrom: '2026-01-01',
            },
          ],
        },
      },
      as(tokens.admin),
    );
    expect(set.errors).toBeUndefined();
    expect((await post(cached, lists, {}, tokens.viewer)).text).toContain('"cache-team"');

    const models = `{ models(first: 1) { totalCount } }`;
    const modelsBefore = await post(cached, models, {}, tokens.viewer);
    expect((await post(cached, models, {}, tokens.viewer)).statements).toBe(0);
    const added = await gql(
      cached,
      `mutation($input: AddModelFromConfigInput!) { addModelFromConfig(input: $input) { model { hfRepo } } }`,
      {
        input: {
          hfRepo: 'acme/cache-test-7b',
          qualityScore: 50,
          configJson: JSON.stringify({
            architectures: ['LlamaForCausalLM'],
            model_type: 'llama',
            hidden_size: 4096,
            num_hidden_layers: 32,
            num_attention_heads: 32,
            num_key_value_heads: 8,
            intermediate_size: 14336,
            vocab_size: 128256,
            max_position_embeddings: 8192,
            torch_dtype: 'bfloat16',
          }),
        },
      },
      as(tokens.admin),
    );
    expect(added.errors).toBeUndefined();
    const modelsAfter = await post(cached, models, {}, tokens.viewer);
    const totalModels = (text: string) =>
      (JSON.parse(text) as { data: { models: { totalCount: number } } }).data.models.totalCount;
    expect(totalModels(modelsAfter.text)).toBe(totalModels(modelsBefore.text) + 1);
  });

  it('drops it on any mutation here, before its answer leaves (a write needs no NOTIFY to be read here)', async () => {
    const profiles = `{ trafficProfiles { name } }`;
    await post(cached, profiles, {}, tokens.viewer);
    expect((await post(cached, profiles, {}, tokens.viewer)).statements).toBe(0);
    // extractIntent writes nothing, so no trigger fires: only the in-process drop can empty the cache.
    const intent = await gql(
      cached,
      `mutation { extractIntent(text: "a chatbot for 1000 users") { changed } }`,
      {},
      as(tokens.viewer),
    );
    expect(intent.errors).toBeUndefined();
    expect((await post(cached, profiles, {}, tokens.viewer)).statements).toBeGreaterThan(0);
  });

  it('drops it on every instance when anyone writes the tables (a worker, the CLI, psql, the version bump)', async () => {
    const gpus = `{ gpus { type hourlyPriceUsd } }`;
    const price = (text: string) =>
      (JSON.parse(text) as { data: { gpus: { type: string; hourlyPriceUsd: number }[] } }).data.gpus.find(
        (g) => g.type === 'H100',
      )!.hourlyPriceUsd;
    const before = price((await post(cached, gpus, {}, tokens.viewer)).text);
    await post(peer, gpus, {}, tokens.viewer);
    expect((await post(cached, gpus, {}, tokens.viewer)).statements).toBe(0);
    expect((await post(peer, gpus, {}, tokens.viewer)).statements).toBe(0);
    const clears = [cached.responseCache!.stats.clears, peer.responseCache!.stats.clears] as const;
    await queryRows(
      cached.db.url,
      `UPDATE gpus SET hourly_price_usd = hourly_price_usd + 1 WHERE type = 'H100'`,
    );
    await droppedAfter(cached, clears[0]);
    await droppedAfter(peer, clears[1]);
    expect(price((await post(cached, gpus, {}, tokens.viewer)).text)).toBeCloseTo(before + 1, 6);
    expect(price((await post(peer, gpus, {}, tokens.viewer)).text)).toBeCloseTo(before + 1, 6);

    // The benchmarks_version bump alone (what recommend's caches key on) drops it too.
    expect((await post(cached, gpus, {}, tokens.viewer)).statements).toBe(0);
    const bumped = cached.responseCache!.stats.clears;
    await queryRows(
      cached.db.url,
      `UPDATE kb_meta SET value = (value::bigint + 1)::text WHERE key = 'benchmarks_version'`,
    );
    await droppedAfter(cached, bumped);
    expect((await post(cached, gpus, {}, tokens.viewer)).statements).toBeGreaterThan(0);
  });

  it("shows another instance's mutation once its NOTIFY is in", async () => {
    const lists = `{ priceList(name: "peer-team") { name entries { hourlyPrice } } }`;
    expect((await post(peer, lists, {}, tokens.viewer)).text).toContain('"priceList":null');
    expect((await post(peer, lists, {}, tokens.viewer)).statements).toBe(0);
    const clears = peer.responseCache!.stats.clears;
    const set = await gql(
      cached,
      `mutation($input: SetPriceListInput!) { setPriceList(input: $input) { name } }`,
      {
        input: {
          name: 'peer-team',
          entries: [
            {
              gpu: 'H100',
              provider: 'acme',
              region: 'r2',
              pricingModel: 'ON_DEMAND',
              hourlyPrice: 3.5,
              effectiveFrom: '2026-01-01',
            },
          ],
        },
      },
      as(tokens.admin),
    );
    expect(set.errors).toBeUndefined();
    await droppedAfter(peer, clears);
    expect((await post(peer, lists, {}, tokens.viewer)).text).toContain('"hourlyPrice":3.5');
  });

  it('stores nothing from an execution that was under way when the cache was dropped', async () => {
    const query = `{ racing: benchmarks(first: 1) { totalCount } }`;
    const lock = new pg.Client({ connectionString: cached.db.url });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE benchmarks IN ACCESS EXCLUSIVE MODE');
      const read = post(cached, query, {}, tokens.viewer);
      // The read is executing (its statement waits on the lock) when another process writes.
      const deadline = Date.now() + 5_000;
      for (;;) {
        const waiting = await queryRows<{ n: number }>(
          cached.db.url,
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%benchmarks%'`,
        );
        if (waiting[0]!.n > 0) break;
        if (Date.now() > deadline) throw new Error('the read never reached PostgreSQL');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const clears = cached.responseCache!.stats.clears;
      await queryRows(cached.db.url, `UPDATE gpus SET vendor = vendor WHERE false`);
      await droppedAfter(cached, clears);
      await lock.query('COMMIT');
      expect(JSON.parse((await read).text)).not.toHaveProperty('errors');
    } finally {
      await lock.end();
    }
    // Not stored: the next read executes (and that one is stored).
    expect((await post(cached, query, {}, tokens.viewer)).statements).toBeGreaterThan(0);
    expect((await post(cached, query, {}, tokens.viewer)).statements).toBe(0);
  });

  it("never caches what lives outside the catalog: runs, deployments, a benchmark's run", async () => {
    for (const query of [
      `{ deployments(first: 5) { totalCount } }`,
      `{ benchmarkRuns(first: 5) { totalCount } }`,
      `{ benchmarks(first: 2) { edges { node { id run { status } } } } }`,
    ]) {
      const first = await post(cached, query, {}, tokens.viewer);
      expect(first.text).not.toContain('"errors"');
      expect((await post(cached, query, {}, tokens.viewer)).statements).toBeGreaterThan(0);
    }
  });

  it('answers a revoked token UNAUTHENTICATED although its answer is cached', async () => {
    const query = `{ useCases { key } }`;
    await post(cached, query, {}, tokens.viewer);
    expect((await post(cached, query, {}, tokens.viewer)).statements).toBe(0);
    await revokeApiToken(cached.clients.api, tokens.viewerId);
    await cached.authGate.refresh();
    const revoked = await gql(cached, query, {}, as(tokens.viewer));
    expect(revoked.data ?? null).toBeNull();
    expect(revoked.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
