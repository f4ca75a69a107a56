import { DEFAULT_RUN_TARGET_POLICY } from '../core/run-targets.js';
import { assertRunTarget } from '../run-target-check.js';
import { builder } from '../../../graphql/builder.js';
import { DomainError } from '../../../kernel/errors.js';
import { decodeNumericId } from '../../../graphql/ids.js';
import type { PrismaClient } from '../../../db/clients.js';
import type { RunLogEvent } from '../../../kernel/events/run-log.js';
import { compareBenchmarkRuns, runLevelSummary } from '../analysis-service.js';
import type { LevelAggregate, MetricInterval } from '../analysis/repetitions.js';
import { renderSummaryTable } from '../report/summary-table.js';
import { renderDatasetIndex } from '../report/dataset-index.js';
import { baselineRunId, setBaseline } from '../baselines.js';
import { LOG_PAGE_MAX, readRunLog, runLogPage } from '../run-log.js';
import { rerunRun, storedRecipe } from '../service.js';
import { renderWorkerJob } from '../worker-job.js';
import { CompareThresholdsInput, jobsOf, RunComparisonRef, RunPayload, TERMINAL } from './runs.js';

/**
 * What `compass bench summary | logs | index | baseline | rerun` need: repetitions folded with
 * t-intervals, the run's log (stored and live), the dataset index, baselines per category, reruns.
 */

/** The dataset index covers the newest runs up to this many. */
const INDEX_MAX_RUNS = 10_000;
/** A run that ended without a stored final line (older runs; or read between its status and that line). */
const FINAL_LINE_GRACE_MS = 2_000;

const MetricIntervalRef = builder.objectRef<MetricInterval>('MetricInterval');
MetricIntervalRef.implement({
  description:
    "One metric over a configuration's repetitions: mean and its t-interval (null for one repetition).",
  fields: (t) => ({
    metric: t.exposeString('metric'),
    unit: t.exposeString('unit'),
    n: t.exposeInt('n'),
    mean: t.exposeFloat('mean'),
    stddev: t.exposeFloat('stddev', { nullable: true }),
    halfWidth: t.exposeFloat('halfWidth', { nullable: true }),
    low: t.exposeFloat('low', { nullable: true }),
    high: t.exposeFloat('high', { nullable: true }),
    confidence: t.exposeFloat('confidence'),
  }),
});

const LevelAggregateRef = builder.objectRef<LevelAggregate>('LevelAggregate');
LevelAggregateRef.implement({
  fields: (t) => ({
    levelIndex: t.exposeInt('levelIndex'),
    loadKind: t.exposeString('loadKind'),
    concurrency: t.exposeInt('concurrency', { nullable: true }),
    targetRate: t.exposeFloat('targetRate', { nullable: true }),
    repetitions: t.exposeInt('repetitions'),
    metrics: t.field({ type: [MetricIntervalRef], resolve: (l) => l.metrics }),
  }),
});

interface RunSummary {
  levels: LevelAggregate[];
  table: string;
  confidence: number;
}
const RunSummaryRef = builder.objectRef<RunSummary>('BenchmarkRunSummary');
RunSummaryRef.implement({
  fields: (t) => ({
    confidence: t.exposeFloat('confidence'),
    levels: t.field({ type: [LevelAggregateRef], resolve: (s) => s.levels }),
    table: t.exposeString('table', {
      description: 'The summary as a fixed-width text table (what the CLI prints).',
    }),
  }),
});

const RunLogSeverityEnum = builder.enumType('RunLogSeverity', { values: ['INFO', 'WARN', 'ERROR'] as const });
const RunLogLineRef = builder.objectRef<RunLogEvent>('BenchmarkRunLogLine');
RunLogLineRef.implement({
  fields: (t) => ({
    runId: t.id({ resolve: (l) => String(l.runId) }),
    cursor: t.string({ description: 'Pass as `after` to read the lines that follow.', resolve: (l) => l.id }),
    at: t.exposeString('at'),
    severity: t.field({
      type: RunLogSeverityEnum,
      resolve: (l) => (l.severity === 'error' ? 'ERROR' : l.severity === 'warn' ? 'WARN' : 'INFO'),
    }),
    message: t.exposeString('message'),
    final: t.exposeBoolean('final', { description: 'The run ended with this line; nothing follows.' }),
  }),
});

builder.prismaObjectField('BenchmarkRun', 'summary', (t) =>
  t.field({
    type: RunSummaryRef,
    description: 'Levels with their repetitions folded: mean ± t-interval per metric.',
    args: { confidence: t.arg.float({ required: false, description: 'default 0.95' }) },
    select: { id: true, name: true, status: true, workers: true },
    resolve: async (run, args, ctx) => {
      const { levels, confidence } = await runLevelSummary(ctx.prisma, run.id, args);
      const header = {
        id: String(run.id),
        name: run.name,
        status: run.status,
        workers: run.workers,
      };
      return { levels, confidence, table: renderSummaryTable(header, levels) };
    },
  }),
);

builder.prismaObjectField('BenchmarkRun', 'logs', (t) =>
  t.field({
    type: [RunLogLineRef],
    description: `The run's log lines after \`after\` (a cursor), oldest first; at most \`first\` (≤ ${LOG_PAGE_MAX}).`,
    args: { after: t.arg.string({ required: false }), first: t.arg.int({ required: false }) },
    select: { id: true },
    resolve: (run, args, ctx) => runLogPage(ctx.prisma, run.id, args),
  }),
);

builder.prismaObjectField('BenchmarkRun', 'baselineCategories', (t) =>
  t.stringList({
    description: 'The categories this run is the baseline of.',
    select: { baselines: { select: { category: true }, orderBy: { category: 'asc' } } },
    resolve: (run) => run.baselines.map((b) => b.category),
  }),
);
builder.prismaObjectField('BenchmarkRun', 'workers', (t) =>
  t.int({
    description: 'Worker processes the run is split across (recipe `workers`, default 1).',
    select: { workers: true },
    resolve: (run) => run.workers,
  }),
);
builder.prismaObjectField('BenchmarkRun', 'rerunOf', (t) =>
  t.prismaField({
    type: 'BenchmarkRun',
    nullable: true,
    description: 'The run whose stored recipe this one repeats.',
    select: { rerunOf: true },
    resolve: (query, run, _a, ctx) =>
      run.rerunOf === null
        ? null
        : ctx.prisma.benchmarkRun.findUnique({ ...query, where: { id: run.rerunOf } }),
  }),
);

builder.prismaObject('BenchmarkBaseline', {
  fields: (t) => ({
    category: t.exposeString('category'),
    setAt: t.expose('setAt', { type: 'DateTime' }),
    run: t.relation('run'),
  }),
});

async function datasetIndex(prisma: PrismaClient): Promise<string> {
  const runs = await prisma.benchmarkRun.findMany({
    orderBy: { id: 'desc' },
    take: INDEX_MAX_RUNS,
    select: {
      id: true,
      name: true,
      status: true,
      targetModel: true,
      targetUrl: true,
      profileKind: true,
      promptTokens: true,
      outputTokens: true,
      tags: true,
      createdAt: true,
      rerunOf: true,
      recipe: true,
      baselines: { select: { category: true }, orderBy: { category: 'asc' } },
    },
  });
  return renderDatasetIndex(
    runs.map(({ baselines, ...run }) => ({ ...run, baselineCategories: baselines.map((b) => b.category) })),
    new Date(),
  );
}

builder.queryFields((t) => ({
  benchmarkDatasetIndex: t.string({
    description: `Markdown dataset index of the newest ${INDEX_MAX_RUNS} runs: id, service, configuration, purpose, status, baseline.`,
    resolve: (_r, _a, ctx) => datasetIndex(ctx.prisma),
  }),
  benchmarkBaselines: t.prismaField({
    type: ['BenchmarkBaseline'],
    description: 'The baseline run of every category.',
    resolve: (query, _r, _a, ctx) =>
      ctx.prisma.benchmarkBaseline.findMany({ ...query, orderBy: { category: 'asc' } }),
  }),
  compareToBaseline: t.field({
    type: RunComparisonRef,
    description: "`compareRuns` with the category's baseline run as the baseline.",
    args: {
      category: t.arg.string({ required: true }),
      currentId: t.arg.id({ required: true }),
      thresholds: t.arg({ type: CompareThresholdsInput, required: false }),
    },
    resolve: async (_r, args, ctx) => {
      const thresholds = Object.fromEntries(
        Object.entries(args.thresholds ?? {}).filter(([, v]) => v != null),
      );
      const currentId = decodeNumericId(args.currentId, 'BenchmarkRun', 'currentId');
      return compareBenchmarkRuns(
        ctx.prisma,
        await baselineRunId(ctx.prisma, args.category),
        currentId,
        thresholds,
      );
    },
  }),
}));

builder.mutationFields((t) => ({
  setBenchmarkBaseline: t.prismaField({
    type: 'BenchmarkBaseline',
    description: "Makes a SUCCEEDED run its category's baseline (replacing the previous one).",
    args: { runId: t.arg.id({ required: true }), category: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const baseline = await setBaseline(
        ctx.prisma,
        decodeNumericId(args.runId, 'BenchmarkRun', 'runId'),
        args.category,
      );
      return ctx.prisma.benchmarkBaseline.findUniqueOrThrow({
        ...query,
        where: { category: baseline.category },
      });
    },
  }),
  rerunBenchmarkRun: t.field({
    type: RunPayload,
    description:
      "Queues a new run from an ended run's stored recipe (its sealed secrets reused as they are).",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const id = decodeNumericId(args.id, 'BenchmarkRun', 'id');
      const run = await ctx.prisma.benchmarkRun.findUnique({
        where: { id },
        select: { id: true, recipe: true },
      });
      if (!run) throw new DomainError('NOT_FOUND', `no benchmark run ${id}`, { argument: 'id' });
      await assertRunTarget(storedRecipe(run), ctx.runTargets ?? DEFAULT_RUN_TARGET_POLICY);
      return { runId: (await rerunRun(ctx.prisma, jobsOf(ctx), ctx.pubsub, id)).id };
    },
  }),
}));

/**
 * The run's stored lines, then its live ones until the final line. Subscribed before the stored lines
 * are read, so nothing falls between; live lines already replayed are skipped by id. A hand-written
 * iterator (like the progress stream) so unsubscribing ends a pending wait at once.
 */
function logStream(
  replay: () => Promise<{ lines: RunLogEvent[]; ended: boolean }>,
  events: AsyncIterable<RunLogEvent>,
): AsyncIterableIterator<RunLogEvent> {
  let state: 'start' | 'replay' | 'live' | 'done' = 'start';
  let queued: RunLogEvent[] = [];
  let lastId = -1n;
  let sawFinal = false;
  /** The run had ended but its final line was not stored yet: wait for it this long at most. */
  let graceUntil: number | null = null;
  let live: AsyncIterator<RunLogEvent> | null = null;
  const close = async (): Promise<IteratorReturnResult<undefined>> => {
    state = 'done';
    await live?.return?.();
    return { done: true, value: undefined };
  };
  const stream: AsyncIterableIterator<RunLogEvent> = {
    async next() {
      if (state === 'start') {
        const { lines, ended } = await replay();
        queued = lines;
        sawFinal = lines.some((l) => l.final);
        if (ended && !sawFinal) graceUntil = Date.now() + FINAL_LINE_GRACE_MS;
        state = 'replay';
      }
      if (state === 'replay') {
        const line = queued.shift();
        if (line) {
          lastId = BigInt(line.id);
          return { done: false, value: line };
        }
        if (sawFinal) return close();
        state = 'live';
      }
      while (state === 'live') {
        live ??= events[Symbol.asyncIterator]();
        const pending = live.next();
        const next =
          graceUntil === null
            ? await pending
            : await Promise.race([
                pending,
                new Promise<null>((resolve) =>
                  setTimeout(() => resolve(null), Math.max(0, graceUntil! - Date.now())),
                ),
              ]);
        if (next === null || next.done || (state as string) === 'done') return close();
        if (BigInt(next.value.id) <= lastId) continue;
        lastId = BigInt(next.value.id);
        if (next.value.final) void close();
        return { done: false, value: next.value };
      }
      return { done: true, value: undefined };
    },
    return: () => close(),
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

builder.subscriptionField('benchmarkRunLogs', (t) =>
  t.field({
    type: RunLogLineRef,
    description: "The run's stored log lines, then live ones until it ends (`compass bench logs --follow`).",
    args: { runId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const runId = decodeNumericId(args.runId, 'BenchmarkRun', 'runId');
      const exists = await ctx.prisma.benchmarkRun.findUnique({ where: { id: runId }, select: { id: true } });
      if (!exists) throw new DomainError('NOT_FOUND', `no benchmark run ${runId}`, { argument: 'runId' });
      const events = ctx.pubsub.subscribe('benchmarkRunLog', String(runId));
      return logStream(async () => {
        const run = await ctx.prisma.benchmarkRun.findUniqueOrThrow({
          where: { id: runId },
          select: { status: true },
        });
        const lines: RunLogEvent[] = [];
        for (let after: bigint | null = null; ;) {
          const page = await readRunLog(ctx.prisma, runId, after, LOG_PAGE_MAX);
          lines.push(...page);
          if (page.length < LOG_PAGE_MAX) break;
          after = BigInt(page.at(-1)!.id);
        }
        return { lines, ended: TERMINAL.has(run.status) };
      }, events);
    },
    resolve: (line) => line,
  }),
);

builder.prismaObjectField('BenchmarkRun', 'workerJobManifest', (t) =>
  t.string({
    description:
      "The Kubernetes Indexed Job (YAML) that runs this run's `workers` shards as pods: completions = parallelism = workers, pod i runs `server/worker.ts` for shard i (JOB_COMPLETION_INDEX). DATABASE_URL and COMPASS_SECRET_KEY come from the Secrets `compass-database` (key `url`) and `compass-secret-key` (key `key`).",
    args: {
      image: t.arg.string({
        required: true,
        description: 'the Compass image, e.g. ghcr.io/acme/compass:1.4.0',
      }),
      namespace: t.arg.string({ required: false, description: 'default "default"' }),
      cpu: t.arg.string({ required: false, description: 'CPU request per pod (default 1)' }),
      memory: t.arg.string({
        required: false,
        description: 'memory request and limit per pod (default 1Gi)',
      }),
    },
    select: { id: true, workers: true },
    resolve: (run, args) =>
      renderWorkerJob(run, {
        image: args.image,
        ...(args.namespace ? { namespace: args.namespace } : {}),
        ...(args.cpu ? { cpu: args.cpu } : {}),
        ...(args.memory ? { memory: args.memory } : {}),
      }),
  }),
);
