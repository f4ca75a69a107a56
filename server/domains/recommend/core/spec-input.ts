import { z } from 'zod';
import type { ParsePayload } from 'zod/v4/core';
import { BENCHMARK_SOURCES, PRICING_MODELS, PRIORITIES, type Priority } from '../../../kernel/enums.js';
import { isIsoDate } from '../../catalog/core/price-list.js';
import { orDefault, orNull } from '../../../kernel/validation.js';
import { DEFAULT_GPU_MEMORY_UTILIZATION, gpuMemoryUtilizationSchema } from '../../catalog/core/gpu-memory.js';
import { DEFAULT_REQUESTS_PER_USER_PER_MINUTE } from './load.js';
import type { RecommendSpec } from '../types.js';

/**
 * The deployment spec a client sends (GraphQL `DeploymentSpecInput`, extractIntent's base, the CLI's
 * --spec) as one zod schema: the type is inferred from it, every shape and range check is declared
 * here once, and so are the defaults. `resolveSpec` parses with it (server/kernel/validation.ts
 * `parseInput`), then looks up what needs the database (use case, GPU types, traffic profile).
 */

export const DEFAULT_LIMIT = 10;

/** What a spec holds for a field its sender left out (or sent as null). */
export const SPEC_DEFAULTS = {
  headroomPercent: 0,
  priority: 'BALANCED' satisfies Priority,
  limit: DEFAULT_LIMIT,
  gpuMemoryUtilization: DEFAULT_GPU_MEMORY_UTILIZATION,
} as const;

const TOKENS = 'promptTokens and outputTokens must be positive integers';

/** A number (finite: zod 4 refuses NaN and ±Infinity) with one message for every way it is wrong. */
const number = (message: string) => z.number({ error: message });
const positive = (name: string) => {
  const message = `${name} must be a positive number`;
  return number(message).positive({ error: message });
};
const nonNegative = (name: string) => {
  const message = `${name} must be a non-negative number`;
  return number(message).nonnegative({ error: message });
};

/** The checks of each field, shared by the client's input and the pure rule's `recommendSpecSchema`. */
const field = {
  tokens: z.int({ error: TOKENS }).min(1, { error: TOKENS }),
  slo: {
    ttftP95Ms: positive('slo.ttftP95Ms'),
    itlP95Ms: positive('slo.itlP95Ms'),
    e2eP95Ms: positive('slo.e2eP95Ms'),
  },
  requestsPerSecond: nonNegative('requestsPerSecond'),
  users: nonNegative('users'),
  requestsPerUserPerMinute: positive('requestsPerUserPerMinute'),
  headroomPercent: nonNegative('headroomPercent'),
  priority: z.enum(PRIORITIES, { error: `priority must be one of ${PRIORITIES.join(', ')}` }),
  gpuTypes: z.array(z.string({ error: 'gpuTypes must be GPU type names' }), {
    error: 'gpuTypes must be a list of GPU type names',
  }),
  excludedGpuTypes: z.array(z.string({ error: 'excludedGpuTypes must be GPU type names' }), {
    error: 'excludedGpuTypes must be a list of GPU type names',
  }),
  maxGpus: positive('maxGpus'),
  maxMonthlyCostUsd: positive('maxMonthlyCostUsd'),
  approvedOnly: z.boolean({ error: 'approvedOnly must be a boolean' }),
  minQualityScore: number('minQualityScore must be within 0–100')
    .min(0, { error: 'minQualityScore must be within 0–100' })
    .max(100, { error: 'minQualityScore must be within 0–100' }),
  sources: z.array(
    z.enum(BENCHMARK_SOURCES, { error: `sources must be of ${BENCHMARK_SOURCES.join(', ')}` }),
    { error: 'sources must be a list' },
  ),
  limit: z
    .int({ error: 'limit must be an integer within 1–100' })
    .min(1, { error: 'limit must be an integer within 1–100' })
    .max(100, { error: 'limit must be an integer within 1–100' }),
  gpuMemoryUtilization: gpuMemoryUtilizationSchema,
  words: z.array(z.string({ error: 'must be a list of strings' }), { error: 'must be a list of strings' }),
};

const sloInput = z.object(
  {
    ttftP95Ms: field.slo.ttftP95Ms.nullish(),
    itlP95Ms: field.slo.itlP95Ms.nullish(),
    e2eP95Ms: field.slo.e2eP95Ms.nullish(),
  },
  { error: 'slo must be an object of p95 targets in ms' },
);

/** The checks across fields run once every field passed its own (they read the parsed values). */
const everyFieldValid = { when: (payload: ParsePayload) => payload.issues.length === 0 };

export const deploymentSpecInputSchema = z
  .object(
    {
      useCaseKey: orNull(z.string({ error: 'useCaseKey must be a use case key' })),
      // Absent tokens and SLO targets come from the use case's template, so they stay null here.
      promptTokens: orNull(field.tokens),
      outputTokens: orNull(field.tokens),
      slo: orNull(sloInput),
      requestsPerSecond: orNull(field.requestsPerSecond),
      users: orNull(field.users),
      requestsPerUserPerMinute: orNull(field.requestsPerUserPerMinute),
      headroomPercent: orDefault(field.headroomPercent, SPEC_DEFAULTS.headroomPercent),
      priority: orDefault(field.priority, SPEC_DEFAULTS.priority),
      gpuTypes: orDefault(field.gpuTypes, []),
      /** GPU types or aliases never to use; wins over gpuTypes. */
      excludedGpuTypes: orDefault(field.excludedGpuTypes, []),
      maxGpus: orNull(field.maxGpus),
      maxMonthlyCostUsd: orNull(field.maxMonthlyCostUsd),
      approvedOnly: orDefault(field.approvedOnly, false),
      minQualityScore: orNull(field.minQualityScore),
      sources: orDefault(field.sources, []),
      limit: orDefault(field.limit, SPEC_DEFAULTS.limit),
      /** Keep only plans whose GPUs are free in the configured cluster (server/domains/cluster). */
      fitCluster: orDefault(z.boolean({ error: 'fitCluster must be a boolean' }), false),
      /** Plan with this price list's prices instead of the catalog's (docs/recommendations.md, "Price lists"). */
      priceList: orNull(z.string({ error: 'priceList must be a price list name' })),
      /** YYYY-MM-DD the price list's entries must be effective on; default today (UTC, see resolveSpec). */
      priceDate: orNull(
        z
          .string({ error: 'priceDate must be a YYYY-MM-DD date' })
          .refine(isIsoDate, { error: 'priceDate must be a YYYY-MM-DD date' }),
      ),
      pricingModel: orNull(
        z.enum(PRICING_MODELS, { error: `pricingModel must be one of ${PRICING_MODELS.join(', ')}` }),
      ),
      /** vLLM --gpu-memory-utilization the memory check holds plans to. */
      gpuMemoryUtilization: orDefault(field.gpuMemoryUtilization, SPEC_DEFAULTS.gpuMemoryUtilization),
      domains: orDefault(field.words, []),
      notes: orDefault(field.words, []),
    },
    { error: 'the spec must be an object' },
  )
  .superRefine((spec, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if ((spec.priceDate !== null || spec.pricingModel !== null) && !spec.priceList) {
      issue('priceList', 'priceDate and pricingModel need a priceList');
    }
    if (spec.useCaseKey === null || spec.useCaseKey === '') {
      if (spec.promptTokens === null || spec.outputTokens === null) {
        issue('useCaseKey', 'give a useCaseKey, or both promptTokens and outputTokens');
      } else if (spec.slo?.ttftP95Ms == null || spec.slo.itlP95Ms == null || spec.slo.e2eP95Ms == null) {
        issue('slo', 'without a useCaseKey, give all three SLO targets');
      }
    }
    if (spec.requestsPerSecond === null && spec.users === null) {
      issue(
        'requestsPerSecond',
        'give the peak load: requestsPerSecond, or users (and optionally requestsPerUserPerMinute)',
      );
    } else if (
      spec.requestsPerSecond === null &&
      // users × requestsPerUserPerMinute can each be in range and still overflow to Infinity together.
      !Number.isFinite(
        ((spec.users ?? 0) * (spec.requestsPerUserPerMinute ?? DEFAULT_REQUESTS_PER_USER_PER_MINUTE)) / 60,
      )
    ) {
      issue('requestsPerUserPerMinute', 'users × requestsPerUserPerMinute is too large a load');
    }
  }, everyFieldValid);

/** What a client sends: every field optional or null. */
export type DeploymentSpecInput = z.input<typeof deploymentSpecInputSchema>;
/** The same after parsing: checked, defaults filled, absent fields null. */
export type ParsedSpecInput = z.output<typeof deploymentSpecInputSchema>;

/** The pure rule's spec (`recommend()` in core/recommend.ts): the same checks, every field given. */
export const recommendSpecSchema: z.ZodType<RecommendSpec> = z.object({
  promptTokens: field.tokens,
  outputTokens: field.tokens,
  slo: z.object(field.slo, { error: 'slo must be an object of p95 targets in ms' }),
  requestsPerSecond: field.requestsPerSecond,
  headroomPercent: field.headroomPercent,
  priority: field.priority,
  gpuTypes: field.gpuTypes,
  excludedGpuTypes: field.excludedGpuTypes.optional(),
  maxGpus: field.maxGpus.nullable(),
  maxMonthlyCostUsd: field.maxMonthlyCostUsd.nullable(),
  approvedOnly: field.approvedOnly,
  minQualityScore: field.minQualityScore.nullable(),
  sources: field.sources,
  gpuMemoryUtilization: field.gpuMemoryUtilization.optional(),
  // Any number: the rule reads < 1 or a fraction as DEFAULT_LIMIT (effectiveLimit).
  limit: number('limit must be a number'),
});
