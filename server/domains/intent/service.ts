import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { LlmEndpoint } from '../../config.js';
import type { PrismaClient } from '../../db/clients.js';
import type { Logger } from '../../logger.js';
import { parseInput } from '../../kernel/validation.js';
import { recordLlmCall } from '../llm-metrics/service.js';
import { resolveSpec, type DeploymentSpecInput } from '../recommend/spec.js';
import type { DeploymentSpecShape } from '../recommend/spec.js';
import { extractWithLlm } from './llm-extractor.js';
import { mergeEvidence } from './core/evidence.js';
import { mergeIntents } from './core/merge.js';
import { refineSpec } from './core/refine.js';
import { readWithEvidence } from './core/rules.js';
import type {
  ExtractedIntent,
  ExtractionContext,
  IntentEvidence,
  IntentField,
  IntentFieldName,
} from './types.js';

/** Longest description accepted (a few paragraphs); longer text is a user error, not a model prompt. */
export const MAX_INTENT_CHARS = 4_000;

/** The description, checked on its trimmed words; the untrimmed text is kept, so evidence offsets point into it. */
const intentText = z
  .string({ error: 'describe the workload' })
  .refine((text) => text.trim().length > 0, { error: 'describe the workload', abort: true })
  .refine((text) => text.trim().length <= MAX_INTENT_CHARS, {
    error: `keep the description under ${MAX_INTENT_CHARS} characters`,
  });

/** An extracted spec with where each field came from (DeploymentSpec.fields / changed). */
export type ExtractedSpec = DeploymentSpecShape & { fields: IntentField[]; changed: IntentFieldName[] };

async function extractionContext(prisma: PrismaClient): Promise<ExtractionContext> {
  const gpus = await prisma.gpu.findMany({ select: { type: true, aliases: true } });
  const gpuAliases: Record<string, string> = {};
  for (const gpu of gpus) {
    for (const name of [gpu.type, ...gpu.aliases]) gpuAliases[name.toLowerCase()] = gpu.type;
  }
  return { gpuAliases };
}

/**
 * Free text → an editable DeploymentSpec; with `base`, the text is a follow-up that refines that spec
 * (core/refine.ts). The rules always run; a configured LLM endpoint is asked too and its validated
 * answer merged (any failure falls back to the rules). Each LLM call is recorded.
 */
export async function extractIntent(
  prisma: PrismaClient,
  llm: LlmEndpoint | null,
  logger: Logger,
  rawText: string,
  base: DeploymentSpecInput = {},
): Promise<ExtractedSpec> {
  const text = parseInput(intentText, rawText, 'text');
  const ctx = await extractionContext(prisma);
  const { intent: rules, evidence: rulesEvidence, useCaseConfidence } = readWithEvidence(text, ctx);
  let merged: ExtractedIntent & { source: 'RULES' | 'LLM' } = { ...rules, source: 'RULES' };
  let evidence: IntentEvidence = rulesEvidence;
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
    evidence = mergeEvidence(rules, rulesEvidence, merged);
  }
  // A use case the LLM chose over the classifier's counts as sure.
  const turn = {
    text,
    intent: merged,
    evidence,
    useCaseConfidence: merged.useCaseKey === rules.useCaseKey ? useCaseConfidence : 1,
  };
  const refined = refineSpec(base, turn);
  const spec = await resolveSpec(prisma, refined.spec);
  return { ...spec, source: merged.source, fields: refined.fields, changed: refined.changed };
}
