import { describe, expect, it } from 'vitest';
import {
  estimateCandidateRows,
  fitLine,
  leaveOneProfileOut,
  type ProfiledRow,
} from '../../server/domains/recommend/core/estimate.js';
import { recommend } from '../../server/domains/recommend/core/recommend.js';
import type { BenchmarkSourceKey, TokenProfile } from '../../server/domains/recommend/types.js';
import { gpus, H100, MODEL_A, models, spec } from './recommend-fixtures.js';

const PROFILES: TokenProfile[] = [
  { promptTokens: 512, outputTokens: 256 },
  { promptTokens: 1024, outputTokens: 1024 },
  { promptTokens: 4096, outputTokens: 512 },
  { promptTokens: 10240, outputTokens: 1536 },
];

/**
 * Synthetic data that follows the estimate's model exactly, config (model 1, H100, 1 GPU):
 *   c = 1: TTFT = 20 + 0.05·p,  ITL = 8 + 0.002·(p + o)
 *   c = 4: 1.5 × the c = 1 TTFT, 1.25 × the c = 1 ITL (constant load multipliers)
 *   E2E = TTFT + o·ITL (ratio 1), req/s = 1000·c / E2E (Little's law, ms → s)
 */
function linearRows(profiles: TokenProfile[], source: BenchmarkSourceKey = 'SYNTHETIC'): ProfiledRow[] {
  const out: ProfiledRow[] = [];
  let id = 1;
  for (const p of profiles) {
    for (const [c, mT, mI] of [
      [1, 1, 1],
      [4, 1.5, 1.25],
    ] as const) {
      const ttft = mT * (20 + 0.05 * p.promptTokens);
      const itl = mI * (8 + 0.002 * (p.promptTokens + p.outputTokens));
      const e2e = ttft + p.outputTokens * itl;
      out.push({
        benchmarkId: id++,
        modelId: 1,
        gpuId: 10,
        gpuCount: 1,
        source,
        concurrency: c,
        requestsPerSecond: (1000 * c) / e2e,
        ttftP95: ttft,
        itlP95: itl,
        e2eP95: e2e,
        ...p,
      });
    }
  }
  return out;
}

describe('fitLine', () => {
  it('least squares on hand-checkable points', () => {
    // (0,1), (1,3), (2,5): y = 1 + 2x.
    expect(fitLine([0, 1, 2], [1, 3, 5])).toEqual({ intercept: 1, slope: 2 });
    // (1,2), (2,3), (3,7): x̄ = 2, ȳ = 4, Sxy = (−1)(−2) + 0 + (1)(3) = 5, Sxx = 2 → slope 2.5, intercept 4 − 5 = −1.
    const f = fitLine([1, 2, 3], [2, 3, 7]);
    expect(f?.slope).toBeCloseTo(2.5, 12);
    expect(f?.intercept).toBeCloseTo(-1, 12);
    expect(fitLine([5, 5], [1, 2])).toBeNull();
    expect(fitLine([5], [1])).toBeNull();
  });
});

describe('estimateCandidateRows', () => {
  it('recovers the lines for a held-out profile', () => {
    // Target 4096→512 from the other three profiles:
    //   c = 1: TTFT = 20 + 0.05·4096 = 224.8; ITL = 8 + 0.002·4608 = 17.216;
    //          E2E = 224.8 + 512·17.216 = 224.8 + 8814.592 = 9039.392; req/s = 1000 / 9039.392 = 0.110627
    //   c = 4: TTFT = 1.5 × 224.8 = 337.2; ITL = 1.25 × 17.216 = 21.52;
    //          E2E = 337.2 + 512·21.52 = 337.2 + 11018.24 = 11355.44; req/s = 4000 / 11355.44 = 0.352254
    const target = { promptTokens: 4096, outputTokens: 512 };
    const training = linearRows(PROFILES.filter((p) => p.promptTokens !== 4096));
    const est = estimateCandidateRows(target, training);
    expect(est).toHaveLength(2);
    const [c1, c4] = est;
    expect(c1).toMatchObject({
      modelId: 1,
      gpuId: 10,
      gpuCount: 1,
      concurrency: 1,
      estimated: true,
      source: 'SYNTHETIC',
    });
    expect(c1?.benchmarkId).toBeLessThan(0);
    expect(c1?.ttftP95).toBeCloseTo(224.8, 6);
    expect(c1?.itlP95).toBeCloseTo(17.216, 6);
    expect(c1?.e2eP95).toBeCloseTo(9039.392, 5);
    expect(c1?.requestsPerSecond).toBeCloseTo(0.110627, 6);
    expect(c4?.ttftP95).toBeCloseTo(337.2, 6);
    expect(c4?.itlP95).toBeCloseTo(21.52, 6);
    expect(c4?.e2eP95).toBeCloseTo(11355.44, 5);
    expect(c4?.requestsPerSecond).toBeCloseTo(0.352254, 6);
    // Provenance (ids: 512→256 rows 1, 2; 1024→1024 rows 3, 4; 10240→1536 rows 5, 6): the c = 1 line uses
    // rows 1, 3, 5; the c = 4 multipliers come from the bracketing profiles 1024→1024 (rows 4 / 3) and
    // 10240→1536 (rows 6 / 5), since log(4096 + 512) lies between log(2048) and log(11776).
    expect(c1?.estimatedFrom?.benchmarkIds).toEqual([1, 3, 5]);
    expect(c1?.estimatedFrom?.profiles.map((p) => p.promptTokens)).toEqual([512, 1024, 10240]);
    expect(c4?.estimatedFrom?.benchmarkIds).toEqual([1, 3, 4, 5, 6]);
  });

  it('interpolates load multipliers geometrically between the bracketing profiles', () => {
    // Training profiles A = 800→200 (p + o = 1000) and B = 3200→800 (p + o = 4000); target 1600→400 (2000).
    //   c = 1 TTFT: A 50, B 170 → slope 120 / 2400 = 0.05, intercept 10 → 10 + 0.05·1600 = 90
    //   c = 1 ITL:  A 10, B 16  → slope 6 / 3000 = 0.002, intercept 8 → 8 + 0.002·2000 = 12
    //   c = 8 TTFT multipliers: A 100 / 50 = 2, B 1360 / 170 = 8; t = ln(2000/1000) / ln(4000/1000) = 0.5
    //     → exp(ln 2 + 0.5·(ln 8 − ln 2)) = 4 → TTFT = 90 × 4 = 360
    //   c = 8 ITL multipliers: A 15 / 10 = 1.5, B 24 / 16 = 1.5 → ITL = 12 × 1.5 = 18
    //   E2E = 1 × (360 + 400·18) = 7560 (every row has E2E = TTFT + o·ITL); req/s = 1000·8 / 7560 = 1.058201
    //   c = 1: E2E = 90 + 400·12 = 4890; req/s = 1000 / 4890 = 0.204499
    const mk = (id: number, p: number, o: number, c: number, ttft: number, itl: number): ProfiledRow => {
      const e2e = ttft + o * itl;
      return {
        benchmarkId: id,
        modelId: 1,
        gpuId: 10,
        gpuCount: 1,
        source: 'SYNTHETIC',
        concurrency: c,
        requestsPerSecond: (1000 * c) / e2e,
        ttftP95: ttft,
        itlP95: itl,
        e2eP95: e2e,
        promptTokens: p,
        outputTokens: o,
      };
    };
    const rows = [
      mk(1, 800, 200, 1, 50, 10),
      mk(2, 800, 200, 8, 100, 15),
      mk(3, 3200, 800, 1, 170, 16),
      mk(4, 3200, 800, 8, 1360, 24),
    ];
    const [c1, c8] = estimateCandidateRows({ promptTokens: 1600, outputTokens: 400 }, rows);
    expect(c1?.ttftP95).toBeCloseTo(90, 9);
    expect(c1?.itlP95).toBeCloseTo(12, 9);
    expect(c1?.e2eP95).toBeCloseTo(4890, 6);
    expect(c1?.requestsPerSecond).toBeCloseTo(0.204499, 6);
    expect(c8?.ttftP95).toBeCloseTo(360, 9);
    expect(c8?.itlP95).toBeCloseTo(18, 9);
    expect(c8?.e2eP95).toBeCloseTo(7560, 6);
    expect(c8?.requestsPerSecond).toBeCloseTo(1.058201, 6);
    // Outside the training range the nearest profile's multiplier applies: 400→100 (p + o = 500 < 1000) uses A's 2.
    // c = 1 TTFT = 10 + 0.05·400 = 30 → c = 8 TTFT = 60.
    const below = estimateCandidateRows({ promptTokens: 400, outputTokens: 100 }, rows);
    expect(below[1]?.ttftP95).toBeCloseTo(60, 9);
  });

  it('ignores rows of the target profile and configs that have exact rows', () => {
    const all = linearRows(PROFILES);
    const target = { promptTokens: 4096, outputTokens: 512 };
    // Rows of 4096→512 in the input are not used: still the same line.
    expect(estimateCandidateRows(target, all)[0]?.estimatedFrom?.benchmarkIds).toEqual([1, 3, 7]);
    const exact = all.filter((r) => r.promptTokens === 4096);
    expect(estimateCandidateRows(target, all, { exactRows: exact })).toEqual([]);
  });

  it('needs two profiles per level and labels the config with the least trusted source used', () => {
    expect(
      estimateCandidateRows({ promptTokens: 4096, outputTokens: 512 }, linearRows(PROFILES.slice(0, 1))),
    ).toEqual([]);
    const mixed = [...linearRows(PROFILES.slice(0, 1), 'MEASURED'), ...linearRows(PROFILES.slice(1, 2))].map(
      (r, i) => ({
        ...r,
        benchmarkId: i + 1,
      }),
    );
    const est = estimateCandidateRows({ promptTokens: 4096, outputTokens: 512 }, mixed);
    expect(est.map((r) => r.source)).toEqual(['SYNTHETIC', 'SYNTHETIC']);
    expect(
      estimateCandidateRows({ promptTokens: 4096, outputTokens: 512 }, mixed, { sources: ['MEASURED'] }),
    ).toEqual([]);
  });

  it('feeds recommend, which flags the result', () => {
    const target = { promptTokens: 4096, outputTokens: 512 };
    const est = estimateCandidateRows(target, linearRows(PROFILES.filter((p) => p.promptTokens !== 4096)));
    // Targets loose enough for both levels: C = 0.352254 req/s; Q = 0.5, h = 0 → R = ceil(1.4194) = 2;
    // q = 0.25 lies between the two estimated rows, so both are used.
    const s = spec({
      ...target,
      requestsPerSecond: 0.5,
      headroomPercent: 0,
      slo: { ttftP95Ms: 600, itlP95Ms: 30, e2eP95Ms: 20000 },
    });
    const r = recommend(s, est, models(MODEL_A), gpus(H100)).recommendations[0];
    expect(r).toMatchObject({ estimated: true, replicas: 2, benchmarkIdsUsed: [1, 3, 4, 5, 6] });
  });
});

describe('leaveOneProfileOut', () => {
  it('is zero on data that follows the model exactly', () => {
    const res = leaveOneProfileOut(linearRows(PROFILES));
    expect(res.rowsEvaluated).toBe(8);
    expect(res.rowsNotEstimable).toBe(0);
    for (const v of Object.values(res.mape)) expect(v).toBeLessThan(1e-9);
    for (const v of Object.values(res.medianApe)) expect(v).toBeLessThan(1e-9);
    expect(res.perProfile).toHaveLength(4);
  });

  it('measures the TTFT error of a bent curve, hand-computed', () => {
    // One level (c = 1), output 100 tokens, TTFT 100 / 200 / 360 ms at prompts 1000 / 2000 / 3000, ITL linear.
    //   hold out 3000: line through (1000,100),(2000,200) → 300; |300 − 360| / 360 = 16.667 %
    //   hold out 2000: line through (1000,100),(3000,360) → 230; |230 − 200| / 200 = 15 %
    //   hold out 1000: line through (2000,200),(3000,360) → 40;  |40 − 100| / 100 = 60 %
    //   MAPE = (16.667 + 15 + 60) / 3 = 30.556 %, median 16.667 %; ITL MAPE 0.
    const rows: ProfiledRow[] = [
      [1000, 100],
      [2000, 200],
      [3000, 360],
    ].map(([p, ttft], i) => {
      const itl = 10 + 0.001 * ((p as number) + 100);
      const e2e = (ttft as number) + 100 * itl;
      return {
        benchmarkId: i + 1,
        modelId: 1,
        gpuId: 10,
        gpuCount: 1,
        source: 'SYNTHETIC' as const,
        concurrency: 1,
        requestsPerSecond: 1000 / e2e,
        ttftP95: ttft as number,
        itlP95: itl,
        e2eP95: e2e,
        promptTokens: p as number,
        outputTokens: 100,
      };
    });
    const res = leaveOneProfileOut(rows);
    expect(res.rowsEvaluated).toBe(3);
    expect(res.mape.TTFT).toBeCloseTo(30.556, 3);
    expect(res.mape.ITL).toBeLessThan(1e-9);
    expect(res.mape.E2E).toBeGreaterThan(0);
    expect(res.medianApe.TTFT).toBeCloseTo(16.667, 3);
    expect(res.perProfile.map((p) => Math.round(p.mape.TTFT * 1000) / 1000)).toEqual([60, 15, 16.667]);
  });

  it('can score only some held-out rows', () => {
    // Same bent curve, scoring rows with TTFT ≤ 250 ms only: prompts 1000 (60 %) and 2000 (15 %) → MAPE 37.5 %.
    const rows: ProfiledRow[] = [
      [1000, 100],
      [2000, 200],
      [3000, 360],
    ].map(([p, ttft], i) => ({
      benchmarkId: i + 1,
      modelId: 1,
      gpuId: 10,
      gpuCount: 1,
      source: 'SYNTHETIC' as const,
      concurrency: 1,
      requestsPerSecond: 1,
      ttftP95: ttft as number,
      itlP95: 10 + 0.001 * ((p as number) + 100),
      e2eP95: 5000,
      promptTokens: p as number,
      outputTokens: 100,
    }));
    const res = leaveOneProfileOut(rows, { evaluate: (r) => r.ttftP95 <= 250 });
    expect(res.rowsEvaluated).toBe(2);
    expect(res.mape.TTFT).toBeCloseTo(37.5, 9);
  });

  it('counts rows that cannot be estimated', () => {
    // Only two profiles: each held-out profile leaves one training profile → no fit.
    const res = leaveOneProfileOut(linearRows(PROFILES.slice(0, 2)));
    expect(res.rowsEvaluated).toBe(0);
    expect(res.rowsNotEstimable).toBe(4);
    expect(Number.isNaN(res.mape.TTFT)).toBe(true);
  });
});
