/** Small hand-made fixtures shared by the recommend-*.test.ts files. */
import type {
  CandidateRow,
  GpuInfo,
  ModelInfo,
  RecommendSpec,
} from '../../server/domains/recommend/types.js';

export function row(partial: Partial<CandidateRow> & Pick<CandidateRow, 'benchmarkId'>): CandidateRow {
  return {
    modelId: 1,
    gpuId: 10,
    gpuCount: 1,
    source: 'SYNTHETIC',
    concurrency: null,
    requestsPerSecond: 1,
    ttftP95: 50,
    itlP95: 10,
    e2eP95: 3000,
    ...partial,
  };
}

/** The chatbot_conversational targets: p95 TTFT 150 ms, ITL 25 ms, E2E 7000 ms. */
export const CHAT_TARGETS = { ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 };

export function spec(partial: Partial<RecommendSpec> = {}): RecommendSpec {
  return {
    promptTokens: 512,
    outputTokens: 256,
    slo: CHAT_TARGETS,
    requestsPerSecond: 20,
    headroomPercent: 20,
    priority: 'COST',
    gpuTypes: [],
    maxGpus: null,
    maxMonthlyCostUsd: null,
    approvedOnly: false,
    minQualityScore: null,
    sources: [],
    limit: 10,
    ...partial,
  };
}

export function models(...list: ModelInfo[]): Map<number, ModelInfo> {
  return new Map(list.map((m) => [m.id, m]));
}

export function gpus(...list: GpuInfo[]): Map<number, GpuInfo> {
  return new Map(list.map((g) => [g.id, g]));
}

export const MODEL_A: ModelInfo = { id: 1, hfRepo: 'org/model-a', qualityScore: 80, approved: true };
export const H100: GpuInfo = { id: 10, type: 'H100', hourlyPriceUsd: 4.5, aliases: ['nvidia-h100'] };
export const L4: GpuInfo = { id: 11, type: 'L4', hourlyPriceUsd: 0.8 };

/**
 * Config (model 1, H100, 1 GPU), four concurrency levels; targets 150 / 25 / 7000 ms:
 *   #101 c=1  2 req/s   TTFT  60  ITL 10  E2E 2600   feasible
 *   #102 c=4  5 req/s   TTFT  80  ITL 14  E2E 3700   feasible
 *   #103 c=8  8 req/s   TTFT 120  ITL 20  E2E 5200   feasible
 *   #104 c=16 11 req/s  TTFT 240  ITL 32  E2E 8400   infeasible (all three over)
 */
export function workedRows(over: Partial<CandidateRow> = {}): CandidateRow[] {
  return [
    row({
      benchmarkId: 101,
      concurrency: 1,
      requestsPerSecond: 2,
      ttftP95: 60,
      itlP95: 10,
      e2eP95: 2600,
      ...over,
    }),
    row({
      benchmarkId: 102,
      concurrency: 4,
      requestsPerSecond: 5,
      ttftP95: 80,
      itlP95: 14,
      e2eP95: 3700,
      ...over,
    }),
    row({
      benchmarkId: 103,
      concurrency: 8,
      requestsPerSecond: 8,
      ttftP95: 120,
      itlP95: 20,
      e2eP95: 5200,
      ...over,
    }),
    row({
      benchmarkId: 104,
      concurrency: 16,
      requestsPerSecond: 11,
      ttftP95: 240,
      itlP95: 32,
      e2eP95: 8400,
      ...over,
    }),
  ];
}
