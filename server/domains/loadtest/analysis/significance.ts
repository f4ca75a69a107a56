/**
 * Significance tests used by the baseline/current comparison: the Mann–Whitney U test for a shift
 * between two latency distributions, and a seeded bootstrap confidence interval (percentile or
 * normal) for the difference of one quantile (p50/p95/p99) between two samples.
 */
import { createRng, type Rng } from '../../../kernel/rng.js';
import { percentile, sortAscending } from './stats.js';

const SQRT_PI = Math.sqrt(Math.PI);

/** Complementary error function, accurate to ~1e-14 relative for x < 2 and ~1e-15 beyond. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // Maclaurin series of erf: 2/√π · Σ (-1)^n x^(2n+1) / (n! (2n+1)); terms stay below ~11 for x < 2.
    const x2 = x * x;
    let term = x; // (-1)^n x^(2n+1) / n!
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / SQRT_PI) * sum;
  }
  if (x > 27) return 0; // below the smallest double
  // Continued fraction erfc(x) = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), from the tail up.
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** Standard normal cumulative distribution function Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Inverse of Φ: the z with Φ(z) = p, for p in (0, 1); ~1e-13 absolute. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs p in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  // Lower tail (z <= 0), where Φ = erfc(−z/√2)/2 keeps full relative precision: bisect, then polish with Newton.
  let lo = -40;
  let hi = 0;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  let z = (lo + hi) / 2;
  for (let i = 0; i < 3; i++) z -= (normalCdf(z) - p) / (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
  return z;
}

export interface MannWhitneyResult {
  /** U for the first sample: pairs (x, y) with x > y, ties counting one half. */
  u: number;
  /** Standardised U with tie and continuity corrections; negative when x tends to be smaller than y. */
  z: number;
  /** Two-sided p-value from the normal approximation, in [0, 1]. */
  pValue: number;
}

/**
 * Two-sided Mann–Whitney U test by the normal approximation. Ranks are averaged over ties;
 * var(U) = n1·n2/12 · ((n + 1) − Σ(t³ − t) / (n(n − 1))) over tie groups of size t; the continuity
 * correction moves |U − n1·n2/2| half a unit towards 0. With every value tied the test has no
 * information and returns z = 0, p = 1. The approximation is good from about 8 values per sample.
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitneyU needs two non-empty samples');
  const n = n1 + n2;
  const pooled: { value: number; fromX: boolean }[] = [];
  for (const value of x) pooled.push({ value, fromX: true });
  for (const value of y) pooled.push({ value, fromX: false });
  pooled.sort((a, b) => a.value - b.value);

  let rankSumX = 0;
  let tieTerm = 0;
  for (let start = 0; start < n;) {
    const value = (pooled[start] as { value: number }).value;
    let end = start + 1;
    while (end < n && (pooled[end] as { value: number }).value === value) end++;
    const t = end - start;
    const averageRank = (start + 1 + end) / 2; // ranks are 1-based: start+1 … end
    for (let i = start; i < end; i++) if ((pooled[i] as { fromX: boolean }).fromX) rankSumX += averageRank;
    tieTerm += t * t * t - t;
    start = end;
  }

  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  const varianceU = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(varianceU > 0)) return { u, z: 0, pValue: 1 };
  const deviation = u - meanU;
  const corrected = Math.max(0, Math.abs(deviation) - 0.5);
  const z = (Math.sign(deviation) * corrected) / Math.sqrt(varianceU);
  const pValue = Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
  return { u, z, pValue };
}

export interface BootstrapOptions {
  /** Resamples; 2000 gives ~10 draws beyond each end of a 99 % interval. Default 2000. */
  iterations?: number;
  /** Two-sided confidence level, default 0.99. */
  confidence?: number;
  /** Seed of the resampling generator, default 1. */
  seed?: number;
  /**
   * 'percentile' (default): the interval is the alpha/2 and 1 − alpha/2 quantiles of the bootstrap
   * differences. 'normal': estimate ± z·(bootstrap standard deviation), which stays stable at
   * confidence levels whose tails a percentile interval would need tens of thousands of resamples for.
   */
  method?: 'percentile' | 'normal';
}

export interface QuantileDifferenceInterval {
  /** The quantile compared, in [0, 1]. */
  q: number;
  /** Quantile(current) − quantile(baseline) on the observed samples. */
  estimate: number;
  /** Bootstrap confidence interval of that difference (see BootstrapOptions.method). */
  low: number;
  high: number;
}

/** Which order statistics (1-based ranks) one resample needs, and how each quantile combines them. */
interface RankPlan {
  n: number;
  /** Distinct ranks, ascending. */
  ranks: number[];
  /** Per quantile: positions in `ranks` of the lower and upper order statistic, and the interpolation weight. */
  lower: number[];
  upper: number[];
  frac: number[];
}

function rankPlan(n: number, qs: readonly number[]): RankPlan {
  const wanted = new Set<number>();
  const pairs = qs.map((q) => {
    const h = (n - 1) * q;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, n - 1);
    wanted.add(lo + 1).add(hi + 1);
    return { lo: lo + 1, hi: hi + 1, frac: h - lo };
  });
  const ranks = [...wanted].sort((a, b) => a - b);
  return {
    n,
    ranks,
    lower: pairs.map((p) => ranks.indexOf(p.lo)),
    upper: pairs.map((p) => ranks.indexOf(p.hi)),
    frac: pairs.map((p) => p.frac),
  };
}

/**
 * One bootstrap replicate: the type-7 quantiles of a size-n resample (with replacement) of
 * `sorted`, written into `out`. A resample draws indices ⌊n·U⌋ for n uniforms U, so its r-th
 * smallest value is sorted[⌊n·U₍r₎⌋], where U₍r₎ is the r-th order statistic of n uniforms. Only the
 * needed order statistics are drawn, in ascending order: U₍r₎ ~ Beta(r, n − r + 1), and given
 * U₍r₎ = u, U₍r'₎ = u + (1 − u)·Beta(r' − r, n − r' + 1). This has exactly the distribution of
 * drawing and sorting the resample, at a cost independent of n.
 */
function resampleQuantilesInto(
  sorted: readonly number[],
  plan: RankPlan,
  rng: Rng,
  values: Float64Array,
  out: Float64Array,
): void {
  const n = plan.n;
  let previousRank = 0;
  let u = 0;
  for (let i = 0; i < plan.ranks.length; i++) {
    const rank = plan.ranks[i] as number;
    const k = rank - previousRank;
    const remaining = n - previousRank;
    // k = 1: the minimum of `remaining` uniforms, 1 − W^(1/remaining), needs no gamma draws.
    const v = k === 1 ? 1 - Math.pow(1 - rng.uniform(), 1 / remaining) : rng.beta(k, remaining - k + 1);
    u += (1 - u) * v;
    previousRank = rank;
    values[i] = sorted[Math.min(n - 1, Math.floor(n * u))] as number;
  }
  for (let k = 0; k < out.length; k++) {
    const lower = values[plan.lower[k] as number] as number;
    const upper = values[plan.upper[k] as number] as number;
    out[k] = lower + (plan.frac[k] as number) * (upper - lower);
  }
}

/** The type-7 quantiles (q in [0, 1]) of one bootstrap resample of an ascending sample. */
export function bootstrapReplicate(sorted: readonly number[], qs: readonly number[], rng: Rng): number[] {
  if (sorted.length === 0) throw new RangeError('bootstrapReplicate needs a non-empty sample');
  for (const q of qs) if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const plan = rankPlan(sorted.length, qs);
  const out = new Float64Array(qs.length);
  resampleQuantilesInto(sorted, plan, rng, new Float64Array(plan.ranks.length), out);
  return Array.from(out);
}

function standardDeviation(values: Float64Array): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) * (v - mean);
  return Math.sqrt(sum / (values.length - 1));
}

function checkSamples(baseline: readonly number[], current: readonly number[], qs: readonly number[]): void {
  if (baseline.length === 0 || current.length === 0) {
    throw new RangeError('bootstrap needs two non-empty samples');
  }
  for (const q of qs) if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
}

/**
 * Bootstrap intervals for quantile(current) − quantile(baseline) at several quantiles, sharing the
 * resamples (each iteration resamples both samples independently, with replacement). Deterministic
 * for a given seed.
 */
export function bootstrapQuantileDifferences(
  baseline: readonly number[],
  current: readonly number[],
  qs: readonly number[],
  options: BootstrapOptions = {},
): QuantileDifferenceInterval[] {
  checkSamples(baseline, current, qs);
  const iterations = Math.floor(options.iterations ?? 2000);
  const confidence = options.confidence ?? 0.99;
  if (!(iterations >= 1)) throw new RangeError(`iterations must be >= 1, got ${options.iterations}`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);

  const rng = createRng(options.seed ?? 1);
  const sortedBase = sortAscending(baseline);
  const sortedCur = sortAscending(current);
  const planBase = rankPlan(sortedBase.length, qs);
  const planCur = rankPlan(sortedCur.length, qs);
  const scratchBase = new Float64Array(planBase.ranks.length);
  const scratchCur = new Float64Array(planCur.ranks.length);
  const qb = new Float64Array(qs.length);
  const qc = new Float64Array(qs.length);
  const diffs = qs.map(() => new Float64Array(iterations));
  for (let b = 0; b < iterations; b++) {
    resampleQuantilesInto(sortedBase, planBase, rng, scratchBase, qb);
    resampleQuantilesInto(sortedCur, planCur, rng, scratchCur, qc);
    for (let k = 0; k < qs.length; k++) (diffs[k] as Float64Array)[b] = (qc[k] as number) - (qb[k] as number);
  }
  const tail = (1 - confidence) / 2;
  return qs.map((q, k) => {
    const estimate = percentile(sortedCur, q) - percentile(sortedBase, q);
    const replicates = diffs[k] as Float64Array;
    if (options.method === 'normal') {
      const half = normalQuantile(1 - tail) * standardDeviation(replicates);
      return { q, estimate, low: estimate - half, high: estimate + half };
    }
    const sortedDiffs = Array.from(replicates.sort());
    return { q, estimate, low: percentile(sortedDiffs, tail), high: percentile(sortedDiffs, 1 - tail) };
  });
}

/** Bootstrap interval for quantile(current) − quantile(baseline) at one quantile q. */
export function bootstrapQuantileDifference(
  baseline: readonly number[],
  current: readonly number[],
  q: number,
  options: BootstrapOptions = {},
): QuantileDifferenceInterval {
  return bootstrapQuantileDifferences(baseline, current, [q], options)[0] as QuantileDifferenceInterval;
}
