import { z } from 'zod';

/**
 * The closed vocabularies of the product, each written once. The TypeScript union, the zod enum
 * (validation at the boundary) and the Pothos enum (server/graphql/enums.ts) derive from these arrays.
 */
export const PRIORITIES = ['COST', 'LATENCY', 'ACCURACY', 'BALANCED'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PrioritySchema = z.enum(PRIORITIES);

export const BENCHMARK_SOURCES = ['SYNTHETIC', 'IMPORTED', 'MEASURED'] as const;
export type BenchmarkSourceKey = (typeof BENCHMARK_SOURCES)[number];
export const BenchmarkSourceSchema = z.enum(BENCHMARK_SOURCES);

export const EXPERIENCE_CLASSES = ['INSTANT', 'CONVERSATIONAL', 'INTERACTIVE', 'DEFERRED', 'BATCH'] as const;
export type ExperienceClassKey = (typeof EXPERIENCE_CLASSES)[number];

export const INTENT_SOURCES = ['RULES', 'LLM'] as const;
export type IntentSource = (typeof INTENT_SOURCES)[number];

/** Where an extracted spec field came from: this turn's words, the base spec, or neither. */
export const INTENT_FIELD_SOURCES = ['STATED', 'CARRIED', 'DEFAULT'] as const;
export type IntentFieldSource = (typeof INTENT_FIELD_SOURCES)[number];

/** The nine use cases of the SLO templates (docs/seed-data.md), in the accuracy tables' column order. */
export const USE_CASE_KEYS = [
  'chatbot_conversational',
  'code_completion',
  'code_generation_detailed',
  'translation',
  'content_generation',
  'summarization_short',
  'document_analysis_rag',
  'long_document_summarization',
  'research_legal_analysis',
] as const;
export type UseCaseKey = (typeof USE_CASE_KEYS)[number];

export const DEPLOYMENT_MODES = ['VLLM', 'SIMULATOR'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];
export const DeploymentModeSchema = z.enum(DEPLOYMENT_MODES);

export const PRICING_MODELS = ['ON_DEMAND', 'RESERVED', 'SPOT'] as const;
export type PricingModelKey = (typeof PRICING_MODELS)[number];
