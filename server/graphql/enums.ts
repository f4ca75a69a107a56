import { builder } from './builder.js';

export const ExperienceClassEnum = builder.enumType('ExperienceClass', {
  values: ['INSTANT', 'CONVERSATIONAL', 'INTERACTIVE', 'DEFERRED', 'BATCH'] as const,
});

export const BenchmarkSourceEnum = builder.enumType('BenchmarkSource', {
  description: 'Where a benchmark row came from; trust order MEASURED > IMPORTED > SYNTHETIC.',
  values: ['SYNTHETIC', 'IMPORTED', 'MEASURED'] as const,
});

export const PriorityEnum = builder.enumType('Priority', {
  description: 'How recommendations are ranked (docs/recommendations.md).',
  values: ['COST', 'LATENCY', 'ACCURACY', 'BALANCED'] as const,
});

export const IntentSourceEnum = builder.enumType('IntentSource', {
  description:
    'Which extractor produced a spec: the deterministic rules or an LLM (validated, merged with the rules).',
  values: ['RULES', 'LLM'] as const,
});
