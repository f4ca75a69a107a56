/**
 * A deployment's live metrics view: stored samples → windowed points (observed p50/p95/p99, load,
 * queue, KV cache) beside the plan's prediction at each point's per-replica load, SLO compliance over
 * the window and the drift status. Recomputed from PostgreSQL on every call, so any instance answers
 * the same and a restart loses nothing.
 */
import type { PrismaClient } from '../../db/clients.js';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.js';
import { parseInput } from '../../kernel/validation.js';
import { configCurve, type ConfigCurve } from '../recommend/service.js';
import {
  compliance,
  detectDrift,
  SLO_METRICS,
  type ComparedPoint,
  type SloMetric,
} from './core/plan-comparison.js';
import { predictAt } from './core/predict.js';
import { summarizeWindow, windowSeries } from './core/window.js';
import { loadRawSeries, loadRollupSeries } from './store.js';
import type { DeploymentMetricsView, MetricsPoint, ObserveConfig, SloTarget } from './types.js';

export const MIN_WINDOW_MS = 10_000;
export const MAX_WINDOW_MS = 30 * 86_400_000;
/** Points per answer, at most (the step grows with the window). */
const MAX_POINTS = 240;

/** Where a deployment's own production observations are filed (docs/observability.md, feedback). */
export function observedConfigIdPrefix(deploymentId: number): string {
  return `observed:${deploymentId}:`;
}

export interface DeployedConfig {
  id: number;
  modelId: number;
  gpuId: number;
  gpuCount: number;
  promptTokens: number;
  outputTokens: number;
}

export async function deployedConfig(
  prisma: PrismaClient,
  deploymentId: number,
): Promise<DeployedConfig & { state: string }> {
  const deployment = await prisma.deployment.findUnique({ where: { id: deploymentId } });
  if (!deployment)
    throw new DomainError('NOT_FOUND', `no deployment ${deploymentId}`, { argument: 'deploymentId' });
  const config = (deployment.config ?? {}) as { promptTokens?: unknown; outputTokens?: unknown };
  return {
    id: deployment.id,
    state: deployment.state,
    modelId: deployment.modelId ?? -1,
    gpuId: deployment.gpuId ?? -1,
    gpuCount: deployment.gpuCount,
    promptTokens: typeof config.promptTokens === 'number' ? config.promptTokens : 512,
    outputTokens: typeof config.outputTokens === 'number' ? config.outputTokens : 256,
  };
}

function sloTargets(
  settings: { ttftP95Ms: number | null; itlP95Ms: number | null; e2eP95Ms: number | null } | null,
): SloTarget[] {
  if (!settings) return [];
  const values: Record<SloMetric, number | null> = {
    TTFT: settings.ttftP95Ms,
    ITL: settings.itlP95Ms,
    E2E: settings.e2eP95Ms,
  };
  return SLO_METRICS.flatMap((metric) =>
    values[metric] === null ? [] : [{ metric, targetMs: values[metric] as number }],
  );
}

function basis(curve: ConfigCurve | null): string {
  if (!curve)
    return 'no benchmark rows for this model, GPU, GPU count and traffic profile: nothing to predict from';
  const loads = curve.rows.map((r) => r.requestsPerSecond);
  return `${curve.rows.length} ${curve.source} benchmark rows (${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} req/s per replica), interpolated at the observed per-replica load`;
}

/** Raw samples while the window fits the raw retention (and 6 h), else one-minute rollups. */
export function viewResolution(config: ObserveConfig, windowMs: number) {
  const resolution: 'raw' | 'rollup' =
    windowMs + config.rateWindowMs <= Math.min(config.rawRetentionMs, 6 * 3_600_000) ? 'raw' : 'rollup';
  const rateWindowMs = resolution === 'raw' ? config.rateWindowMs : Math.max(config.rateWindowMs, 300_000);
  const stepMs = Math.max(
    resolution === 'raw' ? config.intervalMs : 60_000,
    Math.ceil(windowMs / MAX_POINTS / 1000) * 1000,
  );
  return { resolution, rateWindowMs, stepMs };
}

const WINDOW_RULE = `window must be between ${MIN_WINDOW_MS / 1000} s and ${MAX_WINDOW_MS / 86_400_000} days`;

/** The window a metrics view covers (the `window` argument, in ms here). */
const windowMs = z
  .number({ error: WINDOW_RULE })
  .min(MIN_WINDOW_MS, { error: WINDOW_RULE })
  .max(MAX_WINDOW_MS, { error: WINDOW_RULE });

export interface MetricsQuery {
  windowMs: number;
  now?: number;
}

export async function deploymentMetrics(
  prisma: PrismaClient,
  config: ObserveConfig,
  deploymentId: number,
  rawQuery: MetricsQuery,
): Promise<DeploymentMetricsView> {
  const query = { ...rawQuery, windowMs: parseInput(windowMs, rawQuery.windowMs, 'window') };
  const deployed = await deployedConfig(prisma, deploymentId);
  const now = query.now ?? Date.now();
  const { resolution, rateWindowMs, stepMs } = viewResolution(config, query.windowMs);
  // Drift looks back `sustainMs` whatever window is shown.
  const evaluatedMs = Math.max(query.windowMs, config.drift.sustainMs);
  // The newest point is now (fresh data reaches the chart at once); older ones are a step apart.
  const to = now;
  const from = to - evaluatedMs;
  const load = resolution === 'raw' ? loadRawSeries : loadRollupSeries;
  const [series, settings, curve] = await Promise.all([
    load(prisma, deploymentId, from - rateWindowMs, now),
    prisma.deploymentObserveSettings.findUnique({ where: { deploymentId } }),
    deployed.modelId < 0 || deployed.gpuId < 0
      ? Promise.resolve(null)
      : configCurve(prisma, deployed, { excludeConfigIdPrefix: observedConfigIdPrefix(deploymentId) }),
  ]);
  const evaluated: MetricsPoint[] = windowSeries(series, {
    from: from + stepMs,
    to,
    stepMs,
    rangeMs: rateWindowMs,
  }).map((summary) => {
    const perReplicaLoad =
      summary.requestsPerSecond !== null && summary.pods > 0
        ? summary.requestsPerSecond / summary.pods
        : null;
    return { summary, perReplicaLoad, predicted: curve ? predictAt(curve.rows, perReplicaLoad) : null };
  });
  const compared: ComparedPoint[] = evaluated.map((p) => ({
    at: p.summary.at,
    observed: {
      TTFT: p.summary.latency.ttft?.p95Ms ?? null,
      ITL: p.summary.latency.itl?.p95Ms ?? null,
      E2E: p.summary.latency.e2e?.p95Ms ?? null,
    },
    observedFloor: {
      TTFT: p.summary.latency.ttft?.p95FloorMs ?? null,
      ITL: p.summary.latency.itl?.p95FloorMs ?? null,
      E2E: p.summary.latency.e2e?.p95FloorMs ?? null,
    },
    predicted: p.predicted,
    perReplicaLoad: p.perReplicaLoad,
  }));
  const shownFrom = to - query.windowMs;
  const slo = sloTargets(settings);
  const targets = Object.fromEntries(slo.map((s) => [s.metric, s.targetMs])) as Record<SloMetric, number>;
  return {
    deploymentId,
    windowMs: query.windowMs,
    stepMs,
    rateWindowMs,
    resolution,
    points: evaluated.filter((p) => p.summary.at > shownFrom),
    pods: series
      .map((s) => ({ pod: s.pod, summary: summarizeWindow([s], now, rateWindowMs) }))
      .filter((p) => p.summary.pods > 0),
    slo,
    compliance: compliance(
      compared.filter((p) => p.at > shownFrom),
      targets,
      config.sloObjective,
    ).filter((c) => slo.some((s) => s.metric === c.metric)),
    drift: detectDrift(compared, {
      tolerance: config.drift.tolerance,
      sustainMs: config.drift.sustainMs,
      stepMs,
    }),
    predictionBasis: basis(curve),
    feedback: settings?.feedback ?? false,
  };
}

const sloTarget = (field: string) => {
  const rule = `${field} must be a positive number of milliseconds (at most an hour)`;
  return z.number({ error: rule }).positive({ error: rule }).max(3_600_000, { error: rule }).nullish();
};

/** observeDeployment's input: null clears a target, an absent field leaves it as it is. */
const observeSettingsInput = z.object({
  feedback: z.boolean({ error: 'feedback must be a boolean' }).nullish(),
  ttftP95Ms: sloTarget('ttftP95Ms'),
  itlP95Ms: sloTarget('itlP95Ms'),
  e2eP95Ms: sloTarget('e2eP95Ms'),
});
export type ObserveSettingsInput = z.input<typeof observeSettingsInput>;

/** SLO targets (milliseconds, positive) and the feedback opt-in; a null target clears it. */
export async function configureObservation(
  prisma: PrismaClient,
  deploymentId: number,
  rawInput: ObserveSettingsInput,
) {
  await deployedConfig(prisma, deploymentId);
  const input = parseInput(observeSettingsInput, rawInput, 'input');
  const data = {
    ...(input.feedback !== undefined && input.feedback !== null ? { feedback: input.feedback } : {}),
    ...(input.ttftP95Ms !== undefined ? { ttftP95Ms: input.ttftP95Ms } : {}),
    ...(input.itlP95Ms !== undefined ? { itlP95Ms: input.itlP95Ms } : {}),
    ...(input.e2eP95Ms !== undefined ? { e2eP95Ms: input.e2eP95Ms } : {}),
  };
  return prisma.deploymentObserveSettings.upsert({
    where: { deploymentId },
    create: { deploymentId, ...data },
    update: data,
  });
}
