import type { DeploymentMetricsSubscription } from '../gql/graphql.js';
import type { Series } from '../charts/LineChart.js';

/** The live metrics view's numbers → chart series. Pure. */

export type MetricsView = DeploymentMetricsSubscription['deploymentMetrics'];
type Point = MetricsView['points'][number];
export type LatencyKey = 'ttft' | 'itl' | 'e2e';

const PREDICTED: Record<LatencyKey, 'ttftP95Ms' | 'itlP95Ms' | 'e2eP95Ms'> = {
  ttft: 'ttftP95Ms',
  itl: 'itlP95Ms',
  e2e: 'e2eP95Ms',
};

/** Seconds before the newest point (the x axis): the newest point is 0, older ones negative. */
function ageSeconds(points: readonly Point[]): (p: Point) => number {
  const newest = points.length > 0 ? Date.parse(points[points.length - 1]!.at) : 0;
  return (p) => Math.round((Date.parse(p.at) - newest) / 100) / 10;
}

function series(
  name: string,
  points: readonly Point[],
  value: (p: Point) => number | null | undefined,
): Series {
  const x = ageSeconds(points);
  return {
    name,
    points: points.flatMap((p) => {
      const y = value(p);
      return y === null || y === undefined || !Number.isFinite(y) ? [] : [{ x: x(p), y }];
    }),
  };
}

/** Observed p95 against the plan's prediction at the same load. */
export function latencySeries(points: readonly Point[], key: LatencyKey): Series[] {
  return [
    series('observed p95', points, (p) => p[key]?.p95Ms),
    series('predicted p95', points, (p) => p.predicted?.[PREDICTED[key]]),
  ];
}

export function loadSeries(points: readonly Point[]): Series[] {
  return [
    series('req/s', points, (p) => p.requestsPerSecond),
    series('req/s per replica', points, (p) => p.perReplicaLoad),
  ];
}

export function queueSeries(points: readonly Point[]): Series[] {
  return [series('running', points, (p) => p.running), series('waiting', points, (p) => p.waiting)];
}

export function kvSeries(points: readonly Point[]): Series[] {
  return [series('KV cache used %', points, (p) => (p.kvCacheMean === null ? null : p.kvCacheMean * 100))];
}

export function sloTarget(view: MetricsView, metric: 'TTFT' | 'ITL' | 'E2E'): number | null {
  return view.slo.find((s) => s.metric === metric)?.targetMs ?? null;
}
