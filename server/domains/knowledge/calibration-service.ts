/**
 * `compass calibrate` and `npm run bench:calibration`: reads measured corpora (datasets/calibration/*.json,
 * format in docs/performance-model.md "Calibration"), fits the calibration on the fit split and reports the
 * model's error per data set and split, before and after. The math is in core/calibration.ts.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { gpus } from '../catalog/seed-data/gpus.js';
import { models } from '../catalog/seed-data/models.js';
import {
  CALIBRATION_TARGET_LOG2,
  calibrate,
  predictionError,
  predictRows,
  rowBatch,
  type BatchSplit,
  type Calibration,
  type CalibrationMetric,
  type ErrorCell,
  type MeasuredRow,
  type MeasuredStat,
} from './core/calibration.js';

/** The split every committed figure uses (docs/performance-model.md). */
export const CALIBRATION_DEFAULTS = { seed: 12, heldOutShare: 0.3 } as const;

const positive = z.number().finite().positive();
const stats = z.object({ mean: positive, p50: positive, p95: positive, p99: positive }).partial().strict();

const rowSchema = z
  .object({
    dataset: z.string().min(1),
    path: z.string().min(1),
    commit: z.string().regex(/^[0-9a-f]{40}$/, 'a 40-hex-digit commit'),
    model: z.string().min(1),
    gpu: z.string().min(1),
    gpuSpec: z
      .object({
        variant: z.string().min(1),
        vramGb: positive,
        fp16Tflops: positive,
        fp8Tflops: positive,
        memoryBandwidthGbps: positive,
        interconnect: z.enum(['nvlink', 'infinity-fabric', 'pcie']),
        interconnectGbps: positive,
      })
      .partial({
        vramGb: true,
        fp16Tflops: true,
        fp8Tflops: true,
        memoryBandwidthGbps: true,
        interconnect: true,
        interconnectGbps: true,
      })
      .strict()
      .optional(),
    gpuCount: z.number().int().min(1),
    promptTokens: z.number().int().min(1),
    outputTokens: z.number().int().min(1),
    loadKind: z.enum(['concurrency', 'requestRate']),
    load: positive,
    requests: z.number().int().min(1),
    requestsPerSecond: positive,
    ttftMs: stats,
    itlMs: stats,
    e2eMs: stats.optional(),
    batch: z.number().int().min(1).optional(),
  })
  .strict();

const corpusSchema = z.object({
  description: z.string().optional(),
  datasets: z.array(z.object({ id: z.string(), repo: z.string() }).passthrough()).optional(),
  rows: z.array(rowSchema).min(1),
});

/** Parses one corpus document; throws an Error naming the file, row and field at fault. */
export function parseCorpus(text: string, fileName: string): MeasuredRow[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = corpusSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(document)';
    throw new Error(`${fileName}: ${where}: ${issue?.message ?? 'invalid corpus'}`);
  }
  return parsed.data.rows.map((row) => ({ ...row, model: row.model.toLowerCase() }));
}

export async function readCorpusFiles(files: readonly string[]): Promise<MeasuredRow[]> {
  const rows: MeasuredRow[] = [];
  for (const file of files) rows.push(...parseCorpus(await readFile(file, 'utf8'), file));
  return rows;
}

const CATALOG = { models, gpus };

const REPORTED: readonly [CalibrationMetric, MeasuredStat][] = [
  ['ttft', 'p95'],
  ['itl', 'p95'],
  ['e2e', 'p95'],
  ['ttft', 'p50'],
  ['itl', 'p50'],
  ['e2e', 'p50'],
];

function cell(c: ErrorCell): string {
  return c.median === null ? '—' : `${c.median.toFixed(2)} (${c.rows})`;
}

type HeldOutSummary = Record<
  'ttft' | 'itl' | 'e2e',
  { median: number | null; rows: number; met: boolean | null }
>;

export interface CalibrationReport {
  calibration: Calibration;
  /** the split of each collection batch (docs/performance-model.md, "Batch 2 protocol") */
  batches: BatchSplit[];
  /** one line per batch × data set × split × before/after, for a table */
  table: Record<string, string>[];
  /** the held-out p95 medians after calibration over all data sets and batches, and whether each meets the target */
  heldOut: HeldOutSummary;
  /** the same per batch (`1`, `2`, …) and over all batches (`all`, equal to `heldOut`) */
  heldOutByBatch: { batch: string; summary: HeldOutSummary }[];
  skipped: { row: MeasuredRow; reason: string }[];
}

function heldOutSummary(rows: readonly MeasuredRow[], factors: Calibration['factors']): HeldOutSummary {
  const errors = predictionError(predictRows(rows, CATALOG).predictions, factors);
  const summary = (metric: CalibrationMetric) => {
    const c = errors[metric].p95;
    return { ...c, met: c.median === null ? null : c.median <= CALIBRATION_TARGET_LOG2 };
  };
  return { ttft: summary('ttft'), itl: summary('itl'), e2e: summary('e2e') };
}

/** Fits on the fit split of `rows` and reports every batch, data set and split, before and after. */
export function calibrationReport(
  rows: readonly MeasuredRow[],
  options: { seed: number; heldOutShare: number } = CALIBRATION_DEFAULTS,
): CalibrationReport {
  const { calibration, split, skipped } = calibrate(rows, CATALOG, options);
  const table: Record<string, string>[] = [];
  const line = (
    batch: number,
    dataset: string,
    part: 'fit' | 'held-out',
    part_rows: readonly MeasuredRow[],
  ) => {
    if (part_rows.length === 0) return;
    const { predictions } = predictRows(part_rows, CATALOG);
    const configs = new Set(part_rows.map((r) => `${r.model}:${r.gpu}:${r.gpuCount}`)).size;
    for (const [label, factors] of [
      ['before', null],
      ['after', calibration.factors],
    ] as const) {
      const errors = predictionError(predictions, factors);
      const entry: Record<string, string> = {
        batch: String(batch),
        'data set': dataset,
        split: part,
        configs: String(configs),
        rows: String(predictions.length),
        model: label,
      };
      for (const [metric, stat] of REPORTED)
        entry[`${metric.toUpperCase()} ${stat}`] = cell(errors[metric][stat]);
      table.push(entry);
    }
  };
  for (const { batch } of split.batches) {
    const inBatch = (r: MeasuredRow) => rowBatch(r) === batch;
    const datasets = [...new Set(rows.filter(inBatch).map((row) => row.dataset))].sort();
    for (const dataset of datasets) {
      const of = (r: MeasuredRow) => inBatch(r) && r.dataset === dataset;
      line(batch, dataset, 'fit', split.fit.filter(of));
      line(batch, dataset, 'held-out', split.heldOut.filter(of));
    }
  }
  const all = heldOutSummary(split.heldOut, calibration.factors);
  const heldOutByBatch = [
    ...split.batches.map(({ batch }) => ({
      batch: String(batch),
      summary: heldOutSummary(
        split.heldOut.filter((r) => rowBatch(r) === batch),
        calibration.factors,
      ),
    })),
    { batch: 'all', summary: all },
  ];
  return { calibration, batches: split.batches, table, heldOut: all, heldOutByBatch, skipped };
}

/** A plain-text table (the benches' format). */
export function formatTable(rows: readonly Record<string, string>[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => (r[h] ?? '').length)));
  const format = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    format(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => format(headers.map((h) => r[h] ?? ''))),
  ].join('\n');
}

/** The verdict lines under the table: the target on held-out p95, per metric, per batch and over all batches. */
export function targetLines(report: CalibrationReport): string {
  return report.heldOutByBatch
    .flatMap(({ batch, summary }) =>
      (['ttft', 'itl', 'e2e'] as const).map((metric) => {
        const h = summary[metric];
        const figure =
          h.median === null ? 'no held-out p95 rows' : `${h.median.toFixed(2)} over ${h.rows} rows`;
        const verdict = h.met === null ? 'NOT MEASURABLE' : h.met ? 'MET' : 'MISSED';
        const which = batch === 'all' ? 'all batches' : `batch ${batch}`;
        return `${metric.toUpperCase()} p95, held-out (${which}), calibrated: median |log2(pred/obs)| ${figure} (target ≤ ${CALIBRATION_TARGET_LOG2}): ${verdict}`;
      }),
    )
    .join('\n');
}
