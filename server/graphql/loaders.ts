import DataLoader from 'dataloader';
import type { PrismaClient } from '../db/clients.js';

/**
 * Request-scoped batch loaders for lookups the Prisma plugin cannot fold into its parent query
 * (e.g. a model's quality score for a use case chosen by argument).
 */
export interface Loaders {
  qualityScore: DataLoader<{ modelId: number; useCaseKey: string }, number | null, string>;
}

export function createLoaders(prisma: PrismaClient): Loaders {
  return {
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
