import { describe, expect, it } from 'vitest';
import { increase, rate } from '../../server/domains/observe/core/rate.js';

const s = (seconds: number, v: number) => ({ t: seconds * 1000, v });
const range = (from: number, to: number) => ({ startMs: from * 1000, endMs: to * 1000 });

describe('rate / increase (PromQL extrapolatedRate)', () => {
  it('does not extrapolate a counter below zero', () => {
    // 0 → 30 over 10..40 s in (0, 40]: the zero point is at the first sample, end is on the edge.
    const samples = [s(10, 0), s(20, 10), s(30, 20), s(40, 30)];
    expect(increase(samples, range(0, 40))).toBeCloseTo(30, 12);
    expect(rate(samples, range(0, 40))).toBeCloseTo(0.75, 12);
  });

  it('extrapolates to the start when the first sample is within 1.1 intervals of it', () => {
    // 100 → 130: 30 over 30 s, extended by the 10 s to the start: 30 · 40/30 = 40
    const samples = [s(10, 100), s(20, 110), s(30, 120), s(40, 130)];
    expect(increase(samples, range(0, 40))).toBeCloseTo(40, 12);
    expect(rate(samples, range(0, 40))).toBeCloseTo(1, 12);
  });

  it('adds the value before a counter reset', () => {
    // 100, 110, 5, 15: 15 − 100 + 110 = 25, extrapolated by 40/30
    const samples = [s(10, 100), s(20, 110), s(30, 5), s(40, 15)];
    expect(increase(samples, range(0, 40))).toBeCloseTo(100 / 3, 10);
  });

  it('extrapolates only half an interval when the series starts and ends inside the range', () => {
    // 10 → 20 over 50..60 s in (0, 100]: both gaps ≥ 11 s → 5 s each: 10 · 20/10 = 20
    const samples = [s(50, 10), s(60, 20)];
    expect(increase(samples, range(0, 100))).toBeCloseTo(20, 12);
    expect(rate(samples, range(0, 100))).toBeCloseTo(0.2, 12);
  });

  it('selects (start, end] and needs two samples', () => {
    expect(rate([s(0, 1), s(10, 2)], range(0, 10))).toBeNull();
    expect(rate([s(10, 2)], range(0, 10))).toBeNull();
    expect(rate([s(5, 1), s(10, 2), s(15, 3)], range(0, 10))).not.toBeNull();
  });
});
