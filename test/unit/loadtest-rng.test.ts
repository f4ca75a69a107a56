import { describe, expect, it } from 'vitest';
import { createRng, seedFromString } from '../../server/kernel/rng.js';

function draw(n: number, next: () => number): number[] {
  return Array.from({ length: n }, next);
}

function meanAndSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = draw(5, () => a.uniform());
    expect(draw(5, () => b.uniform())).toEqual(sa);
    expect(draw(5, () => c.uniform())).not.toEqual(sa);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(7);
    const values = draw(100_000, () => rng.uniform());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const { mean, sd } = meanAndSd(values);
    // Standard error of the mean: sqrt(1/12 / 1e5) ≈ 0.0009.
    expect(mean).toBeCloseTo(0.5, 2);
    expect(sd * sd).toBeCloseTo(1 / 12, 3);
  });

  it('draws integers over the whole range', () => {
    const rng = createRng(3);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[rng.int(4)]! += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400); // ~4.6 standard deviations
    expect(() => rng.int(0)).toThrow(RangeError);
  });

  it('draws normals, lognormals and exponentials with the right moments', () => {
    const rng = createRng(11);
    const normal = meanAndSd(draw(100_000, () => rng.normal(10, 2)));
    expect(normal.mean).toBeCloseTo(10, 1);
    expect(normal.sd).toBeCloseTo(2, 1);

    const logs = draw(100_001, () => rng.lognormal(Math.log(120), 0.4)).sort((x, y) => x - y);
    expect(logs[50_000]! / 120).toBeCloseTo(1, 1); // the median of exp(N(mu, s)) is e^mu

    const exp = meanAndSd(draw(100_000, () => rng.exponential(4)));
    expect(exp.mean).toBeCloseTo(0.25, 2);
    expect(exp.sd).toBeCloseTo(0.25, 2); // exponential: sd = mean
    expect(() => rng.exponential(0)).toThrow(RangeError);
  });

  it('draws gammas and betas with the right means and variances', () => {
    const rng = createRng(5);
    for (const shape of [0.5, 1, 3, 150]) {
      const { mean, sd } = meanAndSd(draw(50_000, () => rng.gamma(shape)));
      expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / 50_000)); // mean = variance = shape
      expect(sd * sd).toBeCloseTo(shape, shape < 10 ? 1 : -1);
    }
    const beta = meanAndSd(draw(50_000, () => rng.beta(2, 6)));
    expect(beta.mean).toBeCloseTo(0.25, 2); // a / (a + b)
    expect(beta.sd * beta.sd).toBeCloseTo((2 * 6) / (8 * 8 * 9), 3); // ab / ((a+b)²(a+b+1)) = 0.02083
  });
});

describe('seedFromString', () => {
  it('is 32-bit FNV-1a (published test vectors)', () => {
    expect(seedFromString('')).toBe(0x811c9dc5);
    expect(seedFromString('a')).toBe(0xe40c292c);
    expect(seedFromString('foobar')).toBe(0xbf9cf968);
  });
});
