import type { PrismaClient } from '../../db/clients.js';
import type { Model, Prisma } from '../../db/generated/prisma/client.js';
import { DomainError } from '../../kernel/errors.js';
import { toPerfGpu } from '../knowledge/core/performance-model.js';
import {
  ConfigJsonError,
  parseHfConfig,
  type ModelArchitecture,
  type WeightFormat,
} from './core/hf-config.js';
import { perfModelOf, sizeModel, type ModelSizing } from './core/model-sizing.js';
import { gpus as catalogGpus } from './seed-data/gpus.js';

/** Models outside the catalog, read from an uploaded Hugging Face config.json (nothing is downloaded). */

export const CONFIG_JSON_ORIGIN = 'CONFIG_JSON';
const MAX_CONFIG_BYTES = 256 * 1024;
const REPO = /^[a-z0-9][a-z0-9._-]{0,95}\/[a-z0-9][a-z0-9._-]{0,95}$/;

export interface SizingInput {
  configJson: string;
  weightFormat?: WeightFormat | null;
  contextLength?: number | null;
  gpuMemoryUtilization?: number | null;
  promptTokens?: number | null;
  outputTokens?: number | null;
}

export interface SizedConfig {
  architecture: ModelArchitecture;
  sizing: ModelSizing;
  gpuMemoryUtilization: number;
  contextLength: number;
}

function bad(message: string, argument: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { argument });
}

export function readConfig(input: SizingInput, hfRepo = 'uploaded/config'): SizedConfig {
  if (Buffer.byteLength(input.configJson) > MAX_CONFIG_BYTES) {
    throw bad(`config.json is larger than ${MAX_CONFIG_BYTES / 1024} KiB`, 'input.configJson');
  }
  const util = input.gpuMemoryUtilization ?? 0.9;
  if (!(util > 0 && util <= 1))
    throw bad('gpuMemoryUtilization must be within (0, 1]', 'input.gpuMemoryUtilization');
  for (const [name, value] of [
    ['contextLength', input.contextLength],
    ['promptTokens', input.promptTokens],
    ['outputTokens', input.outputTokens],
  ] as const) {
    if (value != null && !(Number.isInteger(value) && value > 0 && value <= 10_000_000)) {
      throw bad(`${name} must be a positive integer`, `input.${name}`);
    }
  }
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
    gpuMemoryUtilization: util,
    contextLength,
    promptTokens: input.promptTokens ?? 512,
    outputTokens: input.outputTokens ?? 256,
  });
  return { architecture, sizing, gpuMemoryUtilization: util, contextLength };
}

export interface AddModelInput extends SizingInput {
  hfRepo: string;
  name?: string | null;
  /** 0–100 for every use case; default 0 (unknown: the model ranks last on quality). */
  qualityScore?: number | null;
}

export async function addModelFromConfig(
  prisma: PrismaClient,
  input: AddModelInput,
): Promise<{ model: Model } & SizedConfig> {
  const hfRepo = input.hfRepo.trim().toLowerCase();
  if (!REPO.test(hfRepo)) throw bad('hfRepo must look like owner/name', 'input.hfRepo');
  const quality = input.qualityScore ?? 0;
  if (!(quality >= 0 && quality <= 100)) throw bad('qualityScore must be within 0–100', 'input.qualityScore');
  const sized = readConfig(input, hfRepo);
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
