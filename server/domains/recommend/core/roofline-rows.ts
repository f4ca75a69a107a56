/**
 * Candidate rows for models added from config.json: the performance model's curve (the one that
 * generates the SYNTHETIC seed rows) for every catalog GPU and GPU count that holds the model, at the
 * spec's profile. Flagged estimated, with negative placeholder ids; recommend() marks what it plans
 * on them ESTIMATED.
 */
import { gpus as catalogGpus } from '../../catalog/seed-data/gpus.js';
import {
  GPU_COUNTS,
  syntheticCurve,
  toPerfGpu,
  type PerfModelModel,
} from '../../knowledge/core/performance-model.js';
import type { CandidateRow, TokenProfile } from '../types.js';

export interface RooflineModel {
  modelId: number;
  perf: PerfModelModel;
  /** One line on the architecture, for the explanation. */
  summary: string;
}

export function rooflineRows(
  models: readonly RooflineModel[],
  gpuIdByType: ReadonlyMap<string, number>,
  profile: TokenProfile,
): CandidateRow[] {
  const rows: CandidateRow[] = [];
  let placeholder = -1_000_000;
  for (const model of models) {
    for (const seed of catalogGpus) {
      const gpuId = gpuIdByType.get(seed.type);
      if (gpuId === undefined) continue;
      for (const gpuCount of GPU_COUNTS) {
        const curve = syntheticCurve(
          model.perf,
          toPerfGpu(seed),
          gpuCount,
          profile.promptTokens,
          profile.outputTokens,
        );
        for (const point of curve) {
          rows.push({
            benchmarkId: placeholder--,
            modelId: model.modelId,
            gpuId,
            gpuCount,
            source: 'SYNTHETIC',
            concurrency: point.concurrency,
            requestsPerSecond: point.requestsPerSecond,
            ttftP95: point.ttft.p95,
            itlP95: point.itl.p95,
            e2eP95: point.e2e.p95,
            estimated: true,
            estimatedFrom: { benchmarkIds: [], profiles: [], roofline: model.summary },
          });
        }
      }
    }
  }
  return rows;
}
