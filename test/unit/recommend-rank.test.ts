import { describe, expect, it } from 'vitest';
import { balancedScores, rankCandidates, type Rankable } from '../../server/domains/recommend/core/rank.js';

function item(p: Partial<Rankable> & Pick<Rankable, 'hfRepo'>): Rankable {
  return {
    modelId: 1,
    gpuId: 1,
    gpuCount: 1,
    gpuType: 'H100',
    monthlyCostUsd: 1000,
    predictedE2eP95Ms: 1000,
    qualityScore: 50,
    ...p,
  };
}

const A = item({
  hfRepo: 'a/alpha',
  gpuType: 'H100',
  monthlyCostUsd: 10000,
  predictedE2eP95Ms: 3000,
  qualityScore: 70,
});
const B = item({
  hfRepo: 'b/beta',
  gpuType: 'L4',
  monthlyCostUsd: 4000,
  predictedE2eP95Ms: 6000,
  qualityScore: 60,
});
const C = item({
  hfRepo: 'c/gamma',
  gpuType: 'A100-80',
  gpuCount: 2,
  monthlyCostUsd: 16000,
  predictedE2eP95Ms: 2000,
  qualityScore: 90,
});
const order = (list: Rankable[], p: Parameters<typeof rankCandidates>[1]) =>
  rankCandidates(list, p).map((r) => r.item.hfRepo);

describe('priority orderings', () => {
  it('COST: cheapest first', () => {
    // 4000 (B) < 10000 (A) < 16000 (C).
    expect(order([A, B, C], 'COST')).toEqual(['b/beta', 'a/alpha', 'c/gamma']);
  });

  it('LATENCY: lowest predicted E2E first', () => {
    // 2000 (C) < 3000 (A) < 6000 (B).
    expect(order([A, B, C], 'LATENCY')).toEqual(['c/gamma', 'a/alpha', 'b/beta']);
  });

  it('ACCURACY: highest quality first', () => {
    // 90 (C) > 70 (A) > 60 (B).
    expect(order([A, B, C], 'ACCURACY')).toEqual(['c/gamma', 'a/alpha', 'b/beta']);
  });

  it('BALANCED: weighted min-max score, hand-computed', () => {
    // quality 60..90: A (70−60)/30 = 1/3, B 0, C 1
    // cost 4000..16000 (cheaper better): A (16000−10000)/12000 = 0.5, B 1, C 0
    // E2E 2000..6000 (faster better): A (6000−3000)/4000 = 0.75, B 0, C 1
    // score = (5·q + 5·c + 2·l) / 12:
    //   A = (5/3 + 2.5 + 1.5) / 12 = 5.6667 / 12 = 0.472222
    //   B = (0 + 5 + 0) / 12 = 0.416667
    //   C = (5 + 0 + 2) / 12 = 0.583333
    const ranked = rankCandidates([A, B, C], 'BALANCED');
    expect(ranked.map((r) => r.item.hfRepo)).toEqual(['c/gamma', 'a/alpha', 'b/beta']);
    expect(ranked[0]?.score).toBeCloseTo(0.583333, 6);
    expect(ranked[1]?.score).toBeCloseTo(0.472222, 6);
    expect(ranked[2]?.score).toBeCloseTo(0.416667, 6);
    expect(rankCandidates([A, B, C], 'COST')[0]?.score).toBeNull();
  });

  it('BALANCED with other weights changes the order', () => {
    // cost only: B (1) > A (0.5) > C (0).
    const ranked = rankCandidates([A, B, C], 'BALANCED', { accuracy: 0, cost: 1, latency: 0 });
    expect(ranked.map((r) => r.item.hfRepo)).toEqual(['b/beta', 'a/alpha', 'c/gamma']);
  });

  it('a term whose values are all equal counts as 1 for everyone', () => {
    const same = [item({ hfRepo: 'x' }), item({ hfRepo: 'y' })];
    expect(balancedScores(same)).toEqual([1, 1]);
  });
});

describe('secondary keys and tie-breaks', () => {
  it('COST ties break on predicted E2E, LATENCY ties on cost, ACCURACY ties on cost', () => {
    const slow = item({ hfRepo: 'a/slow', monthlyCostUsd: 5000, predictedE2eP95Ms: 4000, qualityScore: 80 });
    const fast = item({ hfRepo: 'z/fast', monthlyCostUsd: 5000, predictedE2eP95Ms: 3000, qualityScore: 80 });
    expect(order([slow, fast], 'COST')).toEqual(['z/fast', 'a/slow']);
    const dear = item({ hfRepo: 'a/dear', monthlyCostUsd: 9000, predictedE2eP95Ms: 3000, qualityScore: 80 });
    expect(order([dear, fast], 'LATENCY')).toEqual(['z/fast', 'a/dear']);
    expect(order([dear, fast], 'ACCURACY')).toEqual(['z/fast', 'a/dear']);
  });

  it('full ties break by HF repo, then GPU type, then GPU count — independent of input order', () => {
    const z = item({ hfRepo: 'z/model' });
    const aL4 = item({ hfRepo: 'a/model', gpuType: 'L4', gpuId: 2 });
    const aH100x2 = item({ hfRepo: 'a/model', gpuType: 'H100', gpuCount: 2 });
    const aH100x1 = item({ hfRepo: 'a/model', gpuType: 'H100', gpuCount: 1 });
    const expected = ['a/model H100 1', 'a/model H100 2', 'a/model L4 1', 'z/model H100 1'];
    for (const priority of ['COST', 'LATENCY', 'ACCURACY', 'BALANCED'] as const) {
      for (const input of [
        [z, aL4, aH100x2, aH100x1],
        [aH100x1, aH100x2, aL4, z],
      ]) {
        const got = rankCandidates(input, priority).map(
          (r) => `${r.item.hfRepo} ${r.item.gpuType} ${r.item.gpuCount}`,
        );
        expect(got).toEqual(expected);
      }
    }
  });
});
