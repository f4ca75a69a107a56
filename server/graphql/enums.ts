import {
  BENCHMARK_SOURCES,
  EXPERIENCE_CLASSES,
  INTENT_SOURCES,
  PRICING_MODELS,
  PRIORITIES,
} from '../kernel/enums.js';
import { builder } from './builder.js';

export const ExperienceClassEnum = builder.enumType('ExperienceClass', {
  values: EXPERIENCE_CLASSES,
});

export const BenchmarkSourceEnum = builder.enumType('BenchmarkSource', {
  description: 'Where a benchmark row came from; trust order MEASURED > IMPORTED > SYNTHETIC.',
  values: BENCHMARK_SOURCES,
});

export const PriorityEnum = builder.enumType('Priority', {
  description: 'How recommendations are ranked (docs/recommendations.md).',
  values: PRIORITIES,
});

export const IntentSourceEnum = builder.enumType('IntentSource', {
  description:
    'Which extractor produced a spec: the deterministic rules or an LLM (validated, merged with the rules).',
  values: INTENT_SOURCES,
});

export const PricingModelEnum = builder.enumType('PricingModel', {
  description: 'How a price-list entry is billed.',
  values: PRICING_MODELS,
});
