import type { BenchmarkRunProgressSubscription } from '../gql/graphql.js';

export type ProgressEvent = BenchmarkRunProgressSubscription['benchmarkRunProgress'];

export interface ProgressView {
  latest: ProgressEvent | null;
  /** req/s samples for the sparkline, oldest first (at most `RPS_HISTORY`). */
  rps: number[];
}

export const RPS_HISTORY = 60;

/** Folds a live progress event into what the progress panel shows. Pure. */
export function foldProgress(view: ProgressView, event: ProgressEvent): ProgressView {
  const rps = event.currentRps === null ? view.rps : [...view.rps, event.currentRps].slice(-RPS_HISTORY);
  return { latest: event, rps };
}

/** Share of the run done: finished levels plus nothing of the current one; 1 once the run ended. */
export function progressFraction(event: ProgressEvent): number {
  if (event.status === 'SUCCEEDED') return 1;
  if (event.levels <= 0) return 0;
  const done = event.level === null ? 0 : Math.max(0, event.level);
  return Math.min(1, done / event.levels);
}
