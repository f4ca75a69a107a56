/**
 * The per-config model behind estimated rows (see estimate.ts and docs/recommendations.md).
 *
 * For one config (model, GPU, GPU count), from its rows of other traffic profiles:
 * 1. Base level = the lowest concurrency that at least two profiles have (normally 1, where there is
 *    no batching or queueing). Least squares across profiles at that level:
 *      TTFT₀ = a + b · prompt                      (prefill grows with the prompt)
 *      ITL₀  = c + d · (prompt + output)           (each decode step reads the whole KV cache)
 * 2. Every level c gets load multipliers per training profile, mT = TTFT_c / TTFT₀ and
 *    mI = ITL_c / ITL₀ (batching and queueing). For the target profile they are interpolated
 *    geometrically — linearly in log m against x = log(prompt + output), between the two training
 *    profiles that bracket x (KV footprint decides when a config starts to queue); outside the
 *    training range the nearest profile's multipliers are used.
 *      TTFT_c = TTFT₀ · mT,   ITL_c = ITL₀ · mI
 * 3. E2E_c = r · (TTFT_c + output · ITL_c) and req/s = k · c / E2E_c (Little's law), r and k the
 *    means over the bracketing rows of E2E / (TTFT + output · ITL) and req/s · E2E / c.
 * A per-level straight line across profiles was tried first and rejected: at high concurrency one
 * queue-bound profile drags the line into predictions wrong by 10–100×.
 */
import { groupByConfig, selectTrustedSource } from './group.js';
import {
  SOURCE_TRUST_ORDER,
  type BenchmarkSourceKey,
  type CandidateRow,
  type TokenProfile,
} from '../types.js';

export interface ProfiledRow extends CandidateRow, TokenProfile {}

export interface LinearFit {
  intercept: number;
  slope: number;
}

/** One training profile's rows at one concurrency, averaged, with its load multipliers. */
export interface LevelPoint {
  profile: TokenProfile;
  /** log(prompt + output). */
  x: number;
  logTtftMultiplier: number;
  logItlMultiplier: number;
  e2eRatio: number;
  littleK: number;
  /** The rows behind the point: this level's and the base level's. */
  benchmarkIds: number[];
}

export interface ConfigModel {
  modelId: number;
  gpuId: number;
  gpuCount: number;
  /** The least trusted source among the rows used. */
  source: BenchmarkSourceKey;
  baseConcurrency: number;
  ttftBase: LinearFit;
  itlBase: LinearFit;
  baseBenchmarkIds: number[];
  baseProfiles: TokenProfile[];
  /** Per concurrency, points sorted by x. */
  levels: Map<number, LevelPoint[]>;
}

export interface EstimatedValues {
  ttftP95: number;
  itlP95: number;
  e2eP95: number;
  requestsPerSecond: number;
  benchmarkIds: number[];
  profiles: TokenProfile[];
}

/** Ordinary least squares y = intercept + slope·x; null with fewer than two distinct x. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += (xs[i] as number) / n;
    my += (ys[i] as number) / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - my);
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

export function profileKey(p: TokenProfile): string {
  return `${p.promptTokens}/${p.outputTokens}`;
}

export function compareProfiles(a: TokenProfile, b: TokenProfile): number {
  return a.promptTokens - b.promptTokens || a.outputTokens - b.outputTokens;
}

interface Averaged {
  profile: TokenProfile;
  concurrency: number;
  ttft: number;
  itl: number;
  e2e: number;
  rps: number;
  ids: number[];
  source: BenchmarkSourceKey;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** One record per (profile, concurrency): most trusted allowed source per profile, repeats averaged. */
function averagedLevels(rows: readonly ProfiledRow[], sources: readonly BenchmarkSourceKey[]): Averaged[] {
  const byProfile = new Map<string, ProfiledRow[]>();
  for (const r of rows) byProfile.set(profileKey(r), [...(byProfile.get(profileKey(r)) ?? []), r]);
  const out: Averaged[] = [];
  for (const list of byProfile.values()) {
    const chosen = selectTrustedSource(list, sources);
    if (!chosen) continue;
    const byLevel = new Map<number, ProfiledRow[]>();
    for (const r of chosen.rows)
      byLevel.set(r.concurrency as number, [...(byLevel.get(r.concurrency as number) ?? []), r]);
    for (const [concurrency, level] of byLevel) {
      const first = level[0] as ProfiledRow;
      out.push({
        profile: { promptTokens: first.promptTokens, outputTokens: first.outputTokens },
        concurrency,
        ttft: mean(level.map((r) => r.ttftP95)),
        itl: mean(level.map((r) => r.itlP95)),
        e2e: mean(level.map((r) => r.e2eP95)),
        rps: mean(level.map((r) => r.requestsPerSecond)),
        ids: level.map((r) => r.benchmarkId),
        source: chosen.source,
      });
    }
  }
  return out;
}

function fitConfig(rows: readonly ProfiledRow[], sources: readonly BenchmarkSourceKey[]): ConfigModel | null {
  const levels = averagedLevels(rows, sources);
  const profilesAt = new Map<number, number>();
  for (const l of levels) profilesAt.set(l.concurrency, (profilesAt.get(l.concurrency) ?? 0) + 1);
  const candidates = [...profilesAt].filter(([, n]) => n >= 2).map(([c]) => c);
  if (candidates.length === 0) return null;
  const baseConcurrency = Math.min(...candidates);
  const base = new Map(
    levels.filter((l) => l.concurrency === baseConcurrency).map((l) => [profileKey(l.profile), l]),
  );
  const baseList = [...base.values()];
  const ttftBase = fitLine(
    baseList.map((l) => l.profile.promptTokens),
    baseList.map((l) => l.ttft),
  );
  const itlBase = fitLine(
    baseList.map((l) => l.profile.promptTokens + l.profile.outputTokens),
    baseList.map((l) => l.itl),
  );
  if (!ttftBase || !itlBase) return null;
  const byLevel = new Map<number, LevelPoint[]>();
  const used: Averaged[] = [...baseList];
  for (const l of levels) {
    const b = base.get(profileKey(l.profile));
    if (!b) continue;
    used.push(l);
    const point: LevelPoint = {
      profile: l.profile,
      x: Math.log(l.profile.promptTokens + l.profile.outputTokens),
      logTtftMultiplier: Math.log(l.ttft / b.ttft),
      logItlMultiplier: Math.log(l.itl / b.itl),
      e2eRatio: l.e2e / (l.ttft + l.profile.outputTokens * l.itl),
      littleK: (l.rps * l.e2e) / l.concurrency,
      benchmarkIds: [...new Set([...l.ids, ...b.ids])].sort((x, y) => x - y),
    };
    byLevel.set(l.concurrency, [...(byLevel.get(l.concurrency) ?? []), point]);
  }
  for (const points of byLevel.values())
    points.sort((a, b) => a.x - b.x || compareProfiles(a.profile, b.profile));
  const first = rows[0] as ProfiledRow;
  let worst = 0;
  for (const u of used) worst = Math.max(worst, SOURCE_TRUST_ORDER.indexOf(u.source));
  return {
    modelId: first.modelId,
    gpuId: first.gpuId,
    gpuCount: first.gpuCount,
    source: SOURCE_TRUST_ORDER[worst] as BenchmarkSourceKey,
    baseConcurrency,
    ttftBase,
    itlBase,
    baseBenchmarkIds: baseList.flatMap((l) => l.ids).sort((x, y) => x - y),
    baseProfiles: baseList.map((l) => l.profile).sort(compareProfiles),
    levels: new Map([...byLevel].sort((a, b) => a[0] - b[0])),
  };
}

/** Per-config models over `rows` (any mix of profiles; rows without a concurrency are ignored). */
export function fitConfigModels(
  rows: readonly ProfiledRow[],
  sources: readonly BenchmarkSourceKey[] = [],
): Map<string, ConfigModel> {
  const models = new Map<string, ConfigModel>();
  for (const [key, group] of groupByConfig(rows.filter((r) => r.concurrency !== null))) {
    const model = fitConfig(group, sources);
    if (model) models.set(key, model);
  }
  return models;
}

/** The bracketing points of x (the same point twice at or beyond the ends). */
function bracket(points: readonly LevelPoint[], x: number): [LevelPoint, LevelPoint, number] | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  if (x <= first.x) return [first, first, 0];
  if (x >= last.x) return [last, last, 0];
  for (let i = 0; i + 1 < points.length; i++) {
    const lo = points[i] as LevelPoint;
    const hi = points[i + 1] as LevelPoint;
    if (x >= lo.x && x <= hi.x) return hi.x > lo.x ? [lo, hi, (x - lo.x) / (hi.x - lo.x)] : [lo, lo, 0];
  }
  return null;
}

/** The model's estimate at one concurrency for `profile`; null when it has no such level or a value is ≤ 0. */
export function predictLevel(
  model: ConfigModel,
  concurrency: number,
  profile: TokenProfile,
): EstimatedValues | null {
  const points = model.levels.get(concurrency);
  const b = points ? bracket(points, Math.log(profile.promptTokens + profile.outputTokens)) : null;
  if (!b) return null;
  const [lo, hi, t] = b;
  const lerp = (u: number, v: number) => u + t * (v - u);
  const ttftP95 =
    (model.ttftBase.intercept + model.ttftBase.slope * profile.promptTokens) *
    Math.exp(lerp(lo.logTtftMultiplier, hi.logTtftMultiplier));
  const itlP95 =
    (model.itlBase.intercept + model.itlBase.slope * (profile.promptTokens + profile.outputTokens)) *
    Math.exp(lerp(lo.logItlMultiplier, hi.logItlMultiplier));
  const pair = lo === hi ? [lo] : [lo, hi];
  const e2eP95 = mean(pair.map((p) => p.e2eRatio)) * (ttftP95 + profile.outputTokens * itlP95);
  const requestsPerSecond = (mean(pair.map((p) => p.littleK)) * concurrency) / e2eP95;
  if (![ttftP95, itlP95, e2eP95, requestsPerSecond].every((v) => Number.isFinite(v) && v > 0)) return null;
  const profiles = new Map<string, TokenProfile>();
  for (const p of [...model.baseProfiles, ...pair.map((q) => q.profile)]) profiles.set(profileKey(p), p);
  return {
    ttftP95,
    itlP95,
    e2eP95,
    requestsPerSecond,
    benchmarkIds: [...new Set([...model.baseBenchmarkIds, ...pair.flatMap((p) => p.benchmarkIds)])].sort(
      (x, y) => x - y,
    ),
    profiles: [...profiles.values()].sort(compareProfiles),
  };
}
