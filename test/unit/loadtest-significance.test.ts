import { describe, expect, it } from 'vitest';
import { createRng } from '../../server/kernel/rng.js';
import {
  bootstrapQuantileDifference,
  bootstrapQuantileDifferences,
  bootstrapReplicate,
  erfc,
  mannWhitneyU,
  normalCdf,
  normalQuantile,
} from '../../server/domains/loadtest/analysis/significance.js';

describe('normal distribution helpers', () => {
  it('match tabulated values', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 14);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 14);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 12); // continued-fraction branch
    expect(erfc(6) / 2.151973671249891e-17).toBeCloseTo(1, 12);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829303548901, 12);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874040841, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('mannWhitneyU', () => {
  it('matches a hand-worked example with ties', () => {
    // x = 3 4 2 6 2 5, y = 9 7 5 10 6 8. Pooled ranks: 2,2 → 1.5; 3 → 3; 4 → 4; 5,5 → 5.5; 6,6 → 7.5;
    // 7 → 9; 8 → 10; 9 → 11; 10 → 12. R_x = 3 + 4 + 1.5 + 7.5 + 1.5 + 5.5 = 23, U = 23 − 6·7/2 = 2.
    // mean U = 18; three tie groups of 2: Σ(t³ − t) = 18; var = 36/12 · (13 − 18/132) = 38.590909…
    // z = −(16 − 0.5)/√38.590909 = −2.495107; p = 2Φ(−2.495107) = 0.012592.
    const r = mannWhitneyU([3, 4, 2, 6, 2, 5], [9, 7, 5, 10, 6, 8]);
    expect(r.u).toBe(2);
    expect(r.z).toBeCloseTo(-15.5 / Math.sqrt(3 * (13 - 18 / 132)), 12);
    expect(r.z).toBeCloseTo(-2.495107, 6);
    expect(r.pValue).toBeCloseTo(0.012592, 6);
  });

  it('matches hand-worked examples without ties', () => {
    // Complete separation, n1 = 4, n2 = 5: U = 0, mean 10, var = 4·5·10/12 = 16.667, z = −9.5/4.0825 = −2.3270.
    const separated = mannWhitneyU([1.1, 2.2, 3.3, 4.4], [5.5, 6.6, 7.7, 8.8, 9.9]);
    expect(separated.u).toBe(0);
    expect(separated.z).toBeCloseTo(-9.5 / Math.sqrt(50 / 3), 12);
    expect(separated.pValue).toBeCloseTo(0.019964, 6);
    // x = 19 22 16 29 24 take ranks 5 7 3 9 8 of the pooled 9 → R = 32, U = 32 − 15 = 17; z = 6.5/4.0825 = 1.5922.
    const mixed = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(mixed.u).toBe(17);
    expect(mixed.z).toBeCloseTo(1.592168, 6);
    expect(mixed.pValue).toBeCloseTo(0.111347, 6);
  });

  it('is symmetric in its arguments', () => {
    const a = mannWhitneyU([1, 5, 9, 3], [2, 8, 7, 6, 4]);
    const b = mannWhitneyU([2, 8, 7, 6, 4], [1, 5, 9, 3]);
    expect(a.u + b.u).toBe(20);
    expect(a.z).toBeCloseTo(-b.z, 12);
    expect(a.pValue).toBeCloseTo(b.pValue, 12);
  });

  it('reports no evidence when every value is tied or the deviation is within the continuity correction', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toEqual({ u: 3, z: 0, pValue: 1 });
    expect(mannWhitneyU([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
  });
});

describe('bootstrap', () => {
  it('draws resampled medians with the exact bootstrap distribution', () => {
    // Resampled median of 1..5 is ≤ j when at least 3 of 5 draws are ≤ j: P = P(Bin(5, j/5) ≥ 3)
    // = 0.05792, 0.31744, 0.68256, 0.94208, 1 → P(median = j) = 0.05792, 0.25952, 0.36512, 0.25952, 0.05792.
    const rng = createRng(99);
    const counts = [0, 0, 0, 0, 0, 0];
    const draws = 40_000;
    for (let i = 0; i < draws; i++) counts[bootstrapReplicate([1, 2, 3, 4, 5], [0.5], rng)[0]!]! += 1;
    const expected = [0, 0.05792, 0.25952, 0.36512, 0.25952, 0.05792];
    for (let j = 1; j <= 5; j++) expect(Math.abs(counts[j]! / draws - expected[j]!)).toBeLessThan(0.01); // ≥ 4 standard errors
  });

  it('draws resampled maxima and interpolated medians with the right means', () => {
    // The resampled maximum of 1..4 is ≤ j with probability (j/4)^4:
    // mean = Σ j·((j/4)^4 − ((j−1)/4)^4) = (1 + 30 + 195 + 700)/256 = 3.6171875.
    // The type-7 median of a resample of 1..4 averages its 2nd and 3rd values; by the symmetry
    // j ↔ 5 − j their means add up to 5, so the resampled median has mean 2.5.
    const rng = createRng(3);
    let maxSum = 0;
    let medianSum = 0;
    const draws = 40_000;
    for (let i = 0; i < draws; i++) {
      const [max, median] = bootstrapReplicate([1, 2, 3, 4], [1, 0.5], rng);
      maxSum += max!;
      medianSum += median!;
    }
    expect(Math.abs(maxSum / draws - 3.6171875)).toBeLessThan(0.015); // sd ≈ 0.62 → SE ≈ 0.003
    expect(Math.abs(medianSum / draws - 2.5)).toBeLessThan(0.02); // sd ≈ 0.75 → SE ≈ 0.004
  });

  it('gives the percentile interval of the exact distribution', () => {
    // baseline [0] always resamples to 0, so the differences are the resampled medians of 1..5;
    // P(≤ 1) = 0.058 < 0.1 ≤ P(≤ 2) = 0.317 and P(≤ 3) = 0.683 < 0.9 ≤ P(≤ 4) = 0.942 → 80 % interval [2, 4].
    const ci = bootstrapQuantileDifference([0], [1, 2, 3, 4, 5], 0.5, {
      confidence: 0.8,
      iterations: 4000,
      seed: 5,
    });
    expect(ci).toEqual({ q: 0.5, estimate: 3, low: 2, high: 4 });
  });

  it('is deterministic for a seed and shares resamples across quantiles', () => {
    const rng = createRng(1);
    const a = Array.from({ length: 200 }, () => rng.lognormal(Math.log(100), 0.3));
    const b = Array.from({ length: 200 }, () => rng.lognormal(Math.log(100), 0.3));
    const one = bootstrapQuantileDifferences(a, b, [0.5, 0.95, 0.99], { seed: 7 });
    expect(bootstrapQuantileDifferences(a, b, [0.5, 0.95, 0.99], { seed: 7 })).toEqual(one);
    expect(bootstrapQuantileDifferences(a, b, [0.5, 0.95, 0.99], { seed: 8 })).not.toEqual(one);
    for (const ci of one) {
      expect(ci.low).toBeLessThanOrEqual(ci.high);
      expect(ci.low).toBeLessThan(0); // same distribution: 0 is inside
      expect(ci.high).toBeGreaterThan(0);
    }
  });

  it('excludes 0 for a 50 % slowdown and covers the true difference', () => {
    const rng = createRng(2);
    const a = Array.from({ length: 300 }, () => rng.lognormal(Math.log(100), 0.3));
    const b = Array.from({ length: 300 }, () => rng.lognormal(Math.log(100), 0.3) * 1.5);
    const [p50] = bootstrapQuantileDifferences(a, b, [0.5], { seed: 3 });
    expect(p50!.low).toBeGreaterThan(0);
    expect(p50!.low).toBeLessThan(50); // true p50 difference: 150 − 100
    expect(p50!.high).toBeGreaterThan(50);
    expect(p50!.estimate).toBeGreaterThan(p50!.low);
    expect(p50!.estimate).toBeLessThan(p50!.high);
  });

  it('offers a normal interval: estimate ± z · bootstrap standard deviation', () => {
    const rng = createRng(4);
    const a = Array.from({ length: 300 }, () => rng.normal(100, 10));
    const b = Array.from({ length: 300 }, () => rng.normal(100, 10));
    const normal = bootstrapQuantileDifference(a, b, 0.5, { method: 'normal', confidence: 0.95, seed: 1 });
    const percentile = bootstrapQuantileDifference(a, b, 0.5, {
      method: 'percentile',
      confidence: 0.95,
      seed: 1,
    });
    expect((normal.low + normal.high) / 2).toBeCloseTo(normal.estimate, 10);
    // Median of N(100, 10), n = 300: SE ≈ 1.2533·10/√300 = 0.724; of a difference ≈ 1.02; half-width ≈ 2.0.
    expect((normal.high - normal.low) / 2).toBeGreaterThan(1.4);
    expect((normal.high - normal.low) / 2).toBeLessThan(2.8);
    expect(Math.abs(normal.high - normal.low - (percentile.high - percentile.low))).toBeLessThan(1);
  });

  it('rejects bad input', () => {
    expect(() => bootstrapQuantileDifference([], [1], 0.5)).toThrow(RangeError);
    expect(() => bootstrapQuantileDifference([1], [1], 1.5)).toThrow(RangeError);
    expect(() => bootstrapQuantileDifference([1], [1], 0.5, { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapQuantileDifference([1], [1], 0.5, { iterations: 0 })).toThrow(RangeError);
  });
});
