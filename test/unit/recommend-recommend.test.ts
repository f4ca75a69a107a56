import { describe, expect, it } from 'vitest';
import { recommend } from '../../server/domains/recommend/core/recommend.js';
import type { CandidateRow, ModelInfo } from '../../server/domains/recommend/types.js';
import { gpus, H100, L4, MODEL_A, models, row, spec, workedRows } from './recommend-fixtures.js';

describe('the worked example (SPEC §4, hand-computed)', () => {
  // Rows #101..#104 (see recommend-fixtures.ts), Q = 20 req/s, h = 20 %, targets 150 / 25 / 7000 ms, H100 at $4.50/h.
  //   feasible: #101, #102, #103 (#104 misses all three)
  //   C = 8 req/s (#103)
  //   R = ceil(20 × 1.2 / 8) = ceil(3) = 3; GPUs = 3 × 1 = 3
  //   cost = 3 × $4.50 × 730 = $9,855 / month
  //   q = 20 / 3 = 6.6667 req/s, between #102 (5) and #103 (8): t = 1.6667 / 3 = 5/9 = 0.5556
  //   TTFT = 80 + 5/9 × 40 = 102.2222; ITL = 14 + 5/9 × 6 = 17.3333; E2E = 3700 + 5/9 × 1500 = 4533.3333
  //   margins: TTFT 47.7778 / 150 = 0.318519; ITL 7.6667 / 25 = 0.306667; E2E 2466.6667 / 7000 = 0.352381
  const out = recommend(spec(), workedRows(), models(MODEL_A), gpus(H100));
  const rec = out.recommendations[0];

  it('computes capacity, replicas, GPUs and cost', () => {
    expect(out.recommendations).toHaveLength(1);
    expect(rec).toMatchObject({
      rank: 1,
      modelId: 1,
      gpuId: 10,
      gpuCount: 1,
      perReplicaCapacityRps: 8,
      replicas: 3,
      totalGpus: 3,
      monthlyCostUsd: 9855,
      source: 'SYNTHETIC',
      estimated: false,
      score: null,
      benchmarkIdsUsed: [102, 103],
    });
    expect(rec?.perReplicaLoadRps).toBeCloseTo(6.6667, 4);
  });

  it('interpolates the p95s at q and derives the margins', () => {
    expect(rec?.predicted.ttftP95Ms).toBeCloseTo(102.2222, 4);
    expect(rec?.predicted.itlP95Ms).toBeCloseTo(17.3333, 4);
    expect(rec?.predicted.e2eP95Ms).toBeCloseTo(4533.3333, 4);
    expect(rec?.sloMargins.ttftP95Ms).toBeCloseTo(0.318519, 6);
    expect(rec?.sloMargins.itlP95Ms).toBeCloseTo(0.306667, 6);
    expect(rec?.sloMargins.e2eP95Ms).toBeCloseTo(0.352381, 6);
    expect(rec?.nearMiss).toBeUndefined();
  });

  it('explains every number', () => {
    const e = rec?.explanation ?? '';
    expect(e).toContain('org/model-a on 1 × H100, profile 512→256: SYNTHETIC benchmarks');
    expect(e).toContain('4 rows, 3 feasible (p95 TTFT ≤ 150 ms, ITL ≤ 25 ms, E2E ≤ 7,000 ms).');
    expect(e).toContain(
      'Rows used: #102 (concurrency 4, 5 req/s, p95 TTFT 80 / ITL 14 / E2E 3,700 ms), ' +
        '#103 (concurrency 8, 8 req/s, p95 TTFT 120 / ITL 20 / E2E 5,200 ms).',
    );
    expect(e).toContain(
      'Capacity: C = 8 req/s per replica (row #103, the highest req/s among feasible rows).',
    );
    expect(e).toContain('Replicas: ceil(20 × 1.20 / 8) = ceil(3) = 3 replicas; GPUs: 3 × 1 = 3.');
    expect(e).toContain('Cost: 3 × 1 × $4.50/h × 730 h = $9,855/month.');
    expect(e).toContain('t = (6.67 − 5) / (8 − 5) = 0.5556');
    expect(e).toContain('TTFT p95 = 80 + 0.5556 × (120 − 80) = 102.22 ms');
    expect(e).toContain('E2E p95 = 3,700 + 0.5556 × (5,200 − 3,700) = 4,533.33 ms');
    expect(e).toContain('SLO margins: TTFT (150 − 102.22) / 150 = 31.9 %; ITL (25 − 17.33) / 25 = 30.7 %');
  });

  it('summarises the result', () => {
    expect(out.explanation).toContain('Priority COST');
    expect(out.explanation).toContain('peak load 20 req/s + 20 % headroom = 24 req/s to serve');
    expect(out.explanation).toContain('1 configs considered: 1 feasible (1 shown), 0 near misses');
  });

  it('scales with the GPU count: 2 GPUs per replica double the GPUs and the cost', () => {
    // Same rows on 2 × H100: R = 3, GPUs = 3 × 2 = 6, cost = 6 × 4.50 × 730 = $19,710.
    const r = recommend(spec(), workedRows({ gpuCount: 2 }), models(MODEL_A), gpus(H100)).recommendations[0];
    expect(r).toMatchObject({ replicas: 3, totalGpus: 6, monthlyCostUsd: 19710 });
  });

  it('writes out the replica arithmetic of the brief (120 req/s, 20 %, C = 14.3)', () => {
    // One feasible row at 14.3 req/s: R = ceil(144 / 14.3) = ceil(10.07) = 11; cost = 11 × 1 × 4.50 × 730 = $36,135.
    // q = 120 / 11 = 10.91 < 14.3 → the lightest feasible row's p95s.
    const rows = [
      row({
        benchmarkId: 7,
        concurrency: 16,
        requestsPerSecond: 14.3,
        ttftP95: 90,
        itlP95: 18,
        e2eP95: 4000,
      }),
      row({ benchmarkId: 8, concurrency: 32, requestsPerSecond: 20, ttftP95: 400, itlP95: 40, e2eP95: 9000 }),
    ];
    const r = recommend(spec({ requestsPerSecond: 120 }), rows, models(MODEL_A), gpus(H100))
      .recommendations[0];
    expect(r).toMatchObject({ replicas: 11, totalGpus: 11, monthlyCostUsd: 36135 });
    expect(r?.predicted).toEqual({ ttftP95Ms: 90, itlP95Ms: 18, e2eP95Ms: 4000 });
    expect(r?.explanation).toContain('ceil(120 × 1.20 / 14.3) = ceil(10.07) = 11 replicas');
    expect(r?.explanation).toContain('11 × 1 × $4.50/h × 730 h = $36,135/month');
    expect(r?.explanation).toContain('below the lightest feasible row #7 (14.3 req/s)');
  });
});

describe('source precedence', () => {
  // Same config, SYNTHETIC rows #101..#104 plus MEASURED rows:
  //   #201 c=1 1.5 req/s TTFT 70 ITL 12 E2E 3000; #202 c=4 4 req/s TTFT 100 ITL 18 E2E 4500
  // MEASURED wins: C = 4; R = ceil(24 / 4) = 6; cost = 6 × 4.50 × 730 = $19,710;
  // q = 20 / 6 = 3.3333, t = (3.3333 − 1.5) / 2.5 = 0.73333:
  //   TTFT = 70 + 0.73333 × 30 = 92; ITL = 12 + 0.73333 × 6 = 16.4; E2E = 3000 + 0.73333 × 1500 = 4100.
  const measured = [
    row({
      benchmarkId: 201,
      source: 'MEASURED',
      concurrency: 1,
      requestsPerSecond: 1.5,
      ttftP95: 70,
      itlP95: 12,
      e2eP95: 3000,
    }),
    row({
      benchmarkId: 202,
      source: 'MEASURED',
      concurrency: 4,
      requestsPerSecond: 4,
      ttftP95: 100,
      itlP95: 18,
      e2eP95: 4500,
    }),
  ];
  const rows = [...workedRows(), ...measured];

  it('uses only the most trusted source present and names it', () => {
    const r = recommend(spec(), rows, models(MODEL_A), gpus(H100)).recommendations[0];
    expect(r).toMatchObject({
      source: 'MEASURED',
      perReplicaCapacityRps: 4,
      replicas: 6,
      monthlyCostUsd: 19710,
    });
    expect(r?.benchmarkIdsUsed).toEqual([201, 202]);
    expect(r?.predicted.ttftP95Ms).toBeCloseTo(92, 9);
    expect(r?.predicted.itlP95Ms).toBeCloseTo(16.4, 9);
    expect(r?.predicted.e2eP95Ms).toBeCloseTo(4100, 9);
    expect(r?.explanation).toContain(
      'MEASURED benchmarks (the most trusted source with rows for this config; its rows take precedence over SYNTHETIC rows)',
    );
  });

  it('IMPORTED outranks SYNTHETIC', () => {
    const imported = workedRows({ source: 'IMPORTED' }).map((r) => ({
      ...r,
      benchmarkId: r.benchmarkId + 200,
    }));
    const r = recommend(spec(), [...workedRows(), ...imported], models(MODEL_A), gpus(H100))
      .recommendations[0];
    expect(r?.source).toBe('IMPORTED');
    expect(r?.benchmarkIdsUsed).toEqual([302, 303]);
  });

  it('MEASURED outranks IMPORTED', () => {
    const imported = workedRows({ source: 'IMPORTED' }).map((r) => ({
      ...r,
      benchmarkId: r.benchmarkId + 200,
    }));
    const r = recommend(spec(), [...imported, ...measured], models(MODEL_A), gpus(H100)).recommendations[0];
    expect(r).toMatchObject({ source: 'MEASURED', benchmarkIdsUsed: [201, 202] });
    expect(r?.explanation).toContain('its rows take precedence over IMPORTED rows');
  });

  it('spec.sources restricts which sources count', () => {
    const r = recommend(spec({ sources: ['SYNTHETIC', 'IMPORTED'] }), rows, models(MODEL_A), gpus(H100));
    expect(r.recommendations[0]).toMatchObject({
      source: 'SYNTHETIC',
      perReplicaCapacityRps: 8,
      replicas: 3,
    });
    const none = recommend(spec({ sources: ['IMPORTED'] }), rows, models(MODEL_A), gpus(H100));
    expect(none.recommendations).toEqual([]);
    expect(none.rejected).toEqual([]);
    expect(none.explanation).toContain('1 skipped (no rows from the allowed sources)');
  });

  it('a more trusted source decides even when it is worse', () => {
    // MEASURED rows all miss TTFT badly (300 ms at the lightest load): rejected, though SYNTHETIC rows would pass.
    const bad = [row({ benchmarkId: 301, source: 'MEASURED', concurrency: 1, ttftP95: 300 })];
    const out = recommend(spec(), [...workedRows(), ...bad], models(MODEL_A), gpus(H100));
    expect(out.recommendations).toEqual([]);
    expect(out.rejected[0]).toMatchObject({ code: 'SLO_NOT_MET', source: 'MEASURED' });
  });
});

describe('rejections', () => {
  it('names the metric, the gap and the lightest load', () => {
    // Lightest load is concurrency 1 (given second): TTFT (212 − 150) / 150 = +41.3 %.
    const rows = [
      row({ benchmarkId: 2, concurrency: 4, requestsPerSecond: 3, ttftP95: 300, itlP95: 30, e2eP95: 8000 }),
      row({ benchmarkId: 1, concurrency: 1, requestsPerSecond: 1, ttftP95: 212, itlP95: 20, e2eP95: 5000 }),
    ];
    const out = recommend(spec(), rows, models(MODEL_A), gpus(H100));
    expect(out.rejected).toEqual([
      {
        modelId: 1,
        gpuId: 10,
        gpuCount: 1,
        code: 'SLO_NOT_MET',
        source: 'SYNTHETIC',
        estimated: false,
        reason: 'TTFT p95 212 ms > 150 ms target (+41.3 %) at the lightest load (concurrency 1)',
      },
    ]);
  });

  it('lists several missed metrics and falls back to req/s for rate-based rows', () => {
    // TTFT +41.3 %, ITL (40 − 25) / 25 = +60 %.
    const rows = [
      row({ benchmarkId: 1, concurrency: null, requestsPerSecond: 1.5, ttftP95: 212, itlP95: 40 }),
    ];
    const out = recommend(spec(), rows, models(MODEL_A), gpus(H100));
    expect(out.rejected[0]?.reason).toBe(
      'TTFT p95 212 ms > 150 ms target (+41.3 %), ITL p95 40 ms > 25 ms target (+60 %) at the lightest load (1.5 req/s)',
    );
  });

  it('GPU cap and budget', () => {
    // The worked example needs 3 GPUs and $9,855/month.
    const cap = recommend(spec({ maxGpus: 2 }), workedRows(), models(MODEL_A), gpus(H100)).rejected[0];
    expect(cap).toMatchObject({ code: 'OVER_GPU_CAP', reason: 'needs 3 GPUs (3 replicas × 1) > max 2 GPUs' });
    const budget = recommend(spec({ maxMonthlyCostUsd: 9000 }), workedRows(), models(MODEL_A), gpus(H100))
      .rejected[0];
    expect(budget).toMatchObject({
      code: 'OVER_BUDGET',
      reason: 'costs $9,855/month (3 × 1 × $4.50/h × 730 h = $9,855/month) > budget $9,000/month',
    });
    const both = recommend(
      spec({ maxGpus: 2, maxMonthlyCostUsd: 9000 }),
      workedRows(),
      models(MODEL_A),
      gpus(H100),
    );
    expect(both.rejected[0]?.code).toBe('OVER_GPU_CAP');
    expect(both.rejected[0]?.reason).toContain('; costs $9,855/month');
    // At the limits exactly it passes.
    const exact = recommend(
      spec({ maxGpus: 3, maxMonthlyCostUsd: 9855 }),
      workedRows(),
      models(MODEL_A),
      gpus(H100),
    );
    expect(exact.recommendations).toHaveLength(1);
  });

  it('model and GPU filters', () => {
    const unapproved: ModelInfo = { ...MODEL_A, approved: false };
    const na = recommend(spec({ approvedOnly: true }), workedRows(), models(unapproved), gpus(H100))
      .rejected[0];
    expect(na).toEqual({
      modelId: 1,
      gpuId: 10,
      gpuCount: 1,
      code: 'NOT_APPROVED',
      reason: 'model is not approved for production (approved models only)',
    });
    const q = recommend(spec({ minQualityScore: 85 }), workedRows(), models(MODEL_A), gpus(H100)).rejected[0];
    expect(q).toMatchObject({ code: 'BELOW_MIN_QUALITY', reason: 'model quality 80 < minimum 85' });
    const g = recommend(spec({ gpuTypes: ['L4', 'A100-80'] }), workedRows(), models(MODEL_A), gpus(H100))
      .rejected[0];
    expect(g).toMatchObject({
      code: 'GPU_TYPE_EXCLUDED',
      reason: 'GPU type H100 is not in the allowed types (L4, A100-80)',
    });
    // Type and aliases match case-insensitively.
    for (const allowed of ['h100', 'NVIDIA-H100']) {
      expect(
        recommend(spec({ gpuTypes: [allowed] }), workedRows(), models(MODEL_A), gpus(H100)).recommendations,
      ).toHaveLength(1);
    }
    // Several filters: first code, every reason.
    const many = recommend(
      spec({ approvedOnly: true, gpuTypes: ['L4'] }),
      workedRows(),
      models(unapproved),
      gpus(H100),
    );
    expect(many.rejected[0]?.code).toBe('GPU_TYPE_EXCLUDED');
    expect(many.rejected[0]?.reason).toContain('; model is not approved');
  });
});

describe('near misses', () => {
  // Lightest row TTFT 172.5 ms: (172.5 − 150) / 150 = +15 % → near miss.
  //   Relaxed TTFT target 172.5: only #1 is feasible → C = 1; Q = 2, h = 0 → R = ceil(2 / 1) = 2; GPUs 2 (L4 $0.80):
  //   cost = 2 × 0.80 × 730 = $1,168; q = 2 / 2 = 1 = #1's req/s → predicted = #1 = 172.5 / 20 / 5000.
  //   margins vs the real targets: TTFT (150 − 172.5) / 150 = −0.15; ITL 5 / 25 = 0.2; E2E 2000 / 7000 = 0.285714.
  const near = (ttft: number, modelId = 2): CandidateRow[] => [
    row({
      benchmarkId: modelId * 10 + 1,
      modelId,
      gpuId: 11,
      concurrency: 1,
      requestsPerSecond: 1,
      ttftP95: ttft,
      itlP95: 20,
      e2eP95: 5000,
    }),
    row({
      benchmarkId: modelId * 10 + 2,
      modelId,
      gpuId: 11,
      concurrency: 4,
      requestsPerSecond: 3,
      ttftP95: 190,
      itlP95: 23,
      e2eP95: 6500,
    }),
  ];
  const m2: ModelInfo = { id: 2, hfRepo: 'org/near-15', qualityScore: 70, approved: true };
  const m3: ModelInfo = { id: 3, hfRepo: 'org/far-25', qualityScore: 70, approved: true };
  const s = spec({ requestsPerSecond: 2, headroomPercent: 0 });

  it('15 % over comes back as a near miss planned with the relaxed target; 25 % over is rejected', () => {
    const out = recommend(s, [...near(172.5, 2), ...near(187.5, 3)], models(m2, m3), gpus(L4));
    expect(out.recommendations).toEqual([]);
    expect(out.nearMisses).toHaveLength(1);
    const nm = out.nearMisses[0];
    expect(nm).toMatchObject({
      rank: 1,
      modelId: 2,
      replicas: 2,
      totalGpus: 2,
      perReplicaCapacityRps: 1,
      benchmarkIdsUsed: [21],
    });
    expect(nm?.monthlyCostUsd).toBeCloseTo(1168, 9);
    expect(nm?.nearMiss?.metric).toBe('TTFT');
    expect(nm?.nearMiss?.gapPercent).toBeCloseTo(15, 9);
    expect(nm?.predicted).toEqual({ ttftP95Ms: 172.5, itlP95Ms: 20, e2eP95Ms: 5000 });
    expect(nm?.sloMargins.ttftP95Ms).toBeCloseTo(-0.15, 9);
    expect(nm?.sloMargins.itlP95Ms).toBeCloseTo(0.2, 9);
    expect(nm?.sloMargins.e2eP95Ms).toBeCloseTo(0.285714, 6);
    expect(nm?.explanation).toContain('NEAR MISS');
    expect(nm?.explanation).toContain('Planned as if the target were relaxed (TTFT to 172.5 ms).');
    expect(out.rejected).toEqual([
      expect.objectContaining({
        modelId: 3,
        code: 'SLO_NOT_MET',
        reason: 'TTFT p95 187.5 ms > 150 ms target (+25 %) at the lightest load (concurrency 1)',
      }),
    ]);
    expect(out.explanation).toContain(
      '0 feasible (0 shown), 1 near misses within 20 % of a target (1 shown), 1 rejected (1 SLO not met)',
    );
  });

  it('exactly 20 % is still a near miss', () => {
    // (180 − 150) / 150 = 0.2.
    const out = recommend(s, near(180), models(m2), gpus(L4));
    expect(out.nearMisses[0]?.nearMiss?.gapPercent).toBeCloseTo(20, 9);
  });

  it('reports the worst metric and relaxes every missed one', () => {
    // TTFT 165 (+10 %), ITL 29.5 ((29.5 − 25) / 25 = +18 %): metric ITL, gap 18.
    const rows = [
      row({
        benchmarkId: 5,
        modelId: 2,
        gpuId: 11,
        concurrency: 1,
        ttftP95: 165,
        itlP95: 29.5,
        e2eP95: 5000,
      }),
    ];
    const nm = recommend(s, rows, models(m2), gpus(L4)).nearMisses[0];
    expect(nm?.nearMiss?.metric).toBe('ITL');
    expect(nm?.nearMiss?.gapPercent).toBeCloseTo(18, 9);
    expect(nm?.explanation).toContain('relaxed (TTFT to 165 ms, ITL to 29.5 ms)');
  });

  it('a near miss over the budget is rejected, saying both', () => {
    const out = recommend({ ...s, maxMonthlyCostUsd: 1000 }, near(172.5), models(m2), gpus(L4));
    expect(out.nearMisses).toEqual([]);
    expect(out.rejected[0]?.code).toBe('SLO_NOT_MET');
    expect(out.rejected[0]?.reason).toContain('(+15 %)');
    expect(out.rejected[0]?.reason).toContain(
      'a near miss, but even with the target relaxed it costs $1,168/month',
    );
  });
});

describe('ranking through recommend', () => {
  // Three configs with the worked rows on different GPUs/models (Q = 20, h = 20 → R = 3 each):
  //   A: model-a (quality 80) on H100 $4.50 → 3 × 4.50 × 730 = $9,855
  //   B: model-b (quality 60) on L4 $0.80, E2E rows +1000 ms → $1,752, predicted E2E 5533.33
  //   C: model-c (quality 90) on H100 2 GPUs → 6 × 4.50 × 730 = $19,710, E2E rows −1000 ms → 3533.33
  const mB: ModelInfo = { id: 2, hfRepo: 'org/model-b', qualityScore: 60, approved: true };
  const mC: ModelInfo = { id: 3, hfRepo: 'org/model-c', qualityScore: 90, approved: true };
  const shift = (rows: CandidateRow[], e2e: number, idOffset: number, over: Partial<CandidateRow>) =>
    rows.map((r) => ({ ...r, ...over, e2eP95: r.e2eP95 + e2e, benchmarkId: r.benchmarkId + idOffset }));
  const rows = [
    ...workedRows(),
    ...shift(workedRows(), 1000, 100, { modelId: 2, gpuId: 11 }),
    ...shift(workedRows(), -1000, 200, { modelId: 3, gpuCount: 2 }),
  ];
  const run = (priority: 'COST' | 'LATENCY' | 'ACCURACY' | 'BALANCED', limit = 10) =>
    recommend(spec({ priority, limit }), rows, models(MODEL_A, mB, mC), gpus(H100, L4));

  it('orders by each priority', () => {
    const names = (p: Parameters<typeof run>[0]) => run(p).recommendations.map((r) => r.modelId);
    expect(names('COST')).toEqual([2, 1, 3]);
    expect(names('LATENCY')).toEqual([3, 1, 2]);
    expect(names('ACCURACY')).toEqual([3, 1, 2]);
    // BALANCED: quality 60..90 → A 2/3, B 0, C 1; cost 1752..19710 → A (19710 − 9855)/17958 = 0.548780, B 1, C 0;
    // E2E 3533.33..5533.33 → A 0.5, B 0, C 1.
    // A = (5·0.666667 + 5·0.548780 + 2·0.5)/12 = (3.333333 + 2.743902 + 1)/12 = 0.589770
    // B = (0 + 5 + 0)/12 = 0.416667;  C = (5 + 0 + 2)/12 = 0.583333
    const balanced = run('BALANCED').recommendations;
    expect(balanced.map((r) => r.modelId)).toEqual([1, 3, 2]);
    expect(balanced.map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(balanced[0]?.score).toBeCloseTo(0.58977, 5);
    expect(balanced[1]?.score).toBeCloseTo(0.583333, 5);
    expect(balanced[2]?.score).toBeCloseTo(0.416667, 5);
  });

  it('limit caps the list; a non-positive limit means the default 10', () => {
    expect(run('COST', 1).recommendations.map((r) => [r.rank, r.modelId])).toEqual([[1, 2]]);
    expect(run('COST', 0).recommendations).toHaveLength(3);
    expect(run('COST', 1).explanation).toContain('3 feasible (1 shown)');
  });

  it('does not depend on input order', () => {
    const a = recommend(spec({ priority: 'BALANCED' }), rows, models(MODEL_A, mB, mC), gpus(H100, L4));
    const b = recommend(
      spec({ priority: 'BALANCED' }),
      [...rows].reverse(),
      models(MODEL_A, mB, mC),
      gpus(H100, L4),
    );
    expect(b).toEqual(a);
  });
});

describe('estimated rows', () => {
  const estimated = workedRows({ estimated: true }).map((r) => ({
    ...r,
    benchmarkId: -r.benchmarkId,
    estimatedFrom: {
      benchmarkIds: [900 + r.benchmarkId],
      profiles: [{ promptTokens: 1024, outputTokens: 1024 }],
    },
  }));

  it('are ignored for a config that has exact rows', () => {
    const r = recommend(spec(), [...estimated, ...workedRows()], models(MODEL_A), gpus(H100))
      .recommendations[0];
    expect(r).toMatchObject({ estimated: false, benchmarkIdsUsed: [102, 103] });
  });

  it('are used and flagged for a config without exact rows', () => {
    const out = recommend(spec(), estimated, models(MODEL_A), gpus(H100));
    const r = out.recommendations[0];
    expect(r).toMatchObject({
      estimated: true,
      replicas: 3,
      monthlyCostUsd: 9855,
      benchmarkIdsUsed: [1002, 1003],
    });
    expect(r?.explanation).toContain('ESTIMATE: this config has no 512→256 benchmarks');
    expect(out.explanation).toContain(
      '1 configs had no exact benchmarks for this profile and were judged on estimated rows',
    );
  });

  it('configs with unknown model or GPU are skipped and counted', () => {
    const out = recommend(spec(), workedRows(), models(), gpus(H100));
    expect(out.recommendations).toEqual([]);
    expect(out.explanation).toContain('1 skipped (model or GPU unknown)');
  });

  it('rejects invalid specs', () => {
    expect(() => recommend(spec({ headroomPercent: -5 }), [], models(), gpus())).toThrow(/headroomPercent/);
    expect(() =>
      recommend(spec({ slo: { ttftP95Ms: 0, itlP95Ms: 25, e2eP95Ms: 7000 } }), [], models(), gpus()),
    ).toThrow(/slo.ttftP95Ms/);
  });
});
