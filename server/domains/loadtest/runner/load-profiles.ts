import { THROUGHPUT_CONCURRENCY, type RecipeLoad } from '../recipe.js';

export { THROUGHPUT_CONCURRENCY };

/**
 * A recipe's load profile as a list of levels. Each level is run (× repetitions) and summarised on its
 * own. A sweep's constant-rate levels get their rates only after its two probe levels ran
 * (`resolveSweepRates`), following GuideLLM's sweep: synchronous finds the floor, throughput the
 * ceiling, and the constant rates are spaced evenly between them.
 */

export type LevelKind = 'synchronous' | 'concurrent' | 'constant' | 'poisson' | 'throughput';

export interface LevelPlan {
  index: number;
  kind: LevelKind;
  /** Closed-loop workers (synchronous = 1). */
  concurrency?: number;
  /** Open-loop arrival rate in requests per second; undefined for a sweep level not yet resolved. */
  rate?: number;
}

export const DEFAULT_SWEEP_LEVELS = 5;

export function isOpenLoop(kind: LevelKind): kind is 'constant' | 'poisson' {
  return kind === 'constant' || kind === 'poisson';
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function planLevels(load: RecipeLoad): LevelPlan[] {
  const single = (level: Omit<LevelPlan, 'index'>): LevelPlan[] => [{ index: 0, ...level }];
  const throughputConcurrency = asList(load.concurrency)[0] ?? THROUGHPUT_CONCURRENCY;
  switch (load.profile) {
    case 'synchronous':
      return single({ kind: 'synchronous', concurrency: 1 });
    case 'throughput':
      return single({ kind: 'throughput', concurrency: throughputConcurrency });
    case 'concurrent':
      return asList(load.concurrency).map((concurrency, index) => ({
        index,
        kind: 'concurrent',
        concurrency,
      }));
    case 'constant':
    case 'poisson': {
      const kind = load.profile;
      return asList(load.rate).map((rate, index) => ({ index, kind, rate }));
    }
    case 'sweep': {
      const levels: LevelPlan[] = [
        { index: 0, kind: 'synchronous', concurrency: 1 },
        { index: 1, kind: 'throughput', concurrency: throughputConcurrency },
      ];
      const n = load.sweepLevels ?? DEFAULT_SWEEP_LEVELS;
      for (let k = 0; k < n; k++) levels.push({ index: 2 + k, kind: 'constant' });
      return levels;
    }
  }
}

/**
 * The constant rates of a sweep: n rates evenly spaced above the synchronous rate up to the
 * throughput rate, i.e. lo + (hi - lo)·k/n for k = 1..n. The last one offers the measured maximum
 * open-loop, which is where saturation shows. When the throughput probe was no faster than the
 * synchronous one (a server without batching), all levels sit at that rate.
 */
export function sweepRates(synchronousRps: number, throughputRps: number, n: number): number[] {
  if (!(synchronousRps > 0) || !Number.isFinite(synchronousRps)) {
    throw new RangeError(`sweep: the synchronous probe measured no throughput (${synchronousRps} req/s)`);
  }
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`sweep: level count must be a positive integer, got ${n}`);
  const lo = synchronousRps;
  const hi = Math.max(lo, Number.isFinite(throughputRps) ? throughputRps : lo);
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + 1)) / n);
}

/** The plan with the sweep's constant levels given their rates (levels that already have a rate are kept). */
export function resolveSweepRates(levels: readonly LevelPlan[], rates: readonly number[]): LevelPlan[] {
  let k = 0;
  return levels.map((level) => {
    if (level.kind !== 'constant' || level.rate !== undefined) return level;
    const rate = rates[k++];
    if (rate === undefined) throw new RangeError(`sweep: no rate for level ${level.index}`);
    return { ...level, rate };
  });
}

/** A short label for logs and progress, e.g. `constant@12.5/s` or `concurrent×8`. */
export function levelLabel(level: LevelPlan): string {
  if (level.rate !== undefined) return `${level.kind}@${Number(level.rate.toFixed(3))}/s`;
  if (level.concurrency !== undefined && level.kind !== 'synchronous')
    return `${level.kind}×${level.concurrency}`;
  return level.kind;
}
