import { describe, expect, it } from 'vitest';
import {
  compliance,
  detectDrift,
  type ComparedPoint,
} from '../../server/domains/observe/core/plan-comparison.js';

const predicted = { TTFT: 100, ITL: 20, E2E: 5000 };
function point(second: number, ttft: number | null, p: typeof predicted | null = predicted): ComparedPoint {
  return {
    at: second * 1000,
    observed: { TTFT: ttft, ITL: ttft === null ? null : 20, E2E: ttft === null ? null : 5000 },
    predicted: p,
    perReplicaLoad: 2,
  };
}
const options = { tolerance: 0.25, sustainMs: 5000, stepMs: 1000 };

describe('detectDrift', () => {
  it('DRIFT when every instant of the sustain period exceeds the prediction beyond the tolerance', () => {
    const points = [1, 2, 3, 4, 5]
      .map((t) => point(t, 100))
      .concat([6, 7, 8, 9, 10].map((t) => point(t, 130)));
    const status = detectDrift(points, options);
    expect(status.state).toBe('DRIFT');
    expect(status.metrics.find((m) => m.metric === 'TTFT')).toMatchObject({ state: 'DRIFT' });
    expect(status.metrics.find((m) => m.metric === 'TTFT')?.ratio).toBeCloseTo(1.3, 12);
    expect(status.metrics.find((m) => m.metric === 'ITL')?.state).toBe('OK');
    expect(status.reason).toContain('TTFT p95 has been 30 % above');
    expect(status.reason).toContain('130 ms observed vs 100 ms predicted at 2.00 req/s per replica');
  });

  it("judges by the lower edge of the p95's bucket when given (no DRIFT from interpolation alone)", () => {
    // observed 130 interpolated inside a (100, 250] bucket: the buckets allow 100, within 25 % of 100
    const coarse = [6, 7, 8, 9, 10].map((t) => ({
      ...point(t, 130),
      observedFloor: { TTFT: 100, ITL: 20, E2E: 5000 },
    }));
    const status = detectDrift(coarse, options);
    expect(status.state).toBe('OK');
    expect(status.reason).toContain(
      'interpolated inside a histogram bucket that starts within the tolerance',
    );
    expect(status.metrics.find((m) => m.metric === 'TTFT')?.ratio).toBeCloseTo(1.3, 12);
    const clear = coarse.map((p) => ({ ...p, observedFloor: { ...p.observedFloor, TTFT: 126 } }));
    expect(detectDrift(clear, options).state).toBe('DRIFT');
  });

  it('not sustained: one instant back within tolerance keeps it OK', () => {
    const points = [6, 7, 8, 9, 10].map((t) => point(t, t === 8 ? 110 : 130));
    expect(detectDrift(points, options).state).toBe('OK');
  });

  it('within tolerance is OK', () => {
    const points = [6, 7, 8, 9, 10].map((t) => point(t, 120));
    const status = detectDrift(points, options);
    expect(status.state).toBe('OK');
    expect(status.reason).toContain('no sustained excess over the plan beyond 25 %');
  });

  it('idle instants are no evidence: NO_DATA below 75 % coverage', () => {
    const points = [6, 7, 8, 9, 10].map((t) => point(t, t < 9 ? null : 200));
    expect(detectDrift(points, options).state).toBe('NO_DATA');
    expect(detectDrift([], options).state).toBe('NO_DATA');
  });

  it('NO_PREDICTION without a curve', () => {
    const points = [6, 7, 8, 9, 10].map((t) => point(t, 130, null));
    expect(detectDrift(points, options).state).toBe('NO_PREDICTION');
  });
});

describe('compliance', () => {
  it('is the share of evaluated instants within target, and the burn rate against the objective', () => {
    const points = [point(1, 100), point(2, 130), point(3, 120), point(4, null)];
    const [ttft] = compliance(points, { TTFT: 125, ITL: 25, E2E: 6000 }, 0.9);
    expect(ttft?.evaluated).toBe(3);
    expect(ttft?.withinShare).toBeCloseTo(2 / 3, 12);
    // (1 − 2/3) / (1 − 0.9) = 3.33: the budget would last 30 % of the SLO period
    expect(ttft?.burnRate).toBeCloseTo(10 / 3, 10);
  });

  it('nothing evaluated → null share and burn rate', () => {
    const [ttft] = compliance([point(1, null)], { TTFT: 125, ITL: 25, E2E: 6000 }, 0.9);
    expect(ttft).toMatchObject({ withinShare: null, burnRate: null, evaluated: 0 });
  });
});
