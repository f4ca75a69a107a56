import { PrioritySchema } from '../../kernel/enums.js';
import { z } from 'zod';
import { gpuResolver } from './core/gpu-mentions.js';
import type { ExtractedIntent, ExtractionContext, SloOverrides } from './types.js';
import { DEFAULT_USE_CASE, USE_CASE_KEYS } from './core/use-case-keywords.js';

/**
 * What the LLM must answer: the ExtractedIntent fields, every one present, null/empty when the text
 * does not say. The same zod schema produces the JSON schema sent as `response_format` and validates
 * the answer, so the two cannot drift.
 */

const nullableNumber = (min: number, max: number) => z.number().min(min).max(max).nullable();
const sloTarget = z.number().positive().max(600_000).nullable();

export const LlmIntentAnswerSchema = z.object({
  useCaseKey: z.enum(USE_CASE_KEYS).nullable(),
  users: nullableNumber(0, 1e9),
  requestsPerUserPerMinute: z.number().positive().max(10_000).nullable(),
  requestsPerSecond: nullableNumber(0, 1e7),
  priority: PrioritySchema,
  gpuTypes: z.array(z.string().min(1).max(64)).max(32),
  excludedGpuTypes: z.array(z.string().min(1).max(64)).max(32),
  maxGpus: z.number().int().min(1).max(4096).nullable(),
  maxMonthlyCostUsd: z.number().positive().max(1e9).nullable(),
  approvedOnly: z.boolean(),
  minQualityScore: nullableNumber(0, 100),
  headroomPercent: nullableNumber(0, 1000),
  sloOverrides: z.object({ ttftP95Ms: sloTarget, itlP95Ms: sloTarget, e2eP95Ms: sloTarget }),
  domains: z.array(z.string().min(1).max(40)).max(16),
  notes: z.array(z.string().max(500)).max(20),
});

export type LlmIntentAnswer = z.infer<typeof LlmIntentAnswerSchema>;

/** JSON schema of the answer (draft 2020-12 without the `$schema` key, as OpenAI-style servers expect). */
export function intentJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(LlmIntentAnswerSchema) as Record<string, unknown>;
  return schema;
}

const USE_CASE_HINTS: Record<(typeof USE_CASE_KEYS)[number], string> = {
  chatbot_conversational: 'chatbots, assistants, customer support, helpdesk, Q&A (512→256 tokens)',
  code_completion: 'inline IDE code completion, copilot, autocomplete (512→256)',
  code_generation_detailed: 'generating whole functions or multi-file code (1024→1024)',
  translation: 'translation, localization, paraphrasing, rewriting (1024→1024)',
  content_generation: 'blog posts, marketing copy, creative writing (1024→1024)',
  summarization_short: 'summarizing emails, articles, tickets (4096→512)',
  document_analysis_rag: 'RAG, document Q&A, knowledge-base retrieval (4096→512)',
  long_document_summarization: 'summarizing long multi-page reports, papers, books (10240→1536)',
  research_legal_analysis: 'research, legal or contract analysis across many documents (10240→1536)',
};

export function intentSystemPrompt(ctx: ExtractionContext): string {
  const gpus = gpuResolver(ctx).canonicalTypes;
  return [
    'You turn a description of an LLM workload into JSON for a capacity planner. Answer with one JSON',
    'object only, matching the schema below. Use null (or an empty list, or false) for anything the text',
    'does not state; never invent numbers.',
    '',
    'useCaseKey — one of:',
    ...USE_CASE_KEYS.map((k) => `  ${k}: ${USE_CASE_HINTS[k]}`),
    '  null when no use case is described.',
    'users — number of users active at peak. requestsPerUserPerMinute — only if stated per user.',
    'requestsPerSecond — total peak request rate converted to requests per second (1M/day = 11.57).',
    'priority — COST (cheap, cost-effective), LATENCY (fast, real-time, latency is critical), ACCURACY',
    '  (best quality, most accurate), else BALANCED; BALANCED also when two are stressed equally.',
    `gpuTypes / excludedGpuTypes — GPUs to use / never use, named as in this catalog: ${gpus.join(', ')}.`,
    '  A family name (e.g. "A100") means every catalog type of that family.',
    'maxGpus — upper limit on total GPUs. maxMonthlyCostUsd — budget converted to USD per month',
    '  (a year is 12 months, a month is 730 hours). approvedOnly — only production-approved models.',
    'minQualityScore — minimum model quality on a 0–100 scale. headroomPercent — spare capacity in %.',
    'sloOverrides — p95 targets in milliseconds: ttftP95Ms (time to first token), itlP95Ms (inter-token',
    '  latency), e2eP95Ms (end-to-end / "latency" / response time).',
    'domains — e.g. healthcare, legal, finance, code, multilingual, customer-support.',
    'notes — short remarks on assumptions or contradictions you resolved.',
    '',
    `JSON schema: ${JSON.stringify(intentJsonSchema())}`,
  ].join('\n');
}

/** A validated answer → ExtractedIntent: GPU names mapped to catalog types (unknown ones dropped, noted). */
export function answerToIntent(answer: LlmIntentAnswer, ctx: ExtractionContext): ExtractedIntent {
  const resolver = gpuResolver(ctx);
  const notes = answer.notes.map((n) => `LLM: ${n}`);
  const canonical = (names: string[]) => {
    const out: string[] = [];
    for (const name of names) {
      const { types } = resolver.resolve(name);
      if (types.length === 0) notes.push(`the LLM named GPU "${name}", which is not in the catalog; ignored`);
      for (const type of types) if (!out.includes(type)) out.push(type);
    }
    return out;
  };
  const excludedGpuTypes = canonical(answer.excludedGpuTypes);
  const sloOverrides: SloOverrides = {};
  for (const key of ['ttftP95Ms', 'itlP95Ms', 'e2eP95Ms'] as const) {
    const value = answer.sloOverrides[key];
    if (value !== null) sloOverrides[key] = value;
  }
  return {
    useCaseKey: answer.useCaseKey ?? DEFAULT_USE_CASE,
    useCaseMatched: answer.useCaseKey !== null,
    users: answer.users,
    requestsPerUserPerMinute: answer.requestsPerUserPerMinute,
    requestsPerSecond: answer.requestsPerSecond,
    priority: answer.priority,
    gpuTypes: canonical(answer.gpuTypes).filter((t) => !excludedGpuTypes.includes(t)),
    excludedGpuTypes,
    maxGpus: answer.maxGpus,
    maxMonthlyCostUsd: answer.maxMonthlyCostUsd,
    approvedOnly: answer.approvedOnly,
    minQualityScore: answer.minQualityScore,
    headroomPercent: answer.headroomPercent,
    sloOverrides,
    domains: [...new Set(answer.domains.map((d) => d.trim().toLowerCase()).filter((d) => d.length > 0))],
    notes,
  };
}
