import { describe, expect, it } from 'vitest';
import {
  fitSimulatorParams,
  leastSquaresLine,
  type CalibrationRow,
} from '../../server/domains/knowledge/core/simulator-fit.js';
import { calibrationRowsFromJson } from '../../apps/simulator/calibration-file.js';
import { DEFAULT_LATENCY_PARAMS } from '../../server/domains/knowledge/core/simulator-latency.js';

const TRUE = { prefillBaseMs: 12, prefillMsPerToken: 0.05, decodeBaseMs: 9, decodeMsPerRunningSeq: 0.12 };

/** Rows of a benchmark whose server follows TRUE exactly, with a deterministic ±1 % wobble (p50 noise). */
function syntheticRows(prompts: number[], concurrencies: number[], queueExtraMs = 0): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  let k = 0;
  for (const promptTokens of prompts)
    for (const concurrency of concurrencies) {
      const wobble = 1 + 0.01 * Math.sin(k++ * 2.3);
      rows.push({
        concurrency,
        promptTokens,
        // TTFT grows with load in real benchmarks (prefill interference); the fit must use the lightest load only
        ttftP50Ms:
          (TRUE.prefillBaseMs + TRUE.prefillMsPerToken * promptTokens) * wobble +
          queueExtraMs * (concurrency - 1),
        itlP50Ms: (TRUE.decodeBaseMs + TRUE.decodeMsPerRunningSeq * (concurrency - 1)) * wobble,
      });
    }
  return rows;
}

const within = (actual: number, expected: number, fraction: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * fraction);

describe('least squares', () => {
  it('recovers an exact line and refuses a vertical one', () => {
    expect(leastSquaresLine([1, 2, 3], [5, 7, 9])).toEqual({ intercept: 3, slope: 2 });
    // hand-worked: x̄ = 2, ȳ = 3, Sxy = (−1)(−2) + 0 + (1)(1) = 3, Sxx = 2 → slope 1.5, intercept 0
    const line = leastSquaresLine([1, 2, 3], [1, 4, 4]);
    expect(line?.slope).toBeCloseTo(1.5, 12);
    expect(line?.intercept).toBeCloseTo(0, 12);
    expect(leastSquaresLine([4, 4], [1, 2])).toBeNull();
  });
});

describe('fitSimulatorParams', () => {
  it('recovers known parameters within 5 % from a knowledge-base-like curve', () => {
    // The base is the small term (12 ms beside up to 217 ms): noise on long prompts hides it, so the
    // sizes include a short prompt, as a benchmark meant for calibration should.
    const rows = syntheticRows([128, 512, 1024, 4096], [1, 2, 4, 8, 16, 32, 64, 128, 256], 0.5);
    const fit = fitSimulatorParams(rows);
    within(fit.prefillBaseMs, TRUE.prefillBaseMs, 0.05);
    within(fit.prefillMsPerToken, TRUE.prefillMsPerToken, 0.05);
    within(fit.decodeBaseMs, TRUE.decodeBaseMs, 0.05);
    within(fit.decodeMsPerRunningSeq, TRUE.decodeMsPerRunningSeq, 0.05);
    // everything else comes from the base parameters
    expect(fit.maxNumSeqs).toBe(DEFAULT_LATENCY_PARAMS.maxNumSeqs);
    expect(fit.jitterFraction).toBe(DEFAULT_LATENCY_PARAMS.jitterFraction);
  });

  it('fits exact data exactly', () => {
    const exact = syntheticRows([100, 2000], [1, 10, 50]).map((row, i) => {
      const wobble = 1 + 0.01 * Math.sin(i * 2.3);
      return { ...row, ttftP50Ms: row.ttftP50Ms / wobble, itlP50Ms: row.itlP50Ms / wobble };
    });
    const fit = fitSimulatorParams(exact);
    expect(fit.prefillBaseMs).toBeCloseTo(12, 9);
    expect(fit.prefillMsPerToken).toBeCloseTo(0.05, 12);
    expect(fit.decodeBaseMs).toBeCloseTo(9, 9);
    expect(fit.decodeMsPerRunningSeq).toBeCloseTo(0.12, 12);
  });

  it('counts at most maxNumSeqs running sequences for concurrency beyond it', () => {
    const rows: CalibrationRow[] = [1, 2, 3, 4, 8].map((concurrency) => ({
      concurrency,
      promptTokens: 100,
      ttftP50Ms: 20,
      itlP50Ms: 10 + 2 * (Math.min(concurrency, 4) - 1),
    }));
    const fit = fitSimulatorParams(rows, { ...DEFAULT_LATENCY_PARAMS, maxNumSeqs: 4 });
    expect(fit.decodeBaseMs).toBeCloseTo(10, 9);
    expect(fit.decodeMsPerRunningSeq).toBeCloseTo(2, 9);
  });

  it('keeps the default proportions when one prompt size or one load level cannot separate the terms', () => {
    // default prefill 8 + 0.033·p; at p = 512 the default predicts 24.896 ms; the data says twice that
    const rows: CalibrationRow[] = [
      { concurrency: 1, promptTokens: 512, ttftP50Ms: 2 * 24.896, itlP50Ms: 14 },
    ];
    const fit = fitSimulatorParams(rows);
    expect(fit.prefillBaseMs).toBeCloseTo(16, 9);
    expect(fit.prefillMsPerToken).toBeCloseTo(0.066, 9);
    expect(fit.decodeBaseMs).toBeCloseTo(14, 9);
    expect(fit.decodeMsPerRunningSeq).toBeCloseTo(0.2, 9); // default 0.1 per 7 ms, scaled ×2
  });

  it('clamps fits that would be negative', () => {
    const falling: CalibrationRow[] = [1, 2, 4].map((concurrency, i) => ({
      concurrency,
      promptTokens: 100 * (i + 1),
      ttftP50Ms: 30,
      itlP50Ms: 12 - i, // ITL falling with load: noise, not physics
    }));
    const fit = fitSimulatorParams(falling);
    expect(fit.decodeMsPerRunningSeq).toBe(0);
    expect(fit.decodeBaseMs).toBeCloseTo(11, 9);
    // steep: TTFT = 0.1·p − 5 would have a negative base → best line through 0
    const steep: CalibrationRow[] = [100, 200, 300].map((promptTokens) => ({
      concurrency: 1,
      promptTokens,
      ttftP50Ms: 0.1 * promptTokens - 5,
      itlP50Ms: 10,
    }));
    const steepFit = fitSimulatorParams(steep);
    expect(steepFit.prefillBaseMs).toBe(0);
    // Σxy / Σx² = (100·5 + 200·15 + 300·25) / (100² + 200² + 300²) = 11000 / 140000
    expect(steepFit.prefillMsPerToken).toBeCloseTo(11000 / 140000, 12);
  });

  it('rejects empty or invalid rows', () => {
    expect(() => fitSimulatorParams([])).toThrow(/at least one/);
    expect(() =>
      fitSimulatorParams([{ concurrency: 0, promptTokens: 1, ttftP50Ms: 1, itlP50Ms: 1 }]),
    ).toThrow(/concurrency/);
    expect(() =>
      fitSimulatorParams([{ concurrency: 1, promptTokens: 1, ttftP50Ms: Number.NaN, itlP50Ms: 1 }]),
    ).toThrow(/ttftP50Ms/);
  });
});

describe('calibration file', () => {
  it('reads rows, exported_summaries rows and GraphQL benchmarks; skips request-rate rows', () => {
    expect(
      calibrationRowsFromJson([{ concurrency: 1, promptTokens: 5, ttftP50Ms: 2, itlP50Ms: 3 }]).rows,
    ).toEqual([{ concurrency: 1, promptTokens: 5, ttftP50Ms: 2, itlP50Ms: 3 }]);
    const summaries = calibrationRowsFromJson({
      benchmarks: [
        { concurrency: 4, prompt_tokens: 512, ttft_mean: 30, itl_mean: 8, ttft_p50: 28, itl_p50: '7.5' },
        { prompt_tokens: 512, ttft_mean: 30, itl_mean: 8, requests_per_second: 2 },
        { concurrency: 4, prompt_tokens: 512 },
      ],
    });
    expect(summaries.rows).toEqual([{ concurrency: 4, promptTokens: 512, ttftP50Ms: 28, itlP50Ms: 7.5 }]);
    expect(summaries.skipped).toHaveLength(2);
    expect(summaries.skipped[0]).toMatch(/concurrency/);
    const graph = calibrationRowsFromJson({
      rows: [{ concurrency: 2, promptTokens: 10, ttft: { mean: 11, p50: 10 }, itl: { mean: 6 } }],
    });
    expect(graph.rows).toEqual([{ concurrency: 2, promptTokens: 10, ttftP50Ms: 10, itlP50Ms: 6 }]);
    expect(() => calibrationRowsFromJson({ nope: 1 })).toThrow(TypeError);
  });
});
