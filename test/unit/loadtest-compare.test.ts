import { describe, expect, it } from 'vitest';
import {
  compareRuns,
  DEFAULT_COMPARE_THRESHOLDS,
  type RunSample,
} from '../../server/domains/loadtest/analysis/compare.js';
import { createRng } from '../../server/kernel/rng.js';

function run(
  id: string,
  values: { ttft?: number[]; itl?: number[]; e2e?: number[]; successRate?: number; throughputRps?: number },
): RunSample {
  return {
    id,
    successRate: values.successRate ?? 1,
    throughputRps: values.throughputRps ?? 50,
    ttft: values.ttft ?? [],
    itl: values.itl ?? [],
    e2e: values.e2e ?? [],
  };
}

function lognormal(seed: number, n: number, median: number, sigma: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.lognormal(Math.log(median), sigma));
}

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('compareRuns: success rate and throughput', () => {
  it('reproduces the rows of the example in the notes', () => {
    const r = compareRuns(
      run('29', { successRate: 1, throughputRps: 50 }),
      run('35', { successRate: 0.995, throughputRps: 52.3 }),
    );
    expect(r.rows).toHaveLength(2); // no latency samples → no latency rows
    const [success, rps] = r.rows;
    expect(success).toMatchObject({
      metric: 'Success Rate',
      unit: 'percent',
      baseline: 100,
      current: 99.5,
      status: 'OK',
    });
    expect(success!.delta).toBeCloseTo(-0.5, 12);
    expect(success!.changePercent).toBeCloseTo(-0.5, 12);
    expect(rps).toMatchObject({
      metric: 'Throughput (RPS)',
      unit: 'rps',
      baseline: 50,
      current: 52.3,
      status: 'OK',
    });
    expect(rps!.delta).toBeCloseTo(2.3, 12);
    expect(rps!.changePercent).toBeCloseTo(4.6, 12);
    expect(r.result).toBe('PASS');
    expect(r.notes).toEqual([
      'TTFT not compared: no samples in either run.',
      'ITL not compared: no samples in either run.',
      'E2E not compared: no samples in either run.',
    ]);
  });

  it('fails on a success-rate drop of more than 1 point, not of exactly 1', () => {
    expect(compareRuns(run('a', { successRate: 1 }), run('b', { successRate: 0.99 })).result).toBe('PASS');
    const r = compareRuns(run('a', { successRate: 1 }), run('b', { successRate: 0.985 }));
    expect(r.rows[0]!.status).toBe('REGRESS');
    expect(r.rows[0]!.significant).toBe(true);
    expect(r.result).toBe('FAIL');
    expect(compareRuns(run('a', { successRate: 0.9 }), run('b', { successRate: 0.95 })).rows[0]!.status).toBe(
      'IMPROVED',
    );
  });

  it('fails on a throughput drop of more than 5 % and flags a gain of more than 5 %', () => {
    expect(compareRuns(run('a', { throughputRps: 100 }), run('b', { throughputRps: 95 })).result).toBe(
      'PASS',
    );
    const drop = compareRuns(run('a', { throughputRps: 100 }), run('b', { throughputRps: 94 }));
    expect(drop.rows[1]).toMatchObject({ status: 'REGRESS', delta: -6, changePercent: -6 });
    expect(drop.result).toBe('FAIL');
    expect(
      compareRuns(run('a', { throughputRps: 100 }), run('b', { throughputRps: 106 })).rows[1]!.status,
    ).toBe('IMPROVED');
    // From nothing to something: +100 % by convention, not Infinity.
    expect(compareRuns(run('a', { throughputRps: 0 }), run('b', { throughputRps: 3 })).rows[1]).toMatchObject(
      { changePercent: 100, status: 'IMPROVED' },
    );
  });

  it('honours custom thresholds and rejects bad input', () => {
    expect(
      compareRuns(run('a', { throughputRps: 100 }), run('b', { throughputRps: 94 }), {
        throughputPercent: 10,
      }).result,
    ).toBe('PASS');
    expect(() => compareRuns(run('a', { successRate: 99.5 }), run('b', {}))).toThrow(RangeError);
    expect(() => compareRuns(run('a', { ttft: [1, Number.NaN] }), run('b', {}))).toThrow(RangeError);
    expect(() => compareRuns(run('a', {}), run('b', {}), { alpha: 0 })).toThrow(RangeError);
    expect(() => compareRuns(run('a', {}), run('b', {}), { p95Percent: -1 })).toThrow(RangeError);
  });
});

describe('compareRuns: latency rows', () => {
  it('reports p50/p95/p99 of each metric with type-7 percentiles', () => {
    const r = compareRuns(
      run('a', { ttft: oneToHundred, itl: oneToHundred, e2e: oneToHundred }),
      run('b', { ttft: oneToHundred, itl: oneToHundred, e2e: oneToHundred }),
    );
    expect(r.rows.map((row) => row.metric)).toEqual([
      'Success Rate',
      'Throughput (RPS)',
      'TTFT P50',
      'TTFT P95',
      'TTFT P99',
      'ITL P50',
      'ITL P95',
      'ITL P99',
      'E2E P50',
      'E2E P95',
      'E2E P99',
    ]);
    const p95 = r.rows[3]!;
    // 1…100: h = 99·0.95 = 94.05 → 95 + 0.05·1 = 95.05
    expect(p95.baseline).toBeCloseTo(95.05, 12);
    expect(p95).toMatchObject({
      delta: 0,
      changePercent: 0,
      status: 'OK',
      significant: false,
      pValue: 1,
      unit: 'ms',
    });
    expect(r.rows[4]!.baseline).toBeCloseTo(99.01, 12); // h = 98.01
    expect(r.rowAlpha).toBeCloseTo(0.01 / 9, 15);
    expect(r.result).toBe('PASS');
  });

  it('does not flag a significant change that stays under the threshold', () => {
    const base = lognormal(1, 400, 100, 0.2);
    const r = compareRuns(run('a', { ttft: base }), run('b', { ttft: base.map((v) => v * 1.08) }));
    const p50 = r.rows.find((row) => row.metric === 'TTFT P50')!;
    expect(p50.changePercent).toBeCloseTo(8, 10);
    expect(p50.significant).toBe(true); // a clear shift …
    expect(p50.pValue).toBeLessThan(r.rowAlpha);
    expect(p50.status).toBe('OK'); // … but smaller than +10 %
    expect(r.result).toBe('PASS');
    // With a 5 % threshold the same change fails.
    expect(
      compareRuns(run('a', { ttft: base }), run('b', { ttft: base.map((v) => v * 1.08) }), { p50Percent: 5 })
        .result,
    ).toBe('FAIL');
  });

  it('does not flag a large change that the data cannot support', () => {
    const r = compareRuns(
      run('a', { ttft: [100, 200, 300, 400, 500] }),
      run('b', { ttft: [150, 250, 350, 450, 550] }),
    );
    const p50 = r.rows.find((row) => row.metric === 'TTFT P50')!;
    expect(p50.changePercent).toBeCloseTo((350 / 300 - 1) * 100, 10); // +16.7 %
    expect(p50.significant).toBe(false);
    expect(p50.status).toBe('OK');
    expect(r.notes).toContain(
      'TTFT: fewer than 20 samples in a run; the significance tests have little power.',
    );
  });

  it('fails on a 30 % slowdown and marks a 30 % speed-up IMPROVED', () => {
    const slower = compareRuns(
      run('a', { ttft: lognormal(2, 300, 120, 0.4), e2e: lognormal(3, 300, 6000, 0.25) }),
      run('b', { ttft: lognormal(4, 300, 156, 0.4), e2e: lognormal(5, 300, 7800, 0.25) }),
    );
    expect(slower.result).toBe('FAIL');
    expect(slower.rows.find((row) => row.metric === 'TTFT P50')!.status).toBe('REGRESS');
    expect(slower.rows.find((row) => row.metric === 'E2E P50')!.status).toBe('REGRESS');
    expect(slower.rowAlpha).toBeCloseTo(0.01 / 6, 15); // ITL has no samples: 6 latency rows

    const faster = compareRuns(
      run('a', { e2e: lognormal(6, 300, 6000, 0.25) }),
      run('b', { e2e: lognormal(7, 300, 4200, 0.25) }),
    );
    expect(faster.rows.find((row) => row.metric === 'E2E P50')!.status).toBe('IMPROVED');
    expect(faster.result).toBe('PASS');
  });

  it('catches a tail-only regression through the quantile bootstrap', () => {
    // 10 % of current requests take 3× as long: the median barely moves, p95/p99 jump.
    const rng = createRng(8);
    const base = lognormal(9, 400, 100, 0.15);
    const cur = lognormal(10, 400, 100, 0.15).map((v) => (rng.uniform() < 0.1 ? v * 3 : v));
    const r = compareRuns(run('a', { e2e: base }), run('b', { e2e: cur }));
    const p99 = r.rows.find((row) => row.metric === 'E2E P99')!;
    expect(r.rows.find((row) => row.metric === 'E2E P50')!.status).toBe('OK');
    expect(p99.status).toBe('REGRESS');
    expect(p99.ci!.low).toBeGreaterThan(0);
    expect(r.result).toBe('FAIL');
  });

  it('is deterministic and uses the documented defaults', () => {
    const a = run('a', { ttft: lognormal(11, 200, 100, 0.3) });
    const b = run('b', { ttft: lognormal(12, 200, 100, 0.3) });
    expect(compareRuns(a, b)).toEqual(compareRuns(a, b));
    expect(compareRuns(a, b).thresholds).toEqual(DEFAULT_COMPARE_THRESHOLDS);
    expect(DEFAULT_COMPARE_THRESHOLDS).toMatchObject({
      p50Percent: 10,
      p95Percent: 10,
      p99Percent: 15,
      throughputPercent: 5,
      successRatePoints: 1,
      alpha: 0.01,
    });
  });
});
