import { describe, expect, it } from 'vitest';
import {
  encodeHistograms,
  mergeShardLevels,
  newHistograms,
  recordLatencies,
} from '../../server/domains/loadtest/report/shard-merge.js';
import { summarizeLevel, type RequestRecord } from '../../server/domains/loadtest/report/run-summary.js';
import type { LevelPlan } from '../../server/domains/loadtest/runner/load-profiles.js';
import {
  constantOffsetMs,
  globalSeq,
  shardLevel,
  shardShare,
} from '../../server/domains/loadtest/runner/shards.js';
import { baseRecipe, recipeIssues, refusedRecipeIssues } from './loadtest-recipe-fixtures.js';

describe('splitting a level across workers', () => {
  it('gives integer shares that add up to the whole, larger ones first', () => {
    const shares = [0, 1, 2].map((index) => shardShare(10, { index, count: 3 }));
    expect(shares).toEqual([4, 3, 3]);
    expect(shardShare(7, { index: 0, count: 1 })).toBe(7);
  });

  it('divides rates, splits concurrency and keeps the level index', () => {
    expect(shardLevel({ index: 2, kind: 'constant', rate: 40 }, { index: 1, count: 4 })).toEqual({
      index: 2,
      kind: 'constant',
      rate: 10,
    });
    expect(shardLevel({ index: 0, kind: 'concurrent', concurrency: 5 }, { index: 1, count: 2 })).toEqual({
      index: 0,
      kind: 'concurrent',
      concurrency: 2,
    });
  });

  it('interleaves sequence numbers and constant-rate schedules into the one-worker ones', () => {
    const count = 3;
    const seqs = [0, 1, 2].flatMap((index) => [0, 1, 2, 3].map((s) => globalSeq(s, { index, count })));
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    const rate = 30; // whole rate; each shard sends at 10/s from its offset
    const times = [0, 1, 2].flatMap((index) =>
      [0, 1, 2].map((k) => k * (1000 / (rate / count)) + constantOffsetMs(rate, { index, count })),
    );
    expect(times.sort((a, b) => a - b).map((t) => Math.round(t * 1000) / 1000)).toEqual(
      Array.from({ length: 9 }, (_, i) => Math.round(((i * 1000) / rate) * 1000) / 1000),
    );
  });
});

describe('recipe workers', () => {
  it('defaults to 1 and accepts a split load', () => {
    expect(recipeIssues(baseRecipe())).toEqual([]);
    expect(recipeIssues({ ...baseRecipe(), workers: 4, load: { profile: 'constant', rate: 10 } })).toEqual(
      [],
    );
  });

  it('refuses what does not split, naming the field', () => {
    expect(refusedRecipeIssues({ ...baseRecipe(), workers: 2 })).toEqual([
      { path: 'workers', message: 'synchronous runs on one worker (workers: 1)' },
    ]);
    expect(
      refusedRecipeIssues({
        ...baseRecipe(),
        workers: 4,
        load: { profile: 'concurrent', concurrency: [8, 2] },
      }),
    ).toEqual([{ path: 'load.concurrency', message: 'at least one stream per worker (4)' }]);
    expect(
      refusedRecipeIssues({ ...baseRecipe(), workers: 8, load: { profile: 'constant', rate: 10 } }),
    ).toEqual([{ path: 'limits.maxRequests', message: 'at least one request per worker (8)' }]);
    expect(refusedRecipeIssues({ ...baseRecipe(), workers: 33 })[0]?.message).toMatch(/at most 32 workers/);
    expect(refusedRecipeIssues({ ...baseRecipe(), workers: 0 })[0]?.path).toBe('workers');
  });
});

function records(e2es: readonly number[], offsetMs: number): RequestRecord[] {
  return e2es.map((e2e, i) => ({
    levelIndex: 0,
    repetition: 0,
    seq: i,
    phase: 'measure',
    scheduledMs: offsetMs + i * 100,
    sentMs: offsetMs + i * 100,
    ok: true,
    error: null,
    promptTokens: 10,
    outputTokens: 20 + i,
    ttftMs: e2e / 4,
    itlMs: 2,
    tpotMs: 2,
    e2eMs: e2e,
  }));
}

function shardOf(level: LevelPlan, rs: RequestRecord[]) {
  const h = newHistograms();
  for (const r of rs) recordLatencies(h, r);
  const summary = summarizeLevel({
    level,
    repetition: 0,
    startedAt: new Date(0),
    finishedAt: new Date(10_000),
    measureStartMs: 0,
    measureEndMs: 10_000,
    records: rs,
  });
  return { summary, histograms: encodeHistograms(h) };
}

describe('merging shard levels', () => {
  it('adds counts and rates and takes percentiles over all requests (to 0.1 %)', () => {
    const a = records([100, 200, 300, 400, 500], 0);
    const b = records([600, 700, 800, 900, 1000], 50);
    const level: LevelPlan = { index: 0, kind: 'constant', rate: 5 };
    const merged = mergeShardLevels([shardOf(level, a), shardOf(level, b)]);
    const whole = summarizeLevel({
      level: { index: 0, kind: 'constant', rate: 10 },
      repetition: 0,
      startedAt: new Date(0),
      finishedAt: new Date(10_000),
      measureStartMs: 0,
      measureEndMs: 10_000,
      records: [...a, ...b],
    });
    expect(merged.completedRequests).toBe(10);
    expect(merged.targetRate).toBe(10);
    expect(merged.e2e.mean).toBeCloseTo(whole.e2e.mean, 9);
    expect(merged.meanOutputTokens).toBeCloseTo(whole.meanOutputTokens, 9);
    // HDR percentiles are the bucket's highest equivalent value: the nearest sample, within 0.1 %.
    expect(merged.e2e.p50).toBeGreaterThanOrEqual(500);
    expect(merged.e2e.p50).toBeLessThanOrEqual(600 * 1.001);
    expect(merged.e2e.p99).toBeCloseTo(1000, -1);
    expect(merged.ttft.p90).toBeCloseTo(225, -1);
  });

  it('counts each shard once: a dropped or doubled shard changes the totals', () => {
    const level: LevelPlan = { index: 0, kind: 'concurrent', concurrency: 2 };
    const one = shardOf(level, records([100, 100, 100], 0));
    const merged = mergeShardLevels([one, one]);
    expect(merged.completedRequests).toBe(6);
    expect(merged.concurrency).toBe(4);
    expect(merged.requestsPerSecond).toBeCloseTo(2 * one.summary.requestsPerSecond, 9);
    expect(() => mergeShardLevels([])).toThrow(/no shard results/);
  });
});
