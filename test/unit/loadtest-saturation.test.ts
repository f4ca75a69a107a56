import { describe, expect, it } from 'vitest';
import {
  analyzeSaturation,
  type SloTargets,
  type SweepLevel,
} from '../../server/domains/loadtest/analysis/saturation.js';

/*
 * Open-loop rate sweep, 10…100 req/s against a server with capacity 52 req/s:
 * achieved = min(offered, 52); TTFT p95 = 100 + 10·λ up to 50 req/s, then 600 + 400·(λ − 50)
 * (queueing), a convex curve with its elbow at 50.
 */
function rateSweep(): SweepLevel[] {
  return Array.from({ length: 10 }, (_, i) => {
    const rate = 10 * (i + 1);
    const ttft = rate <= 50 ? 100 + 10 * rate : 600 + 400 * (rate - 50);
    return {
      level: i,
      offeredLoad: rate,
      achievedRps: Math.min(rate, 52),
      outputTokensPerSecond: Math.min(rate, 52) * 256,
      ttftP95: ttft,
      itlP95: 20,
      e2eP95: ttft + 255 * 20,
      successRate: 1,
    };
  });
}

/*
 * Closed-loop concurrency sweep 1, 2, 4 … 256 against a server that batches up to 64 sequences:
 * ITL = 20·(1 + running/32) ms, TTFT = 80·(1 + running/64) ms, service time = TTFT + 255·ITL,
 * throughput = running / service; beyond 64 clients the extra ones queue (Little's law).
 * p95s are the means scaled by 1.3 (TTFT), 1.2 (ITL), 1.15 (E2E).
 */
function concurrencySweep(): SweepLevel[] {
  return [1, 2, 4, 8, 16, 32, 64, 128, 256].map((clients, i) => {
    const running = Math.min(clients, 64);
    const itl = 20 * (1 + running / 32);
    const ttft = 80 * (1 + running / 64);
    const service = ttft + 255 * itl;
    const rps = (running / service) * 1000;
    const queueMs = clients > 64 ? ((clients - 64) / rps) * 1000 : 0;
    return {
      level: i,
      offeredLoad: clients,
      achievedRps: rps,
      outputTokensPerSecond: rps * 256,
      ttftP95: (ttft + queueMs) * 1.3,
      itlP95: itl * 1.2,
      e2eP95: (service + queueMs) * 1.15,
      successRate: 1,
    };
  });
}

describe('analyzeSaturation: rate sweep', () => {
  const slo: SloTargets = { ttftP95Ms: 1000, itlP95Ms: 50, e2eP95Ms: 60_000 };

  it('finds the knee, the saturation point, max goodput and the range', () => {
    const a = analyzeSaturation(rateSweep(), slo);
    // Kneedle on TTFT: normalised x = (λ − 10)/90, y = (ttft − 200)/20400; d = x − y peaks at λ = 50
    // (0.4248) and falls to 0.2549 < 0.4248 − 1/9 at λ = 70.
    expect(a.knee).toEqual({ level: 4, offeredLoad: 50, achievedRps: 50, metric: 'ttftP95', latencyMs: 600 });
    // Throughput: y' = (R − 10)/42, d = y' − x' is 0.508 at 50 and 0.444 at 60.
    expect(a.throughputKnee).toEqual({ level: 4, offeredLoad: 50, achievedRps: 50 });
    // Elasticity 50 → 60 is (52/50 − 1)/(60/50 − 1) = 0.2 ≥ 0.1; from 60 on throughput is flat.
    expect(a.saturationPoint).toEqual({ level: 5, offeredLoad: 60, achievedRps: 52, peakAchievedRps: 52 });
    // TTFT ≤ 1000 ms up to 50 req/s (600 ms); 4600 ms at 60.
    expect(a.levelsMeetingSlo).toEqual([0, 1, 2, 3, 4]);
    expect(a.maxGoodput).toEqual({
      level: 4,
      offeredLoad: 50,
      achievedRps: 50,
      outputTokensPerSecond: 12_800,
      ttftP95: 600,
      itlP95: 20,
      e2eP95: 5700,
    });
    // Upper end 50 (max goodput, below saturation at 60); lower end: first level with ≥ 25 req/s.
    expect(a.recommendedRange).toEqual({ minLoad: 30, maxLoad: 50 });
    expect(a.notes).toContain('At 60.0 req/s the SLO is missed: TTFT p95 4600 ms > 1000 ms (+360%).');
    expect(a.settings).toEqual({
      kneeMetric: 'ttftP95',
      sensitivity: 1,
      saturationElasticity: 0.1,
      minSuccessRate: 0.99,
      minUtilization: 0.5,
      units: { axis: 'rate', unit: 'req', noun: 'streams' },
    });
  });

  it('without an SLO ends the range at the knee', () => {
    const a = analyzeSaturation(rateSweep());
    expect(a.maxGoodput).toBeNull();
    expect(a.levelsMeetingSlo).toEqual([]);
    expect(a.recommendedRange).toEqual({ minLoad: 30, maxLoad: 50 });
    expect(a.slo).toBeNull();
  });

  it('caps the range at the saturation point when the SLO is looser', () => {
    const a = analyzeSaturation(rateSweep(), { ttftP95Ms: 50_000, itlP95Ms: 50, e2eP95Ms: 100_000 });
    expect(a.maxGoodput?.offeredLoad).toBe(60); // first level with the peak 52 req/s
    expect(a.recommendedRange).toEqual({ minLoad: 30, maxLoad: 60 });
    expect(a.notes).toContain('Every level meets the SLO: its limit lies beyond the sweep.');
  });

  it('does not count levels with too many errors as meeting the SLO', () => {
    const levels = rateSweep().map((l) => (l.offeredLoad === 50 ? { ...l, successRate: 0.97 } : l));
    const a = analyzeSaturation(levels, slo);
    expect(a.levelsMeetingSlo).toEqual([0, 1, 2, 3]);
    expect(a.maxGoodput?.offeredLoad).toBe(40);
    expect(a.notes).toContain('At 50.0 req/s the SLO is missed: success rate 97% < 99%.');
  });

  it('reports when no level meets the SLO', () => {
    const a = analyzeSaturation(rateSweep(), { ttftP95Ms: 150, itlP95Ms: 50, e2eP95Ms: 60_000 });
    expect(a.maxGoodput).toBeNull();
    expect(a.recommendedRange).toBeNull();
    expect(a.notes).toContain(
      'No level meets the SLO; at the lightest load: TTFT p95 200 ms > 150 ms (+33.3%).',
    );
  });
});

describe('analyzeSaturation: concurrency sweep', () => {
  it('finds the knee and saturation at the batch limit and the SLO limit below it', () => {
    const levels = concurrencySweep();
    const a = analyzeSaturation(levels, { ttftP95Ms: 600, itlP95Ms: 45, e2eP95Ms: 20_000 });
    // TTFT jumps from 208 ms at 64 clients to 20 s at 128 when requests start to queue.
    expect(a.knee).toMatchObject({ offeredLoad: 64, metric: 'ttftP95' });
    expect(a.throughputKnee?.offeredLoad).toBe(64);
    expect(a.saturationPoint).toMatchObject({ offeredLoad: 64 });
    expect(a.saturationPoint!.achievedRps).toBeCloseTo(64_000 / (160 + 255 * 60), 10); // 4.1397 req/s
    // ITL p95 = 1.2·20·(1 + c/32): 36 ms at 16 clients, 48 ms at 32 > 45 ms.
    expect(a.levelsMeetingSlo).toEqual([0, 1, 2, 3, 4]);
    expect(a.maxGoodput?.offeredLoad).toBe(16);
    expect(a.maxGoodput!.achievedRps).toBeCloseTo(16_000 / (100 + 255 * 30), 10); // 2.0645 req/s
    // Lower end: the first level reaching half of 2.0645 req/s is 8 clients (1.24 req/s).
    expect(a.recommendedRange).toEqual({ minLoad: 8, maxLoad: 16 });
  });

  it('finds no E2E knee: under closed-loop load E2E grows almost linearly with clients', () => {
    const a = analyzeSaturation(concurrencySweep(), undefined, { kneeMetric: 'e2eP95' });
    expect(a.knee).toBeNull();
    expect(a.notes).toContain('No E2E p95 knee: latency has no pronounced bend over the sweep.');
    // Without SLO and knee, the range ends at the saturation point (4.14 req/s); 16 clients reach
    // 2.0645 req/s, just under half of that, so the range starts at 32.
    expect(a.recommendedRange).toEqual({ minLoad: 32, maxLoad: 64 });
  });
});

describe('analyzeSaturation: edge cases', () => {
  it('says when the sweep never saturates', () => {
    const levels = [1, 2, 4, 8].map((c, i) => ({
      level: i,
      offeredLoad: c,
      achievedRps: 3 * c,
      outputTokensPerSecond: 300 * c,
      ttftP95: 100,
      itlP95: 20,
      e2eP95: 5000,
      successRate: 1,
    }));
    const a = analyzeSaturation(levels);
    expect(a.saturationPoint).toBeNull();
    expect(a.knee).toBeNull();
    expect(a.recommendedRange).toBeNull();
    expect(a.notes).toContain(
      'Throughput still grows at the highest level (+100% over the previous level): the sweep did not reach saturation.',
    );
  });

  it('finds saturation when throughput falls under overload', () => {
    const achieved = [10, 20, 30, 30, 25, 20];
    const levels = achieved.map((r, i) => ({
      level: i,
      offeredLoad: 10 * (i + 1),
      achievedRps: r,
      outputTokensPerSecond: r * 100,
      ttftP95: 100 * (i + 1) ** 2,
      itlP95: 20,
      e2eP95: 5000,
      successRate: 1,
    }));
    expect(analyzeSaturation(levels).saturationPoint).toEqual({
      level: 2,
      offeredLoad: 30,
      achievedRps: 30,
      peakAchievedRps: 30,
    });
  });

  it('sorts levels by load and rejects ambiguous input', () => {
    const reversed = analyzeSaturation([...rateSweep()].reverse());
    expect(reversed.saturationPoint?.offeredLoad).toBe(60);
    const levels = rateSweep();
    expect(() => analyzeSaturation([...levels, { ...levels[0]!, level: 99 }])).toThrow(
      /share offered load 10/,
    );
    expect(() => analyzeSaturation([{ ...levels[0]!, ttftP95: Number.NaN }])).toThrow(RangeError);
    expect(() => analyzeSaturation([{ ...levels[0]!, offeredLoad: 0 }])).toThrow(RangeError);
  });

  it('handles empty and tiny sweeps', () => {
    expect(analyzeSaturation([])).toMatchObject({
      knee: null,
      saturationPoint: null,
      recommendedRange: null,
      notes: ['The sweep has no levels.'],
    });
    const two = analyzeSaturation(rateSweep().slice(0, 2));
    expect(two.knee).toBeNull();
    expect(two.notes[0]).toBe('Fewer than 3 load levels: knee detection needs at least 3.');
  });
});
