import type { PrismaClient } from '../../db/clients.js';
import type { Model, Prisma } from '../../db/generated/prisma/client.js';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.js';
import { orDefault, orNull, parseInput } from '../../kernel/validation.js';
import { DEFAULT_GPU_MEMORY_UTILIZATION, gpuMemoryUtilizationSchema } from './core/gpu-memory.js';
import { toPerfGpu } from '../knowledge/core/performance-model.js';
import { ConfigJsonError, parseHfConfig, WEIGHT_FORMATS, type ModelArchitecture } from './core/hf-config.js';
import { perfModelOf, sizeModel, type ModelSizing } from './core/model-sizing.js';
import { gpus as catalogGpus } from './seed-data/gpus.js';

/** Models outside the catalog, read from an uploaded Hugging Face config.json (nothing is downloaded). */

export const CONFIG_JSON_ORIGIN = 'CONFIG_JSON';
const MAX_CONFIG_BYTES = 256 * 1024;
const REPO = /^[a-z0-9][a-z0-9._-]{0,95}\/[a-z0-9][a-z0-9._-]{0,95}$/;

const positiveInteger = (name: string) => {
  const message = `${name} must be a positive integer`;
  return z.int({ error: message }).min(1, { error: message }).max(10_000_000, { error: message });
};

/** modelSizing's input: a config.json and the profile it is sized for; defaults declared here. */
export const sizingInputSchema = z.object({
  configJson: z
    .string({ error: 'configJson must be the text of a config.json' })
    .refine((text) => Buffer.byteLength(text) <= MAX_CONFIG_BYTES, {
      error: `config.json is larger than ${MAX_CONFIG_BYTES / 1024} KiB`,
    }),
  weightFormat: orNull(
    z.enum(WEIGHT_FORMATS, { error: `weightFormat must be one of ${WEIGHT_FORMATS.join(', ')}` }),
  ),
  /** Tokens per sequence; default the config's max_position_embeddings. */
  contextLength: orNull(positiveInteger('contextLength')),
  gpuMemoryUtilization: orDefault(gpuMemoryUtilizationSchema, DEFAULT_GPU_MEMORY_UTILIZATION),
  promptTokens: orDefault(positiveInteger('promptTokens'), 512),
  outputTokens: orDefault(positiveInteger('outputTokens'), 256),
});
export type SizingInput = z.input<typeof sizingInputSchema>;
type ParsedSizing = z.output<typeof sizingInputSchema>;

/** addModelFromConfig's input: the sizing input plus the model's identity. */
export const addModelInputSchema = z.object({
  hfRepo: z
    .string({ error: 'hfRepo must look like owner/name' })
    .transform((repo) => repo.trim().toLowerCase())
    .refine((repo) => REPO.test(repo), { error: 'hfRepo must look like owner/name' }),
  name: orNull(z.string({ error: 'name must be text' })),
  /** 0–100 for every use case; default 0 (unknown: the model ranks last on quality). */
  qualityScore: orDefault(
    z
      .number({ error: 'qualityScore must be within 0–100' })
      .min(0, { error: 'qualityScore must be within 0–100' })
      .max(100, { error: 'qualityScore must be within 0–100' }),
    0,
  ),
  ...sizingInputSchema.shape,
});
export type AddModelInput = z.input<typeof addModelInputSchema>;

export interface SizedConfig {
  architecture: ModelArchitecture;
  sizing: ModelSizing;
  gpuMemoryUtilization: number;
  contextLength: number;
}

function bad(message: string, argument: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { argument });
}

/** modelSizing: the config.json sized on every catalog GPU; saves nothing. */
export function readConfig(input: SizingInput): SizedConfig {
  return sizeConfig(parseInput(sizingInputSchema, input, 'input'), 'uploaded/config');
}

function sizeConfig(input: ParsedSizing, hfRepo: string): SizedConfig {
  let architecture: ModelArchitecture;
  try {
    architecture = parseHfConfig(input.configJson, {
      ...(input.weightFormat ? { weightFormat: input.weightFormat } : {}),
      ...(input.contextLength ? { contextLength: input.contextLength } : {}),
    });
  } catch (error) {
    if (error instanceof ConfigJsonError) throw bad(error.message, 'input.configJson');
    throw error;
  }
  const contextLength = input.contextLength ?? architecture.contextLength;
  const sizing = sizeModel(hfRepo, architecture, catalogGpus.map(toPerfGpu), {
    gpuMemoryUtilization: input.gpuMemoryUtilization,
    contextLength,
    promptTokens: input.promptTokens,
    outputTokens: input.outputTokens,
  });
  return { architecture, sizing, gpuMemoryUtilization: input.gpuMemoryUtilization, contextLength };
}

export async function addModelFromConfig(
  prisma: PrismaClient,
  raw: AddModelInput,
): Promise<{ model: Model } & SizedConfig> {
  const input = parseInput(addModelInputSchema, raw, 'input');
  const { hfRepo, qualityScore: quality } = input;
  const sized = sizeConfig(input, hfRepo);
  const existing = await prisma.model.findUnique({ where: { hfRepo } });
  if (existing && existing.origin !== CONFIG_JSON_ORIGIN) {
    throw new DomainError(
      'CONFLICT',
      `${hfRepo} is in the catalog already; it is planned on its benchmarks`,
      {
        argument: 'input.hfRepo',
      },
    );
  }
  const a = sized.architecture;
  const perf = perfModelOf(hfRepo, a);
  const data = {
    name: input.name?.trim() || hfRepo.split('/')[1]!,
    provider: hfRepo.split('/')[0]!,
    family: a.modelType,
    parameterCountB: perf.parameterCountB,
    activeParameterCountB: perf.activeParameterCountB,
    contextWindow: a.contextLength,
    tasks: [],
    domains: [],
    license: 'unknown',
    licenseType: 'unknown',
    minGpuMemoryGb: sized.sizing.weightBytes / 1e9,
    quantization: perf.quantization ?? 'bf16',
    bytesPerParam: perf.bytesPerParam,
    recommendedFor: [],
    approved: false,
    qualityScore: quality,
    qualityEstimated: true,
    notes: `Added from config.json; planned on roofline estimates. ${a.notes.join('; ')}`.trim(),
    origin: CONFIG_JSON_ORIGIN,
    architecture: a as unknown as Prisma.InputJsonValue,
  };
  const model = await prisma.model.upsert({ where: { hfRepo }, create: { hfRepo, ...data }, update: data });
  return { model, ...sized };
}
