import type { BenchmarkCurveQuery } from '../gql/graphql.js';

export type CurveMetric = 'ttft' | 'itl' | 'e2e';
export type CurveRow = BenchmarkCurveQuery['benchmarks']['edges'][number]['node'];

export const METRICS: { key: CurveMetric; label: string }[] = [
  { key: 'ttft', label: 'TTFT' },
  { key: 'itl', label: 'ITL' },
  { key: 'e2e', label: 'E2E' },
];

/** Rows → one series per source (SYNTHETIC / IMPORTED / MEASURED), points ordered by load. Pure. */
export function curveSeries(rows: readonly CurveRow[], metric: CurveMetric) {
  const bySource = new Map<string, CurveRow[]>();
  for (const row of rows) bySource.set(row.source, [...(bySource.get(row.source) ?? []), row]);
  return [...bySource.entries()].map(([source, list]) => ({
    name: `${source.toLowerCase()} p95`,
    points: [...list]
      .sort(
        (a, b) => (a.concurrency ?? 0) - (b.concurrency ?? 0) || a.requestsPerSecond - b.requestsPerSecond,
      )
      .map((row) => ({
        x: row.requestsPerSecond,
        y: row[metric].p95,
        title: `concurrency ${row.concurrency ?? '—'}: ${row.requestsPerSecond.toFixed(2)} req/s, p95 ${row[metric].p95.toFixed(1)} ms`,
      })),
  }));
}
