import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBenchmarks } from '../../server/domains/knowledge/import-service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { summariesJson } from '../helpers/import-content.js';

/**
 * Issue 21 (lower): two imports of the same rows in opposite order, at the same time, on real
 * PostgreSQL. Each locks rows as it upserts them; written in file order they deadlocked (40P01, an
 * untyped error). Both must succeed, every round.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

function reversed(content: string): string {
  const document = JSON.parse(content) as { benchmarks: unknown[] };
  return JSON.stringify({ benchmarks: [...document.benchmarks].reverse() });
}

describe('concurrent imports of the same rows', () => {
  it('both succeed when the rows come in opposite order', async () => {
    for (let round = 0; round < 5; round += 1) {
      const forward = summariesJson(3000, `both-ways-${round}`);
      const results = await Promise.all([
        importBenchmarks(server.clients.worker, { format: 'SUMMARIES_JSON', content: forward }),
        importBenchmarks(server.clients.worker, { format: 'SUMMARIES_JSON', content: reversed(forward) }),
      ]);
      for (const result of results) expect(result.errors).toEqual([]);
      const stored = await server.clients.api.benchmark.count({
        where: { configId: { startsWith: `both-ways-${round}-` } },
      });
      expect(stored).toBe(3000);
    }
  });
});
