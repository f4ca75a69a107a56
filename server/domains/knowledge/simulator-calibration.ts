/**
 * `--calibrate-from <ref>`: calibration rows read from the knowledge base (the same DSN resolution as
 * the server). `ref` is a benchmark's id (the database id or its GraphQL global id), which selects that
 * row's whole curve — same model, GPU, GPU count and traffic profile — or `<model>/<gpu>/<count>`
 * (e.g. `meta-llama/llama-3.1-8b-instruct/H100/1`), optionally `@<prompt>x<output>` (default 512x256).
 */
import type { PrismaClient } from '../../db/clients.js';
import type { CalibrationRow } from './core/simulator-fit.js';
import { gpuNamed } from '../catalog/core/gpu-name.js';

export interface CurveSelector {
  modelId: number;
  gpuId: number;
  hardwareCount: number;
  promptTokens: number;
  outputTokens: number;
}

export type CalibrationRef =
  | { kind: 'benchmark'; id: number }
  | { kind: 'config'; model: string; gpu: string; count: number; promptTokens: number; outputTokens: number };

/** Parses a `--calibrate-from` value; throws a message fit for the command line. */
export function parseCalibrationRef(ref: string): CalibrationRef {
  const trimmed = ref.trim();
  if (/^\d+$/.test(trimmed)) return { kind: 'benchmark', id: Number(trimmed) };
  const global = /^[A-Za-z0-9+/]+=*$/.test(trimmed) ? Buffer.from(trimmed, 'base64').toString('utf8') : '';
  const globalMatch = /^Benchmark:(\d+)$/.exec(global);
  if (globalMatch) return { kind: 'benchmark', id: Number(globalMatch[1]) };

  const [path = '', profile = '512x256'] = trimmed.split('@');
  const parts = path.split('/');
  const profileMatch = /^(\d+)x(\d+)$/.exec(profile);
  const count = Number(parts.at(-1));
  if (parts.length < 3 || !Number.isInteger(count) || count < 1 || !profileMatch) {
    throw new Error(
      `--calibrate-from takes a benchmark id or <model>/<gpu>/<count>[@<prompt>x<output>], got "${ref}"`,
    );
  }
  return {
    kind: 'config',
    model: parts.slice(0, -2).join('/'),
    gpu: parts.at(-2)!,
    count,
    promptTokens: Number(profileMatch[1]),
    outputTokens: Number(profileMatch[2]),
  };
}

/** The closed-loop (concurrency) rows of one curve as calibration rows, measured before synthetic. */
export async function curveCalibrationRows(
  prisma: PrismaClient,
  selector: CurveSelector,
): Promise<(CalibrationRow & { modelHfRepo: string; hardware: string })[]> {
  const rows = await prisma.benchmark.findMany({
    where: { ...selector, concurrency: { not: null } },
    orderBy: [{ source: 'desc' }, { concurrency: 'asc' }],
    select: {
      concurrency: true,
      promptTokens: true,
      ttftP50: true,
      ttftMean: true,
      itlP50: true,
      itlMean: true,
      modelHfRepo: true,
      hardware: true,
    },
  });
  return rows.map((r) => ({
    concurrency: r.concurrency!,
    promptTokens: r.promptTokens,
    ttftP50Ms: r.ttftP50 ?? r.ttftMean,
    itlP50Ms: r.itlP50 ?? r.itlMean,
    modelHfRepo: r.modelHfRepo,
    hardware: r.hardware,
  }));
}

/** The rows of the selected curve (closed-loop levels only) and a description for the start-up log. */
export async function calibrationRowsFromKnowledgeBase(
  prisma: PrismaClient,
  ref: CalibrationRef,
): Promise<{ rows: CalibrationRow[]; source: string }> {
  const selector = await resolveCurve(prisma, ref);
  const rows = await curveCalibrationRows(prisma, selector);
  const first = rows[0];
  if (!first) throw new Error('the selected curve has no closed-loop (concurrency) rows to fit');
  return {
    rows: rows.map(({ concurrency, promptTokens, ttftP50Ms, itlP50Ms }) => ({
      concurrency,
      promptTokens,
      ttftP50Ms,
      itlP50Ms,
    })),
    source:
      `${rows.length} knowledge-base rows of ${first.modelHfRepo} on ${selector.hardwareCount}× ${first.hardware}, ` +
      `${selector.promptTokens}→${selector.outputTokens} tokens`,
  };
}

async function resolveCurve(prisma: PrismaClient, ref: CalibrationRef): Promise<CurveSelector> {
  if (ref.kind === 'benchmark') {
    const row = await prisma.benchmark.findUnique({ where: { id: ref.id } });
    if (!row) throw new Error(`no benchmark ${ref.id}`);
    return {
      modelId: row.modelId,
      gpuId: row.gpuId,
      hardwareCount: row.hardwareCount,
      promptTokens: row.promptTokens,
      outputTokens: row.outputTokens,
    };
  }
  const model = await prisma.model.findUnique({ where: { hfRepo: ref.model.toLowerCase() } });
  if (!model) throw new Error(`no model ${ref.model} in the catalog`);
  const gpu = await prisma.gpu.findFirst({
    where: gpuNamed(ref.gpu),
  });
  if (!gpu) throw new Error(`no GPU type ${ref.gpu}`);
  return {
    modelId: model.id,
    gpuId: gpu.id,
    hardwareCount: ref.count,
    promptTokens: ref.promptTokens,
    outputTokens: ref.outputTokens,
  };
}
