// The intent corpus (test/fixtures/intent/): sentences written in many voices, each with the spec
// fields a careful reader takes from it. Split once (seed 13) into a tuning and a held-out part.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { gpus } from '../../server/domains/catalog/seed-data/gpus.js';
import type { ExtractionContext } from '../../server/domains/intent/types.js';
import type { UseCaseExample } from '../../server/domains/intent/core/use-case-classifier.js';
import { PRIORITIES, USE_CASE_KEYS } from '../../server/kernel/enums.js';

const UseCaseKeySchema = z.enum(USE_CASE_KEYS).nullable();

const Count = z.union([z.number(), z.tuple([z.number(), z.number()])]);

export const ExpectedSchema = z
  .object({
    useCaseKey: z.string().nullable(),
    users: Count.optional(),
    requestsPerSecond: z.number().optional(),
    requestsPerUserPerMinute: z.number().optional(),
    priority: z.enum(PRIORITIES).optional(),
    gpuTypes: z.array(z.string()).optional(),
    excludedGpuTypes: z.array(z.string()).optional(),
    maxGpus: z.number().optional(),
    maxMonthlyCostUsd: z.number().optional(),
    approvedOnly: z.boolean().optional(),
    minQualityScore: z.number().optional(),
    headroomPercent: z.number().optional(),
    sloOverrides: z
      .object({ ttftP95Ms: z.number(), itlP95Ms: z.number(), e2eP95Ms: z.number() })
      .partial()
      .optional(),
  })
  .strict();
export type Expected = z.infer<typeof ExpectedSchema>;

const CorpusSchema = z.object({
  seed: z.number(),
  part: z.enum(['tuning', 'heldout']),
  rows: z.array(
    z.object({
      id: z.string(),
      /** 2 for the second batch (ids 334–503), 3 for the third (504–723), 4 for the fourth (724–933, by someone who does not tune), each written after the previous was tuned on; absent = batch 1. */
      batch: z.number().int().optional(),
      text: z.string().min(1),
      expect: ExpectedSchema,
    }),
  ),
});
export type CorpusRow = z.infer<typeof CorpusSchema>['rows'][number];
export type CorpusPart = z.infer<typeof CorpusSchema>['part'];

export function loadCorpus(part: CorpusPart): CorpusRow[] {
  const url = new URL(`../../test/fixtures/intent/${part}.json`, import.meta.url);
  return CorpusSchema.parse(JSON.parse(readFileSync(url, 'utf8'))).rows;
}

/** The seed catalog's GPU names, as the service builds them from the database. */
export function seedCatalogContext(): ExtractionContext {
  const gpuAliases: Record<string, string> = {};
  for (const gpu of gpus)
    for (const name of [gpu.type, ...gpu.aliases]) gpuAliases[name.toLowerCase()] = gpu.type;
  return { gpuAliases };
}

const TrainingSchema = z.object({
  about: z.string(),
  clauses: z.array(z.string().min(1)).min(1),
  rows: z.array(z.object({ text: z.string().min(1), useCaseKey: UseCaseKeySchema })),
});

/**
 * What the use-case classifier is trained on (`npm run train:intent`): the tuning part, then the
 * extra sentences of use-case-training.json, then each extra sentence that names a use case once more
 * with one of the file's constraint clauses appended (", approved models only"), so that constraint
 * words do not come to mean "no use case". Never the held-out part.
 */
export function useCaseTrainingExamples(): UseCaseExample[] {
  const tuning = loadCorpus('tuning').map((row) => ({
    text: row.text,
    useCaseKey: UseCaseKeySchema.parse(row.expect.useCaseKey),
  }));
  const url = new URL('../../test/fixtures/intent/use-case-training.json', import.meta.url);
  const { rows, clauses } = TrainingSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  const withClause = rows.flatMap((row, i) =>
    row.useCaseKey === null
      ? []
      : [{ text: `${row.text}${clauses[i % clauses.length]!}`, useCaseKey: row.useCaseKey }],
  );
  return [...tuning, ...rows, ...withClause];
}
