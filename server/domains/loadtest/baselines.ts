import type { PrismaClient } from '../../db/clients.js';
import type { BenchmarkBaseline } from '../../db/generated/prisma/client.js';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.js';
import { parseInput } from '../../kernel/validation.js';

/**
 * Baselines: one reference run per category (the notes' Storage / Retrieval / Inference), so a CI job
 * compares against "the Inference baseline" rather than a run id it has to remember.
 */

const CATEGORY = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,99}$/;
const CATEGORY_RULE =
  'a baseline category is 1–100 letters, digits, spaces or _ . : - (starting with a letter or digit)';

/** A baseline category, trimmed. */
export const baselineCategory = z
  .string({ error: CATEGORY_RULE })
  .transform((category) => category.trim())
  .refine((category) => CATEGORY.test(category), { error: CATEGORY_RULE });

export function checkCategory(category: string, argument = 'category'): string {
  return parseInput(baselineCategory, category, argument);
}

/** Makes `runId` the category's baseline (replacing the previous one); only a SUCCEEDED run qualifies. */
export async function setBaseline(
  prisma: PrismaClient,
  runId: number,
  category: string,
): Promise<BenchmarkBaseline> {
  const name = checkCategory(category);
  const run = await prisma.benchmarkRun.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) throw new DomainError('NOT_FOUND', `no benchmark run ${runId}`, { argument: 'runId' });
  if (run.status !== 'SUCCEEDED') {
    throw new DomainError(
      'CONFLICT',
      `run ${runId} is ${run.status}; only a SUCCEEDED run can be a baseline`,
      {
        argument: 'runId',
      },
    );
  }
  return prisma.benchmarkBaseline.upsert({
    where: { category: name },
    create: { category: name, runId },
    update: { runId, setAt: new Date() },
  });
}

export async function baselineRunId(prisma: PrismaClient, category: string): Promise<number> {
  const name = checkCategory(category);
  const baseline = await prisma.benchmarkBaseline.findUnique({ where: { category: name } });
  if (!baseline) {
    throw new DomainError(
      'NOT_FOUND',
      `no baseline for category "${name}" (set one with setBenchmarkBaseline)`,
      {
        argument: 'category',
      },
    );
  }
  return baseline.runId;
}
