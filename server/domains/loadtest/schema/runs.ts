import { DEFAULT_RUN_TARGET_POLICY } from '../core/run-targets.js';
import { assertRunTarget } from '../run-target-check.js';
import { builder } from '../../../graphql/builder.js';
import { DomainError } from '../../../kernel/errors.js';
import { decodeNumericId } from '../../../graphql/ids.js';
import { topicFeed } from '../../../graphql/fanout.js';
import type { Context } from '../../../graphql/context.js';
import {
  compareBenchmarkRuns,
  ingestRun,
  saturationReport,
  type SaturationResult,
} from '../analysis-service.js';
import type { ComparisonResult, ComparisonRow } from '../analysis/compare.js';
import { renderCompareTable } from '../analysis/compare-table.js';
import type { RunProgressEvent } from '../../../kernel/events/run-progress.js';
import { BenchmarkRunRef } from './run-objects.js';
import { cancelRun, progressOf, recipeFromInput, resumeRun, startRun } from '../service.js';

export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export function jobsOf(ctx: Context) {
  if (!ctx.jobs)
    throw new DomainError('UPSTREAM_ERROR', 'this server has no job queue (benchmark runs are disabled)');
  return ctx.jobs;
}

const RunPhaseEnum = builder.enumType('RunPhase', {
  values: ['QUEUED', 'WARMUP', 'MEASURING', 'COOLDOWN', 'DONE', 'FAILED', 'CANCELLED'] as const,
});

const ProgressRef = builder.objectRef<RunProgressEvent>('BenchmarkRunProgress');
ProgressRef.implement({
  description: 'Live progress of a run: at most a few events a second, from whichever worker runs it.',
  fields: (t) => ({
    runId: t.id({ resolve: (p) => String(p.runId) }),
    phase: t.field({ type: RunPhaseEnum, resolve: (p) => p.phase }),
    status: t.exposeString('status'),
    level: t.exposeInt('level', { nullable: true }),
    levels: t.exposeInt('levels'),
    completedRequests: t.exposeInt('completedRequests'),
    erroredRequests: t.exposeInt('erroredRequests'),
    elapsedSeconds: t.exposeFloat('elapsedSeconds'),
    currentRps: t.exposeFloat('currentRps', { nullable: true }),
    ttftP95Ms: t.exposeFloat('ttftP95Ms', { nullable: true }),
    itlP95Ms: t.exposeFloat('itlP95Ms', { nullable: true }),
    e2eP95Ms: t.exposeFloat('e2eP95Ms', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
    at: t.exposeString('at'),
  }),
});

builder.prismaObject('BenchmarkRunLevel', {
  fields: (t) => ({
    levelIndex: t.exposeInt('levelIndex'),
    repetition: t.exposeInt('repetition'),
    loadKind: t.exposeString('loadKind'),
    concurrency: t.exposeInt('concurrency', { nullable: true }),
    targetRate: t.exposeFloat('targetRate', { nullable: true }),
    durationSeconds: t.exposeFloat('durationSeconds'),
    completedRequests: t.exposeInt('completedRequests'),
    erroredRequests: t.exposeInt('erroredRequests'),
    requestsPerSecond: t.exposeFloat('requestsPerSecond'),
    outputTokensPerSecond: t.exposeFloat('outputTokensPerSecond'),
    ttftP50: t.exposeFloat('ttftP50'),
    ttftP95: t.exposeFloat('ttftP95'),
    ttftP99: t.exposeFloat('ttftP99'),
    itlP50: t.exposeFloat('itlP50'),
    itlP95: t.exposeFloat('itlP95'),
    itlP99: t.exposeFloat('itlP99'),
    e2eP50: t.exposeFloat('e2eP50'),
    e2eP95: t.exposeFloat('e2eP95'),
    e2eP99: t.exposeFloat('e2eP99'),
  }),
});

builder.prismaObjectField('BenchmarkRun', 'levels', (t) =>
  t.relation('levels', { query: { orderBy: [{ levelIndex: 'asc' }, { repetition: 'asc' }] } }),
);
builder.prismaObjectField('BenchmarkRun', 'progress', (t) =>
  t.field({
    type: ProgressRef,
    select: { id: true, status: true, lastProgress: true, error: true },
    resolve: (run) => progressOf(run as never),
  }),
);

const ComparisonRowRef = builder.objectRef<ComparisonRow>('ComparisonRow');
ComparisonRowRef.implement({
  fields: (t) => ({
    metric: t.exposeString('metric'),
    unit: t.exposeString('unit'),
    baseline: t.exposeFloat('baseline'),
    current: t.exposeFloat('current'),
    delta: t.exposeFloat('delta'),
    changePercent: t.exposeFloat('changePercent'),
    status: t.exposeString('status', { description: 'OK | REGRESS | IMPROVED' }),
    threshold: t.exposeFloat('threshold'),
    pValue: t.exposeFloat('pValue', { nullable: true }),
    significant: t.exposeBoolean('significant'),
  }),
});

export const RunComparisonRef = builder.objectRef<ComparisonResult>('RunComparison');
RunComparisonRef.implement({
  fields: (t) => ({
    baseline: t.prismaField({
      type: 'BenchmarkRun',
      resolve: (query, c, _a, ctx) =>
        ctx.prisma.benchmarkRun.findUniqueOrThrow({ ...query, where: { id: Number(c.baselineId) } }),
    }),
    current: t.prismaField({
      type: 'BenchmarkRun',
      resolve: (query, c, _a, ctx) =>
        ctx.prisma.benchmarkRun.findUniqueOrThrow({ ...query, where: { id: Number(c.currentId) } }),
    }),
    rows: t.field({ type: [ComparisonRowRef], resolve: (c) => c.rows }),
    result: t.exposeString('result', { description: 'PASS | FAIL' }),
    rowAlpha: t.exposeFloat('rowAlpha'),
    notes: t.exposeStringList('notes'),
    table: t.string({
      description: 'The comparison as a fixed-width text table (what the CLI prints).',
      resolve: (c) => renderCompareTable(c),
    }),
  }),
});

export const CompareThresholdsInput = builder.inputType('CompareThresholdsInput', {
  fields: (t) => ({
    p50Percent: t.float({ required: false }),
    p95Percent: t.float({ required: false }),
    p99Percent: t.float({ required: false }),
    throughputPercent: t.float({ required: false }),
    successRatePoints: t.float({ required: false }),
    alpha: t.float({ required: false }),
  }),
});

const SaturationPointRef = builder.objectRef<{ level: number; offeredLoad: number; achievedRps: number }>(
  'SaturationPoint',
);
SaturationPointRef.implement({
  fields: (t) => ({
    level: t.exposeInt('level'),
    offeredLoad: t.exposeFloat('offeredLoad'),
    achievedRps: t.exposeFloat('achievedRps'),
  }),
});
const LoadLoopEnum = builder.enumType('LoadLoop', {
  description:
    'CLOSED: a fixed number of workers, each waits for its reply. OPEN: requests sent at a fixed rate.',
  values: ['OPEN', 'CLOSED'] as const,
});
const LoadAxisEnum = builder.enumType('LoadAxis', {
  description:
    'RATE: levels placed by request rate (a sweep with open-loop levels). CONCURRENCY: by workers.',
  values: ['RATE', 'CONCURRENCY'] as const,
});
const SweepLevelRef = builder.objectRef<SaturationResult['sweep']['levels'][number]>('SweepLevel');
SweepLevelRef.implement({
  fields: (t) => ({
    level: t.exposeInt('level'),
    offeredLoad: t.exposeFloat('offeredLoad', {
      description:
        "Position on the load axis: an open-loop level's offered rate, a closed-loop level's achieved rate (RATE axis) or its concurrency (CONCURRENCY axis).",
    }),
    loop: t.field({ type: LoadLoopEnum, resolve: (l) => (l.loop === 'open' ? 'OPEN' : 'CLOSED') }),
    loadKind: t.exposeString('loadKind'),
    concurrency: t.exposeInt('concurrency', { nullable: true }),
    targetRate: t.exposeFloat('targetRate', { nullable: true }),
    label: t.exposeString('label', {
      description: '`25.0 req/s`, or `throughput, 128 streams` for a closed loop.',
    }),
    analyzed: t.exposeBoolean('analyzed', { description: 'Part of the knee and saturation analysis.' }),
    achievedRps: t.exposeFloat('achievedRps'),
    outputTokensPerSecond: t.exposeFloat('outputTokensPerSecond'),
    ttftP95: t.exposeFloat('ttftP95'),
    itlP95: t.exposeFloat('itlP95'),
    e2eP95: t.exposeFloat('e2eP95'),
    successRate: t.exposeFloat('successRate'),
  }),
});
const PlotRef = builder.objectRef<{ name: string; svg: string }>('Plot');
PlotRef.implement({ fields: (t) => ({ name: t.exposeString('name'), svg: t.exposeString('svg') }) });
const RangeRef = builder.objectRef<{ minLoad: number; maxLoad: number }>('OperatingRange');
RangeRef.implement({
  fields: (t) => ({ minLoad: t.exposeFloat('minLoad'), maxLoad: t.exposeFloat('maxLoad') }),
});

const SaturationReportRef = builder.objectRef<SaturationResult>('SaturationReport');
SaturationReportRef.implement({
  fields: (t) => ({
    levels: t.field({ type: [SweepLevelRef], description: 'In load order.', resolve: (r) => r.sweep.levels }),
    axis: t.field({
      type: LoadAxisEnum,
      resolve: (r) => (r.sweep.units.axis === 'rate' ? 'RATE' : 'CONCURRENCY'),
    }),
    loadUnit: t.string({
      description:
        'Unit of offeredLoad and the range: `req/s` (or `tx/s`, `query/s`), or `streams`/`connections`/`clients`.',
      resolve: (r) => (r.sweep.units.axis === 'rate' ? `${r.sweep.units.unit}/s` : r.sweep.units.noun),
    }),
    rateUnit: t.string({
      description: 'Unit of achievedRps: `req/s`, `tx/s` or `query/s`.',
      resolve: (r) => `${r.sweep.units.unit}/s`,
    }),
    knee: t.field({ type: SaturationPointRef, nullable: true, resolve: (r) => r.analysis.knee }),
    saturationPoint: t.field({
      type: SaturationPointRef,
      nullable: true,
      resolve: (r) => r.analysis.saturationPoint,
    }),
    maxGoodput: t.field({ type: SaturationPointRef, nullable: true, resolve: (r) => r.analysis.maxGoodput }),
    recommendedRange: t.field({
      type: RangeRef,
      nullable: true,
      resolve: (r) => r.analysis.recommendedRange,
    }),
    notes: t.stringList({ resolve: (r) => [...r.sweep.notes, ...r.analysis.notes] }),
    plots: t.field({ type: [PlotRef], resolve: (r) => r.plots.map((p) => ({ name: p.name, svg: p.svg })) }),
    markdown: t.exposeString('markdown'),
  }),
});

const SloInput = builder.inputType('SaturationSloInput', {
  fields: (t) => ({
    ttftP95Ms: t.float({ required: true }),
    itlP95Ms: t.float({ required: true }),
    e2eP95Ms: t.float({ required: true }),
  }),
});

const StartRunInput = builder.inputType('StartBenchmarkRunInput', {
  description: 'A recipe (docs/benchmark-runner.md), as YAML text or as JSON.',
  fields: (t) => ({
    recipeYaml: t.string({ required: false }),
    recipe: t.field({ type: 'JSON', required: false }),
  }),
});

export const RunPayload = builder.objectRef<{ runId: number }>('BenchmarkRunPayload');
RunPayload.implement({
  fields: (t) => ({
    run: t.prismaField({
      type: 'BenchmarkRun',
      resolve: (query, p, _a, ctx) =>
        ctx.prisma.benchmarkRun.findUniqueOrThrow({ ...query, where: { id: p.runId } }),
    }),
  }),
});

const IngestPayload = builder.objectRef<{ inserted: number; updated: number }>('IngestBenchmarkRunPayload');
IngestPayload.implement({
  fields: (t) => ({ inserted: t.exposeInt('inserted'), updated: t.exposeInt('updated') }),
});

builder.queryFields((t) => ({
  benchmarkRun: t.prismaField({
    type: 'BenchmarkRun',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.benchmarkRun.findUnique({
        ...query,
        where: { id: decodeNumericId(args.id, 'BenchmarkRun', 'id') },
      }),
  }),
  compareRuns: t.field({
    type: RunComparisonRef,
    description: 'Baseline vs current with thresholds and a significance test; PASS or FAIL.',
    args: {
      baselineId: t.arg.id({ required: true }),
      currentId: t.arg.id({ required: true }),
      thresholds: t.arg({ type: CompareThresholdsInput, required: false }),
    },
    resolve: (_r, args, ctx) => {
      const thresholds = Object.fromEntries(
        Object.entries(args.thresholds ?? {}).filter(([, v]) => v != null),
      );
      return compareBenchmarkRuns(
        ctx.prisma,
        decodeNumericId(args.baselineId, 'BenchmarkRun', 'baselineId'),
        decodeNumericId(args.currentId, 'BenchmarkRun', 'currentId'),
        thresholds,
      );
    },
  }),
  saturationReport: t.field({
    type: SaturationReportRef,
    args: { runId: t.arg.id({ required: true }), slo: t.arg({ type: SloInput, required: false }) },
    resolve: (_r, args, ctx) =>
      saturationReport(ctx.prisma, decodeNumericId(args.runId, 'BenchmarkRun', 'runId'), args.slo ?? null),
  }),
}));

builder.mutationFields((t) => ({
  startBenchmarkRun: t.field({
    type: RunPayload,
    description: 'Validates the recipe and queues the run; a worker executes it.',
    args: { input: t.arg({ type: StartRunInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const recipe = recipeFromInput(input);
      await assertRunTarget(recipe, ctx.runTargets ?? DEFAULT_RUN_TARGET_POLICY);
      const run = await startRun(ctx.prisma, jobsOf(ctx), ctx.pubsub, recipe, ctx.secretKey ?? undefined);
      return { runId: run.id };
    },
  }),
  cancelBenchmarkRun: t.field({
    type: RunPayload,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => ({
      runId: (await cancelRun(ctx.prisma, ctx.pubsub, decodeNumericId(args.id, 'BenchmarkRun', 'id'))).id,
    }),
  }),
  resumeBenchmarkRun: t.field({
    type: RunPayload,
    description: 'Re-queues a FAILED or CANCELLED run after its finished levels.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => ({
      runId: (
        await resumeRun(ctx.prisma, jobsOf(ctx), ctx.pubsub, decodeNumericId(args.id, 'BenchmarkRun', 'id'))
      ).id,
    }),
  }),
  ingestBenchmarkRun: t.field({
    type: IngestPayload,
    description:
      "Files a finished run's levels as MEASURED benchmarks for the (model, GPU, count, profile) it measures.",
    args: { runId: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) =>
      ingestRun(
        ctx.workerPrisma,
        decodeNumericId(args.runId, 'BenchmarkRun', 'runId'),
        ctx.levelQuality ?? undefined,
      ),
  }),
}));

builder.subscriptionField('benchmarkRunProgress', (t) =>
  t.field({
    type: ProgressRef,
    description: 'The current state at once, then live events until the run ends.',
    args: { runId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const runId = decodeNumericId(args.runId, 'BenchmarkRun', 'runId');
      const run = await ctx.prisma.benchmarkRun.findUnique({ where: { id: runId } });
      if (!run) throw new DomainError('NOT_FOUND', `no benchmark run ${runId}`, { argument: 'runId' });
      // The run's current state, then its live events until a terminal one (none if it had ended).
      return topicFeed(ctx, {
        topic: `benchmarkRunProgress:${runId}`,
        open: () => ctx.pubsub.subscribe('benchmarkRunProgress', String(runId))[Symbol.asyncIterator](),
        first: () => progressOf(run),
        ended: TERMINAL.has(run.status),
        isLast: (event) => TERMINAL.has(event.status),
      });
    },
    resolve: (event) => event,
  }),
);

void BenchmarkRunRef;
