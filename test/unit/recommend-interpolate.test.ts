import { describe, expect, it } from 'vitest';
import { interpolateAtLoad, loadPoints } from '../../server/domains/recommend/core/interpolate.js';
import { row } from './recommend-fixtures.js';

// Feasible rows at 2, 5, 8 req/s (given out of order).
const rows = [
  row({ benchmarkId: 3, requestsPerSecond: 8, ttftP95: 120, itlP95: 20, e2eP95: 5200 }),
  row({ benchmarkId: 1, requestsPerSecond: 2, ttftP95: 60, itlP95: 10, e2eP95: 2600 }),
  row({ benchmarkId: 2, requestsPerSecond: 5, ttftP95: 80, itlP95: 14, e2eP95: 3700 }),
];

describe('interpolateAtLoad', () => {
  it('interpolates linearly between the bracketing rows', () => {
    // q = 6.5 between 5 and 8: t = 1.5 / 3 = 0.5 → TTFT 80 + 0.5·40 = 100, ITL 14 + 0.5·6 = 17, E2E 3700 + 0.5·1500 = 4450.
    const i = interpolateAtLoad(rows, 6.5);
    expect(i.mode).toBe('BETWEEN');
    expect(i.fraction).toBeCloseTo(0.5, 12);
    expect(i.lower.rows.map((r) => r.benchmarkId)).toEqual([2]);
    expect(i.upper.rows.map((r) => r.benchmarkId)).toEqual([3]);
    expect(i.predicted.ttftP95Ms).toBeCloseTo(100, 9);
    expect(i.predicted.itlP95Ms).toBeCloseTo(17, 9);
    expect(i.predicted.e2eP95Ms).toBeCloseTo(4450, 9);
  });

  it('between the first two rows', () => {
    // q = 3 between 2 and 5: t = 1/3 → TTFT 60 + 20/3 = 66.667, ITL 10 + 4/3 = 11.333, E2E 2600 + 1100/3 = 2966.667.
    const i = interpolateAtLoad(rows, 3);
    expect(i.predicted.ttftP95Ms).toBeCloseTo(66.6667, 3);
    expect(i.predicted.itlP95Ms).toBeCloseTo(11.3333, 3);
    expect(i.predicted.e2eP95Ms).toBeCloseTo(2966.6667, 3);
  });

  it('uses the lightest row below the lightest load', () => {
    const i = interpolateAtLoad(rows, 1);
    expect(i.mode).toBe('BELOW');
    expect(i.predicted).toEqual({ ttftP95Ms: 60, itlP95Ms: 10, e2eP95Ms: 2600 });
  });

  it('uses the row itself when q equals its req/s (first, middle, last)', () => {
    expect(interpolateAtLoad(rows, 2)).toMatchObject({ mode: 'EXACT', predicted: { ttftP95Ms: 60 } });
    expect(interpolateAtLoad(rows, 5)).toMatchObject({
      mode: 'EXACT',
      predicted: { ttftP95Ms: 80, e2eP95Ms: 3700 },
    });
    expect(interpolateAtLoad(rows, 8)).toMatchObject({
      mode: 'EXACT',
      predicted: { ttftP95Ms: 120, itlP95Ms: 20 },
    });
  });

  it('uses the heaviest row above the heaviest load', () => {
    expect(interpolateAtLoad(rows, 9)).toMatchObject({ mode: 'ABOVE', predicted: { e2eP95Ms: 5200 } });
  });

  it('merges rows with the same req/s into their worst p95s', () => {
    const dup = [
      ...rows,
      row({ benchmarkId: 4, requestsPerSecond: 5, ttftP95: 75, itlP95: 15, e2eP95: 3800 }),
    ];
    const points = loadPoints(dup);
    expect(points.map((p) => p.requestsPerSecond)).toEqual([2, 5, 8]);
    expect(points[1]?.rows.map((r) => r.benchmarkId)).toEqual([2, 4]);
    // max(80, 75) = 80, max(14, 15) = 15, max(3700, 3800) = 3800.
    expect(points[1]?.predicted).toEqual({ ttftP95Ms: 80, itlP95Ms: 15, e2eP95Ms: 3800 });
    // q = 6.5: t = 0.5 → TTFT 80 + 0.5·(120 − 80) = 100, ITL 15 + 0.5·(20 − 15) = 17.5, E2E 3800 + 0.5·1400 = 4500.
    const i = interpolateAtLoad(dup, 6.5);
    expect(i.predicted.ttftP95Ms).toBeCloseTo(100, 9);
    expect(i.predicted.itlP95Ms).toBeCloseTo(17.5, 9);
    expect(i.predicted.e2eP95Ms).toBeCloseTo(4500, 9);
  });

  it('handles a single row and no rows', () => {
    const one = [row({ benchmarkId: 9, requestsPerSecond: 4, ttftP95: 70 })];
    expect(interpolateAtLoad(one, 1)).toMatchObject({ mode: 'BELOW', predicted: { ttftP95Ms: 70 } });
    expect(interpolateAtLoad(one, 4)).toMatchObject({ mode: 'EXACT', predicted: { ttftP95Ms: 70 } });
    expect(() => interpolateAtLoad([], 1)).toThrow(RangeError);
  });
});
