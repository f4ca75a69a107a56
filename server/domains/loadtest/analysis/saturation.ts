/**
 * Saturation analysis of a load sweep (one summary per load level): the latency knee, the
 * throughput saturation point, the highest-goodput level under an SLO and the recommended
 * operating range. Definitions (docs/benchmark-analysis.md has the reasoning):
 *
 * - knee: Kneedle (convex, increasing) on p95 latency (TTFT by default) against offered load —
 *   where latency turns from slow growth to steep growth. `throughputKnee` is Kneedle (concave,
 *   increasing) on achieved throughput against offered load.
 * - saturation point: the first level k, below the highest, from which no higher level j gains
 *   throughput at an elasticity of `saturationElasticity` (default 0.1) or more, where
 *   elasticity(k → j) = (R_j / R_k − 1) / (L_j / L_k − 1) for achieved rate R and offered load L.
 *   With doubling levels, 0.1 reads "doubling the load buys less than 10 % more throughput".
 * - max goodput: among levels that meet the SLO (TTFT, ITL and E2E p95 within target and success
 *   rate ≥ `minSuccessRate`), the one with the highest achieved throughput.
 * - recommended range: upper end = the max-goodput load (without an SLO: the knee), never above
 *   the saturation point, where more load only adds latency; lower end = the lightest qualifying
 *   level that still achieves `minUtilization` (default half) of the throughput at the upper end.
 */
import { findKnee } from './knee.js';
import { DEFAULT_LOAD_UNITS, formatLoad, formatMs, formatRate, type LoadUnits } from './units.js';

export interface SweepLevel {
  level: number;
  /** Concurrency or target request rate of the level. */
  offeredLoad: number;
  achievedRps: number;
  outputTokensPerSecond: number;
  ttftP95: number;
  itlP95: number;
  e2eP95: number;
  /** Fraction of requests that succeeded, in [0, 1]. */
  successRate: number;
}

export interface SloTargets {
  ttftP95Ms: number;
  itlP95Ms: number;
  e2eP95Ms: number;
}

export type KneeMetric = 'ttftP95' | 'itlP95' | 'e2eP95';

export interface SaturationOptions {
  /**
   * Latency whose curve the knee is found on. Default 'ttftP95': queueing shows first and most
   * clearly in time to first token, while E2E also carries decode time, which grows steadily with
   * batching and can make E2E against concurrency almost a straight line.
   */
  kneeMetric?: KneeMetric;
  /** Kneedle sensitivity S. Default 1. */
  sensitivity?: number;
  /** Throughput elasticity below which the sweep counts as saturated. Default 0.1. */
  saturationElasticity?: number;
  /** Lowest success rate of a level that can meet the SLO. Default 0.99. */
  minSuccessRate?: number;
  /** Lower end of the range: the lightest level reaching this share of the upper end's throughput. Default 0.5. */
  minUtilization?: number;
  /** What the load axis is (rate or concurrency) and what its units are called, for the notes. Default req/s. */
  units?: LoadUnits;
}

export interface LoadPoint {
  level: number;
  offeredLoad: number;
  achievedRps: number;
}

export interface SaturationAnalysis {
  /** Latency knee. */
  knee: (LoadPoint & { metric: KneeMetric; latencyMs: number }) | null;
  throughputKnee: LoadPoint | null;
  saturationPoint: (LoadPoint & { peakAchievedRps: number }) | null;
  maxGoodput:
    (LoadPoint & { outputTokensPerSecond: number; ttftP95: number; itlP95: number; e2eP95: number }) | null;
  recommendedRange: { minLoad: number; maxLoad: number } | null;
  /** The SLO the analysis used, if any. */
  slo: SloTargets | null;
  /** The options in force (defaults filled in). */
  settings: Required<SaturationOptions>;
  /** Levels (by `level`) meeting the SLO; empty without an SLO. */
  levelsMeetingSlo: number[];
  notes: string[];
}

const METRIC_LABELS: Record<KneeMetric, string> = {
  ttftP95: 'TTFT p95',
  itlP95: 'ITL p95',
  e2eP95: 'E2E p95',
};

function point(l: SweepLevel): LoadPoint {
  return { level: l.level, offeredLoad: l.offeredLoad, achievedRps: l.achievedRps };
}

function round(value: number, digits = 2): string {
  return String(Number(value.toFixed(digits)));
}

function checkLevels(levels: readonly SweepLevel[]): SweepLevel[] {
  const sorted = [...levels].sort((a, b) => a.offeredLoad - b.offeredLoad);
  for (const l of sorted) {
    const numbers = [
      l.offeredLoad,
      l.achievedRps,
      l.outputTokensPerSecond,
      l.ttftP95,
      l.itlP95,
      l.e2eP95,
      l.successRate,
    ];
    if (numbers.some((v) => !Number.isFinite(v))) throw new RangeError(`level ${l.level}: non-finite value`);
    if (l.offeredLoad <= 0) throw new RangeError(`level ${l.level}: offeredLoad must be > 0`);
  }
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as SweepLevel).offeredLoad === (sorted[i - 1] as SweepLevel).offeredLoad) {
      throw new RangeError(
        `two levels share offered load ${(sorted[i] as SweepLevel).offeredLoad}; merge repetitions first`,
      );
    }
  }
  return sorted;
}

function elasticity(from: SweepLevel, to: SweepLevel): number {
  return (to.achievedRps / from.achievedRps - 1) / (to.offeredLoad / from.offeredLoad - 1);
}

function findSaturation(levels: readonly SweepLevel[], threshold: number): SweepLevel | null {
  for (let k = 0; k < levels.length - 1; k++) {
    const from = levels[k] as SweepLevel;
    if (!(from.achievedRps > 0)) continue;
    if (levels.slice(k + 1).every((to) => elasticity(from, to) < threshold)) return from;
  }
  return null;
}

function sloMisses(l: SweepLevel, slo: SloTargets, minSuccessRate: number): string[] {
  const misses: string[] = [];
  const check = (label: string, value: number, target: number): void => {
    if (value > target)
      misses.push(
        `${label} ${formatMs(value)} > ${formatMs(target)} (+${round((value / target - 1) * 100, 1)}%)`,
      );
  };
  check('TTFT p95', l.ttftP95, slo.ttftP95Ms);
  check('ITL p95', l.itlP95, slo.itlP95Ms);
  check('E2E p95', l.e2eP95, slo.e2eP95Ms);
  if (l.successRate < minSuccessRate) {
    misses.push(`success rate ${round(l.successRate * 100, 1)}% < ${round(minSuccessRate * 100, 1)}%`);
  }
  return misses;
}

function recommendRange(
  levels: readonly SweepLevel[],
  rule: { caps: (number | undefined)[]; qualifies: (l: SweepLevel) => boolean; minUtilization: number },
): SaturationAnalysis['recommendedRange'] {
  const caps = rule.caps.filter((v): v is number => v !== undefined);
  if (caps.length === 0) return null;
  const cap = Math.min(...caps);
  const eligible = levels.filter((l) => l.offeredLoad <= cap && rule.qualifies(l));
  const upper = eligible[eligible.length - 1];
  if (!upper) return null;
  const lower = eligible.find((l) => l.achievedRps >= rule.minUtilization * upper.achievedRps) ?? upper;
  return { minLoad: lower.offeredLoad, maxLoad: upper.offeredLoad };
}

export function analyzeSaturation(
  levelsInput: readonly SweepLevel[],
  slo?: SloTargets,
  options: SaturationOptions = {},
): SaturationAnalysis {
  const settings: Required<SaturationOptions> = {
    kneeMetric: options.kneeMetric ?? 'ttftP95',
    sensitivity: options.sensitivity ?? 1,
    saturationElasticity: options.saturationElasticity ?? 0.1,
    minSuccessRate: options.minSuccessRate ?? 0.99,
    minUtilization: options.minUtilization ?? 0.5,
    units: options.units ?? DEFAULT_LOAD_UNITS,
  };
  const at = (load: number): string => formatLoad(load, settings.units);
  const rps = (value: number): string => formatRate(value, settings.units.unit);
  const { kneeMetric, sensitivity, minSuccessRate, minUtilization } = settings;
  const elasticityThreshold = settings.saturationElasticity;
  const levels = checkLevels(levelsInput);
  const notes: string[] = [];
  if (levels.length === 0) {
    notes.push('The sweep has no levels.');
    const none = {
      knee: null,
      throughputKnee: null,
      saturationPoint: null,
      maxGoodput: null,
      recommendedRange: null,
    };
    return { ...none, slo: slo ?? null, settings, levelsMeetingSlo: [], notes };
  }
  const byLevel = (index: number): SweepLevel => levels[index] as SweepLevel;

  if (levels.length < 3) notes.push('Fewer than 3 load levels: knee detection needs at least 3.');
  const latencyKnee = findKnee(
    levels.map((l) => ({ x: l.offeredLoad, y: l[kneeMetric] })),
    { curve: 'convex', direction: 'increasing', sensitivity },
  );
  const tputKnee = findKnee(
    levels.map((l) => ({ x: l.offeredLoad, y: l.achievedRps })),
    { curve: 'concave', direction: 'increasing', sensitivity },
  );
  const knee = latencyKnee
    ? { ...point(byLevel(latencyKnee.index)), metric: kneeMetric, latencyMs: latencyKnee.y }
    : null;
  const throughputKnee = tputKnee ? point(byLevel(tputKnee.index)) : null;
  if (knee) {
    notes.push(
      `${METRIC_LABELS[kneeMetric]} knee at ${at(knee.offeredLoad)} (${formatMs(knee.latencyMs)}, ${rps(knee.achievedRps)} achieved).`,
    );
  } else if (levels.length >= 3) {
    notes.push(`No ${METRIC_LABELS[kneeMetric]} knee: latency has no pronounced bend over the sweep.`);
  }

  const peak = Math.max(...levels.map((l) => l.achievedRps));
  const saturated = levels.length >= 2 ? findSaturation(levels, elasticityThreshold) : null;
  const saturationPoint = saturated ? { ...point(saturated), peakAchievedRps: peak } : null;
  if (saturationPoint) {
    notes.push(
      `Throughput saturates at ${at(saturationPoint.offeredLoad)} (${rps(saturationPoint.achievedRps)} achieved; peak ${rps(peak)}).`,
    );
  } else if (levels.length >= 2) {
    const last = byLevel(levels.length - 1);
    const before = byLevel(levels.length - 2);
    const gain =
      before.achievedRps > 0
        ? ` (+${round((last.achievedRps / before.achievedRps - 1) * 100, 1)}% over the previous level)`
        : '';
    notes.push(`Throughput still grows at the highest level${gain}: the sweep did not reach saturation.`);
  }

  const meetingSlo = new Set<SweepLevel>();
  let maxGoodput: SaturationAnalysis['maxGoodput'] = null;
  if (slo) {
    const meeting = levels.filter((l) => sloMisses(l, slo, minSuccessRate).length === 0);
    for (const l of meeting) meetingSlo.add(l);
    const best = meeting.reduce<SweepLevel | null>(
      (b, l) => (b === null || l.achievedRps > b.achievedRps ? l : b),
      null,
    );
    if (best) {
      maxGoodput = {
        ...point(best),
        outputTokensPerSecond: best.outputTokensPerSecond,
        ttftP95: best.ttftP95,
        itlP95: best.itlP95,
        e2eP95: best.e2eP95,
      };
      notes.push(`Max goodput under the SLO: ${rps(best.achievedRps)} at ${at(best.offeredLoad)}.`);
      const heavier = levels.find((l) => l.offeredLoad > best.offeredLoad && !meetingSlo.has(l));
      if (heavier)
        notes.push(
          `At ${at(heavier.offeredLoad)} the SLO is missed: ${sloMisses(heavier, slo, minSuccessRate).join('; ')}.`,
        );
      else if (meeting.length === levels.length)
        notes.push('Every level meets the SLO: its limit lies beyond the sweep.');
    } else {
      notes.push(
        `No level meets the SLO; at the lightest load: ${sloMisses(byLevel(0), slo, minSuccessRate).join('; ')}.`,
      );
    }
  } else {
    notes.push(
      'No SLO given: the operating range ends at the latency knee or the saturation point, whichever comes first.',
    );
  }

  const recommendedRange = recommendRange(levels, {
    caps: slo
      ? maxGoodput
        ? [maxGoodput.offeredLoad, saturationPoint?.offeredLoad]
        : []
      : [knee?.offeredLoad, saturationPoint?.offeredLoad],
    qualifies: (l) => !slo || meetingSlo.has(l),
    minUtilization,
  });
  if (recommendedRange) {
    notes.push(
      `Recommended operating range: ${at(recommendedRange.minLoad)} to ${at(recommendedRange.maxLoad)}.`,
    );
  }

  return {
    knee,
    throughputKnee,
    saturationPoint,
    maxGoodput,
    recommendedRange,
    slo: slo ?? null,
    settings,
    levelsMeetingSlo: levels.filter((l) => meetingSlo.has(l)).map((l) => l.level),
    notes,
  };
}
