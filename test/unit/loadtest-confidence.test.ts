import { describe, expect, it } from 'vitest';
import {
  incompleteBeta,
  logGamma,
  studentTCdf,
  studentTQuantile,
  tInterval,
} from '../../server/domains/loadtest/analysis/confidence.js';

describe('Student t', () => {
  it('ln Γ matches known values', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('the incomplete beta has its closed forms', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 12);
    expect(incompleteBeta(0.2, 1, 4)).toBeCloseTo(1 - 0.8 ** 4, 12);
  });

  it('the CDF is symmetric and has the Cauchy form at df = 1', () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(1.3, 5) + studentTCdf(-1.3, 5)).toBeCloseTo(1, 12);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.5 + Math.atan(1) / Math.PI, 12);
  });

  // Two-sided 95 % critical values from any t table (NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [1, 12.7062],
    [2, 4.3027],
    [4, 2.7764],
    [10, 2.2281],
    [30, 2.0423],
    [1000, 1.9623],
  ])('t(0.975, %i) = %f', (df, expected) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(expected, 3);
  });

  it('quantiles invert the CDF, in both tails', () => {
    for (const df of [1, 3, 9]) {
      for (const p of [0.01, 0.2, 0.9, 0.999])
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
    }
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764, 3);
  });
});

describe('tInterval', () => {
  it('is mean ± t·s/√n', () => {
    const ci = tInterval([1, 2, 3]);
    expect(ci.mean).toBe(2);
    expect(ci.stddev).toBeCloseTo(1, 12);
    expect(ci.halfWidth).toBeCloseTo((4.302653 * 1) / Math.sqrt(3), 4);
    expect(ci.low).toBeCloseTo(2 - ci.halfWidth!, 12);
    expect(ci.high).toBeCloseTo(2 + ci.halfWidth!, 12);
  });

  it('is wider at higher confidence and zero for identical values', () => {
    const values = [10.2, 9.8, 10.5, 10.1];
    expect(tInterval(values, 0.99).halfWidth!).toBeGreaterThan(tInterval(values, 0.9).halfWidth!);
    expect(tInterval([5, 5, 5]).halfWidth).toBe(0);
  });

  it('has no interval for a single repetition', () => {
    expect(tInterval([4])).toMatchObject({ n: 1, mean: 4, halfWidth: null, low: null, high: null });
  });

  it('refuses empty or non-finite input and a confidence outside (0, 1)', () => {
    expect(() => tInterval([])).toThrow(/no values/);
    expect(() => tInterval([1, Number.NaN])).toThrow(/non-finite/);
    expect(() => tInterval([1, 2], 1)).toThrow(/confidence/);
  });
});
