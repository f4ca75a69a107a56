import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../server/domains/loadtest/recipe.js';
import { runRecipe } from '../../server/domains/loadtest/runner/runner.js';

/**
 * The chroma kind against a real Chroma (HTTP API v2). None runs on this machine (its native
 * bindings need glibc ≥ 2.38; Debian 12 has 2.36), so this runs only where CHROMA_URL is set,
 * e.g. CHROMA_URL=http://127.0.0.1:8000 with `chroma run --port 8000`. Nothing here is faked.
 */
const CHROMA_URL = process.env.CHROMA_URL;
if (!CHROMA_URL)
  console.warn(
    'bench-chroma: skipped, CHROMA_URL is not set (no Chroma server here; see docs/benchmark-runner.md)',
  );

describe.skipIf(!CHROMA_URL)('chroma target kind (CHROMA_URL)', () => {
  it('adds seeded vectors, queries them at 1 and 2 clients, and scores recall@k against the exact search', async () => {
    const recipe = parseRecipe({
      name: 'chroma sweep',
      target: {
        kind: 'chroma',
        baseUrl: CHROMA_URL,
        collection: 'compass-test',
        vectors: { count: 2_000, dimensions: 32, queries: 50, k: 10, seed: 3 },
      },
      load: { profile: 'concurrent', concurrency: [1, 2] },
      limits: { maxRequests: 50 },
    });
    const result = await runRecipe(recipe);
    expect(result.summaries).toHaveLength(2);
    for (const s of result.summaries) {
      expect(s.completedRequests).toBe(50);
      expect(s.erroredRequests).toBe(0);
      expect(s.e2e.p95).toBeGreaterThan(0);
      // HNSW on 2,000 vectors finds nearly all true neighbours; a broken id mapping would give ~0.
      expect(s.kindMetrics?.recallMean).toBeGreaterThan(0.8);
      expect(s.kindMetrics?.addVectorsPerSecond).toBeGreaterThan(0);
    }
  }, 120_000);
});
