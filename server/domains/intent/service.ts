import { randomUUID } from 'node:crypto';
import type { LlmEndpoint } from '../../config.js';
import type { PrismaClient } from '../../db/clients.js';
import type { Logger } from '../../logger.js';
import { recordLlmCall } from '../llm-metrics/service.js';
import { resolveSpec, type DeploymentSpecInput } from '../recommend/spec.js';
import type { DeploymentSpecShape } from '../recommend/spec.js';
import { extractWithLlm } from './llm-extractor.js';
import { mergeIntents } from './core/merge.js';
import { extractWithRules } from './core/rules.js';
import type { ExtractedIntent, ExtractionContext } from './types.js';

/** When the text names no load, the spec starts at 1 req/s and says so (the user edits it). */
const DEFAULT_RPS_WHEN_UNSTATED = 1;

async function extractionContext(prisma: PrismaClient): Promise<ExtractionContext> {
  const gpus = await prisma.gpu.findMany({ select: { type: true, aliases: true } });
  const gpuAliases: Record<string, string> = {};
  for (const gpu of gpus) {
    for (const name of [gpu.type, ...gpu.aliases]) gpuAliases[name.toLowerCase()] = gpu.type;
  }
  return { gpuAliases };
}

export function intentToSpecInput(intent: ExtractedIntent): DeploymentSpecInput {
  const notes = [...intent.notes];
  const hasLoad = intent.requestsPerSecond !== null || intent.users !== null;
  if (!hasLoad) notes.push(`no load stated; assumed ${DEFAULT_RPS_WHEN_UNSTATED} req/s — edit the spec`);
  const excluded = new Set(intent.excludedGpuTypes.map((t) => t.toLowerCase()));
  return {
    useCaseKey: intent.useCaseKey,
    requestsPerSecond: intent.requestsPerSecond ?? (hasLoad ? null : DEFAULT_RPS_WHEN_UNSTATED),
    users: intent.users,
    requestsPerUserPerMinute: intent.requestsPerUserPerMinute,
    headroomPercent: intent.headroomPercent,
    priority: intent.priority,
    gpuTypes: intent.gpuTypes.filter((t) => !excluded.has(t.toLowerCase())),
    maxGpus: intent.maxGpus,
    maxMonthlyCostUsd: intent.maxMonthlyCostUsd,
    approvedOnly: intent.approvedOnly,
    minQualityScore: intent.minQualityScore,
    slo: intent.sloOverrides,
    domains: intent.domains,
    notes,
  };
}

/**
 * Free text → an editable DeploymentSpec. The rules always run; a configured LLM endpoint is asked
 * too and its validated answer merged (any failure falls back to the rules). Each LLM call is recorded.
 */
export async function extractIntent(
  prisma: PrismaClient,
  llm: LlmEndpoint | null,
  logger: Logger,
  text: string,
): Promise<DeploymentSpecShape> {
  const ctx = await extractionContext(prisma);
  const rules = extractWithRules(text, ctx);
  let merged: ExtractedIntent & { source: 'RULES' | 'LLM' } = { ...rules, source: 'RULES' };
  if (llm) {
    const { intent } = await extractWithLlm(text, ctx, {
      baseUrl: llm.baseUrl,
      model: llm.model,
      ...(llm.apiKey ? { apiKey: llm.apiKey } : {}),
      timeoutMs: llm.timeoutMs,
      correlationId: randomUUID(),
      recordCall: (call) =>
        recordLlmCall(prisma, call).catch((error: unknown) =>
          logger.warn({ err: error }, 'could not record LLM call'),
        ),
    });
    merged = mergeIntents(rules, intent);
  }
  const spec = await resolveSpec(prisma, intentToSpecInput(merged));
  return { ...spec, source: merged.source };
}
