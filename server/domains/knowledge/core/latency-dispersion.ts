/**
 * The dispersion rule of the synthetic performance model (docs/performance-model.md). The modelled value
 * is the mean. The tail (p90, p95, p99) is log-normal around it with a shape σ that widens with load:
 *   p_q = mean · exp(z_q · σ − σ² / 2),   σ = base + load·Δload + queued·Δqueued
 * The body (p50) keeps the unloaded shape, p50 = mean · exp(−base² / 2), so the median never drops
 * when load widens the tail. For 0 ≤ σ < z_90 every percentile rises with the mean and with σ, and
 * p50 ≤ p90 ≤ p95 ≤ p99 holds.
 */
export interface LatencyStatsMs {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/** Standard-normal quantiles. */
const Z = { p90: 1.2816, p95: 1.6449, p99: 2.3263 } as const;

/**
 * `load` ∈ [0, 1]: running batch relative to the largest batch the KV cache admits.
 * `queued` ∈ [0, 1): the share of TTFT spent waiting for a free batch slot.
 */
export interface LoadState {
  load: number;
  queued: number;
}

export const SIGMA = {
  ttft: { base: 0.05, load: 0.25, queued: 0.35 },
  itl: { base: 0.03, load: 0.15, queued: 0 },
  e2e: { base: 0.02, load: 0.08, queued: 0.2 },
} as const;

export type LatencyMetric = keyof typeof SIGMA;

export function sigmaFor(metric: LatencyMetric, state: LoadState): number {
  const s = SIGMA[metric];
  return s.base + s.load * state.load + s.queued * state.queued;
}

export function latencyStats(metric: LatencyMetric, mean: number, state: LoadState): LatencyStatsMs {
  const base = SIGMA[metric].base;
  const sigma = sigmaFor(metric, state);
  const shift = (sigma * sigma) / 2;
  return {
    mean: round3(mean),
    p50: round3(mean * Math.exp(-(base * base) / 2)),
    p90: round3(mean * Math.exp(Z.p90 * sigma - shift)),
    p95: round3(mean * Math.exp(Z.p95 * sigma - shift)),
    p99: round3(mean * Math.exp(Z.p99 * sigma - shift)),
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
