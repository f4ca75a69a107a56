import { describe, expect, it } from 'vitest';
import { schema } from '../../server/graphql/schema.js';
import { cacheTtlCoordinates, CACHEABLE_ROOT_FIELDS } from '../../server/graphql/response-cache.js';

describe('response cache: what may be cached', () => {
  const ttl = cacheTtlCoordinates(schema);

  it('leaves the catalog root fields and their types cacheable', () => {
    for (const field of CACHEABLE_ROOT_FIELDS) expect(ttl[`Query.${field}`]).toBeUndefined();
    for (const coordinate of [
      'Benchmark',
      'Benchmark.model',
      'Gpu.prices',
      'PriceList.entries',
      'UseCase.slo',
    ]) {
      expect(ttl[coordinate]).toBeUndefined();
    }
  });

  it('gives every other root field and everything a run or deployment holds a TTL of 0', () => {
    for (const field of [
      'node',
      'nodes',
      'recommend',
      'deployments',
      'benchmarkRuns',
      'apiTokens',
      'health',
    ]) {
      expect(ttl[`Query.${field}`]).toBe(0);
    }
    expect(ttl.BenchmarkRun).toBe(0);
    expect(ttl['BenchmarkRun.status']).toBe(0);
    expect(ttl.Deployment).toBe(0);
    // Mutations and subscriptions are never cached by the plugin; they get no entries here.
    expect(
      Object.keys(ttl).some((key) => key.startsWith('Mutation.') || key.startsWith('Subscription.')),
    ).toBe(false);
  });
});
