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
});
