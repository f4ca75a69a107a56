/**
 * A target kind: what one unit of work is and how it is timed. The runner owns everything else
 * (levels, phases, open/closed-loop scheduling, repetitions, in-flight cap, records, summaries,
 * progress); a kind only
 *
 * 1. `prepare`s the target once per run (warm a connection; create and fill tables or a collection),
 * 2. `issue`s one unit of work (an LLM request, a SQL transaction, a vector query) when the runner
 *    says so, and `measure`s it into the record's fields,
 * 3. `summarise`s a level's measured units into kind-specific metrics (per-statement latencies,
 *    recall@k) stored beside the shared summary.
 */
import type { LevelPlan } from '../load-profiles.js';
import type { RequestRecord } from '../../report/run-summary.js';
import type { ConcurrencyNoun, WorkUnit } from '../../analysis/units.js';
import type { ReportMetrics } from '../../report/metrics.js';

export interface UnitContext {
  level: LevelPlan;
  repetition: number;
  /** Order of the unit within its level × repetition. */
  seq: number;
  /** Distinct per level × repetition, so levels do not replay each other's work. */
  stream: number;
  /** Open loop: when the unit was due (performance.now() clock); closed loop: undefined (due when sent). */
  scheduledAt?: number;
  signal: AbortSignal;
  timeoutMs: number;
}

/** The record's measured fields, as a kind fills them in. */
export type Measured = Pick<
  RequestRecord,
  'ok' | 'promptTokens' | 'outputTokens' | 'ttftMs' | 'itlMs' | 'tpotMs' | 'e2eMs' | 'detail'
> & {
  /** Why it failed. `aborted` means the runner's signal fired (cancel or drain), whatever the kind. */
  error: string | null;
  aborted: boolean;
  /** performance.now() clock. */
  scheduledAt: number;
  sentAt: number;
};

export interface PreparedTarget<W = unknown> {
  /**
   * Builds unit `seq` of `stream` (a prompt, transaction parameters, a query vector). Open-loop
   * levels call it before waiting for the unit's due time, so building it costs no latency.
   */
  work(seq: number, stream: number): W;
  /** Issues one unit of work and measures it; never throws (a failure is `ok: false`). */
  issue(unit: UnitContext, work: W): Promise<Measured>;
  /** Kind-specific metrics of a level's measured, successful units (null: none). */
  summarise(records: readonly RequestRecord[]): Record<string, number> | null;
  /** Releases connections; called once when the run ends. */
  close(): Promise<void>;
}

export interface PrepareOptions {
  /** Directory a dataset path is relative to. */
  baseDir?: string;
  signal?: AbortSignal;
  /** The plan, so a kind can size its pool (a closed-loop level needs one connection per worker). */
  levels: readonly LevelPlan[];
}

/** How a kind's runs are reported: what a unit is called and which latencies exist. */
export interface KindReporting {
  unit: WorkUnit;
  noun: ConcurrencyNoun;
  metrics: ReportMetrics;
}
