import type { DriftStatus, P95s, SloMetric } from './core/plan-comparison.js';
import type { WindowSummary } from './core/window.js';

export type { ObserveConfig } from '../../config.js';

/** One evaluated instant of a deployment: what was observed, and what the plan predicted at that load. */
export interface MetricsPoint {
  summary: WindowSummary;
  /** Requests per second per pod with samples. */
  perReplicaLoad: number | null;
  predicted: P95s | null;
}

export interface SloTarget {
  metric: SloMetric;
  targetMs: number;
}

export interface DeploymentMetricsView {
  deploymentId: number;
  windowMs: number;
  stepMs: number;
  rateWindowMs: number;
  /** `raw` within the raw retention, else one-minute `rollup`s. */
  resolution: 'raw' | 'rollup';
  points: MetricsPoint[];
  /** Per pod, the latest instant. */
  pods: { pod: string; summary: WindowSummary }[];
  slo: SloTarget[];
  compliance: import('./core/plan-comparison.js').Compliance[];
  drift: DriftStatus;
  /** Where predictions come from, in words (source, rows, or why there are none). */
  predictionBasis: string;
  feedback: boolean;
}

/** What the scraper publishes after each round for a deployment. */
export interface ScrapeEvent {
  at: number;
  pods: number;
  errors: string[];
}
