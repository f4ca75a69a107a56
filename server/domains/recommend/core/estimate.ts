/**
 * Flagged estimates for a traffic profile a config has no exact benchmarks for (docs/recommendations.md, beyond the
 * notes), and their measured error. The model is in estimate-fit.ts; in short: TTFT = a + b·prompt
 * and ITL = c + d·(prompt + output) at the lightest concurrency, fitted by least squares on the
 * config's rows of other profiles, times load multipliers interpolated from the neighbouring
 * profiles; E2E and req/s follow from the rows' own E2E ratio and Little's law.
 *
 * Estimated rows are flagged (`estimated: true`, negative placeholder ids, provenance in
 * `estimatedFrom`); recommend() uses them for a config only when it has no exact row at all and
 * marks the result `estimated: true`.
 */
import {
  compareProfiles,
  fitConfigModels,
  predictLevel,
  profileKey,
  type ProfiledRow,
} from './estimate-fit.js';
import { configKey, groupByConfig, selectTrustedSource } from './group.js';
import type { BenchmarkSourceKey, CandidateRow, TokenProfile } from '../types.js';

export { fitLine, fitConfigModels, predictLevel } from './estimate-fit.js';
export type { ConfigModel, EstimatedValues, LinearFit, ProfiledRow } from './estimate-fit.js';

export interface EstimateOptions {
  /** Sources that may be fitted on; empty = all. */
  sources?: readonly BenchmarkSourceKey[];
  /** The profile's exact rows: configs that have any are not estimated. */
  exactRows?: readonly CandidateRow[];
}

/**
 * Estimated rows for `profile` from rows of other profiles, one per concurrency level the config
 * was benchmarked at. Rows of `profile` itself in `rows` are ignored, and so are configs with
 * exact rows in `options.exactRows`.
 */
export function estimateCandidateRows(
  profile: TokenProfile,
  rows: readonly ProfiledRow[],
  options: EstimateOptions = {},
): CandidateRow[] {
  const skip = new Set((options.exactRows ?? []).map(configKey));
  const target = profileKey(profile);
  const training = rows.filter((r) => profileKey(r) !== target && !skip.has(configKey(r)));
  const out: CandidateRow[] = [];
  for (const model of fitConfigModels(training, options.sources ?? []).values()) {
    for (const concurrency of model.levels.keys()) {
      const p = predictLevel(model, concurrency, profile);
      if (!p) continue;
      out.push({
        benchmarkId: -(out.length + 1),
        modelId: model.modelId,
        gpuId: model.gpuId,
        gpuCount: model.gpuCount,
        source: model.source,
        concurrency,
        requestsPerSecond: p.requestsPerSecond,
        ttftP95: p.ttftP95,
        itlP95: p.itlP95,
        e2eP95: p.e2eP95,
        estimated: true,
        estimatedFrom: { benchmarkIds: p.benchmarkIds, profiles: p.profiles },
      });
    }
  }
  return out;
}

export interface ErrorByMetric {
  TTFT: number;
  ITL: number;
  E2E: number;
  RPS: number;
}

export interface EstimateErrorSummary {
  /** Mean absolute percentage error per metric, in % (NaN when nothing was evaluated). */
  mape: ErrorByMetric;
  /** Median absolute percentage error per metric, in % — MAPE is dominated by a few extrapolations. */
  medianApe: ErrorByMetric;
  rowsEvaluated: number;
  /** Held-out rows without an estimate (their config had too few other profiles at that level). */
  rowsNotEstimable: number;
}

export interface LeaveOneProfileOutResult extends EstimateErrorSummary {
  perProfile: (EstimateErrorSummary & { profile: TokenProfile })[];
}

const METRICS = ['TTFT', 'ITL', 'E2E', 'RPS'] as const;

interface Errors {
  TTFT: number[];
  ITL: number[];
  E2E: number[];
  RPS: number[];
  missing: number;
}

function emptyErrors(): Errors {
  return { TTFT: [], ITL: [], E2E: [], RPS: [], missing: 0 };
}

function summarise(e: Errors): EstimateErrorSummary {
  const mape = (v: number[]) => (v.length > 0 ? (100 * v.reduce((s, x) => s + x, 0)) / v.length : Number.NaN);
  const median = (v: number[]) => {
    if (v.length === 0) return Number.NaN;
    const s = [...v].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return (
      100 * (s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2)
    );
  };
  return {
    mape: { TTFT: mape(e.TTFT), ITL: mape(e.ITL), E2E: mape(e.E2E), RPS: mape(e.RPS) },
    medianApe: { TTFT: median(e.TTFT), ITL: median(e.ITL), E2E: median(e.E2E), RPS: median(e.RPS) },
    rowsEvaluated: e.TTFT.length,
    rowsNotEstimable: e.missing,
  };
}

export interface LeaveOneProfileOutOptions {
  /** Sources that count, for fitting and as the truth; empty = all. */
  sources?: readonly BenchmarkSourceKey[];
  /**
   * Which held-out rows to score (all by default), e.g. only rows that could meet some use
   * case's SLO: `(r) => r.ttftP95 <= 2000 && r.itlP95 <= 45`.
   */
  evaluate?: (row: ProfiledRow) => boolean;
}

/**
 * Holds back one profile at a time, fits on the others, and compares the estimates with the
 * held-back rows (concurrency rows of the most trusted allowed source per config).
 */
export function leaveOneProfileOut(
  rows: readonly ProfiledRow[],
  options: LeaveOneProfileOutOptions = {},
): LeaveOneProfileOutResult {
  const sources = options.sources ?? [];
  const evaluate = options.evaluate ?? (() => true);
  const profiles = new Map<string, TokenProfile>();
  for (const r of rows)
    profiles.set(profileKey(r), { promptTokens: r.promptTokens, outputTokens: r.outputTokens });
  const total = emptyErrors();
  const perProfile: LeaveOneProfileOutResult['perProfile'] = [];
  for (const profile of [...profiles.values()].sort(compareProfiles)) {
    const key = profileKey(profile);
    const models = fitConfigModels(
      rows.filter((r) => profileKey(r) !== key),
      sources,
    );
    const held = rows.filter((r) => profileKey(r) === key && r.concurrency !== null);
    const errors = emptyErrors();
    for (const [cfg, group] of groupByConfig(held)) {
      const model = models.get(cfg);
      for (const row of selectTrustedSource(group, sources)?.rows ?? []) {
        if (!evaluate(row)) continue;
        const p = model ? predictLevel(model, row.concurrency as number, profile) : null;
        if (!p) {
          errors.missing++;
          continue;
        }
        errors.TTFT.push(Math.abs(p.ttftP95 - row.ttftP95) / row.ttftP95);
        errors.ITL.push(Math.abs(p.itlP95 - row.itlP95) / row.itlP95);
        errors.E2E.push(Math.abs(p.e2eP95 - row.e2eP95) / row.e2eP95);
        errors.RPS.push(Math.abs(p.requestsPerSecond - row.requestsPerSecond) / row.requestsPerSecond);
      }
    }
    perProfile.push({ profile, ...summarise(errors) });
    for (const m of METRICS) for (const e of errors[m]) total[m].push(e);
    total.missing += errors.missing;
  }
  return { ...summarise(total), perProfile };
}
