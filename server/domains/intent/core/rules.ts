import { findGpuMentions, gpuResolver } from './gpu-mentions.js';
import {
  findBudget,
  findGpuCaps,
  findHeadroom,
  findMinQuality,
  findSloOverrides,
  wantsApprovedOnly,
} from './limit-phrases.js';
import { findLoad, maskSpans } from './load-phrases.js';
import { detectPriority } from './priority.js';
import type { ExtractedIntent, ExtractionContext } from '../types.js';
import {
  DEFAULT_USE_CASE,
  DOMAIN_KEYWORDS,
  USE_CASE_KEYS,
  USE_CASE_KEYWORDS,
  type UseCaseKey,
} from './use-case-keywords.js';

/** Start of the note written when no use case matched (merge.ts drops it when the LLM found one). */
export const NO_USE_CASE_NOTE = 'no use case recognised';

export interface UseCaseScore {
  key: UseCaseKey;
  /** Highest keyword weight matched (3 = task-specific, 2 = strong, 1 = hint). */
  maxWeight: number;
  /** Sum of the weights of the distinct keywords matched. */
  total: number;
  /** Position of the earliest match. */
  first: number;
  labels: string[];
}

/** Matched use cases, best first: highest weight, then total weight, then earliest mention, then table order. */
export function scoreUseCases(text: string): UseCaseScore[] {
  const scores: UseCaseScore[] = [];
  for (const key of USE_CASE_KEYS) {
    const score: UseCaseScore = { key, maxWeight: 0, total: 0, first: Infinity, labels: [] };
    for (const keyword of USE_CASE_KEYWORDS[key]) {
      const m = keyword.pattern.exec(text);
      if (!m) continue;
      score.maxWeight = Math.max(score.maxWeight, keyword.weight);
      score.total += keyword.weight;
      score.first = Math.min(score.first, m.index);
      score.labels.push(keyword.label);
    }
    if (score.total > 0) scores.push(score);
  }
  const order = (k: UseCaseKey) => USE_CASE_KEYS.indexOf(k);
  return scores.sort(
    (a, b) =>
      b.maxWeight - a.maxWeight || b.total - a.total || a.first - b.first || order(a.key) - order(b.key),
  );
}

function chooseUseCase(text: string): { key: UseCaseKey; matched: boolean; notes: string[] } {
  const [best, ...rest] = scoreUseCases(text);
  if (!best) {
    return {
      key: DEFAULT_USE_CASE,
      matched: false,
      notes: [`${NO_USE_CASE_NOTE}; defaulted to ${DEFAULT_USE_CASE} — pick the use case if this is wrong`],
    };
  }
  const rivals = rest.filter((r) => r.maxWeight === best.maxWeight);
  if (rivals.length === 0) return { key: best.key, matched: true, notes: [] };
  const rival = rivals[0]!;
  const why =
    best.total !== rival.total ? `more matching words (${best.labels.join(', ')})` : 'mentioned first';
  return {
    key: best.key,
    matched: true,
    notes: [
      `the text also fits ${rivals.map((r) => `${r.key} (${r.labels.join(', ')})`).join(', ')}; ` +
        `chose ${best.key}: ${why}`,
    ],
  };
}

/** Curly quotes, dashes and non-breaking spaces → ASCII, one UTF-16 unit each (indices unchanged). */
function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u00a0\u2007\u202f]/g, ' ');
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Deterministic extraction; always returns a complete intent (see docs/intent.md for every rule). */
export function extractWithRules(text: string, ctx: ExtractionContext): ExtractedIntent {
  const t = normalize(text);
  const useCase = chooseUseCase(t);
  const priority = detectPriority(t);

  // Each finder blanks out what it used, so "2 requests per minute" is not also read as a duration.
  const budget = findBudget(t);
  let rest = maskSpans(t, budget.spans);
  const load = findLoad(rest);
  rest = maskSpans(rest, load.spans);
  const quality = findMinQuality(rest);
  rest = maskSpans(rest, quality.spans);
  const headroom = findHeadroom(rest);
  rest = maskSpans(rest, headroom.spans);
  const slo = findSloOverrides(rest);
  rest = maskSpans(rest, slo.spans);

  const resolver = gpuResolver(ctx);
  const gpus = findGpuMentions(rest, resolver);
  const caps = findGpuCaps(rest, (name) => resolver.resolve(name).types.length > 0);

  const gpuNotes: string[] = [];
  const included = unique(gpus.mentions.filter((m) => !m.excluded).flatMap((m) => m.types));
  const excluded = unique(gpus.mentions.filter((m) => m.excluded).flatMap((m) => m.types));
  for (const m of gpus.mentions) {
    if (m.viaFamily) gpuNotes.push(`"${m.text.trim()}" covers ${m.types.join(' and ')}`);
  }
  const both = included.filter((type) => excluded.includes(type));
  if (both.length > 0) {
    gpuNotes.push(
      `${both.join(', ')} both asked for and ruled out; ruled out wins (Compass never places a workload on a GPU you excluded)`,
    );
  }
  const gpuTypes = included.filter((type) => !excluded.includes(type));
  if (both.length > 0 && gpuTypes.length === 0) {
    gpuNotes.push(`no GPU type left to require; any GPU except ${excluded.join(', ')} may be used`);
  }
  for (const name of unique(gpus.unknown)) gpuNotes.push(`GPU "${name}" is not in the catalog; ignored`);

  const capCounts = unique(caps.counts);
  const maxGpus = capCounts.length > 0 ? Math.min(...capCounts) : null;
  if (capCounts.length > 1)
    gpuNotes.push(`several GPU limits given (${capCounts.join(', ')}); used the lowest, ${maxGpus}`);

  return {
    useCaseKey: useCase.key,
    useCaseMatched: useCase.matched,
    users: load.users,
    requestsPerUserPerMinute: load.requestsPerUserPerMinute,
    requestsPerSecond: load.requestsPerSecond,
    priority: priority.priority,
    gpuTypes,
    excludedGpuTypes: excluded,
    maxGpus,
    maxMonthlyCostUsd: budget.maxMonthlyCostUsd,
    approvedOnly: wantsApprovedOnly(t),
    minQualityScore: quality.value,
    headroomPercent: headroom.value,
    sloOverrides: slo.sloOverrides,
    domains: DOMAIN_KEYWORDS.filter((d) => d.pattern.test(t)).map((d) => d.domain),
    notes: [
      ...useCase.notes,
      ...priority.notes,
      ...load.notes,
      ...budget.notes,
      ...gpuNotes,
      ...caps.notes,
      ...slo.notes,
      ...quality.notes,
      ...headroom.notes,
    ],
  };
}
