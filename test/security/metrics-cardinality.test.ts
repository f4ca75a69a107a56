import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_LABELS } from '../../server/graphql/metrics.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../helpers/server.js';

/** Issue 21: operation names are the caller's, so /metrics must not grow with each new one. */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ authMode: 'tokens', metrics: true });
});

afterAll(async () => {
  await server?.close();
});

const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
const operationLabels = (body: string) =>
  new Set(
    [...body.matchAll(/^compass_graphql_operations_total\{operation="([^"]*)"/gm)].map((m) => m[1] ?? ''),
  );

describe('/metrics label cardinality', () => {
  it('keeps /metrics small after 300 unauthenticated requests with unique (and long) operation names', async () => {
    const before = await scrape();
    for (let i = 0; i < 300; i += 1) {
      // Unauthenticated: each is refused, and still counted by name.
      const name = i % 2 === 0 ? `Op${i}` : `Long${i}_${'x'.repeat(2_000)}`;
      const query = `query ${name} { trafficProfiles { name } }`;
      // Half name the operation in the request too (operationName), as a GraphQL client does.
      const response = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(i % 4 < 2 ? { query, operationName: name } : { query }),
      });
      const result = (await response.json()) as GraphQLResponse<unknown>;
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const after = await scrape();
    const labels = operationLabels(after);
    expect(labels.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 1);
    expect(labels.has('other')).toBe(true);
    expect([...labels].filter((label) => label.length > 100).map((l) => l.slice(0, 40))).toEqual([]);
    // 100 short names × (counter + error counter + 14 histogram lines) ≈ 150 KB at most.
    expect(after.length - before.length).toBeLessThan(200_000);
    console.log(`/metrics: ${before.length} → ${after.length} bytes, ${labels.size} operation labels`);
  });
});
