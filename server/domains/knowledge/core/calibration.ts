/**
 * Calibration of the synthetic performance model on serving benchmarks measured on real GPUs
 * (docs/performance-model.md, "Calibration"). Pure: no I/O.
 *
 * 1. Each measured row is compared with the model at the same request rate (the achieved rate of the
 *    run): `syntheticPointAtRate`. The covariate is the utilisation u = rate / capacity ∈ [0, 1], with
 *    capacity the model's requests per second at its largest running batch.
 * 2. For each metric (TTFT, ITL, E2E) and level — the body (mean, p50) and the tail (p90, p95, p99) — the
 *    log ratio r = log2(observed / predicted) is fitted as r = a + b·u (the median of r, or least squares
 *    when cross-validation keeps the slope: `fitLevelLine`). The body is fitted
 *    on p50 (the mean where a row has no p50), the tail on p95 only. A level without rows keeps the other
 *    level's line (tail without p95 rows: the body's; body without rows: none, factor 1).
 *    A level may add a log2 offset per group of rows — per model family or per GPU — when leave-one-
 *    configuration-out cross-validation within the fit rows prefers it (`fitLevelLine`); a group the fit
 *    has not seen gets no offset.
 * 3. A calibrated statistic is the model's times 2^(a + b·u + offset[group]); percentiles are kept in order.
 *
 * The corpus is split once, by configuration (dataset, model, GPU, GPU count, prompt tokens), with a
 * fixed seed: held-out configurations are never seen by the fit. Each collection batch is split on its
 * own with the same procedure (`splitByBatch`), so a later batch never moves an earlier batch's split.
 */
import type { GpuSeed, ModelSeed } from '../../catalog/seed-data/types.js';
import {
  syntheticPointAtRate,
  toPerfGpu,
  toPerfModel,
  type LatencyStatsMs,
  type PerfModelGpu,
  type SyntheticPoint,
} from './performance-model.js';
import { leastSquaresLine } from './simulator-fit.js';

export const CALIBRATION_METRICS = ['ttft', 'itl', 'e2e'] as const;
export type CalibrationMetric = (typeof CALIBRATION_METRICS)[number];
export const MEASURED_STATS = ['mean', 'p50', 'p95', 'p99'] as const;
export type MeasuredStat = (typeof MEASURED_STATS)[number];
export type MeasuredStats = Partial<Record<MeasuredStat, number>>;
type Level = 'body' | 'tail';

/** One benchmark level measured on real hardware, with where it was published. */
export interface MeasuredRow {
  dataset: string;
  path: string;
  commit: string;
  /** Catalog HF id (lower case). */
  model: string;
  /** Catalog GPU type. */
  gpu: string;
  /** A variant of the catalog GPU with other specs (e.g. H100 PCIe): these fields replace the catalog's. */
  gpuSpec?: Partial<Omit<PerfModelGpu, 'type'>> & { variant: string };
  gpuCount: number;
  promptTokens: number;
  outputTokens: number;
  loadKind: 'concurrency' | 'requestRate';
  load: number;
  requests: number;
  /** Achieved requests per second. */
  requestsPerSecond: number;
  ttftMs: MeasuredStats;
  itlMs: MeasuredStats;
  e2eMs?: MeasuredStats;
  /**
   * The collection batch the row was added in (docs/performance-model.md, "Batch 2 protocol"); absent: 1.
   * Each batch is split on its own, so adding a batch never moves a configuration of an earlier one.
   */
  batch?: number;
}

/** What a per-group offset is keyed by: the model's catalog family, or the GPU (with its variant). */
export const CALIBRATION_GROUPINGS = ['family', 'gpu'] as const;
export type CalibrationGrouping = (typeof CALIBRATION_GROUPINGS)[number];

/** The groups one row belongs to. */
export interface RowGroups {
  family: string;
  gpu: string;
}

export interface LevelLine {
  /** log2 factor at u = 0 */
  a: number;
  /** log2 factor per unit of utilisation */
  b: number;
  /** rows the line was fitted on (0: inherited) */
  rows: number;
  /** per-group log2 offsets on top of a + b·u, when cross-validation selected them; groups not listed: 0 */
  groups?: { by: CalibrationGrouping; offsets: Record<string, number> };
}

export interface Calibration {
  version: 1;
  seed: number;
  heldOutShare: number;
  fittedOn: { datasets: string[]; configs: string[]; rows: number };
  heldOut: { configs: string[]; rows: number };
  factors: Record<CalibrationMetric, { body: LevelLine; tail: LevelLine }>;
}

/** The configuration a row belongs to: the unit of the fit / held-out split. */
export function calibrationConfigKey(row: MeasuredRow): string {
  return `${row.dataset}:${row.model}:${gpuLabel(row)}:${row.gpuCount}:${row.promptTokens}`;
}

/** The catalog GPU type, with the variant when the row ran on one (`H100(H100 PCIe)`). */
export function gpuLabel(row: Pick<MeasuredRow, 'gpu' | 'gpuSpec'>): string {
  return row.gpuSpec ? `${row.gpu}(${row.gpuSpec.variant})` : row.gpu;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface CorpusSplit {
  fit: MeasuredRow[];
  heldOut: MeasuredRow[];
  fitConfigs: string[];
  heldOutConfigs: string[];
}

/**
 * Splits by configuration: configurations ordered by a seeded FNV-1a hash of their key, the first
 * ⌈share·n⌉ held out (at least one, and at least one left to fit, when there are two or more).
 */
export function splitByConfig(rows: readonly MeasuredRow[], seed: number, heldOutShare: number): CorpusSplit {
  const keys = [...new Set(rows.map(calibrationConfigKey))];
  const ordered = keys
    .map((key) => ({ key, hash: fnv1a(`${seed}:${key}`) }))
    .sort((x, y) => x.hash - y.hash || (x.key < y.key ? -1 : 1))
    .map(({ key }) => key);
  const wanted = Math.ceil(heldOutShare * ordered.length);
  const count = ordered.length < 2 ? 0 : Math.min(ordered.length - 1, Math.max(1, wanted));
  const heldOutConfigs = ordered.slice(0, count).sort();
  const held = new Set(heldOutConfigs);
  return {
    fit: rows.filter((row) => !held.has(calibrationConfigKey(row))),
    heldOut: rows.filter((row) => held.has(calibrationConfigKey(row))),
    fitConfigs: ordered.filter((key) => !held.has(key)).sort(),
    heldOutConfigs,
  };
}

/** The batch a row belongs to (1 when the row does not say). */
export function rowBatch(row: Pick<MeasuredRow, 'batch'>): number {
  return row.batch ?? 1;
}

export interface BatchSplit {
  batch: number;
  fitConfigs: string[];
  heldOutConfigs: string[];
  fitRows: number;
  heldOutRows: number;
}

export interface BatchedCorpusSplit extends CorpusSplit {
  /** per batch, ascending */
  batches: BatchSplit[];
}

/**
 * Splits each batch on its own with `splitByConfig` (same seed and share) and joins the parts: a batch's
 * split depends only on its own rows, so batch 1 keeps its fit and held-out configurations whatever later
 * batches add. A configuration found in two batches is refused (it would be fitted in one and held out in
 * the other).
 */
export function splitByBatch(
  rows: readonly MeasuredRow[],
  seed: number,
  heldOutShare: number,
): BatchedCorpusSplit {
  const batchOfConfig = new Map<string, number>();
  for (const row of rows) {
    const key = calibrationConfigKey(row);
    const seen = batchOfConfig.get(key);
    if (seen !== undefined && seen !== rowBatch(row))
      throw new RangeError(`configuration ${key} is in batches ${seen} and ${rowBatch(row)}`);
    batchOfConfig.set(key, rowBatch(row));
  }
  const numbers = [...new Set(rows.map(rowBatch))].sort((x, y) => x - y);
  const parts = numbers.map((batch) => ({
    batch,
    split: splitByConfig(
      rows.filter((row) => rowBatch(row) === batch),
      seed,
      heldOutShare,
    ),
  }));
  const fitConfigs = new Set(parts.flatMap(({ split }) => split.fitConfigs));
  const heldOutConfigs = new Set(parts.flatMap(({ split }) => split.heldOutConfigs));
  return {
    fit: rows.filter((row) => fitConfigs.has(calibrationConfigKey(row))),
    heldOut: rows.filter((row) => heldOutConfigs.has(calibrationConfigKey(row))),
    fitConfigs: [...fitConfigs].sort(),
    heldOutConfigs: [...heldOutConfigs].sort(),
    batches: parts.map(({ batch, split }) => ({
      batch,
      fitConfigs: split.fitConfigs,
      heldOutConfigs: split.heldOutConfigs,
      fitRows: split.fit.length,
      heldOutRows: split.heldOut.length,
    })),
  };
}

export interface RowPrediction {
  row: MeasuredRow;
  point: SyntheticPoint;
  utilisation: number;
  saturated: boolean;
  /** the row's model family (catalog) and GPU, the keys of per-group offsets */
  groups: RowGroups;
}

export interface PredictionCatalog {
  models: readonly ModelSeed[];
  gpus: readonly GpuSeed[];
}

/** The model at each row's achieved rate; rows whose model or GPU is unknown or that do not fit are in `skipped`. */
export function predictRows(
  rows: readonly MeasuredRow[],
  catalog: PredictionCatalog,
): { predictions: RowPrediction[]; skipped: { row: MeasuredRow; reason: string }[] } {
  const predictions: RowPrediction[] = [];
  const skipped: { row: MeasuredRow; reason: string }[] = [];
  for (const row of rows) {
    const modelSeed = catalog.models.find((m) => m.hfRepo.toLowerCase() === row.model.toLowerCase());
    const gpuSeed = catalog.gpus.find((g) => g.type === row.gpu);
    if (!modelSeed || !gpuSeed) {
      skipped.push({
        row,
        reason: !modelSeed ? `model ${row.model} not in the catalog` : `GPU ${row.gpu} not in the catalog`,
      });
      continue;
    }
    const { variant: _variant, ...spec } = row.gpuSpec ?? { variant: '' };
    const gpu: PerfModelGpu = { ...toPerfGpu(gpuSeed), ...spec };
    const at = syntheticPointAtRate(
      toPerfModel(modelSeed),
      gpu,
      row.gpuCount,
      row.promptTokens,
      row.outputTokens,
      row.requestsPerSecond,
    );
    if (!at) {
      skipped.push({ row, reason: 'the configuration does not fit in memory in the model' });
      continue;
    }
    predictions.push({
      row,
      point: at.point,
      utilisation: Math.min(1, row.requestsPerSecond / at.capacityRps),
      saturated: at.saturated,
      groups: { family: modelSeed.family, gpu: gpuLabel(row) },
    });
  }
  return { predictions, skipped };
}

function measured(row: MeasuredRow, metric: CalibrationMetric): MeasuredStats {
  if (metric === 'ttft') return row.ttftMs;
  if (metric === 'itl') return row.itlMs;
  return row.e2eMs ?? {};
}

function modelled(point: SyntheticPoint, metric: CalibrationMetric): LatencyStatsMs {
  return point[metric];
}

/** The statistic a level is fitted on for one row, or null. */
function fitStat(stats: MeasuredStats, level: Level): MeasuredStat | null {
  if (level === 'tail') return stats.p95 !== undefined ? 'p95' : null;
  if (stats.p50 !== undefined) return 'p50';
  return stats.mean !== undefined ? 'mean' : null;
}

export interface LogRatioPoint {
  /** utilisation */
  u: number;
  /** log2(observed / predicted) */
  r: number;
  /** configuration key: the unit left out in cross-validation */
  config: string;
  /** the row's family and GPU (per-group offsets); absent: the point belongs to no group */
  groups?: RowGroups;
}

/**
 * `withSlope`: least squares r = a + b·u. Without (or when u does not vary): the constant a that minimises
 * the absolute deviations, the median of r — the statistic the error is reported in, and robust to the
 * bursts a benchmark's tail percentiles carry. Null without points.
 */
export function fitLogRatioLine(points: readonly LogRatioPoint[], withSlope = true): LevelLine | null {
  if (points.length === 0) return null;
  const line = withSlope
    ? leastSquaresLine(
        points.map((p) => p.u),
        points.map((p) => p.r),
      )
    : null;
  if (!line) return { a: median(points.map((p) => p.r)) ?? 0, b: 0, rows: points.length };
  return { a: line.intercept, b: line.slope, rows: points.length };
}

function clampUtilisation(u: number): number {
  return Math.min(1, Math.max(0, u));
}

/** log2 factor of a line at utilisation u for a row of the given groups (u clamped to [0, 1]). */
export function lineAt(line: LevelLine, u: number, groups?: RowGroups): number {
  const offset = line.groups && groups ? (line.groups.offsets[groups[line.groups.by]] ?? 0) : 0;
  return line.a + line.b * clampUtilisation(u) + offset;
}

/**
 * Per-group offsets on top of `line`: for each group of `by` among the points, the median of the
 * residuals r − (a + b·u) of its points (least absolute deviations again). Points without groups are
 * left out.
 */
export function fitGroupOffsets(
  points: readonly LogRatioPoint[],
  line: LevelLine,
  by: CalibrationGrouping,
): Record<string, number> {
  const residuals = new Map<string, number[]>();
  for (const p of points) {
    if (!p.groups) continue;
    const key = p.groups[by];
    const list = residuals.get(key) ?? [];
    list.push(p.r - line.a - line.b * p.u);
    residuals.set(key, list);
  }
  const offsets: Record<string, number> = {};
  for (const key of [...residuals.keys()].sort()) offsets[key] = median(residuals.get(key) ?? []) ?? 0;
  return offsets;
}

function fitWithGroups(
  points: readonly LogRatioPoint[],
  withSlope: boolean,
  by: CalibrationGrouping | null,
): LevelLine | null {
  const line = fitLogRatioLine(points, withSlope);
  if (!line || by === null) return line;
  return { ...line, groups: { by, offsets: fitGroupOffsets(points, line, by) } };
}

/**
 * Median absolute error on each left-out configuration of a line fitted on the others (leave one config
 * out); with `by`, the line carries per-group offsets fitted on the others too, so a left-out
 * configuration gets its group's offset only when another configuration of the group was fitted.
 */
export function leaveOneConfigOutError(
  points: readonly LogRatioPoint[],
  withSlope: boolean,
  by: CalibrationGrouping | null = null,
): number | null {
  const configs = [...new Set(points.map((p) => p.config))];
  const errors: number[] = [];
  for (const config of configs) {
    const line = fitWithGroups(
      points.filter((p) => p.config !== config),
      withSlope,
      by,
    );
    if (!line) continue;
    for (const p of points) if (p.config === config) errors.push(Math.abs(p.r - lineAt(line, p.u, p.groups)));
  }
  return median(errors);
}

/**
 * The line of one metric and level, chosen by leave-one-configuration-out cross-validation within the
 * fit rows (needs three or more configurations; fewer: a constant, no groups): first whether to keep the
 * utilisation slope, then whether per-family or per-GPU offsets lower the error further. A choice is
 * taken only when it lowers the cross-validated error strictly; ties keep the simpler line.
 */
export function fitLevelLine(points: readonly LogRatioPoint[]): LevelLine | null {
  if (points.length === 0) return null;
  const configs = new Set(points.map((p) => p.config)).size;
  if (configs < 3) return fitLogRatioLine(points, false);
  const constant = leaveOneConfigOutError(points, false);
  const sloped = leaveOneConfigOutError(points, true);
  const withSlope = constant !== null && sloped !== null && sloped < constant;
  let best: { by: CalibrationGrouping | null; error: number | null } = {
    by: null,
    error: withSlope ? sloped : constant,
  };
  for (const by of CALIBRATION_GROUPINGS) {
    const error = leaveOneConfigOutError(points, withSlope, by);
    if (error !== null && (best.error === null || error < best.error)) best = { by, error };
  }
  return fitWithGroups(points, withSlope, best.by);
}

const IDENTITY: LevelLine = { a: 0, b: 0, rows: 0 };

/** Fits the factors on `predictions` (the fit part only: the caller never passes held-out rows). */
export function fitCalibrationFactors(predictions: readonly RowPrediction[]): Calibration['factors'] {
  const factors = {} as Calibration['factors'];
  for (const metric of CALIBRATION_METRICS) {
    const lines = {} as Record<Level, LevelLine | null>;
    for (const level of ['body', 'tail'] as const) {
      const points: LogRatioPoint[] = [];
      for (const p of predictions) {
        const stats = measured(p.row, metric);
        const stat = fitStat(stats, level);
        const observed = stat ? stats[stat] : undefined;
        const predicted = stat ? modelled(p.point, metric)[stat] : undefined;
        if (observed === undefined || predicted === undefined || !(observed > 0) || !(predicted > 0))
          continue;
        points.push({
          u: p.utilisation,
          r: Math.log2(observed / predicted),
          config: calibrationConfigKey(p.row),
          groups: p.groups,
        });
      }
      lines[level] = fitLevelLine(points);
    }
    const body = lines.body ?? (lines.tail ? { ...lines.tail, rows: 0 } : IDENTITY);
    const tail = lines.tail ?? { ...body, rows: 0 };
    factors[metric] = { body, tail };
  }
  return factors;
}

function factorAt(line: LevelLine, utilisation: number, groups?: RowGroups): number {
  return Math.pow(2, lineAt(line, utilisation, groups));
}

/**
 * A modelled statistic block after calibration, percentiles kept in order (p50 ≤ p90 ≤ p95 ≤ p99).
 * `groups`: the configuration's family and GPU, for per-group offsets (without: none applied).
 */
export function calibrateStats(
  stats: LatencyStatsMs,
  metric: CalibrationMetric,
  utilisation: number,
  factors: Calibration['factors'],
  groups?: RowGroups,
): LatencyStatsMs {
  const body = factorAt(factors[metric].body, utilisation, groups);
  const tail = factorAt(factors[metric].tail, utilisation, groups);
  const p50 = stats.p50 * body;
  const p90 = Math.max(p50, stats.p90 * tail);
  const p95 = Math.max(p90, stats.p95 * tail);
  const p99 = Math.max(p95, stats.p99 * tail);
  return { mean: stats.mean * body, p50, p90, p95, p99 };
}

/** The calibrated point: latencies scaled, the closed-loop rate recomputed from the calibrated mean E2E. */
export function calibratePoint(
  point: SyntheticPoint,
  utilisation: number,
  factors: Calibration['factors'],
  groups?: RowGroups,
): SyntheticPoint {
  const e2e = calibrateStats(point.e2e, 'e2e', utilisation, factors, groups);
  const requestsPerSecond = point.concurrency / (e2e.mean / 1000);
  return {
    ...point,
    requestsPerSecond,
    outputTokensPerSecond: requestsPerSecond * point.meanOutputTokens,
    ttft: calibrateStats(point.ttft, 'ttft', utilisation, factors, groups),
    itl: calibrateStats(point.itl, 'itl', utilisation, factors, groups),
    e2e,
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface ErrorCell {
  /** median |log2(predicted / observed)|; null without rows */
  median: number | null;
  rows: number;
}

export type ErrorTable = Record<CalibrationMetric, Record<MeasuredStat, ErrorCell>>;

/** Median |log2(predicted / observed)| per metric and statistic, uncalibrated (factors null) or calibrated. */
export function predictionError(
  predictions: readonly RowPrediction[],
  factors: Calibration['factors'] | null,
): ErrorTable {
  const table = {} as ErrorTable;
  for (const metric of CALIBRATION_METRICS) {
    table[metric] = {} as Record<MeasuredStat, ErrorCell>;
    for (const stat of MEASURED_STATS) {
      const errors: number[] = [];
      for (const p of predictions) {
        const observed = measured(p.row, metric)[stat];
        const stats = factors
          ? calibrateStats(modelled(p.point, metric), metric, p.utilisation, factors, p.groups)
          : modelled(p.point, metric);
        const predicted = stats[stat];
        if (observed === undefined || !(observed > 0) || !(predicted > 0)) continue;
        errors.push(Math.abs(Math.log2(predicted / observed)));
      }
      table[metric][stat] = { median: median(errors), rows: errors.length };
    }
  }
  return table;
}

/** The target of issue 12: within 1.25× (|log2| ≤ 0.32) at the median on data the fit did not see. */
export const CALIBRATION_TARGET_LOG2 = 0.32;

/** Splits (per batch), predicts and fits: the whole `compass calibrate` computation. */
export function calibrate(
  rows: readonly MeasuredRow[],
  catalog: PredictionCatalog,
  options: { seed: number; heldOutShare: number },
): {
  calibration: Calibration;
  split: BatchedCorpusSplit;
  skipped: { row: MeasuredRow; reason: string }[];
} {
  const split = splitByBatch(rows, options.seed, options.heldOutShare);
  const { predictions, skipped } = predictRows(split.fit, catalog);
  if (predictions.length === 0) throw new RangeError('no fit row could be compared with the model');
  return {
    calibration: {
      version: 1,
      seed: options.seed,
      heldOutShare: options.heldOutShare,
      fittedOn: {
        datasets: [...new Set(split.fit.map((row) => row.dataset))].sort(),
        configs: split.fitConfigs,
        rows: predictions.length,
      },
      heldOut: { configs: split.heldOutConfigs, rows: split.heldOut.length },
      factors: fitCalibrationFactors(predictions),
    },
    split,
    skipped,
  };
}
