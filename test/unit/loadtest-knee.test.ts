import { describe, expect, it } from 'vitest';
import { findKnee, findKnees, type Point } from '../../server/domains/loadtest/analysis/knee.js';

function even(n: number, xMax: number, f: (x: number) => number): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const x = (xMax * i) / (n - 1);
    return { x, y: f(x) };
  });
}

/** x_i = xMax·(i/(n−1))²: dense near 0, sparse near xMax. */
function uneven(n: number, xMax: number, f: (x: number) => number): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const x = xMax * (i / (n - 1)) ** 2;
    return { x, y: f(x) };
  });
}

/*
 * Expected knees. On [0, X] Kneedle's difference curve for a concave increasing f is
 * d(x) = (f(x) − f(0))/(f(X) − f(0)) − x/X, which peaks where f'(x) = (f(X) − f(0))/X.
 * - f = 1 − e^(−x/τ), τ = 1, X = 10: e^(−x) = (1 − e^(−10))/10 → x* = ln(10/(1 − e^(−10))) = 2.302630
 * - f = x/(x + k), k = 1, X = 10: k/(x + k)² = (X/(X + k))/X → x* = √(k(X + k)) − k = √11 − 1 = 2.316625
 * For a convex increasing f the difference curve is x/X − (f − f(0))/(f(X) − f(0)), with the same condition:
 * - f = 1/(1 − x), X = 0.9: 1/(1 − x)² = (10 − 1)/0.9 = 10 → x* = 1 − 1/√10 = 0.683772
 */
describe('findKnee (Kneedle)', () => {
  it('finds the knee of 1 − e^(−x) at ln(10/(1 − e^(−10))) ≈ 2.3026 on an even grid', () => {
    const knee = findKnee(
      even(1001, 10, (x) => 1 - Math.exp(-x)),
      { curve: 'concave' },
    );
    expect(knee).not.toBeNull();
    expect(knee!.x).toBeCloseTo(2.3, 10); // the grid point (step 0.01) nearest 2.30263
    expect(knee!.index).toBe(230);
  });

  it('finds the same knee on an uneven grid (within one grid step)', () => {
    const points = uneven(101, 10, (x) => 1 - Math.exp(-x));
    const knee = findKnee(points, { curve: 'concave' });
    expect(knee).not.toBeNull();
    expect(Math.abs(knee!.x - 2.30263)).toBeLessThan(0.1); // grid step near x = 2.3 is ≈ 0.097
    expect(knee!.x).toBe(points[48]!.x); // 10·0.48² = 2.304, the closest grid point
  });

  it('finds the knee of x/(x + 1) at √11 − 1 ≈ 2.3166', () => {
    const knee = findKnee(
      even(1001, 10, (x) => x / (x + 1)),
      { curve: 'concave' },
    );
    expect(knee!.x).toBeCloseTo(2.32, 10);
    const unevenKnee = findKnee(
      uneven(101, 10, (x) => x / (x + 1)),
      { curve: 'concave' },
    );
    expect(Math.abs(unevenKnee!.x - (Math.sqrt(11) - 1))).toBeLessThan(0.1);
  });

  it('finds the elbow of a piecewise-linear curve exactly', () => {
    // slope 1 up to x = 5, then 0.1; the difference curve y/6.5 − x/20 rises then falls, peak at 5.
    const points = even(21, 20, (x) => (x <= 5 ? x : 5 + 0.1 * (x - 5)));
    expect(findKnees(points, { curve: 'concave' })).toEqual([
      { x: 5, y: 5, index: 5, difference: 5 / 6.5 - 5 / 20 },
    ]);
  });

  it('finds the knee of a convex hockey stick 1/(1 − x) at 1 − 1/√10 ≈ 0.6838', () => {
    const knee = findKnee(
      even(901, 0.9, (x) => 1 / (1 - x)),
      { curve: 'convex' },
    );
    expect(knee!.x).toBeCloseTo(0.684, 10);
  });

  it('handles decreasing curves', () => {
    // e^(−x) is convex decreasing; mirrored it is 1 − e^(−x), so the knee is the same 2.30.
    expect(
      findKnee(
        even(1001, 10, (x) => Math.exp(-x)),
        { curve: 'convex', direction: 'decreasing' },
      )!.x,
    ).toBeCloseTo(2.3, 10);
    // 1 − (x/10)² is concave decreasing; difference x' − x'² peaks at x' = 1/2.
    expect(
      findKnee(
        even(1001, 10, (x) => 1 - (x / 10) ** 2),
        { curve: 'concave', direction: 'decreasing' },
      )!.x,
    ).toBeCloseTo(5, 10);
  });

  it('finds no knee on a straight line, in either shape', () => {
    const line = even(50, 10, (x) => 3 * x + 2);
    expect(findKnee(line, { curve: 'concave' })).toBeNull();
    expect(findKnee(line, { curve: 'convex' })).toBeNull();
    expect(
      findKnee(
        uneven(50, 10, (x) => -2 * x),
        { curve: 'convex', direction: 'decreasing' },
      ),
    ).toBeNull();
  });

  it('needs a bend larger than the sensitivity allows', () => {
    // 5 points: mean normalised spacing 1/4. The bend at x = 2 has d = 0.1; S = 1 needs d to fall 0.25.
    const points = [
      { x: 0, y: 0 },
      { x: 1, y: 0.35 },
      { x: 2, y: 0.6 },
      { x: 3, y: 0.8 },
      { x: 4, y: 1 },
    ];
    // normalised: x' = 0, .25, .5, .75, 1; y' = 0, .35, .6, .8, 1; d = 0, .1, .1, .05, 0.
    expect(findKnee(points, { curve: 'concave', sensitivity: 1 })).toBeNull();
    // S = 0.2: threshold 0.1 − 0.05 = 0.05; the local max is at index 1 (0.1 > 0, 0.1 ≥ 0.1), d falls to 0 < 0.05 at the end.
    expect(findKnee(points, { curve: 'concave', sensitivity: 0.2 })).toMatchObject({ x: 1, index: 1 });
  });

  it('sorts unsorted input and ignores degenerate input', () => {
    const points = even(21, 20, (x) => (x <= 5 ? x : 5 + 0.1 * (x - 5))).reverse();
    expect(findKnee(points, { curve: 'concave' })!.x).toBe(5);
    expect(
      findKnee(
        [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        { curve: 'concave' },
      ),
    ).toBeNull();
    expect(
      findKnee(
        even(10, 10, () => 4),
        { curve: 'concave' },
      ),
    ).toBeNull(); // flat: no y range
    expect(() => findKnee([{ x: Number.NaN, y: 0 }], { curve: 'concave' })).toThrow(RangeError);
  });
});
