import { describe, expect, it } from 'vitest';
import { histogramQuantile, quantileFloor } from '../../server/domains/observe/core/histogram-quantile.js';

const Inf = Number.POSITIVE_INFINITY;
// Cumulative: 10 ≤ 0.1, 30 ≤ 0.2, 40 ≤ 0.5, 40 in all.
const buckets = [
  { upperBound: 0.1, count: 10 },
  { upperBound: 0.2, count: 30 },
  { upperBound: 0.5, count: 40 },
  { upperBound: Inf, count: 40 },
];

describe('histogramQuantile (PromQL bucketQuantile)', () => {
  it('interpolates linearly inside the bucket that holds the rank', () => {
    // q .5: rank 20 → bucket ≤ 0.2 (count 30): 0.1 + 0.1 · (20 − 10) / 20 = 0.15
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.15, 12);
    // q .95: rank 38 → bucket ≤ 0.5: 0.2 + 0.3 · (38 − 30) / 10 = 0.44
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.44, 12);
    // q .1: rank 4 → first bucket, which starts at 0: 0.1 · 4 / 10 = 0.04
    expect(histogramQuantile(0.1, buckets)).toBeCloseTo(0.04, 12);
    // q 1: rank 40 → the last finite bucket reaching 40, at its upper bound
    expect(histogramQuantile(1, buckets)).toBeCloseTo(0.5, 12);
    expect(histogramQuantile(0, buckets)).toBe(0);
  });

  it('sorts the buckets first', () => {
    expect(histogramQuantile(0.95, [...buckets].reverse())).toBeCloseTo(0.44, 12);
  });

  it('answers the highest finite bound when the rank falls in +Inf', () => {
    // 5 of 10 observations are above 1: q .9 (rank 9) is somewhere in (1, +Inf) → 1
    expect(
      histogramQuantile(0.9, [
        { upperBound: 1, count: 5 },
        { upperBound: Inf, count: 10 },
      ]),
    ).toBe(1);
  });

  it('is NaN without a +Inf bucket, without observations, or with one bucket', () => {
    expect(
      histogramQuantile(0.5, [
        { upperBound: 1, count: 5 },
        { upperBound: 2, count: 10 },
      ]),
    ).toBeNaN();
    expect(
      histogramQuantile(0.5, [
        { upperBound: 1, count: 0 },
        { upperBound: Inf, count: 0 },
      ]),
    ).toBeNaN();
    expect(histogramQuantile(0.5, [{ upperBound: Inf, count: 7 }])).toBeNaN();
    expect(histogramQuantile(0.5, [])).toBeNaN();
  });

  it('maps q outside [0, 1] to ±Inf and NaN to NaN', () => {
    expect(histogramQuantile(-0.1, buckets)).toBe(Number.NEGATIVE_INFINITY);
    expect(histogramQuantile(1.1, buckets)).toBe(Inf);
    expect(histogramQuantile(Number.NaN, buckets)).toBeNaN();
  });

  it('forces monotonic counts (the envelope)', () => {
    // 0.2's 8 is raised to 10; q .5: rank 10 → first bucket: 0.1 · 10 / 10 = 0.1
    const broken = [
      { upperBound: 0.1, count: 10 },
      { upperBound: 0.2, count: 8 },
      { upperBound: Inf, count: 20 },
    ];
    expect(histogramQuantile(0.5, broken)).toBeCloseTo(0.1, 12);
  });

  it('merges buckets with the same upper bound', () => {
    // two ≤ 0.1 series of 5 → 10 of 20; q .25: rank 5 → 0.1 · 5 / 10 = 0.05
    const split = [
      { upperBound: 0.1, count: 5 },
      { upperBound: 0.1, count: 5 },
      { upperBound: Inf, count: 20 },
    ];
    expect(histogramQuantile(0.25, split)).toBeCloseTo(0.05, 12);
  });

  it('answers a non-positive lowest bound as is', () => {
    const negative = [
      { upperBound: -1, count: 5 },
      { upperBound: 0, count: 10 },
      { upperBound: Inf, count: 10 },
    ];
    expect(histogramQuantile(0.2, negative)).toBe(-1);
  });

  it('is NaN for q 0 when the first bucket is empty (0/0, as in Prometheus)', () => {
    expect(
      histogramQuantile(0, [
        { upperBound: 0.1, count: 0 },
        { upperBound: 0.2, count: 5 },
        { upperBound: Inf, count: 5 },
      ]),
    ).toBeNaN();
  });

  it('quantileFloor is the lower edge of the bucket interpolated in', () => {
    expect(quantileFloor(0.95, buckets)).toBe(0.2);
    expect(quantileFloor(0.5, buckets)).toBe(0.1);
    expect(quantileFloor(0.1, buckets)).toBe(0);
    expect(
      quantileFloor(0.9, [
        { upperBound: 1, count: 5 },
        { upperBound: Inf, count: 10 },
      ]),
    ).toBe(1);
    expect(quantileFloor(0.5, [{ upperBound: Inf, count: 7 }])).toBeNaN();
  });
});
