import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAuthMode } from '../../server/domains/auth/core/mode.js';
import { createApiToken, revokeApiToken } from '../../server/domains/auth/tokens.js';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';
import { collect, waitFor, wsClient } from '../helpers/ws.js';

let server: TestServer;
const tokens: Record<'viewer' | 'operator' | 'admin' | 'revoked', string> = {
  viewer: '',
  operator: '',
  admin: '',
  revoked: '',
};

beforeAll(async () => {
  server = await startTestServer({
    authMode: 'tokens',
    metrics: true,
    limits: { mutationsPerMinute: 1000, maxSubscriptionsPerConnection: 2 },
  });
  tokens.viewer = (await createApiToken(server.clients.api, 'viewer', 'VIEWER')).token;
  tokens.operator = (await createApiToken(server.clients.api, 'operator', 'OPERATOR')).token;
  tokens.admin = (await createApiToken(server.clients.api, 'admin', 'ADMIN')).token;
  const revoked = await createApiToken(server.clients.api, 'old', 'ADMIN');
  tokens.revoked = revoked.token;
  await revokeApiToken(server.clients.api, revoked.id);
});

afterAll(async () => {
  await server?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const IMPORT = `mutation($input: ImportBenchmarksInput!) { importBenchmarks(input: $input) { inserted updated errors { message } } }`;
const csv = () => readFileSync('test/fixtures/import/summaries-good.csv', 'utf8');
const counts = async () => ({
  benchmarks: await server.clients.api.benchmark.count(),
  tokens: await server.clients.api.apiToken.count(),
});

describe('authentication and roles', () => {
  it('refuses an open server on a non-loopback address, and token mode without tokens', () => {
    expect(() => resolveAuthMode('auto', '0.0.0.0', 0)).toThrow(/refusing to serve 0\.0\.0\.0/);
    expect(() => resolveAuthMode('open', '10.1.2.3', 5)).toThrow(/refusing/);
    expect(() => resolveAuthMode('tokens', '127.0.0.1', 0)).toThrow(/no API token/);
    expect(resolveAuthMode('auto', '127.0.0.1', 0)).toBe('open');
    expect(resolveAuthMode('auto', '0.0.0.0', 1)).toBe('tokens');
  });

  it('asks for a token when none (or a revoked one) is sent', async () => {
    for (const headers of [{}, bearer(tokens.revoked), bearer('cmp_not-a-real-token')]) {
      const result = await gql(server, '{ trafficProfiles { name } }', {}, headers);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data?.trafficProfiles ?? null).toBeNull();
    }
  });

  it('lets a viewer read but not write; an operator not import; an admin import', async () => {
    const before = await counts();
    const read = await gql<{ trafficProfiles: unknown[] }>(
      server,
      '{ trafficProfiles { name } }',
      {},
      bearer(tokens.viewer),
    );
    expect(read.data?.trafficProfiles).toHaveLength(4);
    for (const role of ['viewer', 'operator'] as const) {
      const result = await gql(
        server,
        IMPORT,
        { input: { format: 'SUMMARIES_CSV', content: csv() } },
        bearer(tokens[role]),
      );
      expect(result.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    expect(await counts()).toEqual(before);
    const created = await gql(
      server,
      `mutation { createApiToken(name: "x", role: ADMIN) { token } }`,
      {},
      bearer(tokens.operator),
    );
    expect(created.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    const admin = await gql<{ importBenchmarks: { inserted: number } }>(
      server,
      IMPORT,
      { input: { format: 'SUMMARIES_CSV', content: csv() } },
      bearer(tokens.admin),
    );
    expect(admin.data?.importBenchmarks.inserted).toBe(4);
  });

  it('stores tokens hashed, never in clear', async () => {
    const rows = await server.clients.api.apiToken.findMany();
    for (const row of rows) {
      expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(tokens)).not.toContain(row.tokenHash);
    }
  });

  it('authenticates graphql-ws subscriptions through connectionParams', async () => {
    const anonymous = wsClient(server.wsUrl);
    const denied = collect(anonymous, 'subscription { time(intervalMs: 100) }');
    await denied.done;
    expect(JSON.stringify(denied.errors)).toMatch(/UNAUTHENTICATED|needs an API token/);
    await anonymous.dispose();

    const viewer = wsClient(server.wsUrl, { authorization: `Bearer ${tokens.viewer}` });
    const ticks = collect<{ time: string }>(viewer, 'subscription { time(intervalMs: 100) }');
    await waitFor(() => ticks.values.length >= 2, 5_000, 'two ticks');
    ticks.stop();
    expect(Date.parse(ticks.values[0]!.time)).toBeGreaterThan(0);
    await viewer.dispose();
  });

  it("authenticates a subscription by its message's extensions.headers (GraphiQL's headers editor)", async () => {
    const client = wsClient(server.wsUrl);
    const subscribe = (authorization: string) => {
      const seen = { ticks: 0, errors: [] as unknown[] };
      const done = new Promise<void>((resolve) => {
        const stop = client.subscribe(
          {
            query: 'subscription { time(intervalMs: 100) }',
            extensions: { headers: { Authorization: authorization } },
          },
          {
            next: (value) => {
              if (value.errors) seen.errors.push(...value.errors);
              if (value.data) seen.ticks += 1;
              if (seen.ticks >= 2) {
                stop();
                resolve();
              }
            },
            error: (error) => {
              seen.errors.push(error);
              resolve();
            },
            complete: () => resolve(),
          },
        );
      });
      return done.then(() => seen);
    };
    const denied = await subscribe(`Bearer ${tokens.revoked}`);
    expect(denied.ticks).toBe(0);
    expect(JSON.stringify(denied.errors)).toMatch(/UNAUTHENTICATED|revoked|invalid/i);
    const allowed = await subscribe(`Bearer ${tokens.viewer}`);
    expect(allowed).toEqual({ ticks: 2, errors: [] });
    await client.dispose();
  });
});

describe('limits', () => {
  const asViewer = bearer(tokens.viewer);

  it('rejects depth, alias and token bombs before executing them', async () => {
    const deep = `{ useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { name } } } } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: trafficProfiles { name }`).join(' ')} }`;
    const tokensBomb = `{ trafficProfiles { ${Array.from({ length: 4000 }, () => 'name').join(' ')} } }`;
    for (const query of [deep, aliases, tokensBomb]) {
      const result = await gql(server, query, {}, bearer(tokens.viewer));
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors).slice(0, 300)).toBe(
        'QUERY_TOO_COMPLEX',
      );
      expect(result.data).toBeUndefined();
    }
    void asViewer;
  });

  it('rejects an oversized body with 413', async () => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(tokens.admin) },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(26 * 1024 * 1024) } }),
    }).catch((error: unknown) => error);
    if (response instanceof Response) expect(response.status).toBe(413);
    else expect(String(response)).toMatch(/fetch failed|EPIPE|ECONNRESET|socket/);
  });

  it('blocks CSRF-style simple requests', async () => {
    const response = await fetch(
      `${server.graphqlUrl}?query=${encodeURIComponent('{ trafficProfiles { name } }')}`,
      {
        headers: bearer(tokens.viewer),
      },
    );
    expect(response.status).toBe(403);
  });

  it('limits subscriptions per connection', async () => {
    const client = wsClient(server.wsUrl, { authorization: `Bearer ${tokens.viewer}` });
    const subs = [0, 1, 2].map(() =>
      collect<{ time: string }>(client, 'subscription { time(intervalMs: 200) }'),
    );
    await subs[2]!.done;
    expect(JSON.stringify(subs[2]!.errors)).toMatch(/at most 2 subscriptions per connection/);
    subs[0]!.stop();
    subs[1]!.stop();
    await client.dispose();
  });

  it('exposes Prometheus metrics', async () => {
    const body = await (await fetch(`${server.url}/metrics`)).text();
    expect(body).toMatch(
      /compass_graphql_operations_total\{operation="anonymous",type="query_or_mutation"\} \d+/,
    );
    expect(body).toMatch(/compass_db_pool_connections\{pool="api",state="total"\}/);
    expect(body).toMatch(/compass_graphql_errors_total\{operation="anonymous",code="FORBIDDEN"\} [1-9]/);
  });
});

describe('rate limits and introspection', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ limits: { mutationsPerMinute: 2, introspection: false } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('rate-limits mutations per caller', async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const result = await gql(limited, `mutation { revokeApiToken(id: "999") }`);
      codes.push(result.errors?.[0]?.extensions?.code ?? 'OK');
    }
    expect(codes).toEqual(['OK', 'OK', 'RATE_LIMITED']);
  });

  it('turns introspection and GraphiQL off when configured', async () => {
    const result = await gql(limited, '{ __schema { types { name } } }');
    expect(result.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await fetch(limited.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/GraphiQL/);
  });
});
