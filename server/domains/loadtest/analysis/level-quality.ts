/**
 * When a level's numbers mean something. A level whose requests mostly failed (the target died,
 * refused, timed out) has latencies of a handful of survivors or none at all: it is INCOMPLETE, the
 * run stops there as FAILED (resumable from that level), and such a level never becomes a MEASURED
 * knowledge-base row. See docs/benchmark-runner.md "Incomplete levels".
 */

export interface LevelQuality {
  /** Share of a level's measured requests that must succeed (errored and runner-aborted ones count against it). */
  minSuccessRate: number;
  /** Successful measured requests a level needs before ingest files it as MEASURED. */
  minSamples: number;
}

export const DEFAULT_LEVEL_QUALITY: LevelQuality = { minSuccessRate: 0.95, minSamples: 10 };

export interface LevelCounts {
  completedRequests: number;
  erroredRequests: number;
  incompleteRequests: number;
}

/** Why a level's measurements are not usable, or null when they are. */
export function levelShortfall(counts: LevelCounts, minSuccessRate: number): string | null {
  const total = counts.completedRequests + counts.erroredRequests + counts.incompleteRequests;
  if (total === 0) return 'no measured requests';
  const rate = counts.completedRequests / total;
  if (counts.completedRequests === 0 || rate < minSuccessRate) {
    return `${counts.completedRequests}/${total} measured requests succeeded (minimum ${formatPercent(minSuccessRate)})`;
  }
  return null;
}

/** Why a level must not be ingested as MEASURED, or null when it may. */
export function ingestShortfall(counts: LevelCounts, quality: LevelQuality): string | null {
  const shortfall = levelShortfall(counts, quality.minSuccessRate);
  if (shortfall !== null) return shortfall;
  if (counts.completedRequests < quality.minSamples) {
    return `${counts.completedRequests} successful requests, fewer than the ${quality.minSamples} ingest needs`;
  }
  return null;
}

function formatPercent(rate: number): string {
  return `${Number((rate * 100).toFixed(2))} %`;
}
