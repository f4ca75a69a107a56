import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const NESTED = `query Page($first: Int!) {
  benchmarks(first: $first) {
    totalCount
    edges { node { id requestsPerSecond ttft { p95 } model { hfRepo } gpu { type } trafficProfile { name } } }
  }
}`;

describe('read graph over real HTTP and PostgreSQL', () => {
  it('answers the knowledge-base basics', async () => {
    const result = await gql<{
      trafficProfiles: { promptTokens: number; outputTokens: number }[];
      useCases: { key: string; slo: { ttftP95Ms: number } }[];
      models: { totalCount: number };
      gpus: { type: string; hourlyPriceUsd: number; prices: { provider: string }[] }[];
      benchmarks: { totalCount: number };
    }>(
      server,
      `{ trafficProfiles { promptTokens outputTokens } useCases { key slo { ttftP95Ms } }
         models(first: 1) { totalCount } gpus { type hourlyPriceUsd prices { provider } } benchmarks(first: 1) { totalCount } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.trafficProfiles.map((p) => `${p.promptTokens}->${p.outputTokens}`)).toEqual([
      '512->256',
      '1024->1024',
      '4096->512',
      '10240->1536',
    ]);
    expect(result.data!.useCases).toHaveLength(9);
    expect(result.data!.useCases.find((u) => u.key === 'chatbot_conversational')!.slo.ttftP95Ms).toBe(150);
    expect(result.data!.models.totalCount).toBeGreaterThanOrEqual(40);
    expect(result.data!.gpus.length).toBeGreaterThanOrEqual(8);
    expect(result.data!.gpus.every((g) => g.hourlyPriceUsd > 0 && g.prices.length > 0)).toBe(true);
    expect(result.data!.benchmarks.totalCount).toBeGreaterThanOrEqual(10_000);
  });

  it('issues the same, small number of SQL statements for a nested page of 10 and of 100 (no N+1)', async () => {
    const countFor = async (first: number) => {
      server.sqlLog.length = 0;
      const result = await gql<{ benchmarks: { edges: unknown[] } }>(server, NESTED, { first });
      expect(result.errors).toBeUndefined();
      expect(result.data!.benchmarks.edges).toHaveLength(first);
      // The auth gate's periodic recount of api_tokens runs beside the operation, not for it.
      return server.sqlLog.filter((sql) => !/api_tokens/i.test(sql)).length;
    };
    const at10 = await countFor(10);
    const at100 = await countFor(100);
    console.log(`SQL statements for the nested benchmarks query: page 10 → ${at10}, page 100 → ${at100}`);
    expect(at100).toBe(at10);
    expect(at100).toBeLessThanOrEqual(3);
  });

  it('paginates with cursors and filters exactly', async () => {
    const filter = {
      modelHfRepo: 'meta-llama/llama-3.1-8b-instruct',
      gpuType: 'H100',
      gpuCount: 1,
      promptTokens: 512,
      outputTokens: 256,
    };
    const query = `query($filter: BenchmarkFilter, $after: String) {
      benchmarks(filter: $filter, first: 4, after: $after) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { node { id concurrency gpuCount promptTokens outputTokens model { hfRepo } gpu { type } } }
      } }`;
    type Page = {
      benchmarks: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: {
          node: {
            id: string;
            gpuCount: number;
            promptTokens: number;
            model: { hfRepo: string };
            gpu: { type: string };
          };
        }[];
      };
    };
    const first = await gql<Page>(server, query, { filter });
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.benchmarks;
    expect(page1.totalCount).toBeGreaterThan(4);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gql<Page>(server, query, { filter, after: page1.pageInfo.endCursor });
    const page2 = second.data!.benchmarks;
    const ids1 = page1.edges.map((e) => e.node.id);
    const ids2 = page2.edges.map((e) => e.node.id);
    expect(ids2.some((id) => ids1.includes(id))).toBe(false);
    for (const { node } of [...page1.edges, ...page2.edges]) {
      expect(node).toMatchObject({
        gpuCount: 1,
        promptTokens: 512,
        model: { hfRepo: filter.modelHfRepo },
        gpu: { type: 'H100' },
      });
    }
  });

  it('resolves nested relations both ways and global ids through node()', async () => {
    const result = await gql<{
      useCase: { id: string; trafficProfile: { id: string; useCases: { key: string }[] } };
    }>(server, `{ useCase(key: "code_completion") { id trafficProfile { id useCases { key } } } }`);
    expect(result.errors).toBeUndefined();
    const profile = result.data!.useCase.trafficProfile;
    expect(profile.useCases.map((u) => u.key).sort()).toEqual(['chatbot_conversational', 'code_completion']);
    const node = await gql<{ node: { __typename: string; promptTokens: number } }>(
      server,
      `query($id: ID!) { node(id: $id) { __typename ... on TrafficProfile { promptTokens } } }`,
      { id: profile.id },
    );
    expect(node.data!.node).toEqual({ __typename: 'TrafficProfile', promptTokens: 512 });
  });

  it('rejects a malformed id with a typed error and no stack trace', async () => {
    const result = await gql(
      server,
      `{ benchmarks(first: 1, filter: { modelId: "not-an-id" }) { totalCount } }`,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('caps page sizes at 500 and says there is more', async () => {
    const result = await gql<{ benchmarks: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
      server,
      `{ benchmarks(first: 1000) { pageInfo { hasNextPage } edges { node { id } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.benchmarks.edges).toHaveLength(500);
    expect(result.data!.benchmarks.pageInfo.hasNextPage).toBe(true);
  });

  it('serves /healthz and /readyz', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      database: { reachable: boolean };
      migrations: { pending: string[] };
    };
    expect(body.database.reachable).toBe(true);
    expect(body.migrations.pending).toEqual([]);
  });
});
