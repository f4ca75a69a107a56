import { builder } from './builder.js';

export const ExperienceClassEnum = builder.enumType('ExperienceClass', {
  values: ['INSTANT', 'CONVERSATIONAL', 'INTERACTIVE', 'DEFERRED', 'BATCH'] as const,
});

export const BenchmarkSourceEnum = builder.enumType('BenchmarkSource', {
  description: 'Where a benchmark row came from; trust order MEASURED > IMPORTED > SYNTHETIC.',
  values: ['SYNTHETIC', 'IMPORTED', 'MEASURED'] as const,
});
