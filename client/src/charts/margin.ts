/** How a predicted latency sits against its target, for the margin bars. Pure. */

export type MarginTone = 'good' | 'warn' | 'bad';

/** sloMargin = (target − predicted) / target: ≥ 30 % spare is comfortable, < 10 % is tight, < 0 misses. */
export function marginTone(margin: number): MarginTone {
  if (margin >= 0.3) return 'good';
  if (margin >= 0.1) return 'warn';
  return 'bad';
}

/** Share of the target the prediction uses, clamped to [0, 1] for the bar's width. */
export function usedFraction(margin: number): number {
  return Math.min(1, Math.max(0, 1 - margin));
}
