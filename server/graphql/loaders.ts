import DataLoader from 'dataloader';
import type { PrismaClient } from '../db/clients.js';
import type { Benchmark, Gpu, Model } from '../db/generated/prisma/client.js';

/**
 * Request-scoped batch loaders for lookups the Prisma plugin cannot fold into its parent query:
 * rows referenced by id from computed results (recommendations, comparisons) and a model's quality
 * score for a use case chosen by argument. Each batch is one `IN (…)` query.
 */
export interface Loaders {
  modelById: DataLoader<number, Model | null>;
  gpuById: DataLoader<number, Gpu | null>;
  benchmarkById: DataLoader<number, Benchmark | null>;
  qualityScore: DataLoader<{ modelId: number; useCaseKey: string }, number | null, string>;
}

function byId<T extends { id: number }>(load: (ids: number[]) => Promise<T[]>): DataLoader<number, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await load([...ids]);
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
}

export function createLoaders(prisma: PrismaClient): Loaders {
  return {
    modelById: byId((ids) => prisma.model.findMany({ where: { id: { in: ids } } })),
    gpuById: byId((ids) => prisma.gpu.findMany({ where: { id: { in: ids } } })),
    benchmarkById: byId((ids) => prisma.benchmark.findMany({ where: { id: { in: ids } } })),
    qualityScore: new DataLoader(
      async (keys) => {
        const rows = await prisma.modelQualityScore.findMany({
          where: {
            modelId: { in: [...new Set(keys.map((key) => key.modelId))] },
            useCase: { key: { in: [...new Set(keys.map((key) => key.useCaseKey))] } },
          },
          select: { modelId: true, score: true, useCase: { select: { key: true } } },
        });
        const byKey = new Map(rows.map((row) => [`${row.modelId}:${row.useCase.key}`, row.score]));
        return keys.map((key) => byKey.get(`${key.modelId}:${key.useCaseKey}`) ?? null);
      },
      { cacheKeyFn: (key) => `${key.modelId}:${key.useCaseKey}` },
    ),
  };
}
