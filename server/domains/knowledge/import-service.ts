import { z } from 'zod';
import type { PrismaClient } from '../../db/clients.js';
import { describeDetected, detectFormat } from './import/detect-format.js';
import {
  configChanges,
  findDuplicateConfigId,
  mapRows,
  type ConfigChange,
  type ImportCatalog,
  type ResolvedRow,
} from './import/map-rows.js';
import { parseImportOffThread } from './import/parse-off-thread.js';
import type { ImportError, ImportFormat, ImportOverrides } from './import/types.js';
import {
  CREATE_STAGING_SQL,
  MERGE_STAGED_SQL,
  STAGING_CHUNK,
  stagingInsertSql,
  upsertValues,
} from './import/upsert-sql.js';

export type { ImportFormat } from './import/types.js';
export type { ConfigChange } from './import/map-rows.js';

/** Facts the caller states for every row of the file (they override the file's values). */
export interface ImportStated {
  model?: string | null;
  /** The name ../shared/API.md gives `model`; either may be used (both: they must agree). */
  modelHfRepo?: string | null;
  hardware?: string | null;
  hardwareCount?: number | null;
  promptTokens?: number | null;
  outputTokens?: number | null;
}

export interface ImportInput extends ImportStated {
  /** Omitted → detected from the content. */
  format?: ImportFormat | null;
  content: string;
  /** Report what would be inserted / updated per config and write nothing. */
  dryRun?: boolean | null;
}

export interface ImportResult {
  /** The format the content was read as (null when it could not be told). */
  format: ImportFormat | null;
  detected: boolean;
  dryRun: boolean;
  inserted: number;
  updated: number;
  configs: ConfigChange[];
  errors: ImportError[];
  warnings: string[];
}

const statedSchema = z
  .object({
    model: z.string().trim().min(1, 'model must not be empty').nullish(),
    hardware: z.string().trim().min(1, 'hardware must not be empty').nullish(),
    hardwareCount: z.number().int().min(1, 'hardwareCount must be a whole number ≥ 1').nullish(),
    promptTokens: z.number().int().min(1, 'promptTokens must be a whole number ≥ 1').nullish(),
    outputTokens: z.number().int().min(1, 'outputTokens must be a whole number ≥ 1').nullish(),
  })
  .refine((s) => (s.promptTokens == null) === (s.outputTokens == null), {
    message: 'give promptTokens and outputTokens together (a profile P×O)',
    path: ['promptTokens'],
  });

const STATED_COLUMNS = {
  model: 'model_hf_repo',
  hardware: 'hardware',
  hardwareCount: 'hardware_count',
  promptTokens: 'prompt_tokens',
  outputTokens: 'output_tokens',
} as const;

function overridesOf(stated: ImportStated): { overrides: ImportOverrides } | { error: ImportError } {
  const [model, alias] = [stated.model?.trim(), stated.modelHfRepo?.trim()];
  if (model && alias && model.toLowerCase() !== alias.toLowerCase()) {
    return {
      error: {
        row: null,
        field: 'modelHfRepo',
        code: 'INVALID_VALUE',
        message: `model "${model}" and modelHfRepo "${alias}" name different models; give one`,
      },
    };
  }
  const parsed = statedSchema.safeParse({
    model: stated.model ?? stated.modelHfRepo,
    hardware: stated.hardware,
    hardwareCount: stated.hardwareCount,
    promptTokens: stated.promptTokens,
    outputTokens: stated.outputTokens,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      error: { row: null, field: String(issue.path[0]), code: 'INVALID_VALUE', message: issue.message },
    };
  }
  const overrides: ImportOverrides = {};
  for (const [key, column] of Object.entries(STATED_COLUMNS)) {
    const value = parsed.data[key as keyof typeof STATED_COLUMNS];
    if (value !== null && value !== undefined) overrides[column] = value;
  }
  return { overrides };
}

function rejected(
  base: Pick<ImportResult, 'format' | 'detected' | 'dryRun'>,
  errors: ImportError[],
  warnings: string[] = [],
): ImportResult {
  return { ...base, inserted: 0, updated: 0, configs: [], errors, warnings };
}

/**
 * Imports benchmark rows as IMPORTED, all or nothing: detect the format (unless given), parse and map
 * every row first, then upsert on the natural key (config_id) in one transaction. Re-importing the
 * same file updates in place and inserts nothing; `dryRun` reports the same counts and writes nothing.
 */
export async function importBenchmarks(prisma: PrismaClient, input: ImportInput): Promise<ImportResult> {
  const dryRun = input.dryRun === true;
  let format = input.format ?? null;
  let note: string | null = null;
  if (format === null) {
    const detected = detectFormat(input.content);
    if ('code' in detected) return rejected({ format: null, detected: true, dryRun }, [detected]);
    format = detected.format;
    note = describeDetected(detected);
  }
  const base = { format, detected: note !== null, dryRun };
  const stated = overridesOf(input);
  if ('error' in stated) return rejected(base, [stated.error]);

  const parsed = await parseImportOffThread(format, input.content, { overrides: stated.overrides });
  const warnings = [...(parsed.warnings ?? [])];
  if (parsed.errors.length > 0) {
    const errors = note
      ? parsed.errors.map((e) => ({ ...e, message: `${note}: ${e.message}` }))
      : parsed.errors;
    return rejected(base, errors, warnings);
  }

  const mapped = mapRows(parsed.rows, await loadCatalog(prisma));
  warnings.push(...mapped.warnings);
  if (mapped.errors.length > 0) return rejected(base, mapped.errors.slice(0, 100), warnings);
  const duplicate = findDuplicateConfigId(mapped.rows);
  if (duplicate) return rejected(base, [duplicate], warnings);

  const existing = await existingSources(prisma, mapped.rows);
  const foreign = mapped.rows.find((row) => {
    const source = existing.get(row.configId);
    return source !== undefined && source !== 'IMPORTED';
  });
  if (foreign) return rejected(base, [conflict(foreign)], warnings);

  const configs = configChanges(mapped.rows, new Set(existing.keys()));
  const inserted = configs.reduce((sum, c) => sum + c.inserts, 0);
  const counts = { inserted, updated: mapped.rows.length - inserted };
  if (dryRun) return { ...base, ...counts, configs, errors: [], warnings };

  try {
    await prisma.$transaction(
      async (tx) => {
        // Staged first, moved in one statement (import/upsert-sql.ts): readers meet the uncommitted
        // rows only while that statement runs.
        await tx.$executeRawUnsafe(CREATE_STAGING_SQL);
        for (let start = 0; start < mapped.rows.length; start += STAGING_CHUNK) {
          const chunk = mapped.rows.slice(start, start + STAGING_CHUNK);
          await tx.$executeRawUnsafe(stagingInsertSql(chunk.length), ...chunk.flatMap(upsertValues));
        }
        const written = await tx.$queryRawUnsafe<{ config_id: string }[]>(MERGE_STAGED_SQL);
        // A row written by another source between the check above and now is not overwritten.
        if (written.length < mapped.rows.length) {
          const writtenIds = new Set(written.map((r) => r.config_id));
          const first = [...mapped.rows].sort(byConfigId).find((row) => !writtenIds.has(row.configId));
          throw new ImportConflict(conflict(first!));
        }
      },
      { timeout: 300_000, maxWait: 10_000 },
    );
  } catch (error) {
    if (error instanceof ImportConflict) return rejected(base, [error.importError], warnings);
    throw error;
  }
  return { ...base, ...counts, configs, errors: [], warnings };
}

function byConfigId(a: ResolvedRow, b: ResolvedRow): number {
  return a.configId < b.configId ? -1 : a.configId > b.configId ? 1 : 0;
}

function conflict(row: ResolvedRow): ImportError {
  return {
    row: row.source.rowNumber,
    field: 'config_id',
    code: 'INVALID_VALUE',
    message: `config_id ${row.configId} already belongs to a benchmark that was not imported`,
  };
}

class ImportConflict extends Error {
  constructor(readonly importError: ImportError) {
    super(importError.message);
  }
}

async function existingSources(
  prisma: PrismaClient,
  rows: readonly ResolvedRow[],
): Promise<Map<string, string>> {
  const found = await prisma.$queryRawUnsafe<{ config_id: string; source: string }[]>(
    'SELECT config_id, source::text AS source FROM benchmarks WHERE config_id = ANY($1::text[])',
    rows.map((row) => row.configId),
  );
  return new Map(found.map((r) => [r.config_id, r.source]));
}

async function loadCatalog(prisma: PrismaClient): Promise<ImportCatalog> {
  const [models, gpus, profiles] = await Promise.all([
    prisma.model.findMany({ select: { id: true, hfRepo: true } }),
    prisma.gpu.findMany({ select: { id: true, type: true, aliases: true } }),
    prisma.trafficProfile.findMany({ select: { id: true, promptTokens: true, outputTokens: true } }),
  ]);
  const gpuIds = new Map<string, { id: number; type: string }>();
  for (const gpu of gpus) {
    for (const name of [gpu.type, ...gpu.aliases])
      gpuIds.set(name.toLowerCase(), { id: gpu.id, type: gpu.type });
  }
  return { modelIds: new Map(models.map((m) => [m.hfRepo.toLowerCase(), m.id])), gpuIds, profiles };
}
