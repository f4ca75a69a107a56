import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/kernel/errors.js';
import { parseInput } from '../../server/kernel/validation.js';
import {
  deploymentSpecInputSchema,
  SPEC_DEFAULTS,
  type DeploymentSpecInput,
} from '../../server/domains/recommend/core/spec-input.js';

function refusal(input: unknown): { message: string; argument: unknown } {
  try {
    parseInput(deploymentSpecInputSchema, input, 'spec');
  } catch (error) {
    if (error instanceof DomainError) return { message: error.message, argument: error.details?.argument };
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('deploymentSpecInputSchema', () => {
  it('fills every default once, and null reads as absent', () => {
    const parsed = parseInput(deploymentSpecInputSchema, {
      useCaseKey: 'chatbot_conversational',
      requestsPerSecond: 5,
      limit: null,
      priority: null,
    });
    expect(parsed).toMatchObject({
      headroomPercent: SPEC_DEFAULTS.headroomPercent,
      priority: 'BALANCED',
      limit: 10,
      gpuMemoryUtilization: 0.9,
      gpuTypes: [],
      sources: [],
      approvedOnly: false,
      fitCluster: false,
      maxGpus: null,
      promptTokens: null,
      slo: null,
    });
  });

  it('names the field at fault, with the messages clients already see', () => {
    const base: DeploymentSpecInput = { useCaseKey: 'chatbot_conversational', requestsPerSecond: 1 };
    const cases: [DeploymentSpecInput, string, string][] = [
      [
        { ...base, requestsPerSecond: -3 },
        'requestsPerSecond must be a non-negative number',
        'spec.requestsPerSecond',
      ],
      [{ ...base, minQualityScore: 140 }, 'minQualityScore must be within 0–100', 'spec.minQualityScore'],
      [{ ...base, limit: 0 }, 'limit must be an integer within 1–100', 'spec.limit'],
      [{ ...base, limit: 2.5 }, 'limit must be an integer within 1–100', 'spec.limit'],
      [
        { ...base, gpuMemoryUtilization: 1.5 },
        'gpuMemoryUtilization must be within (0, 1]',
        'spec.gpuMemoryUtilization',
      ],
      [{ ...base, slo: { ttftP95Ms: 0 } }, 'slo.ttftP95Ms must be a positive number', 'spec.slo.ttftP95Ms'],
      [
        { ...base, promptTokens: 0 },
        'promptTokens and outputTokens must be positive integers',
        'spec.promptTokens',
      ],
      [
        { ...base, priceList: 'a', priceDate: '2026-02-30' },
        'priceDate must be a YYYY-MM-DD date',
        'spec.priceDate',
      ],
      [{ ...base, pricingModel: 'SPOT' }, 'priceDate and pricingModel need a priceList', 'spec.priceList'],
      [
        { useCaseKey: 'chatbot_conversational' },
        'give the peak load: requestsPerSecond, or users (and optionally requestsPerUserPerMinute)',
        'spec.requestsPerSecond',
      ],
      [
        { promptTokens: 512, outputTokens: 256, requestsPerSecond: 1 },
        'without a useCaseKey, give all three SLO targets',
        'spec.slo',
      ],
      [
        { requestsPerSecond: 1 },
        'give a useCaseKey, or both promptTokens and outputTokens',
        'spec.useCaseKey',
      ],
    ];
    for (const [input, message, argument] of cases) {
      expect(refusal(input), JSON.stringify(input)).toEqual({ message, argument });
    }
  });

  it('refuses a load that overflows although each factor is in range', () => {
    expect(refusal({ useCaseKey: 'translation', users: 1e308, requestsPerUserPerMinute: 1e308 })).toEqual({
      message: 'users × requestsPerUserPerMinute is too large a load',
      argument: 'spec.requestsPerUserPerMinute',
    });
  });

  it('refuses values the GraphQL types would not let through, from untyped callers', () => {
    expect(refusal({ useCaseKey: 'translation', requestsPerSecond: Number.NaN }).argument).toBe(
      'spec.requestsPerSecond',
    );
    expect(refusal({ useCaseKey: 'translation', users: 10, priority: 'FAST' }).argument).toBe(
      'spec.priority',
    );
    expect(refusal('not a spec').message).toBe('the spec must be an object');
  });
});
