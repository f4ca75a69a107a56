import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/** Issue 21 #4: list arguments are capped with a typed error before any work. */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ authMode: 'open' });
});

afterAll(async () => {
  await server?.close();
});

describe('list argument caps', () => {
  it('refuses nodes(ids:) with 50,000 ids as BAD_USER_INPUT, loading none', async () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `R3B1OjE${i}`);
    server.sqlLog.length = 0;
    const result = await gql(server, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      path: 'Query.nodes.ids',
      length: 50_000,
      limit: 100,
    });
    expect(result.data ?? null).toBeNull();
    expect(server.sqlLog.filter((sql) => !/api_tokens/i.test(sql))).toEqual([]);
  });

  it('caps literal lists too, and lets 100 ids through', async () => {
    const literal = `{ nodes(ids: [${Array.from({ length: 101 }, () => '"x"').join(',')}]) { id } }`;
    expect((await gql(server, literal)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const within = await gql(server, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: Array.from({ length: 100 }, () => 'bm90LWFuLWlk'),
    });
    expect(within.errors?.[0]?.extensions?.code).not.toBe('BAD_USER_INPUT');
  });

  it('counts list lengths across aliases: 11 × nodes(ids: 100) refused before any lookup, 10 served', async () => {
    const ids = Array.from({ length: 100 }, () => 'bm90LWFuLWlk');
    const aliases = (n: number) =>
      `query($ids: [ID!]!) { ${Array.from({ length: n }, (_, i) => `a${i}: nodes(ids: $ids) { id }`).join(' ')} }`;
    server.sqlLog.length = 0;
    const refused = await gql(server, aliases(11), { ids });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      items: 1_100,
      limit: 1_000,
    });
    expect(server.sqlLog.filter((sql) => !/api_tokens/i.test(sql))).toEqual([]);
    const served = await gql(server, aliases(10), { ids });
    expect(served.errors?.[0]?.extensions?.code).not.toBe('BAD_USER_INPUT');
  });
});
