import { Repeater } from 'graphql-yoga';
import { builder } from '../../graphql/builder.js';
import { decodeNumericId } from '../../graphql/ids.js';
import { DEFAULT_OBSERVE_CONFIG } from '../../config.js';
import type { Context } from '../../graphql/context.js';
import type { Compliance, DriftStatus, MetricDrift } from './core/plan-comparison.js';
import type { LatencySummary, WindowSummary } from './core/window.js';
import { configureObservation, deploymentMetrics, viewResolution } from './service.js';
import type { DeploymentMetricsView, MetricsPoint, SloTarget } from './types.js';

const SloMetricEnum = builder.enumType('SloMetric', { values: ['TTFT', 'ITL', 'E2E'] as const });
const DriftStateEnum = builder.enumType('DriftState', {
  description:
    'DRIFT: observed p95 above the prediction by more than the tolerance at every evaluated instant of the sustain period.',
  values: ['OK', 'DRIFT', 'NO_DATA', 'NO_PREDICTION'] as const,
});

const LatencyRef = builder.objectRef<LatencySummary>('LatencyPercentiles').implement({
  description:
    "histogram_quantile over the window's bucket rates (PromQL's method); null when nothing finished.",
  fields: (t) => ({
    p50Ms: t.exposeFloat('p50Ms', { nullable: true }),
    p95Ms: t.exposeFloat('p95Ms', { nullable: true }),
    p99Ms: t.exposeFloat('p99Ms', { nullable: true }),
    p95FloorMs: t.exposeFloat('p95FloorMs', {
      nullable: true,
      description: 'Lower edge of the bucket holding the p95: the least the buckets allow it to be.',
    }),
    meanMs: t.exposeFloat('meanMs', { nullable: true }),
    perSecond: t.exposeFloat('perSecond', { description: 'Observations per second.' }),
  }),
});

const PredictedRef = builder
  .objectRef<{ TTFT: number | null; ITL: number | null; E2E: number | null }>('PredictedP95s')
  .implement({
    fields: (t) => ({
      ttftP95Ms: t.float({ nullable: true, resolve: (p) => p.TTFT }),
      itlP95Ms: t.float({ nullable: true, resolve: (p) => p.ITL }),
      e2eP95Ms: t.float({ nullable: true, resolve: (p) => p.E2E }),
    }),
  });

const PointRef = builder.objectRef<MetricsPoint>('DeploymentMetricsPoint').implement({
  description:
    'One evaluated instant: observed over the rate window ending at `at`, and the plan at that load.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (p) => new Date(p.summary.at) }),
    pods: t.int({ description: 'Pods with samples in the rate window.', resolve: (p) => p.summary.pods }),
    requestsPerSecond: t.float({ nullable: true, resolve: (p) => p.summary.requestsPerSecond }),
    generationTokensPerSecond: t.float({
      nullable: true,
      resolve: (p) => p.summary.generationTokensPerSecond,
    }),
    promptTokensPerSecond: t.float({ nullable: true, resolve: (p) => p.summary.promptTokensPerSecond }),
    ttft: t.field({ type: LatencyRef, nullable: true, resolve: (p) => p.summary.latency.ttft }),
    itl: t.field({ type: LatencyRef, nullable: true, resolve: (p) => p.summary.latency.itl }),
    e2e: t.field({ type: LatencyRef, nullable: true, resolve: (p) => p.summary.latency.e2e }),
    queue: t.field({ type: LatencyRef, nullable: true, resolve: (p) => p.summary.latency.queue }),
    running: t.float({ nullable: true, resolve: (p) => p.summary.running }),
    waiting: t.float({ nullable: true, resolve: (p) => p.summary.waiting }),
    kvCacheMean: t.float({ nullable: true, resolve: (p) => p.summary.kvCacheMean }),
    kvCacheMax: t.float({ nullable: true, resolve: (p) => p.summary.kvCacheMax }),
    perReplicaLoad: t.float({
      nullable: true,
      description: 'req/s per pod with samples.',
      resolve: (p) => p.perReplicaLoad,
    }),
    predicted: t.field({
      type: PredictedRef,
      nullable: true,
      description: "The plan's p95s interpolated at perReplicaLoad.",
      resolve: (p) => p.predicted,
    }),
  }),
});

const PodMetricsRef = builder.objectRef<{ pod: string; summary: WindowSummary }>('PodMetrics').implement({
  fields: (t) => ({
    pod: t.exposeString('pod'),
    latest: t.field({
      type: PointRef,
      resolve: (p) => ({ summary: p.summary, perReplicaLoad: p.summary.requestsPerSecond, predicted: null }),
    }),
  }),
});

const SloTargetRef = builder.objectRef<SloTarget>('SloTarget').implement({
  fields: (t) => ({
    metric: t.field({ type: SloMetricEnum, resolve: (s) => s.metric }),
    targetMs: t.exposeFloat('targetMs'),
  }),
});

const ComplianceRef = builder.objectRef<Compliance>('SloCompliance').implement({
  fields: (t) => ({
    metric: t.field({ type: SloMetricEnum, resolve: (c) => c.metric }),
    targetMs: t.exposeFloat('targetMs'),
    withinShare: t.exposeFloat('withinShare', {
      nullable: true,
      description: 'Share of evaluated instants in the window with observed p95 ≤ target (0–1).',
    }),
    evaluated: t.exposeInt('evaluated'),
    burnRate: t.exposeFloat('burnRate', {
      nullable: true,
      description:
        'Error-budget burn rate: (1 − withinShare) / (1 − objective); above 1 the budget runs out early.',
    }),
  }),
});

const MetricDriftRef = builder.objectRef<MetricDrift>('MetricDrift').implement({
  fields: (t) => ({
    metric: t.field({ type: SloMetricEnum, resolve: (m) => m.metric }),
    state: t.field({ type: DriftStateEnum, resolve: (m) => m.state }),
    ratio: t.exposeFloat('ratio', {
      nullable: true,
      description: 'Mean observed ÷ predicted p95 over the sustain period.',
    }),
  }),
});

const DriftRef = builder.objectRef<DriftStatus>('DriftStatus').implement({
  fields: (t) => ({
    state: t.field({ type: DriftStateEnum, resolve: (d) => d.state }),
    reason: t.exposeString('reason'),
    metrics: t.field({ type: [MetricDriftRef], resolve: (d) => d.metrics }),
  }),
});

type MetricsEvent = DeploymentMetricsView & { scrapeErrors: string[]; updatedAt: Date };

const DeploymentMetricsRef = builder.objectRef<MetricsEvent>('DeploymentMetrics').implement({
  description: "A deployment's scraped vLLM metrics over a window, beside what its plan predicted.",
  fields: (t) => ({
    deploymentId: t.id({ resolve: (m) => String(m.deploymentId) }),
    windowSeconds: t.int({ resolve: (m) => Math.round(m.windowMs / 1000) }),
    stepSeconds: t.float({ resolve: (m) => m.stepMs / 1000 }),
    rateWindowSeconds: t.float({ resolve: (m) => m.rateWindowMs / 1000 }),
    resolution: t.string({
      description: '`raw` scrapes or one-minute `rollup`s.',
      resolve: (m) => m.resolution,
    }),
    points: t.field({ type: [PointRef], resolve: (m) => m.points }),
    latest: t.field({
      type: PointRef,
      nullable: true,
      resolve: (m) => m.points[m.points.length - 1] ?? null,
    }),
    pods: t.field({ type: [PodMetricsRef], resolve: (m) => m.pods }),
    slo: t.field({ type: [SloTargetRef], resolve: (m) => m.slo }),
    compliance: t.field({ type: [ComplianceRef], resolve: (m) => m.compliance }),
    drift: t.field({ type: DriftRef, resolve: (m) => m.drift }),
    predictionBasis: t.exposeString('predictionBasis'),
    feedback: t.exposeBoolean('feedback', {
      description: 'Sustained observations are filed as MEASURED benchmark rows (docs/observability.md).',
    }),
    scrapeErrors: t.stringList({ resolve: (m) => m.scrapeErrors }),
    updatedAt: t.field({ type: 'DateTime', resolve: (m) => m.updatedAt }),
  }),
});

const DEFAULT_WINDOW_SECONDS = 300;

function view(
  ctx: Context,
  deploymentId: number,
  windowSeconds: number,
  errors: string[] = [],
): Promise<MetricsEvent> {
  return deploymentMetrics(ctx.prisma, ctx.observe ?? DEFAULT_OBSERVE_CONFIG, deploymentId, {
    windowMs: windowSeconds * 1000,
  }).then((v) => ({ ...v, scrapeErrors: errors, updatedAt: new Date() }));
}

builder.queryField('deploymentMetrics', (t) =>
  t.field({
    type: DeploymentMetricsRef,
    args: {
      deploymentId: t.arg.id({ required: true }),
      window: t.arg.int({
        required: false,
        defaultValue: DEFAULT_WINDOW_SECONDS,
        description: 'Seconds shown (10 s – 30 days).',
      }),
    },
    resolve: (_root, args, ctx) =>
      view(
        ctx,
        decodeNumericId(args.deploymentId, 'Deployment', 'deploymentId'),
        args.window ?? DEFAULT_WINDOW_SECONDS,
      ),
  }),
);

builder.subscriptionField('deploymentMetrics', (t) =>
  t.field({
    type: DeploymentMetricsRef,
    description: 'The view at once, then again after every scrape round of the deployment (any instance).',
    args: {
      deploymentId: t.arg.id({ required: true }),
      window: t.arg.int({
        required: false,
        defaultValue: DEFAULT_WINDOW_SECONDS,
        description: 'Seconds shown (10 s – 30 days).',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const id = decodeNumericId(args.deploymentId, 'Deployment', 'deploymentId');
      const windowSeconds = args.window ?? DEFAULT_WINDOW_SECONDS;
      const first = await view(ctx, id, windowSeconds); // validates before anything is subscribed
      // A view's points are `stepMs` apart: recomputing more often than that (every scrape) would
      // cost CPU for the same picture, so scrape events are coalesced to one view per step.
      const gapMs = viewResolution(ctx.observe ?? DEFAULT_OBSERVE_CONFIG, windowSeconds * 1000).stepMs;
      return new Repeater<MetricsEvent>(async (push, stop) => {
        await push(first);
        let pending: string[] | null = null;
        let busy = false;
        const events = ctx.pubsub.subscribe('deploymentMetrics', String(id));
        void (async () => {
          for await (const event of events) pending = event.errors;
        })();
        const timer = setInterval(() => {
          if (pending === null || busy) return;
          const errors = pending;
          pending = null;
          busy = true;
          view(ctx, id, windowSeconds, errors)
            .then(push, (error: unknown) => stop(error))
            .finally(() => {
              busy = false;
            });
        }, gapMs);
        await stop;
        clearInterval(timer);
        await events.return?.();
      });
    },
    resolve: (event) => event,
  }),
);

const SettingsInput = builder.inputType('DeploymentObservationInput', {
  fields: (t) => ({
    feedback: t.boolean({
      required: false,
      description: 'File sustained observations as MEASURED benchmark rows.',
    }),
    ttftP95Ms: t.float({ required: false, description: 'SLO target; null clears it.' }),
    itlP95Ms: t.float({ required: false }),
    e2eP95Ms: t.float({ required: false }),
  }),
});

builder.mutationField('configureDeploymentObservation', (t) =>
  t.field({
    type: DeploymentMetricsRef,
    description: "Sets a deployment's SLO targets and feedback opt-in; answers its metrics view.",
    args: {
      deploymentId: t.arg.id({ required: true }),
      input: t.arg({ type: SettingsInput, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const id = decodeNumericId(args.deploymentId, 'Deployment', 'deploymentId');
      await configureObservation(ctx.prisma, id, args.input);
      return view(ctx, id, DEFAULT_WINDOW_SECONDS);
    },
  }),
);
