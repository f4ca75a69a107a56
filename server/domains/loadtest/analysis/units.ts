/**
 * Numbers with their units, the way every report, note and plot label prints them: a rate is
 * `25.0 req/s` (never `24.9902`), a latency `600 ms`, a token rate `12800 tok/s`.
 */

/** What one unit of work is called in rates: `req` (LLM requests), `tx` (SQL transactions), `query`. */
export type WorkUnit = 'req' | 'tx' | 'query';

/** Where a level sits on a sweep's load axis: a request rate, or a number of concurrent workers. */
export type LoadAxis = 'rate' | 'concurrency';

function digits(value: number, big: number, small: number): number {
  const abs = Math.abs(value);
  if (abs >= big) return 0;
  if (abs >= small) return 1;
  return 2;
}

function fixed(value: number, decimals: number): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : 'n/a';
}

/** `24.9902` → `25.0 req/s`; `0.536` → `0.54 req/s`; `1234.5` → `1235 req/s`. */
export function formatRate(value: number, unit: WorkUnit = 'req'): string {
  return `${fixed(value, digits(value, 100, 1))} ${unit}/s`;
}

/** `612.3` → `612 ms`; `25.04` → `25.0 ms`; `0.412` → `0.41 ms`. */
export function formatMs(value: number): string {
  return `${fixed(value, digits(value, 100, 1))} ms`;
}

export function formatTokenRate(value: number): string {
  return `${fixed(value, digits(value, 100, 1))} tok/s`;
}

/** A fraction in [0, 1] as a percentage: `0.995` → `99.5%`. */
export function formatPercent(fraction: number): string {
  return `${fixed(fraction * 100, 1)}%`;
}

/** What the concurrent workers of a closed loop are called for a target kind. */
export type ConcurrencyNoun = 'streams' | 'connections' | 'clients';

export function formatConcurrency(value: number, noun: ConcurrencyNoun = 'streams'): string {
  const n = Number.isInteger(value) ? String(value) : fixed(value, 1);
  return `${n} ${value === 1 ? noun.replace(/s$/, '') : noun}`;
}

export interface LoadUnits {
  axis: LoadAxis;
  unit: WorkUnit;
  noun: ConcurrencyNoun;
}

export const DEFAULT_LOAD_UNITS: LoadUnits = { axis: 'rate', unit: 'req', noun: 'streams' };

/** A position on the load axis with its unit: `25.0 req/s` or `16 connections`. */
export function formatLoad(value: number, units: LoadUnits = DEFAULT_LOAD_UNITS): string {
  return units.axis === 'rate' ? formatRate(value, units.unit) : formatConcurrency(value, units.noun);
}

/** Title of a plot's load axis. */
export function loadAxisTitle(units: LoadUnits = DEFAULT_LOAD_UNITS): string {
  return units.axis === 'rate' ? `Request rate (${units.unit}/s)` : `Concurrent ${units.noun}`;
}
