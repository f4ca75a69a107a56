import { describe, expect, it } from 'vitest';
import {
  percentile,
  RollingWindow,
  sortAscending,
  summarize,
} from '../../server/domains/loadtest/analysis/stats.js';

describe('percentile (type 7: h = (n − 1)q, interpolate between x[⌊h⌋] and x[⌊h⌋ + 1])', () => {
  const x = [15, 20, 35, 40, 50];

  it('matches hand-worked values', () => {
    expect(percentile(x, 0)).toBe(15);
    expect(percentile(x, 0.25)).toBe(20); // h = 1
    expect(percentile(x, 0.5)).toBe(35); // h = 2
    expect(percentile(x, 0.9)).toBeCloseTo(46, 12); // h = 3.6 → 40 + 0.6·10
    expect(percentile(x, 0.95)).toBeCloseTo(48, 12); // h = 3.8 → 40 + 0.8·10
    expect(percentile(x, 0.99)).toBeCloseTo(49.6, 12); // h = 3.96 → 40 + 0.96·10
    expect(percentile(x, 1)).toBe(50);
  });

  it('handles one value, no values and bad quantiles', () => {
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(() => percentile(x, 95)).toThrow(RangeError);
    expect(() => percentile(x, -0.1)).toThrow(RangeError);
  });
});

describe('sortAscending', () => {
  it('sorts numerically, not as strings, and leaves the input alone', () => {
    const input = [10, 9, 100, 1];
    expect(sortAscending(input)).toEqual([1, 9, 10, 100]);
    expect(input).toEqual([10, 9, 100, 1]);
  });
});

describe('summarize', () => {
  it('matches a hand-worked sample', () => {
    // sorted: 1 1 2 3 4 5 6 9; mean 31/8; Σ(x − mean)² = 52.875; sample variance 52.875/7.
    const s = summarize([3, 1, 4, 1, 5, 9, 2, 6]);
    expect(s.count).toBe(8);
    expect(s.mean).toBe(3.875);
    expect(s.stddev).toBeCloseTo(Math.sqrt(52.875 / 7), 12); // 2.748376…
    expect(s.p50).toBeCloseTo(3.5, 12); // h = 3.5 → 3 + 0.5·1
    expect(s.p90).toBeCloseTo(6.9, 12); // h = 6.3 → 6 + 0.3·3
    expect(s.p95).toBeCloseTo(7.95, 12); // h = 6.65 → 6 + 0.65·3
    expect(s.p99).toBeCloseTo(8.79, 12); // h = 6.93 → 6 + 0.93·3
    expect(s.min).toBe(1);
    expect(s.max).toBe(9);
  });

  it('keeps the variance accurate for large, close values', () => {
    const s = summarize([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(s.mean).toBe(1e9 + 2);
    expect(s.stddev).toBeCloseTo(1, 9);
  });

  it('gives 0 spread for one sample and NaN statistics for none', () => {
    expect(summarize([42])).toEqual({
      count: 1,
      mean: 42,
      p50: 42,
      p90: 42,
      p95: 42,
      p99: 42,
      min: 42,
      max: 42,
      stddev: 0,
    });
    const empty = summarize([]);
    expect(empty.count).toBe(0);
    expect(empty.p95).toBeNaN();
    expect(empty.mean).toBeNaN();
  });

  it('rejects non-finite samples', () => {
    expect(() => summarize([1, Number.NaN])).toThrow(RangeError);
    expect(() => summarize([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('RollingWindow', () => {
  it('keeps the samples of (now − window, now] and reports p95 and rates', () => {
    const w = new RollingWindow(10_000, { startMs: 0 });
    for (let i = 1; i <= 10; i++) w.add(i * 10, i * 1000); // 10 at 1 s, 20 at 2 s, … 100 at 10 s
    expect(w.count(10_000)).toBe(10);
    expect(w.p95(10_000)).toBeCloseTo(95.5, 12); // h = 9·0.95 = 8.55 → 90 + 0.55·10
    expect(w.ratePerSecond(10_000)).toBe(1);
    expect(w.sumPerSecond(10_000)).toBe(55); // 550 over 10 s

    // At 15 s the window is (5 s, 15 s]: the samples at 6…10 s, values 60…100.
    expect(w.count(15_000)).toBe(5);
    expect(w.p95(15_000)).toBeCloseTo(98, 12); // h = 4·0.95 = 3.8 → 90 + 0.8·10
    expect(w.percentile(0.5, 15_000)).toBe(80);
    expect(w.ratePerSecond(15_000)).toBe(0.5);

    expect(w.count(20_000)).toBe(0);
    expect(w.p95(20_000)).toBeNull();
    expect(w.ratePerSecond(20_000)).toBe(0);
  });

  it('divides by the elapsed time until a full window has passed', () => {
    const w = new RollingWindow(10_000, { startMs: 0 });
    w.add(10, 1000);
    w.add(20, 2000);
    expect(w.ratePerSecond(2000)).toBe(1); // 2 samples over 2 s
    expect(w.sumPerSecond(4000)).toBe(7.5); // 30 over 4 s
  });

  it('starts the clock at the first sample when no start is given', () => {
    const w = new RollingWindow(5000);
    expect(w.ratePerSecond(1000)).toBe(0);
    w.add(1, 1000);
    expect(w.ratePerSecond(1000)).toBe(0); // zero elapsed time: no rate yet
    w.add(1, 2000);
    expect(w.ratePerSecond(3000)).toBe(1); // 2 samples over 2 s
  });

  it('treats a late timestamp as the latest one seen', () => {
    const w = new RollingWindow(1000, { startMs: 0 });
    w.add(5, 2000);
    w.add(7, 1500); // arrives late; kept as if at 2000
    expect(w.count(2900)).toBe(2);
    expect(w.count(3000)).toBe(0);
  });

  it('keeps duplicates straight when evicting', () => {
    const w = new RollingWindow(1000, { startMs: 0 });
    w.add(3, 100);
    w.add(3, 200);
    w.add(1, 1500);
    expect(w.percentile(1, 1150)).toBe(3); // the sample at 100 is gone, the one at 200 stays
    expect(w.count(1150)).toBe(2);
    expect(w.percentile(1, 1250)).toBe(1);
  });

  it('stays consistent with summarize over many random samples', () => {
    const w = new RollingWindow(60_000, { startMs: 0 });
    const all: { t: number; v: number }[] = [];
    let state = 12345;
    for (let t = 0; t < 200_000; t += 37) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const v = state % 1000;
      w.add(v, t);
      all.push({ t, v });
    }
    const now = 200_000;
    const inWindow = all.filter((s) => s.t > now - 60_000).map((s) => s.v);
    expect(w.count(now)).toBe(inWindow.length);
    expect(w.p95(now)).toBe(summarize(inWindow).p95);
  });
});
