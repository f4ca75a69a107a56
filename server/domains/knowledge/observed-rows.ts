/**
 * The knowledge base's door for production observations (server/domains/observe/feedback.ts): each
 * observed load level of a deployment becomes a MEASURED benchmark row for its (model, GPU, count,
 * profile), tagged `type = production-observation`, so `recommend` uses it under the source-trust rule.
 * Upserted on `config_id`, so a level observed again updates its row.
 */
import type { PrismaClient } from '../../db/clients.js';
import { DomainError } from '../../kernel/errors.js';

export interface ObservedLevelRow {
  configId: string;
  requestsPerSecond: number;
  tokensPerSecond: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  ttft: LatencyRow;
  itl: LatencyRow;
  e2e: LatencyRow;
  observedAt: Date;
}

export interface LatencyRow {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

export const PRODUCTION_OBSERVATION = 'production-observation';

export async function fileObservedBenchmarks(
  prisma: PrismaClient,
  config: { modelId: number; gpuId: number; gpuCount: number; promptTokens: number; outputTokens: number },
  rows: readonly ObservedLevelRow[],
): Promise<{ inserted: number; updated: number }> {
  const [model, gpu, profile] = await Promise.all([
    prisma.model.findUnique({ where: { id: config.modelId } }),
    prisma.gpu.findUnique({ where: { id: config.gpuId } }),
    prisma.trafficProfile.findUnique({
      where: {
        promptTokens_outputTokens: { promptTokens: config.promptTokens, outputTokens: config.outputTokens },
      },
    }),
  ]);
  if (!model || !gpu || !profile)
    throw new DomainError(
      'BAD_USER_INPUT',
      `no ${!model ? 'model' : !gpu ? 'GPU' : `traffic profile ${config.promptTokens}→${config.outputTokens}`} to file the observations under`,
    );
  return prisma.$transaction(async (tx) => {
    let inserted = 0;
    for (const row of rows) {
      const data = {
        modelId: model.id,
        gpuId: gpu.id,
        trafficProfileId: profile.id,
        modelHfRepo: model.hfRepo,
        hardware: gpu.type,
        hardwareCount: config.gpuCount,
        promptTokens: config.promptTokens,
        outputTokens: config.outputTokens,
        meanInputTokens: row.meanInputTokens,
        meanOutputTokens: row.meanOutputTokens,
        requestsPerSecond: row.requestsPerSecond,
        responsesPerSecond: row.requestsPerSecond,
        tokensPerSecond: row.tokensPerSecond,
        ttftMean: row.ttft.mean,
        ttftP50: row.ttft.p50,
        ttftP90: row.ttft.p90,
        ttftP95: row.ttft.p95,
        ttftP99: row.ttft.p99,
        itlMean: row.itl.mean,
        itlP50: row.itl.p50,
        itlP90: row.itl.p90,
        itlP95: row.itl.p95,
        itlP99: row.itl.p99,
        e2eMean: row.e2e.mean,
        e2eP50: row.e2e.p50,
        e2eP90: row.e2e.p90,
        e2eP95: row.e2e.p95,
        e2eP99: row.e2e.p99,
        framework: 'vllm',
        type: PRODUCTION_OBSERVATION,
        profilerType: 'compass-observe',
        source: 'MEASURED' as const,
        benchmarkCreatedAt: row.observedAt,
      };
      const existing = await tx.benchmark.findUnique({
        where: { configId: row.configId },
        select: { id: true },
      });
      await tx.benchmark.upsert({
        where: { configId: row.configId },
        create: { configId: row.configId, ...data },
        update: data,
      });
      if (!existing) inserted += 1;
    }
    return { inserted, updated: rows.length - inserted };
  });
}
