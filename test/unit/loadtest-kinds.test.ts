import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../server/domains/loadtest/recipe.js';
import { chromaBase, queryIds, recallMetrics } from '../../server/domains/loadtest/runner/kinds/chroma.js';
import { poolSize, statementMetrics } from '../../server/domains/loadtest/runner/kinds/postgres.js';
import { tpcbParams } from '../../server/domains/loadtest/runner/kinds/tpcb.js';
import {
  distance,
  exactNeighbours,
  recallAtK,
  seededVectors,
} from '../../server/domains/loadtest/runner/kinds/vectors.js';
import type { RequestRecord } from '../../server/domains/loadtest/report/run-summary.js';
import { planLevels } from '../../server/domains/loadtest/runner/load-profiles.js';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('vectors: exact search and recall', () => {
  it('ranks by Chroma’s distances', () => {
    const stored = [v(0, 0), v(3, 0), v(1, 1), v(-2, 0)];
    expect(exactNeighbours(v(0.9, 0.9), stored, 2, 'l2')).toEqual([2, 0]);
    expect(distance(v(1, 2), v(3, 5), 'l2')).toBe(13);
    // Cosine ignores length: (3, 0) points the same way as (1, 0).
    expect(exactNeighbours(v(1, 0), stored, 1, 'cosine')).toEqual([1]);
    expect(distance(v(1, 0), v(0, 1), 'cosine')).toBe(1);
    expect(distance(v(1, 2), v(3, 4), 'ip')).toBe(1 - 11);
  });

  it('matches a full sort on seeded data, and the seed fixes the data', () => {
    const stored = seededVectors(300, 8, 42, 1);
    const query = seededVectors(1, 8, 42, 2)[0]!;
    const bySort = stored
      .map((s, i) => ({ i, d: distance(query, s, 'l2') }))
      .sort((a, b) => a.d - b.d || a.i - b.i)
      .slice(0, 10)
      .map((x) => x.i);
    expect(exactNeighbours(query, stored, 10, 'l2')).toEqual(bySort);
    expect(seededVectors(3, 4, 42, 1)).toEqual(seededVectors(3, 4, 42, 1));
    expect(seededVectors(3, 4, 42, 1)).not.toEqual(seededVectors(3, 4, 43, 1));
  });

  it('scores recall@k on returned ids', () => {
    expect(recallAtK(['a', 'b', 'x', 'y'], ['a', 'b', 'c', 'd'])).toBe(0.5);
    expect(recallAtK(['a', 'a'], ['a', 'b'])).toBe(0.5);
    expect(recallAtK([], ['a'])).toBe(0);
    expect(queryIds({ ids: [['v1', 'v7']], distances: [[0.1, 0.2]] })).toEqual(['v1', 'v7']);
    expect(queryIds({ error: 'x' })).toBeNull();
    const records = [0.8, 1].map((recall) => ({ detail: { recall } }) as unknown as RequestRecord);
    expect(recallMetrics(records, 1234)).toEqual({
      addVectorsPerSecond: 1234,
      recallMean: 0.9,
      recallMin: 0.8,
    });
    expect(chromaBase({ baseUrl: 'http://c:8000/' } as never)).toBe('http://c:8000/api/v2');
    expect(chromaBase({ baseUrl: 'http://c:8000/api/v2' } as never)).toBe('http://c:8000/api/v2');
  });
});

describe('postgres kind pieces', () => {
  it('draws TPC-B parameters in range, reproducibly', () => {
    for (let seq = 0; seq < 200; seq++) {
      const p = tpcbParams(2, 7, 3, seq);
      expect(p.aid).toBeGreaterThanOrEqual(1);
      expect(p.aid).toBeLessThanOrEqual(20_000);
      expect(p.tid).toBeLessThanOrEqual(20);
      expect(p.bid).toBeLessThanOrEqual(2);
      expect(Math.abs(p.delta)).toBeLessThanOrEqual(5_000);
    }
    expect(tpcbParams(1, 7, 0, 5)).toEqual(tpcbParams(1, 7, 0, 5));
    expect(tpcbParams(1, 7, 0, 5)).not.toEqual(tpcbParams(1, 7, 1, 5));
  });

  it('opens one connection per closed-loop worker, maxConnections for open loop', () => {
    const recipe = parseRecipe({
      name: 'pg',
      target: { kind: 'postgres', database: 'd', user: 'u', maxConnections: 6 },
      load: { profile: 'concurrent', concurrency: [1, 4, 8, 16] },
      limits: { maxRequests: 1 },
    });
    if (recipe.target.kind !== 'postgres') throw new Error('expected a postgres target');
    expect(poolSize(recipe.target, planLevels(recipe.load))).toBe(16);
    expect(poolSize(recipe.target, planLevels({ profile: 'constant', rate: [10, 20] }))).toBe(6);
    expect(recipe.target).toMatchObject({ host: '127.0.0.1', port: 5432, schema: 'compass_bench' });
  });

  it('summarises per-statement p50/p95', () => {
    const records = [1, 2, 3, 4].map(
      (ms) => ({ detail: { begin: ms, commit: 10 * ms } }) as unknown as RequestRecord,
    );
    const m = statementMetrics(records)!;
    // Type-7 percentiles of 1, 2, 3, 4: p50 = 2.5, p95 = 3 + 0.85 = 3.85.
    expect(Object.keys(m).sort()).toEqual(['beginP50Ms', 'beginP95Ms', 'commitP50Ms', 'commitP95Ms']);
    expect(m.beginP50Ms).toBeCloseTo(2.5, 9);
    expect(m.beginP95Ms).toBeCloseTo(3.85, 9);
    expect(m.commitP95Ms).toBeCloseTo(38.5, 9);
    expect(statementMetrics([])).toBeNull();
  });
});
