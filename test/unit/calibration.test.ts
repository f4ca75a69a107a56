import { describe, expect, it } from 'vitest';
import { gpus } from '../../server/domains/catalog/seed-data/gpus.js';
import { models } from '../../server/domains/catalog/seed-data/models.js';
import {
  calibrate,
  calibrateStats,
  calibrationConfigKey,
  fitGroupOffsets,
  fitLevelLine,
  fitLogRatioLine,
  lineAt,
  predictionError,
  predictRows,
  splitByBatch,
  splitByConfig,
  type Calibration,
  type LogRatioPoint,
  type MeasuredRow,
} from '../../server/domains/knowledge/core/calibration.js';
import {
  syntheticCurve,
  syntheticPointAtRate,
  toPerfGpu,
  toPerfModel,
} from '../../server/domains/knowledge/core/performance-model.js';
import { parseCorpus } from '../../server/domains/knowledge/calibration-service.js';

const catalog = { models, gpus };
const model = toPerfModel(models.find((m) => m.hfRepo === 'meta-llama/llama-3.1-8b-instruct')!);
const h100 = toPerfGpu(gpus.find((g) => g.type === 'H100')!);

describe('syntheticPointAtRate', () => {
  it('finds the concurrency whose closed-loop rate is the requested one', () => {
    const at = syntheticPointAtRate(model, h100, 1, 512, 256, 10)!;
    expect(at.saturated).toBe(false);
    expect(at.point.requestsPerSecond).toBeCloseTo(10, 2);
    // between the curve's levels 8 and 32 (7.15 req/s at 16, 18.2 at 64 in docs/performance-model.md)
    expect(at.point.concurrency).toBeGreaterThan(16);
    expect(at.point.concurrency).toBeLessThan(64);
  });

  it('agrees with the curve at the curve own rates, and saturates above capacity', () => {
    const curve = syntheticCurve(model, h100, 1, 512, 256);
    const c16 = curve.find((p) => p.concurrency === 16)!;
    const at = syntheticPointAtRate(model, h100, 1, 512, 256, c16.requestsPerSecond)!;
    expect(at.point.ttft.p95).toBeCloseTo(c16.ttft.p95, 0);
    const over = syntheticPointAtRate(model, h100, 1, 512, 256, 1e6)!;
    expect(over.saturated).toBe(true);
    expect(over.point.requestsPerSecond).toBeCloseTo(over.capacityRps, 1);
  });
});

const point = (u: number, r: number, config: string): LogRatioPoint => ({ u, r, config });

describe('fitting log ratios', () => {
  it('least squares recovers a known line', () => {
    const points = [0, 0.25, 0.5, 1].map((u) => point(u, 0.5 + 2 * u, 'a'));
    const line = fitLogRatioLine(points, true)!;
    expect(line.a).toBeCloseTo(0.5, 12);
    expect(line.b).toBeCloseTo(2, 12);
    expect(line.rows).toBe(4);
  });

  it('the constant fit is the median (least absolute deviations), robust to a burst', () => {
    const line = fitLogRatioLine([point(0, 1, 'a'), point(0.1, 1.2, 'a'), point(0.2, 9, 'a')], false)!;
    expect(line).toEqual({ a: 1.2, b: 0, rows: 3 });
    expect(fitLogRatioLine([], false)).toBeNull();
  });

  it('keeps the slope only when leave-one-config-out cross-validation prefers it', () => {
    const linear = ['a', 'b', 'c'].flatMap((config, i) =>
      [0.1, 0.5, 0.9].map((u) => point(u, 0.2 * i * 0 + 1 + 3 * u, config)),
    );
    expect(fitLevelLine(linear)!.b).toBeCloseTo(3, 10);
    // the same spread of u but r does not depend on it: one configuration is simply off
    const offset = ['a', 'b', 'c'].flatMap((config, i) =>
      [0.1, 0.5, 0.9].map((u) => point(u, i === 2 ? 2 : 1, config)),
    );
    expect(fitLevelLine(offset)!.b).toBeCloseTo(0, 10);
    // two configurations are too few to cross-validate: a constant
    expect(fitLevelLine(linear.filter((p) => p.config !== 'c'))!.b).toBe(0);
  });
});

describe('per-group offsets (family or GPU), selected by cross-validation within the fit rows', () => {
  const grouped = (config: string, family: string, gpu: string, r: number): LogRatioPoint[] =>
    // one utilisation for all: r does not depend on it, and no slope can be fitted
    [1, 2, 3].map(() => ({ u: 0.5, r, config, groups: { family, gpu } }));
  // family x is off by 1 (log2), family y by 3; every configuration on its own GPU
  const points = [
    ...grouped('a', 'x', 'g1', 1),
    ...grouped('b', 'x', 'g2', 1),
    ...grouped('c', 'x', 'g3', 1),
    ...grouped('d', 'y', 'g4', 3),
    ...grouped('e', 'y', 'g5', 3),
  ];

  it('a group offset is the median residual of its points over the line', () => {
    const line = { a: 1, b: 0, rows: points.length };
    expect(fitGroupOffsets(points, line, 'family')).toEqual({ x: 0, y: 2 });
    expect(fitGroupOffsets([{ u: 0, r: 5, config: 'z' }], line, 'family')).toEqual({});
  });

  it('keeps per-family offsets when they predict left-out configurations better, and applies them', () => {
    // without groups, each left-out configuration is predicted by the median of the others (2 or 1):
    // off by 1 or 2; with family offsets fitted on the others it is exact
    const line = fitLevelLine(points)!;
    expect(line.groups).toEqual({ by: 'family', offsets: { x: 0, y: 2 } });
    expect(line.a).toBe(1);
    expect(lineAt(line, 0.5, { family: 'y', gpu: 'g9' })).toBe(3);
    // a family the fit has not seen gets the global line
    expect(lineAt(line, 0.5, { family: 'unseen', gpu: 'g1' })).toBe(1);
    expect(lineAt(line, 0.5)).toBe(1);
  });

  it('no groups when no group has two configurations (cross-validation cannot see a benefit)', () => {
    const singletons = points.map((p) => ({ ...p, groups: { family: p.config, gpu: p.config } }));
    expect(fitLevelLine(singletons)!.groups).toBeUndefined();
    // and none with fewer than three configurations
    expect(fitLevelLine(points.filter((p) => p.config === 'a' || p.config === 'd'))!.groups).toBeUndefined();
  });

  it('calibrated statistics use the row groups', () => {
    const line = fitLevelLine(points)!;
    const factors: Calibration['factors'] = {
      ttft: { body: line, tail: line },
      itl: { body: { a: 0, b: 0, rows: 0 }, tail: { a: 0, b: 0, rows: 0 } },
      e2e: { body: { a: 0, b: 0, rows: 0 }, tail: { a: 0, b: 0, rows: 0 } },
    };
    const stats = { mean: 10, p50: 10, p90: 10, p95: 10, p99: 10 };
    expect(calibrateStats(stats, 'ttft', 0.5, factors, { family: 'y', gpu: 'g1' }).p50).toBe(80);
    expect(calibrateStats(stats, 'ttft', 0.5, factors, { family: 'x', gpu: 'g1' }).p50).toBe(20);
    expect(calibrateStats(stats, 'ttft', 0.5, factors).p50).toBe(20);
  });
});

describe('applying factors', () => {
  const factors: Calibration['factors'] = {
    ttft: { body: { a: 1, b: 0, rows: 1 }, tail: { a: -3, b: 0, rows: 1 } },
    itl: { body: { a: 0, b: 1, rows: 1 }, tail: { a: 0, b: 1, rows: 1 } },
    e2e: { body: { a: 0, b: 0, rows: 0 }, tail: { a: 0, b: 0, rows: 0 } },
  };
  const stats = { mean: 10, p50: 9, p90: 12, p95: 14, p99: 20 };

  it('multiplies body and tail by 2^(a + b·u), keeping percentiles in order', () => {
    const ttft = calibrateStats(stats, 'ttft', 0.5, factors);
    expect(ttft.mean).toBe(20);
    expect(ttft.p50).toBe(18);
    // the tail ×1/8 would fall below p50: held at p50
    expect([ttft.p90, ttft.p95, ttft.p99]).toEqual([18, 18, 18]);
    const itl = calibrateStats(stats, 'itl', 2, factors); // u clamped to 1
    expect(itl.p95).toBe(28);
  });
});

function row(gpuCount: number, rate: number, dataset: string, scale: number): MeasuredRow {
  const at = syntheticPointAtRate(model, h100, gpuCount, 512, 256, rate)!;
  const pick = (s: { mean: number; p50: number; p95: number; p99: number }) => ({
    mean: s.mean * scale,
    p50: s.p50 * scale,
    p95: s.p95 * scale,
    p99: s.p99 * scale,
  });
  return {
    dataset,
    path: 'made-up.json',
    commit: '0'.repeat(40),
    model: 'meta-llama/llama-3.1-8b-instruct',
    gpu: 'H100',
    gpuCount,
    promptTokens: 512,
    outputTokens: 256,
    loadKind: 'requestRate',
    load: rate,
    requests: 100,
    requestsPerSecond: rate,
    ttftMs: pick(at.point.ttft),
    itlMs: pick(at.point.itl),
    e2eMs: pick(at.point.e2e),
  };
}

describe('calibrate (known answer)', () => {
  // every "measurement" is exactly twice the model: the fit must find factor 2 (log2 = 1) everywhere
  const rows = [1, 2, 4, 8].flatMap((count) =>
    [0.5, 2, 4].map((rate) => row(count, rate * count, 'made-up', 2)),
  );

  it('splits by configuration, never a configuration on both sides, deterministically', () => {
    const split = splitByConfig(rows, 12, 0.3);
    expect(split.heldOutConfigs).toHaveLength(2);
    expect(split.fitConfigs).toHaveLength(2);
    const fitKeys = new Set(split.fit.map(calibrationConfigKey));
    expect(split.heldOut.every((r) => !fitKeys.has(calibrationConfigKey(r)))).toBe(true);
    expect(split.fit.length + split.heldOut.length).toBe(rows.length);
    expect(splitByConfig(rows, 12, 0.3)).toEqual(split);
    const others = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) =>
      splitByConfig(rows, seed, 0.3).heldOutConfigs.join(),
    );
    expect(others.some((keys) => keys !== split.heldOutConfigs.join())).toBe(true);
  });

  it('finds factor 2 on the fit part and then predicts the held-out part exactly', () => {
    const { calibration, split } = calibrate(rows, catalog, { seed: 12, heldOutShare: 0.3 });
    for (const metric of ['ttft', 'itl', 'e2e'] as const) {
      expect(calibration.factors[metric].body.a).toBeCloseTo(1, 6);
      expect(calibration.factors[metric].tail.a).toBeCloseTo(1, 6);
      expect(calibration.factors[metric].body.b).toBe(0);
    }
    const { predictions } = predictRows(split.heldOut, catalog);
    const before = predictionError(predictions, null);
    const after = predictionError(predictions, calibration.factors);
    expect(before.ttft.p95.median).toBeCloseTo(1, 6);
    expect(after.ttft.p95.median).toBeCloseTo(0, 6);
    expect(after.e2e.p50.median).toBeCloseTo(0, 6);
    expect(calibration.fittedOn.rows).toBe(split.fit.length);
  });

  it('skips rows whose model or GPU the catalog lacks, with the reason', () => {
    const stranger = { ...rows[0]!, model: 'someone/unknown-7b' };
    expect(predictRows([stranger], catalog).skipped[0]?.reason).toMatch(/not in the catalog/);
  });
});

describe('splitByBatch (docs/performance-model.md, "Batch 2 protocol")', () => {
  const batch1 = [1, 2, 4, 8].flatMap((count) =>
    [0.5, 2].map((rate) => row(count, rate * count, 'first', 1)),
  );
  const batch2 = [1, 2, 4, 8, 16, 32].flatMap((count) =>
    [0.5, 2].map((rate) => ({ ...row(count, rate * count, 'second', 1), batch: 2 })),
  );
  const keys = (rs: readonly MeasuredRow[]) => [...new Set(rs.map(calibrationConfigKey))].sort();

  it('without batch numbers it is the plain split (the committed batch-1 split is unchanged)', () => {
    const plain = splitByConfig(batch1, 12, 0.3);
    const batched = splitByBatch(batch1, 12, 0.3);
    expect(batched.fit).toEqual(plain.fit);
    expect(batched.heldOut).toEqual(plain.heldOut);
    expect(batched.heldOutConfigs).toEqual(plain.heldOutConfigs);
    expect(batched.batches).toHaveLength(1);
  });

  it('adding batch 2 moves no batch-1 configuration, and batch 2 is split alone by the same procedure', () => {
    const plain1 = splitByConfig(batch1, 12, 0.3);
    const plain2 = splitByConfig(batch2, 12, 0.3);
    const split = splitByBatch([...batch2, ...batch1], 12, 0.3);
    const [b1, b2] = split.batches;
    expect(b1?.batch).toBe(1);
    expect(b1?.heldOutConfigs).toEqual(plain1.heldOutConfigs);
    expect(b1?.fitConfigs).toEqual(plain1.fitConfigs);
    expect(b2?.batch).toBe(2);
    expect(b2?.heldOutConfigs).toEqual(plain2.heldOutConfigs);
    expect(b2?.heldOutConfigs).toHaveLength(2); // ⌈0.3 · 6⌉
    expect(split.heldOutConfigs).toEqual([...plain1.heldOutConfigs, ...plain2.heldOutConfigs].sort());
    expect(keys(split.heldOut)).toEqual(split.heldOutConfigs);
    expect(keys(split.fit)).toEqual(split.fitConfigs);
    expect(split.fit.length + split.heldOut.length).toBe(batch1.length + batch2.length);
    // a joint split of the 10 configurations would be another one: the batches are what keeps batch 1
    const joint = splitByConfig(
      [...batch1, ...batch2].map(({ batch: _b, ...r }) => r),
      12,
      0.3,
    );
    expect(joint.heldOutConfigs).not.toEqual(split.heldOutConfigs);
  });

  it('refuses a configuration that is in two batches', () => {
    const twice = { ...batch1[0]!, batch: 2 };
    expect(() => splitByBatch([...batch1, twice], 12, 0.3)).toThrow(/in batches 1 and 2/);
  });

  it('calibrate fits on the fit rows of both batches and on no held-out row of either', () => {
    const { calibration, split } = calibrate([...batch1, ...batch2], catalog, {
      seed: 12,
      heldOutShare: 0.3,
    });
    expect(calibration.fittedOn.configs).toEqual(split.fitConfigs);
    expect(calibration.fittedOn.datasets).toEqual(['first', 'second']);
    expect(calibration.fittedOn.rows).toBe(split.fit.length);
    expect(calibration.heldOut.configs.some((c) => calibration.fittedOn.configs.includes(c))).toBe(false);
  });
});

describe('parseCorpus', () => {
  it('names the file, row and field of a bad value', () => {
    const text = JSON.stringify({ rows: [{ ...row(1, 1, 'x', 1), requestsPerSecond: -1 }] });
    expect(() => parseCorpus(text, 'bad.json')).toThrow(/bad\.json: rows\.0\.requestsPerSecond/);
    expect(() => parseCorpus('{', 'broken.json')).toThrow(/broken\.json: not JSON/);
  });

  it('reads the batch number, and refuses one below 1', () => {
    const good = JSON.stringify({ rows: [{ ...row(1, 1, 'x', 1), batch: 2 }] });
    expect(parseCorpus(good, 'good.json')[0]?.batch).toBe(2);
    const bad = JSON.stringify({ rows: [{ ...row(1, 1, 'x', 1), batch: 0 }] });
    expect(() => parseCorpus(bad, 'bad.json')).toThrow(/bad\.json: rows\.0\.batch/);
  });
});
