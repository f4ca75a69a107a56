import { isRecord } from './json-document.js';
import { coerceNumber } from './summary-fields.js';

/** Helpers shared by the benchmark-tool parsers (vLLM, AIPerf / GenAI-Perf, llm-d). */

export type Obj = Record<string, unknown>;
export const STATS = ['mean', 'p50', 'p90', 'p95', 'p99'] as const;
export type Stat = (typeof STATS)[number];

export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current) && typeof key === 'number') current = current[key];
    else if (isRecord(current) && typeof key === 'string') current = current[key];
    else return undefined;
  }
  return current;
}

/** The first value that is present (not undefined / null / ''). */
export function first(...values: unknown[]): unknown {
  return values.find((v) => v !== undefined && v !== null && v !== '');
}

/** Multiplies readable numbers; leaves anything else as it is so validation reports it. */
export function scaled(value: unknown, factor: number): unknown {
  const number = coerceNumber(value);
  return number !== undefined && Number.isFinite(number) ? number * factor : value;
}

/** Milliseconds per unit of a time unit as the tools write it (ms, s, sec, us, ns; "ms/token" is ms). */
export function msPerUnit(unit: unknown): number | null {
  if (typeof unit !== 'string') return null;
  const base = unit.trim().toLowerCase().split('/')[0];
  switch (base) {
    case 'ms':
    case 'msec':
    case 'milliseconds':
      return 1;
    case 's':
    case 'sec':
    case 'secs':
    case 'seconds':
      return 1000;
    case 'us':
    case 'µs':
    case 'microseconds':
      return 1e-3;
    case 'ns':
    case 'nanoseconds':
      return 1e-6;
    default:
      return null;
  }
}

/** Writes `<prefix>_<stat>` for every statistic `pick` can give, times `factor`. */
export function putStats(
  values: Obj,
  prefix: 'ttft' | 'itl' | 'e2e',
  pick: (stat: Stat) => unknown,
  factor = 1,
): void {
  for (const stat of STATS) {
    const value = pick(stat);
    if (value !== undefined && value !== null) values[`${prefix}_${stat}`] = scaled(value, factor);
  }
}

/** Linear-interpolation percentile (numpy's default) of sorted values. */
export function percentileOf(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** An HF id (`org/name`) from candidate names; served aliases without a slash only as a last resort. */
export function modelName(...candidates: unknown[]): unknown {
  const names = candidates
    .flatMap((c) => (Array.isArray(c) ? c : [c]))
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return names.find((v) => v.includes('/')) ?? names[0];
}
