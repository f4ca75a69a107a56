/**
 * Observed against the plan: SLO compliance over a window (the share of evaluated instants whose
 * observed p95 is within the target), the error-budget burn rate, and the DRIFT rule.
 *
 * DRIFT for a metric: over the last `sustainMs`, the instants that have both an observed p95 (some
 * request finished) and a prediction cover at least `minCoverage` of the period, and at every one of
 * them observed > predicted × (1 + tolerance). Idle instants are no evidence either way. "Observed"
 * here is the lower edge of the histogram bucket holding the p95 (`observedFloor`) when given: vLLM's
 * buckets are coarse (ITL's first is 0–10 ms), and interpolating inside one must not alone raise DRIFT.
 */

export type SloMetric = 'TTFT' | 'ITL' | 'E2E';
export const SLO_METRICS: readonly SloMetric[] = ['TTFT', 'ITL', 'E2E'];

export interface P95s {
  TTFT: number | null;
  ITL: number | null;
  E2E: number | null;
}

export interface ComparedPoint {
  at: number;
  observed: P95s;
  /** The least each observed p95 can be given the buckets (see above); defaults to `observed`. */
  observedFloor?: P95s;
  predicted: P95s | null;
  /** Per-replica req/s the prediction was read at. */
  perReplicaLoad: number | null;
}

export interface Compliance {
  metric: SloMetric;
  targetMs: number;
  /** Share of evaluated instants within target, 0..1; null when nothing was evaluated. */
  withinShare: number | null;
  evaluated: number;
  /** (1 − withinShare) / (1 − objective): 1 spends the budget exactly over the SLO period. */
  burnRate: number | null;
}

export function compliance(
  points: readonly ComparedPoint[],
  targets: Record<SloMetric, number>,
  objective: number,
): Compliance[] {
  return SLO_METRICS.map((metric) => {
    const values = points.map((p) => p.observed[metric]).filter((v): v is number => v !== null);
    const within = values.filter((v) => v <= targets[metric]).length;
    const share = values.length > 0 ? within / values.length : null;
    return {
      metric,
      targetMs: targets[metric],
      withinShare: share,
      evaluated: values.length,
      burnRate: share === null ? null : (1 - share) / (1 - objective),
    };
  });
}

export interface DriftOptions {
  /** 0.25: observed may exceed the prediction by 25 % before it counts. */
  tolerance: number;
  sustainMs: number;
  stepMs: number;
  /** Share of the period's steps that must have evidence (default 0.75). */
  minCoverage?: number;
}

export type DriftState = 'OK' | 'DRIFT' | 'NO_DATA' | 'NO_PREDICTION';

export interface MetricDrift {
  metric: SloMetric;
  state: DriftState;
  /** Mean observed / predicted over the sustain period's evaluated instants. */
  ratio: number | null;
}

export interface DriftStatus {
  state: DriftState;
  reason: string;
  metrics: MetricDrift[];
}

const LABELS: Record<SloMetric, string> = { TTFT: 'TTFT', ITL: 'ITL', E2E: 'E2E latency' };

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function detectDrift(points: readonly ComparedPoint[], options: DriftOptions): DriftStatus {
  const last = points[points.length - 1];
  if (!last) return { state: 'NO_DATA', reason: 'no metrics scraped yet', metrics: [] };
  const recent = points.filter((p) => p.at > last.at - options.sustainMs);
  const needed = Math.max(1, Math.ceil((options.sustainMs / options.stepMs) * (options.minCoverage ?? 0.75)));
  const seconds = Math.round(options.sustainMs / 1000);
  const pct = Math.round(options.tolerance * 100);
  const metrics: MetricDrift[] = [];
  const reasons: string[] = [];
  for (const metric of SLO_METRICS) {
    const evidence = recent.filter((p) => p.observed[metric] !== null && p.predicted?.[metric] != null);
    if (recent.every((p) => p.predicted === null)) {
      metrics.push({ metric, state: 'NO_PREDICTION', ratio: null });
      continue;
    }
    if (evidence.length < needed) {
      metrics.push({ metric, state: 'NO_DATA', ratio: null });
      continue;
    }
    const ratios = evidence.map((p) => (p.observed[metric] as number) / (p.predicted?.[metric] as number));
    const ratio = mean(ratios);
    const drifting = evidence.every(
      (p) =>
        (p.observedFloor?.[metric] ?? (p.observed[metric] as number)) >
        (p.predicted?.[metric] as number) * (1 + options.tolerance),
    );
    metrics.push({ metric, state: drifting ? 'DRIFT' : 'OK', ratio });
    if (drifting) {
      const latest = evidence[evidence.length - 1] as ComparedPoint;
      reasons.push(
        `${LABELS[metric]} p95 has been ${Math.round((ratio - 1) * 100)} % above the plan's prediction for the last ${seconds} s ` +
          `(now ${fmtMs(latest.observed[metric] as number)} observed vs ${fmtMs(latest.predicted?.[metric] as number)} predicted` +
          `${latest.perReplicaLoad !== null ? ` at ${latest.perReplicaLoad.toFixed(2)} req/s per replica` : ''}; tolerance ${pct} %)`,
      );
    }
  }
  if (reasons.length > 0) return { state: 'DRIFT', reason: reasons.join('; '), metrics };
  if (metrics.some((m) => m.state === 'OK')) {
    const worst = metrics.filter((m) => m.ratio !== null).sort((a, b) => (b.ratio ?? 0) - (a.ratio ?? 0))[0];
    const highest =
      worst && worst.ratio !== null
        ? ` (highest: ${LABELS[worst.metric]} p95 at ${Math.round(worst.ratio * 100)} % of its prediction` +
          (worst.ratio > 1 + options.tolerance
            ? ', interpolated inside a histogram bucket that starts within the tolerance)'
            : ')')
        : '';
    return {
      state: 'OK',
      reason: `no sustained excess over the plan beyond ${pct} % in the last ${seconds} s that the histogram buckets confirm${highest}`,
      metrics,
    };
  }
  if (metrics.every((m) => m.state === 'NO_PREDICTION'))
    return {
      state: 'NO_PREDICTION',
      reason:
        'the knowledge base has no benchmark curve for this configuration, so there is nothing to compare with',
      metrics,
    };
  return {
    state: 'NO_DATA',
    reason: `not enough traffic over the last ${seconds} s to compare with the plan`,
    metrics,
  };
}
