import { NO_USE_CASE_NOTE } from './rules.js';
import type { ExtractedIntent, SloOverrides } from '../types.js';

export type MergedIntent = ExtractedIntent & { source: 'RULES' | 'LLM' };

const NUMBER_FIELDS = [
  ['users', 'users'],
  ['requestsPerUserPerMinute', 'requests per user per minute'],
  ['requestsPerSecond', 'requests per second'],
  ['maxGpus', 'max GPUs'],
  ['maxMonthlyCostUsd', 'monthly budget (USD)'],
  ['minQualityScore', 'minimum quality'],
  ['headroomPercent', 'headroom %'],
] as const;

const SLO_FIELDS = [
  ['ttftP95Ms', 'TTFT p95 (ms)'],
  ['itlP95Ms', 'ITL p95 (ms)'],
  ['e2eP95Ms', 'E2E p95 (ms)'],
] as const;

/** Within 1 %: "11.57 req/s" from the LLM and 11.574… from the rules are the same number. */
function agree(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.01 * Math.max(Math.abs(a), Math.abs(b));
}

function fmt(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/**
 * Precedence (docs/intent.md):
 * - no LLM answer → the rules, source RULES;
 * - use case, priority, GPU types: the LLM's validated answer wins; an LLM that found no use case, said
 *   BALANCED, or listed no GPUs leaves the rules' value in place; disagreements are noted;
 * - numbers (load, limits, SLO targets): a number the rules read in the text wins when the LLM's
 *   differs by more than 1 % (noted); otherwise whichever side has one;
 * - excluded GPUs, domains: union; approved-only: either side;
 * - notes: the rules' (less a no-use-case fallback the LLM resolved), the LLM's, then the merge's.
 */
export function mergeIntents(rules: ExtractedIntent, llm: ExtractedIntent | null): MergedIntent {
  if (llm === null) return { ...rules, source: 'RULES' };
  const notes: string[] = [];

  let useCaseKey = rules.useCaseKey;
  let useCaseMatched = rules.useCaseMatched;
  if (llm.useCaseMatched) {
    if (rules.useCaseMatched && rules.useCaseKey !== llm.useCaseKey) {
      notes.push(
        `use case: the LLM chose ${llm.useCaseKey}, the keyword rules ${rules.useCaseKey}; kept the LLM's`,
      );
    }
    useCaseKey = llm.useCaseKey;
    useCaseMatched = true;
  }

  const numbers = {} as Record<(typeof NUMBER_FIELDS)[number][0], number | null>;
  for (const [field, label] of NUMBER_FIELDS) {
    const r = rules[field];
    const l = llm[field];
    if (r !== null && l !== null && !agree(r, l)) {
      notes.push(`${label}: the text says ${fmt(r)}, the LLM read ${fmt(l)}; kept the number in the text`);
    }
    numbers[field] = r ?? l;
  }
  const sloOverrides: SloOverrides = {};
  for (const [field, label] of SLO_FIELDS) {
    const r = rules.sloOverrides[field];
    const l = llm.sloOverrides[field];
    if (r !== undefined && l !== undefined && !agree(r, l)) {
      notes.push(`${label}: the text says ${fmt(r)}, the LLM read ${fmt(l)}; kept the number in the text`);
    }
    const value = r ?? l;
    if (value !== undefined) sloOverrides[field] = value;
  }

  let priority = llm.priority;
  if (llm.priority === 'BALANCED' && rules.priority !== 'BALANCED') priority = rules.priority;
  else if (llm.priority !== rules.priority && rules.priority !== 'BALANCED') {
    notes.push(
      `priority: the LLM chose ${llm.priority}, the keyword rules ${rules.priority}; kept the LLM's`,
    );
  }

  const excludedGpuTypes = [...new Set([...rules.excludedGpuTypes, ...llm.excludedGpuTypes])];
  const wanted = llm.gpuTypes.length > 0 ? llm.gpuTypes : rules.gpuTypes;
  const gpuTypes = wanted.filter((t) => !excludedGpuTypes.includes(t));

  const llmResolvedUseCase = !rules.useCaseMatched && llm.useCaseMatched;
  return {
    useCaseKey,
    useCaseMatched,
    users: numbers.users,
    requestsPerUserPerMinute: numbers.requestsPerUserPerMinute,
    requestsPerSecond: numbers.requestsPerSecond,
    priority,
    gpuTypes,
    excludedGpuTypes,
    maxGpus: numbers.maxGpus,
    maxMonthlyCostUsd: numbers.maxMonthlyCostUsd,
    approvedOnly: rules.approvedOnly || llm.approvedOnly,
    minQualityScore: numbers.minQualityScore,
    headroomPercent: numbers.headroomPercent,
    sloOverrides,
    domains: [...new Set([...rules.domains, ...llm.domains])],
    notes: [
      ...rules.notes.filter((n) => !(llmResolvedUseCase && n.startsWith(NO_USE_CASE_NOTE))),
      ...llm.notes,
      ...notes,
    ],
    source: 'LLM',
  };
}
