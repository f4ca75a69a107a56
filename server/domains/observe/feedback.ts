/**
 * Closing the loop (opt-in per deployment): every feedback window the scraper checks whether the
 * deployment ran at a sustained per-replica load (core/feedback.ts). Such a window is one observed
 * level: its p50/p90/p95/p99 come from the window's histogram increases, its load and token counts
 * from the counters, all per replica. Levels are kept on the deployment's settings; once
 * `minLevels` distinct levels exist they are all filed as MEASURED benchmark rows (and updated from
 * then on) — fewer would let one production point replace a whole benchmark curve under the
 * source-trust rule.
 */
import type { PrismaClient } from '../../db/clients.js';
import type { Prisma } from '../../db/generated/prisma/client.js';
import {
  fileObservedBenchmarks,
  type LatencyRow,
  type ObservedLevelRow,
} from '../knowledge/observed-rows.js';
import { sustainedLevel, type FeedbackVerdict } from './core/feedback.js';
import { summarizeWindow, windowSeries, type LatencySummary } from './core/window.js';
import { deployedConfig, observedConfigIdPrefix } from './service.js';
import { loadRawSeries } from './store.js';
import type { ObserveConfig } from './types.js';

export interface FeedbackResult {
  verdict: FeedbackVerdict;
  levels: number;
  filed: number;
}

function latencyRow(l: LatencySummary | null): LatencyRow | null {
  if (!l || l.meanMs === null || l.p50Ms === null || l.p90Ms === null || l.p95Ms === null || l.p99Ms === null)
    return null;
  return { mean: l.meanMs, p50: l.p50Ms, p90: l.p90Ms, p95: l.p95Ms, p99: l.p99Ms };
}

export async function collectFeedback(
  prisma: PrismaClient,
  config: ObserveConfig,
  deploymentId: number,
  now: number,
): Promise<FeedbackResult | null> {
  const settings = await prisma.deploymentObserveSettings.findUnique({ where: { deploymentId } });
  if (!settings?.feedback) return null;
  const deployed = await deployedConfig(prisma, deploymentId);
  const windowMs = config.feedback.windowMs;
  const series = await loadRawSeries(prisma, deploymentId, now - windowMs - config.rateWindowMs, now);
  const stepMs = Math.max(1_000, Math.floor(windowMs / 60));
  const loads = windowSeries(series, {
    from: now - windowMs + stepMs,
    to: now,
    stepMs,
    rangeMs: config.rateWindowMs,
  }).map((p) => (p.requestsPerSecond !== null && p.pods > 0 ? p.requestsPerSecond / p.pods : null));
  const whole = summarizeWindow(series, now, windowMs);
  const requests = (whole.requestsPerSecond ?? 0) * (windowMs / 1000);
  const verdict = sustainedLevel(loads, requests);
  const levels = (settings.levels ?? []) as unknown as ObservedLevelRow[];
  if (!verdict.ok) return { verdict, levels: levels.length, filed: 0 };

  const pods = Math.max(1, whole.pods);
  const rps = whole.requestsPerSecond ?? 0;
  const [ttft, itl, e2e] = [whole.latency.ttft, whole.latency.itl, whole.latency.e2e].map(latencyRow);
  if (!ttft || !itl || !e2e || rps <= 0) return { verdict, levels: levels.length, filed: 0 };
  const row: ObservedLevelRow = {
    configId: `${observedConfigIdPrefix(deploymentId)}L${verdict.sustained.level}`,
    requestsPerSecond: rps / pods,
    tokensPerSecond: (whole.generationTokensPerSecond ?? 0) / pods,
    meanInputTokens: (whole.promptTokensPerSecond ?? 0) / rps,
    meanOutputTokens: (whole.generationTokensPerSecond ?? 0) / rps,
    ttft,
    itl,
    e2e,
    observedAt: new Date(now),
  };
  const next = [...levels.filter((l) => l.configId !== row.configId), row].sort(
    (a, b) => a.requestsPerSecond - b.requestsPerSecond,
  );
  await prisma.deploymentObserveSettings.update({
    where: { deploymentId },
    data: { levels: next as unknown as Prisma.InputJsonValue },
  });
  if (next.length < config.feedback.minLevels) return { verdict, levels: next.length, filed: 0 };
  const restored = next.map((l) => ({ ...l, observedAt: new Date(l.observedAt) }));
  await fileObservedBenchmarks(prisma, deployed, restored);
  return { verdict, levels: next.length, filed: next.length };
}
