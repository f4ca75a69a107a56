/** A level as the saturation report sends it, in load order. */
export interface SweepViewLevel {
  level: number;
  offeredLoad: number;
  achievedRps: number;
  analyzed: boolean;
}

/** A load with its unit: `25.0 req/s` on the rate axis, `16 connections` on the concurrency axis. */
export function formatLoad(value: number, axis: 'RATE' | 'CONCURRENCY', unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (axis === 'CONCURRENCY') return `${Math.round(value)} ${unit}`;
  return `${value.toFixed(Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 1 : 2)} ${unit}`;
}

/**
 * The levels a curve is drawn through: the analysed ones (a rate sweep's open-loop levels), in load
 * order. Sorting by achieved rate instead would join a probe to the rates and fold the line back.
 */
export function curveLevels<L extends SweepViewLevel>(levels: readonly L[]): L[] {
  return levels.filter((l) => l.analyzed).sort((a, b) => a.offeredLoad - b.offeredLoad || a.level - b.level);
}
