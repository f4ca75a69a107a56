import type { LevelSummaryRow } from '../report/run-summary.js';
import { tInterval, type ConfidenceInterval } from './confidence.js';

/**
 * A run's levels with their repetitions folded: per configuration (level) and metric, the mean over
 * repetitions and its t-interval. Each repetition contributes one value (its own p95, its own rate),
 * so the interval says how much the configuration's result moves from one repetition to the next.
 */

export type RepetitionRow = Pick<
  LevelSummaryRow,
  | 'levelIndex'
  | 'repetition'
  | 'loadKind'
  | 'concurrency'
  | 'targetRate'
  | 'completedRequests'
  | 'erroredRequests'
  | 'incompleteRequests'
  | 'requestsPerSecond'
  | 'outputTokensPerSecond'
  | 'ttftP50'
  | 'ttftP95'
  | 'ttftP99'
  | 'itlP50'
  | 'itlP95'
  | 'e2eP50'
  | 'e2eP95'
  | 'e2eP99'
>;

export const SUMMARY_METRICS = [
  { metric: 'requestsPerSecond', label: 'req/s', unit: 'req/s' },
  { metric: 'outputTokensPerSecond', label: 'out tok/s', unit: 'tok/s' },
  { metric: 'successRate', label: 'success', unit: '%' },
  { metric: 'ttftP50', label: 'TTFT p50', unit: 'ms' },
  { metric: 'ttftP95', label: 'TTFT p95', unit: 'ms' },
  { metric: 'itlP95', label: 'ITL p95', unit: 'ms' },
  { metric: 'e2eP95', label: 'E2E p95', unit: 'ms' },
] as const;

export type SummaryMetric = (typeof SUMMARY_METRICS)[number]['metric'];

export interface MetricInterval extends ConfidenceInterval {
  metric: SummaryMetric;
  unit: string;
}

export interface LevelAggregate {
  levelIndex: number;
  loadKind: string;
  concurrency: number | null;
  targetRate: number | null;
  repetitions: number;
  metrics: MetricInterval[];
}

function metricValue(row: RepetitionRow, metric: SummaryMetric): number {
  if (metric === 'successRate') {
    const total = row.completedRequests + row.erroredRequests + row.incompleteRequests;
    return total === 0 ? 0 : (100 * row.completedRequests) / total;
  }
  return row[metric];
}

/** One aggregate per level, in level order; `confidence` of every interval (default 95 %). */
export function aggregateRepetitions(rows: readonly RepetitionRow[], confidence = 0.95): LevelAggregate[] {
  const byLevel = new Map<number, RepetitionRow[]>();
  for (const row of rows) byLevel.set(row.levelIndex, [...(byLevel.get(row.levelIndex) ?? []), row]);
  return [...byLevel.entries()]
    .sort(([a], [b]) => a - b)
    .map(([levelIndex, reps]) => {
      const first = reps[0]!;
      return {
        levelIndex,
        loadKind: first.loadKind,
        concurrency: first.concurrency,
        targetRate: first.targetRate,
        repetitions: reps.length,
        metrics: SUMMARY_METRICS.map(({ metric, unit }) => ({
          metric,
          unit,
          ...tInterval(
            reps.map((r) => metricValue(r, metric)),
            confidence,
          ),
        })),
      };
    });
}
