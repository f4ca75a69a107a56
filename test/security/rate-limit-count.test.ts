import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/** Issue 21: the mutation rate limit counts mutations (root fields, aliases), not requests. */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ authMode: 'open', limits: { mutationsPerMinute: 30 } });
});

afterAll(async () => {
  await server?.close();
});

const mintMany = (n: number, prefix: string) =>
  `mutation { ${Array.from({ length: n }, (_, i) => `${prefix}${i}: createApiToken(name: "${prefix}${i}", role: VIEWER) { token }`).join(' ')} }`;

describe('mutation rate limit', () => {
  it('counts 20 aliases as 20 mutations, and runs none of an operation it cannot pay for', async () => {
    const first = await gql(server, mintMany(20, 'a'));
    expect(first.errors, JSON.stringify(first.errors?.[0])).toBeUndefined();
    expect(await server.clients.api.apiToken.count()).toBe(20);

    // 10 of 30 left this minute: 20 more are refused whole.
    const second = await gql(server, mintMany(20, 'b'));
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', mutations: 20 });
    expect(second.data ?? null).toBeNull();
    expect(await server.clients.api.apiToken.count()).toBe(20);

    // What is left can still be spent.
    const third = await gql(server, mintMany(5, 'c'));
    expect(third.errors).toBeUndefined();
    expect(await server.clients.api.apiToken.count()).toBe(25);
  });
});
