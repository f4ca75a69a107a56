/**
 * Ranking of planned configs by priority (docs/recommendations.md):
 * - COST: monthly cost ↑, then predicted E2E p95 ↑;
 * - LATENCY: predicted E2E p95 ↑, then monthly cost ↑;
 * - ACCURACY: model quality ↓, then monthly cost ↑;
 * - BALANCED: score ↓ (below), then monthly cost ↑, then predicted E2E p95 ↑.
 * Every ordering then breaks ties by model HF repo, GPU type, GPU count (ascending), then ids, so
 * the result never depends on input order.
 *
 * BALANCED score, higher is better, in [0, 1]:
 *   score = (wq·q̂ + wc·ĉ + wl·l̂) / (wq + wc + wl)
 *   q̂ = (quality − min) / (max − min)             (better quality → 1)
 *   ĉ = (maxCost − cost) / (maxCost − minCost)     (cheaper → 1)
 *   l̂ = (maxE2E − e2e) / (maxE2E − minE2E)         (faster predicted E2E p95 → 1)
 * min/max over the candidate set being ranked (recommendations and near misses are ranked as
 * separate sets). When every candidate has the same value (max = min) that term is 1 for all.
 * Weights default to data/priority_weights.json "defaults": accuracy 5, cost 5, latency 2 (its
 * "complexity" weight is not used: replicas and GPUs already show up in the cost).
 */
import type { Priority } from '../types.js';

export interface Rankable {
  modelId: number;
  gpuId: number;
  gpuCount: number;
  hfRepo: string;
  gpuType: string;
  monthlyCostUsd: number;
  predictedE2eP95Ms: number;
  qualityScore: number;
}

export interface BalancedWeights {
  accuracy: number;
  cost: number;
  latency: number;
}

export const DEFAULT_BALANCED_WEIGHTS: Readonly<BalancedWeights> = { accuracy: 5, cost: 5, latency: 2 };

/** Scores this close count as equal, so float dust cannot decide an order. */
const SCORE_EPSILON = 1e-9;

export interface Ranked<T extends Rankable> {
  item: T;
  score: number | null;
}

function minMax(values: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** Normalised to [0, 1]; `higherIsBetter` false flips it; 1 when all values are equal. */
function normalise(value: number, range: { min: number; max: number }, higherIsBetter: boolean): number {
  const span = range.max - range.min;
  if (!(span > 0)) return 1;
  return higherIsBetter ? (value - range.min) / span : (range.max - value) / span;
}

export function balancedScores(
  items: readonly Rankable[],
  weights: BalancedWeights = DEFAULT_BALANCED_WEIGHTS,
): number[] {
  if (items.length === 0) return [];
  const total = weights.accuracy + weights.cost + weights.latency;
  if (!(total > 0)) throw new RangeError('balanced weights must sum to > 0');
  const quality = minMax(items.map((i) => i.qualityScore));
  const cost = minMax(items.map((i) => i.monthlyCostUsd));
  const latency = minMax(items.map((i) => i.predictedE2eP95Ms));
  return items.map(
    (i) =>
      (weights.accuracy * normalise(i.qualityScore, quality, true) +
        weights.cost * normalise(i.monthlyCostUsd, cost, false) +
        weights.latency * normalise(i.predictedE2eP95Ms, latency, false)) /
      total,
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function tieBreak(a: Rankable, b: Rankable): number {
  return (
    compareText(a.hfRepo, b.hfRepo) ||
    compareText(a.gpuType, b.gpuType) ||
    a.gpuCount - b.gpuCount ||
    a.modelId - b.modelId ||
    a.gpuId - b.gpuId
  );
}

function compareScores(a: number | null, b: number | null): number {
  const diff = (b ?? 0) - (a ?? 0);
  return Math.abs(diff) <= SCORE_EPSILON ? 0 : diff;
}

/** Sorted best first, with the BALANCED score attached (null for the other priorities). */
export function rankCandidates<T extends Rankable>(
  items: readonly T[],
  priority: Priority,
  weights: BalancedWeights = DEFAULT_BALANCED_WEIGHTS,
): Ranked<T>[] {
  const scores = priority === 'BALANCED' ? balancedScores(items, weights) : null;
  const ranked: Ranked<T>[] = items.map((item, i) => ({
    item,
    score: scores ? (scores[i] as number) : null,
  }));
  const cost = (a: Ranked<T>, b: Ranked<T>) => a.item.monthlyCostUsd - b.item.monthlyCostUsd;
  const e2e = (a: Ranked<T>, b: Ranked<T>) => a.item.predictedE2eP95Ms - b.item.predictedE2eP95Ms;
  const primary: (a: Ranked<T>, b: Ranked<T>) => number = {
    COST: (a: Ranked<T>, b: Ranked<T>) => cost(a, b) || e2e(a, b),
    LATENCY: (a: Ranked<T>, b: Ranked<T>) => e2e(a, b) || cost(a, b),
    ACCURACY: (a: Ranked<T>, b: Ranked<T>) => b.item.qualityScore - a.item.qualityScore || cost(a, b),
    BALANCED: (a: Ranked<T>, b: Ranked<T>) => compareScores(a.score, b.score) || cost(a, b) || e2e(a, b),
  }[priority];
  return ranked.sort((a, b) => primary(a, b) || tieBreak(a.item, b.item));
}
