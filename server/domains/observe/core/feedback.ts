/**
 * The feedback rule: when is production traffic a benchmark point? Over the feedback window the
 * per-replica load must be sustained — evaluated at ≥ `minCoverage` of the steps, coefficient of
 * variation ≤ `maxVariation` — and at least `minRequests` requests must have finished. The point is
 * filed under a load level (bins `levelStep` apart on a log scale, 1.25 → 25 % apart) so a steady
 * deployment updates one row per level instead of adding one per window.
 */

export interface FeedbackOptions {
  minCoverage: number;
  maxVariation: number;
  minRequests: number;
  levelStep: number;
}

export const DEFAULT_FEEDBACK: FeedbackOptions = {
  minCoverage: 0.8,
  maxVariation: 0.25,
  minRequests: 100,
  levelStep: 1.25,
};

export interface SustainedLevel {
  level: number;
  meanLoad: number;
  variation: number;
}

export type FeedbackVerdict = { ok: true; sustained: SustainedLevel } | { ok: false; reason: string };

/** `loads`: the per-replica req/s at each step of the window (null where nothing was evaluated). */
export function sustainedLevel(
  loads: readonly (number | null)[],
  requests: number,
  options: FeedbackOptions = DEFAULT_FEEDBACK,
): FeedbackVerdict {
  const values = loads.filter((l): l is number => l !== null && Number.isFinite(l));
  if (loads.length === 0 || values.length / loads.length < options.minCoverage)
    return { ok: false, reason: `load was measured at ${values.length} of ${loads.length} steps` };
  if (requests < options.minRequests)
    return { ok: false, reason: `${Math.round(requests)} requests finished (need ${options.minRequests})` };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (!(mean > 0)) return { ok: false, reason: 'no load' };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  const variation = Math.sqrt(variance) / mean;
  if (variation > options.maxVariation)
    return {
      ok: false,
      reason: `load varied by ${Math.round(variation * 100)} % (at most ${Math.round(options.maxVariation * 100)} %)`,
    };
  return { ok: true, sustained: { level: loadLevel(mean, options.levelStep), meanLoad: mean, variation } };
}

/** The level index of a load: round(log_step(load)); loads within ±half a step share it. */
export function loadLevel(load: number, step: number): number {
  return Math.round(Math.log(load) / Math.log(step));
}
