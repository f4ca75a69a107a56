/**
 * Calibration (pure): fit the simulator's latency model to a measured or knowledge-base benchmark
 * curve, so that a simulated deployment answers like the real one would.
 *
 * - Prefill: at the lightest load (lowest concurrency) TTFT is the prefill alone, so
 *   `TTFT = prefillBaseMs + prefillMsPerToken·promptTokens` is fitted by least squares over the rows
 *   at that load (several prompt sizes are needed to separate the two terms).
 * - Decode: in a closed-loop benchmark at concurrency c about min(c, maxNumSeqs) sequences run, so
 *   `ITL = decodeBaseMs + decodeMsPerRunningSeq·(B − 1)` is fitted over all rows.
 * When the rows cannot separate the two terms of a line (one prompt size, or one load level) the
 * default model's proportions between them are kept and scaled to the data. Negative fits (noisy or
 * odd data) are clamped: a negative slope becomes 0; a negative intercept gives the best line with
 * none (TTFT ∝ prompt tokens, ITL ∝ running sequences).
 * Rows of one traffic profile give the most faithful ITL curve; mixing profiles averages them.
 */
import { DEFAULT_LATENCY_PARAMS, type SimulatorLatencyParams } from './simulator-latency.js';

export interface CalibrationRow {
  concurrency: number;
  promptTokens: number;
  ttftP50Ms: number;
  itlP50Ms: number;
}

interface Line {
  intercept: number;
  slope: number;
}

/** Ordinary least squares y = intercept + slope·x; null when x does not vary. */
export function leastSquaresLine(xs: readonly number[], ys: readonly number[]): Line | null {
  const n = Math.min(xs.length, ys.length);
  if (n === 0) return null;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += (xs[i] as number) / n;
    meanY += (ys[i] as number) / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - meanX;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - meanY);
  }
  if (!(sxx > 1e-12 * Math.max(1, meanX * meanX))) return null;
  const slope = sxy / sxx;
  return { intercept: meanY - slope * meanX, slope };
}

/**
 * Fits `y = a + b·x` with a ≥ 0 and b ≥ 0. `defaultRatio` = b/a of the default model, used when x
 * does not vary (then only a + b·x̄ is known). A negative intercept is replaced by the best line
 * `y = b·(x + originOffset)`, i.e. through the point (−originOffset, 0).
 */
function fitNonNegativeLine(xs: number[], ys: number[], defaultRatio: number, originOffset: number): Line {
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const meanX = mean(xs);
  const meanY = mean(ys);
  const line = leastSquaresLine(xs, ys);
  if (line === null) {
    const intercept = meanY / (1 + defaultRatio * meanX);
    return { intercept, slope: defaultRatio * intercept };
  }
  if (line.slope < 0) return { intercept: meanY, slope: 0 };
  if (line.intercept < 0) {
    const sxy = xs.reduce((sum, x, i) => sum + (x + originOffset) * (ys[i] as number), 0);
    const sxx = xs.reduce((sum, x) => sum + (x + originOffset) ** 2, 0);
    const slope = sxx > 0 ? sxy / sxx : 0;
    return { intercept: slope * originOffset, slope };
  }
  return line;
}

function checkRow(row: CalibrationRow, index: number): void {
  const fields = ['concurrency', 'promptTokens', 'ttftP50Ms', 'itlP50Ms'] as const;
  for (const field of fields) {
    const value = row[field];
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`calibration row ${index}: ${field} must be a finite number >= 0, got ${value}`);
  }
  if (row.concurrency < 1) throw new RangeError(`calibration row ${index}: concurrency must be >= 1`);
}

/**
 * Latency parameters whose prefill and decode terms are fitted to `rows`; every other parameter
 * (maxNumSeqs, jitter, faults) comes from `base`.
 */
export function fitSimulatorParams(
  rows: readonly CalibrationRow[],
  base: SimulatorLatencyParams = DEFAULT_LATENCY_PARAMS,
): SimulatorLatencyParams {
  if (rows.length === 0) throw new RangeError('calibration needs at least one benchmark row');
  rows.forEach(checkRow);

  const lightest = Math.min(...rows.map((row) => row.concurrency));
  const light = rows.filter((row) => row.concurrency === lightest);
  const prefill = fitNonNegativeLine(
    light.map((row) => row.promptTokens),
    light.map((row) => row.ttftP50Ms),
    base.prefillBaseMs > 0 ? base.prefillMsPerToken / base.prefillBaseMs : 0,
    0,
  );

  const decode = fitNonNegativeLine(
    rows.map((row) => Math.min(row.concurrency, base.maxNumSeqs) - 1),
    rows.map((row) => row.itlP50Ms),
    base.decodeBaseMs > 0 ? base.decodeMsPerRunningSeq / base.decodeBaseMs : 0,
    1, // through the origin means ITL ∝ B
  );
  // The engine needs a decode step of positive length (all-zero ITLs are not a real server).
  const decodeBaseMs = Math.max(decode.intercept, 0.001);

  return {
    ...base,
    prefillBaseMs: prefill.intercept,
    prefillMsPerToken: prefill.slope,
    decodeBaseMs,
    decodeMsPerRunningSeq: decode.slope,
  };
}
