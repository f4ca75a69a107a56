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
import { classifyUseCase, type UseCaseEvidence } from './use-case-classifier.js';
import { DEFAULT_USE_CASE, DOMAIN_KEYWORDS, type UseCaseKey } from './use-case-keywords.js';

/** Start of the note written when no use case matched (merge.ts drops it when the LLM found one). */
export const NO_USE_CASE_NOTE = 'no use case recognised';

const quoted = (evidence: UseCaseEvidence[]) => evidence.map((e) => `"${e.text}"`).join(', ');

/** The classifier decides (use-case-classifier.ts); a rival within half its score is named in a note. */
function chooseUseCase(text: string): { key: UseCaseKey; matched: boolean; notes: string[] } {
  const { useCase, confidence, evidence, ranking } = classifyUseCase(text);
  if (useCase === null) {
    return {
      key: DEFAULT_USE_CASE,
      matched: false,
      notes: [`${NO_USE_CASE_NOTE}; defaulted to ${DEFAULT_USE_CASE} — pick the use case if this is wrong`],
    };
  }
  const best = ranking[0]!.score;
  const rivals = ranking.slice(1).filter((r) => r.useCase !== null && r.score >= best / 2);
  if (rivals.length === 0) return { key: useCase, matched: true, notes: [] };
  return {
    key: useCase,
    matched: true,
    notes: [
      `the text also fits ${rivals.map((r) => `${r.useCase} (${quoted(r.evidence)})`).join(', ')}; ` +
        `chose ${useCase} (${Math.round(100 * confidence)} % sure, from ${quoted(evidence)})`,
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
