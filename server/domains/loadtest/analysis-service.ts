import { DEFAULT_LEVEL_QUALITY, ingestShortfall, type LevelQuality } from './analysis/level-quality.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../../db/clients.js';
import type { BenchmarkRun, BenchmarkRunLevel } from '../../db/generated/prisma/client.js';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.js';
import { orDefault, parseInput } from '../../kernel/validation.js';
import { aggregateRepetitions, type LevelAggregate } from './analysis/repetitions.js';
import {
  compareRuns,
  type CompareThresholds,
  type ComparisonResult,
  type RunSample,
} from './analysis/compare.js';
import { renderSweepPlots, type SweepPlot } from './report/plots.js';
import { KIND_REPORTING } from './runner/kinds/reporting.js';
import { targetKind, type TargetKindName } from './recipe-targets.js';
import { placeLevels, type LevelInput, type PlacedSweep } from './analysis/sweep-axis.js';
import { renderSaturationReport } from './report/markdown.js';
import { analyzeSaturation, type SaturationAnalysis, type SloTargets } from './analysis/saturation.js';

const CONFIDENCE = 'confidence must be between 0.5 and 0.999';

/** `BenchmarkRun.summary(confidence)`: the t-intervals' confidence, default 0.95. */
export const summaryArgs = z.object({
  confidence: orDefault(
    z.number({ error: CONFIDENCE }).min(0.5, { error: CONFIDENCE }).max(0.999, { error: CONFIDENCE }),
    0.95,
  ),
});

/** A run's levels with their repetitions folded (mean ± t-interval per metric). */
export async function runLevelSummary(
  prisma: PrismaClient,
  runId: number,
  args: z.input<typeof summaryArgs>,
): Promise<{ levels: LevelAggregate[]; confidence: number }> {
  const { confidence } = parseInput(summaryArgs, args);
  const rows = await prisma.benchmarkRunLevel.findMany({
    where: { runId },
    orderBy: [{ levelIndex: 'asc' }, { repetition: 'asc' }],
  });
  return { levels: aggregateRepetitions(rows, confidence), confidence };
}

async function finishedRun(
  prisma: PrismaClient,
  runId: number,
  argument: string,
): Promise<BenchmarkRun & { levels: BenchmarkRunLevel[] }> {
  const run = await prisma.benchmarkRun.findUnique({
    where: { id: runId },
    include: { levels: { orderBy: [{ levelIndex: 'asc' }, { repetition: 'asc' }] } },
  });
  if (!run) throw new DomainError('NOT_FOUND', `no benchmark run ${runId}`, { argument });
  if (run.levels.length === 0) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `run ${runId} has no finished levels yet (status ${run.status})`,
      { argument },
    );
  }
  return run;
}

/** Per-request samples of the measured phase (warm-up and cool-down excluded) and the run's throughput. */
export async function runSample(prisma: PrismaClient, runId: number, argument: string): Promise<RunSample> {
  const run = await finishedRun(prisma, runId, argument);
  const requests = await prisma.benchmarkRequest.findMany({
    where: { runId, phase: 'measure' },
    select: { ok: true, ttftMs: true, itlMs: true, e2eMs: true },
  });
  const ok = requests.filter((r) => r.ok);
  const seconds = run.levels.reduce((sum, level) => sum + level.durationSeconds, 0);
  const completed = run.levels.reduce((sum, level) => sum + level.completedRequests, 0);
  return {
    id: String(runId),
    successRate: requests.length === 0 ? 0 : ok.length / requests.length,
    throughputRps: seconds > 0 ? completed / seconds : 0,
    ttft: ok.flatMap((r) => (r.ttftMs === null ? [] : [r.ttftMs])),
    itl: ok.flatMap((r) => (r.itlMs === null ? [] : [r.itlMs])),
    e2e: ok.flatMap((r) => (r.e2eMs === null ? [] : [r.e2eMs])),
  };
}

export async function compareBenchmarkRuns(
  prisma: PrismaClient,
  baselineId: number,
  currentId: number,
  thresholds: Partial<CompareThresholds> = {},
): Promise<ComparisonResult> {
  const [baseline, current] = await Promise.all([
    runSample(prisma, baselineId, 'baselineId'),
    runSample(prisma, currentId, 'currentId'),
  ]);
  return compareRuns(baseline, current, thresholds);
}

/** Repetitions of a level are merged by averaging their summaries (the analysis wants one point a load). */
export function sweepLevels(levels: readonly BenchmarkRunLevel[]): LevelInput[] {
  const byLevel = new Map<number, BenchmarkRunLevel[]>();
  for (const level of levels)
    byLevel.set(level.levelIndex, [...(byLevel.get(level.levelIndex) ?? []), level]);
  const mean = (rows: BenchmarkRunLevel[], pick: (l: BenchmarkRunLevel) => number) =>
    rows.reduce((sum, row) => sum + pick(row), 0) / rows.length;
  return [...byLevel.entries()].map(([index, rows]) => {
    const first = rows[0]!;
    const total = rows.reduce(
      (sum, r) => sum + r.completedRequests + r.erroredRequests + r.incompleteRequests,
      0,
    );
    const ok = rows.reduce((sum, r) => sum + r.completedRequests, 0);
    return {
      level: index,
      loadKind: first.loadKind,
      concurrency: first.concurrency,
      targetRate: first.targetRate,
      achievedRps: mean(rows, (r) => r.requestsPerSecond),
      outputTokensPerSecond: mean(rows, (r) => r.outputTokensPerSecond),
      ttftP95: mean(rows, (r) => r.ttftP95),
      itlP95: mean(rows, (r) => r.itlP95),
      e2eP95: mean(rows, (r) => r.e2eP95),
      successRate: total === 0 ? 0 : ok / total,
    };
  });
}

export interface SaturationResult {
  run: BenchmarkRun;
  /** Every level in load order, placed on one axis (analysis/sweep-axis.ts). */
  sweep: PlacedSweep;
  analysis: SaturationAnalysis;
  plots: SweepPlot[];
  markdown: string;
}

/** Offered loads must be distinct for the analysis; a sweep's rate levels are, a repeated load is merged above. */
export async function saturationReport(
  prisma: PrismaClient,
  runId: number,
  slo: SloTargets | null,
): Promise<SaturationResult> {
  const run = await finishedRun(prisma, runId, 'runId');
  const recipeSlo = (run.recipe as { slo?: SloTargets }).slo ?? null;
  const effectiveSlo = slo ?? recipeSlo ?? undefined;
  const reporting =
    KIND_REPORTING[targetKind((run.recipe as { target?: { kind?: TargetKindName } }).target ?? {})];
  const sweep = placeLevels(sweepLevels(run.levels), { unit: reporting.unit, noun: reporting.noun });
  // One latency (a transaction, a query) lives in the E2E columns; the knee is found on it.
  const kneeMetric = reporting.metrics.latencies.length === 1 ? 'e2eP95' : 'ttftP95';
  const analysis = analyzeSaturation(sweep.analyzed, effectiveSlo, { units: sweep.units, kneeMetric });
  const plots = await renderSweepPlots(sweep, analysis, effectiveSlo, { metrics: reporting.metrics });
  const markdown = renderSaturationReport(
    { id: String(run.id), name: run.name, target: run.targetUrl, model: run.targetModel },
    sweep,
    analysis,
    plots.map((p) => `plots/${p.name}.svg`),
    reporting.metrics,
  );
  return { run, sweep, analysis, plots, markdown };
}

/** Writes reports/<id>/report.md with plots/*.svg and *.png. */
export async function writeSaturationReport(
  prisma: PrismaClient,
  runId: number,
  directory: string,
  slo: SloTargets | null,
): Promise<string[]> {
  const result = await saturationReport(prisma, runId, slo);
  await mkdir(path.join(directory, 'plots'), { recursive: true });
  const written = [path.join(directory, 'report.md')];
  await writeFile(written[0]!, result.markdown);
  for (const plot of result.plots) {
    const svg = path.join(directory, 'plots', `${plot.name}.svg`);
    const png = path.join(directory, 'plots', `${plot.name}.png`);
    await writeFile(svg, plot.svg);
    await writeFile(png, plot.png);
    written.push(svg, png);
  }
  return written;
}

/**
 * Feedback: a finished run's levels become MEASURED benchmark rows for the (model, GPU, count, profile)
 * the recipe measures, so `recommend` prefers them. Idempotent: re-ingesting updates the same rows.
 */
export async function ingestRun(
  prisma: PrismaClient,
  runId: number,
  quality: LevelQuality = DEFAULT_LEVEL_QUALITY,
): Promise<{ inserted: number; updated: number }> {
  const run = await finishedRun(prisma, runId, 'runId');
  if (run.status !== 'SUCCEEDED')
    throw new DomainError('CONFLICT', `run ${runId} is ${run.status}; only SUCCEEDED runs are ingested`, {
      argument: 'runId',
    });
  if (run.modelId === null || run.gpuId === null || run.gpuCount === null) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `run ${runId}'s recipe has no "measures" (model, gpu, gpuCount) to file the results under`,
      { argument: 'runId' },
    );
  }
  const [model, gpu] = await Promise.all([
    prisma.model.findUniqueOrThrow({ where: { id: run.modelId } }),
    prisma.gpu.findUniqueOrThrow({ where: { id: run.gpuId } }),
  ]);
  const profile = await prisma.trafficProfile.findUnique({
    where: { promptTokens_outputTokens: { promptTokens: run.promptTokens, outputTokens: run.outputTokens } },
  });
  if (!profile) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `run ${runId} used ${run.promptTokens}→${run.outputTokens} tokens, which is not a traffic profile`,
      { argument: 'runId' },
    );
  }
  // Levels with too few successes are never MEASURED rows (an old run may still hold such a level).
  const levels = run.levels.filter((l) => ingestShortfall(l, quality) === null);
  return prisma.$transaction(async (tx) => {
    let inserted = 0;
    for (const level of levels) {
      const configId = `run:${run.id}:l${level.levelIndex}:r${level.repetition}`;
      const data = {
        modelId: model.id,
        gpuId: gpu.id,
        trafficProfileId: profile.id,
        modelHfRepo: model.hfRepo,
        hardware: gpu.type,
        hardwareCount: run.gpuCount!,
        promptTokens: run.promptTokens,
        outputTokens: run.outputTokens,
        meanInputTokens: level.meanInputTokens,
        meanOutputTokens: level.meanOutputTokens,
        concurrency: level.concurrency,
        requestRate: level.targetRate,
        requestsPerSecond: level.requestsPerSecond,
        responsesPerSecond: level.requestsPerSecond,
        tokensPerSecond: level.outputTokensPerSecond,
        ttftMean: level.ttftMean,
        ttftP50: level.ttftP50,
        ttftP90: level.ttftP90,
        ttftP95: level.ttftP95,
        ttftP99: level.ttftP99,
        itlMean: level.itlMean,
        itlP50: level.itlP50,
        itlP90: level.itlP90,
        itlP95: level.itlP95,
        itlP99: level.itlP99,
        e2eMean: level.e2eMean,
        e2eP50: level.e2eP50,
        e2eP90: level.e2eP90,
        e2eP95: level.e2eP95,
        e2eP99: level.e2eP99,
        framework: 'compass-runner',
        source: 'MEASURED' as const,
        runId: run.id,
        benchmarkCreatedAt: level.finishedAt,
      };
      const existing = await tx.benchmark.findUnique({ where: { configId }, select: { id: true } });
      await tx.benchmark.upsert({ where: { configId }, create: { configId, ...data }, update: data });
      if (!existing) inserted += 1;
    }
    return { inserted, updated: levels.length - inserted };
  });
}
