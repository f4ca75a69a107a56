/** The plan's p95s at an observed per-replica load: the recommendation's own interpolation rule. */
import { interpolateAtLoad } from '../../recommend/core/interpolate.js';
import type { CandidateRow } from '../../recommend/types.js';
import type { P95s } from './plan-comparison.js';

export function predictAt(rows: readonly CandidateRow[], perReplicaLoad: number | null): P95s | null {
  if (rows.length === 0 || perReplicaLoad === null || !Number.isFinite(perReplicaLoad)) return null;
  const { predicted } = interpolateAtLoad(rows, perReplicaLoad);
  return { TTFT: predicted.ttftP95Ms, ITL: predicted.itlP95Ms, E2E: predicted.e2eP95Ms };
}
