/**
 * Baseline vs current comparison of two benchmark runs — the CI gate.
 *
 * Rows: success rate, throughput, and p50/p95/p99 of TTFT, ITL and E2E. A latency row is REGRESS
 * only when both hold:
 *   1. its relative change is above the row's threshold (p50/p95 +10 %, p99 +15 % by default), and
 *   2. the change is statistically significant in the same direction, at the Bonferroni level
 *      α/m for the m latency rows compared (m = 9 normally; α = `alpha`, default 0.01):
 *      the (1 − α/m) bootstrap interval of quantile(current) − quantile(baseline) lies entirely
 *      above 0, OR the two-sided Mann–Whitney test of the metric's samples has p < α/m with
 *      current stochastically larger.
 * Each row's two tests put at most α/(2m) in the REGRESS tail, so on identical distributions the
 * gate fails through a latency row with probability at most about α (the tests are asymptotic).
 * The bootstrap is the direct test of the quantile and catches tail-only regressions; Mann–Whitney
 * uses every sample and has far more power for a shift of the whole distribution. The bootstrap
 * interval is the normal one (estimate ± z·SE over the resamples): at 99.9 % a percentile interval
 * would need tens of thousands of resamples to place its ends, the standard error needs ~2000.
 * IMPROVED is the mirror image. Success rate and throughput are run-level scalars with no
 * per-request samples to test, so their thresholds alone decide (a drop of more than 1 percentage
 * point / 5 %). Overall FAIL when any row is REGRESS. docs/benchmark-analysis.md has the measured
 * false-alarm and detection rates.
 */
import { bootstrapQuantileDifferences, mannWhitneyU } from './significance.js';
import { percentile, sortAscending } from './stats.js';

export interface RunSample {
  id: string;
  /** Fraction of requests that succeeded, in [0, 1]. */
  successRate: number;
  throughputRps: number;
  /** Per-request samples in milliseconds (itl may be each request's mean ITL). */
  ttft: number[];
  itl: number[];
  e2e: number[];
}

export interface CompareThresholds {
  /** Largest tolerated p50 latency increase, percent. */
  p50Percent: number;
  p95Percent: number;
  p99Percent: number;
  /** Largest tolerated throughput drop, percent. */
  throughputPercent: number;
  /** Largest tolerated success-rate drop, percentage points. */
  successRatePoints: number;
  /** Family-wise significance level over the latency rows (each test runs at alpha / rows). */
  alpha: number;
  /** Bootstrap resamples per latency metric (shared by its p50/p95/p99). */
  bootstrapIterations: number;
  /** Seed of the bootstrap resampling (the comparison is deterministic for given inputs). */
  seed: number;
}

export const DEFAULT_COMPARE_THRESHOLDS: Readonly<CompareThresholds> = Object.freeze({
  p50Percent: 10,
  p95Percent: 10,
  p99Percent: 15,
  throughputPercent: 5,
  successRatePoints: 1,
  alpha: 0.01,
  bootstrapIterations: 2000,
  seed: 1,
});

export type ComparisonStatus = 'OK' | 'REGRESS' | 'IMPROVED';
export type GateResult = 'PASS' | 'FAIL';
/** How to read baseline/current/delta: percent (success rate, delta in points), requests/s, milliseconds. */
export type ComparisonUnit = 'percent' | 'rps' | 'ms';
export type LatencyMetric = 'ttft' | 'itl' | 'e2e';

export interface ComparisonRow {
  metric: string;
  unit: ComparisonUnit;
  baseline: number;
  current: number;
  /** current − baseline, in the row's unit. */
  delta: number;
  /** Relative change in percent of the baseline (0 when both are 0, ±100 when only the baseline is 0). */
  changePercent: number;
  status: ComparisonStatus;
  /** The threshold applied: percent for latency and throughput, percentage points for success rate. */
  threshold: number;
  /** Latency rows: two-sided Mann–Whitney p-value of the metric's samples (same for its p50/p95/p99). */
  pValue?: number;
  /** Latency rows: (1 − alpha/m) bootstrap interval of quantile(current) − quantile(baseline), ms. */
  ci?: { low: number; high: number; confidence: number };
  /** Latency rows: the significance rule above held (either direction). Scalar rows: the threshold was crossed. */
  significant: boolean;
}

export interface ComparisonResult {
  baselineId: string;
  currentId: string;
  rows: ComparisonRow[];
  result: GateResult;
  thresholds: CompareThresholds;
  /** Per-test significance level actually used: alpha / (number of latency rows). */
  rowAlpha: number;
  /** Rows left out and why (e.g. a metric with no samples in one run). */
  notes: string[];
}

const LATENCY_METRICS: readonly { key: LatencyMetric; label: string }[] = [
  { key: 'ttft', label: 'TTFT' },
  { key: 'itl', label: 'ITL' },
  { key: 'e2e', label: 'E2E' },
];
const QUANTILES: readonly { q: number; label: string; threshold: (t: CompareThresholds) => number }[] = [
  { q: 0.5, label: 'P50', threshold: (t) => t.p50Percent },
  { q: 0.95, label: 'P95', threshold: (t) => t.p95Percent },
  { q: 0.99, label: 'P99', threshold: (t) => t.p99Percent },
];
// Rounding slack so that e.g. 1.00 → 0.99 is a drop of exactly 1 point, not 1.0000000000000009.
const EPSILON = 1e-9;

function changePercent(baseline: number, current: number): number {
  if (baseline === 0) return current === 0 ? 0 : Math.sign(current) * 100;
  return ((current - baseline) / Math.abs(baseline)) * 100;
}

function resolveThresholds(partial: Partial<CompareThresholds>): CompareThresholds {
  const t: CompareThresholds = { ...DEFAULT_COMPARE_THRESHOLDS };
  for (const [key, value] of Object.entries(partial) as [keyof CompareThresholds, number | undefined][]) {
    if (value !== undefined) t[key] = value;
  }
  for (const key of [
    'p50Percent',
    'p95Percent',
    'p99Percent',
    'throughputPercent',
    'successRatePoints',
  ] as const) {
    if (!(t[key] >= 0) || !Number.isFinite(t[key]))
      throw new RangeError(`threshold ${key} must be a finite number >= 0`);
  }
  if (!(t.alpha > 0 && t.alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${t.alpha}`);
  if (!(t.bootstrapIterations >= 1)) throw new RangeError('bootstrapIterations must be >= 1');
  return t;
}

function checkRun(run: RunSample, role: string): void {
  if (!(run.successRate >= 0 && run.successRate <= 1)) {
    throw new RangeError(`${role} successRate must be a fraction in [0, 1], got ${run.successRate}`);
  }
  if (!(run.throughputRps >= 0) || !Number.isFinite(run.throughputRps)) {
    throw new RangeError(`${role} throughputRps must be a finite number >= 0, got ${run.throughputRps}`);
  }
  for (const { key } of LATENCY_METRICS) {
    if (run[key].some((v) => !Number.isFinite(v)))
      throw new RangeError(`${role} ${key} has a non-finite sample`);
  }
}

function scalarRows(baseline: RunSample, current: RunSample, t: CompareThresholds): ComparisonRow[] {
  const baseSuccess = baseline.successRate * 100;
  const curSuccess = current.successRate * 100;
  const successDelta = curSuccess - baseSuccess;
  const successStatus: ComparisonStatus =
    successDelta < -t.successRatePoints - EPSILON
      ? 'REGRESS'
      : successDelta > t.successRatePoints + EPSILON
        ? 'IMPROVED'
        : 'OK';

  const rpsDelta = current.throughputRps - baseline.throughputRps;
  const rpsChange = changePercent(baseline.throughputRps, current.throughputRps);
  const rpsStatus: ComparisonStatus =
    rpsChange < -t.throughputPercent - EPSILON
      ? 'REGRESS'
      : rpsChange > t.throughputPercent + EPSILON
        ? 'IMPROVED'
        : 'OK';
  return [
    {
      metric: 'Success Rate',
      unit: 'percent',
      baseline: baseSuccess,
      current: curSuccess,
      delta: successDelta,
      changePercent: changePercent(baseSuccess, curSuccess),
      status: successStatus,
      threshold: t.successRatePoints,
      significant: successStatus !== 'OK',
    },
    {
      metric: 'Throughput (RPS)',
      unit: 'rps',
      baseline: baseline.throughputRps,
      current: current.throughputRps,
      delta: rpsDelta,
      changePercent: rpsChange,
      status: rpsStatus,
      threshold: t.throughputPercent,
      significant: rpsStatus !== 'OK',
    },
  ];
}

function latencyRows(
  label: string,
  metricIndex: number,
  base: readonly number[],
  cur: readonly number[],
  t: CompareThresholds,
  rowAlpha: number,
): ComparisonRow[] {
  const sortedBase = sortAscending(base);
  const sortedCur = sortAscending(cur);
  const mw = mannWhitneyU(cur, base); // z > 0: current tends to be slower
  const shift = mw.pValue < rowAlpha ? Math.sign(mw.z) : 0;
  const intervals = bootstrapQuantileDifferences(
    sortedBase,
    sortedCur,
    QUANTILES.map((x) => x.q),
    {
      iterations: t.bootstrapIterations,
      confidence: 1 - rowAlpha,
      seed: t.seed + metricIndex * 7919,
      method: 'normal',
    },
  );
  return QUANTILES.map(({ q, label: qLabel, threshold }, k) => {
    const b = percentile(sortedBase, q);
    const c = percentile(sortedCur, q);
    const change = changePercent(b, c);
    const ci = intervals[k] as { low: number; high: number };
    const slower = ci.low > 0 || shift > 0;
    const faster = ci.high < 0 || shift < 0;
    const limit = threshold(t);
    const status: ComparisonStatus =
      change > limit + EPSILON && slower
        ? 'REGRESS'
        : change < -limit - EPSILON && faster
          ? 'IMPROVED'
          : 'OK';
    return {
      metric: `${label} ${qLabel}`,
      unit: 'ms',
      baseline: b,
      current: c,
      delta: c - b,
      changePercent: change,
      status,
      threshold: limit,
      pValue: mw.pValue,
      ci: { low: ci.low, high: ci.high, confidence: 1 - rowAlpha },
      significant: (change > 0 && slower) || (change < 0 && faster),
    };
  });
}

export function compareRuns(
  baseline: RunSample,
  current: RunSample,
  thresholds: Partial<CompareThresholds> = {},
): ComparisonResult {
  const t = resolveThresholds(thresholds);
  checkRun(baseline, 'baseline');
  checkRun(current, 'current');
  const rows = scalarRows(baseline, current, t);
  const notes: string[] = [];
  const compared = LATENCY_METRICS.map((metric, index) => ({ ...metric, index })).filter(({ key, label }) => {
    const base = baseline[key];
    const cur = current[key];
    if (base.length > 0 && cur.length > 0) return true;
    const which =
      base.length === 0 && cur.length === 0
        ? 'either run'
        : base.length === 0
          ? 'the baseline'
          : 'the current run';
    notes.push(`${label} not compared: no samples in ${which}.`);
    return false;
  });
  const rowAlpha = t.alpha / Math.max(1, compared.length * QUANTILES.length);
  for (const { key, label, index } of compared) {
    if (Math.min(baseline[key].length, current[key].length) < 20) {
      notes.push(`${label}: fewer than 20 samples in a run; the significance tests have little power.`);
    }
    rows.push(...latencyRows(label, index, baseline[key], current[key], t, rowAlpha));
  }
  return {
    baselineId: baseline.id,
    currentId: current.id,
    rows,
    result: rows.some((r) => r.status === 'REGRESS') ? 'FAIL' : 'PASS',
    thresholds: t,
    rowAlpha,
    notes,
  };
}
