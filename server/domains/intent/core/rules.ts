import { findGpuMentions, gpuResolver } from './gpu-mentions.js';
import {
  findBudget,
  findGpuCaps,
  findHeadroom,
  findMinQuality,
  findApprovedOnly,
  findSloOverrides,
} from './limit-phrases.js';
import { findLoad, maskSpans } from './load-phrases.js';
import { detectPriority } from './priority.js';
import type { EvidenceSpan, ExtractedIntent, ExtractionContext, IntentEvidence } from '../types.js';
import { classifyUseCase, type UseCaseEvidence } from './use-case-classifier.js';
import { DEFAULT_USE_CASE, DOMAIN_KEYWORDS, type UseCaseKey } from './use-case-keywords.js';

/** Start of the note written when no use case matched (merge.ts drops it when the LLM found one). */
export const NO_USE_CASE_NOTE = 'no use case recognised';

const quoted = (evidence: UseCaseEvidence[]) => evidence.map((e) => `"${e.text}"`).join(', ');

/** The classifier decides (use-case-classifier.ts); a rival within half its score is named in a note. */
function chooseUseCase(text: string): {
  key: UseCaseKey;
  matched: boolean;
  notes: string[];
  evidence: UseCaseEvidence[];
  confidence: number;
} {
  const { useCase, confidence, evidence, ranking } = classifyUseCase(text);
  if (useCase === null) {
    return {
      key: DEFAULT_USE_CASE,
      matched: false,
      notes: [`${NO_USE_CASE_NOTE}; defaulted to ${DEFAULT_USE_CASE} — pick the use case if this is wrong`],
      evidence: [],
      confidence,
    };
  }
  const best = ranking[0]!.score;
  const rivals = ranking.slice(1).filter((r) => r.useCase !== null && r.score >= best / 2);
  if (rivals.length === 0) return { key: useCase, matched: true, notes: [], evidence, confidence };
  return {
    key: useCase,
    matched: true,
    evidence,
    confidence,
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
  return readWithEvidence(text, ctx).intent;
}

/** A span of `text`, without the spaces and punctuation a pattern took in at its edges. */
export function evidenceSpan(text: string, start: number, end: number): EvidenceSpan {
  let s = start;
  let e = end;
  while (s < e && /[\s,;:.!?(]/.test(text[s]!)) s++;
  while (e > s && /[\s,;:!?)]/.test(text[e - 1]!)) e--;
  return { text: text.slice(s, e), start: s, end: e };
}

/** The spans in reading order, each once, without spans inside another ("support" in "customer-support"). */
export function spansOf(text: string, spans: readonly { index: number; end: number }[]): EvidenceSpan[] {
  const all = spans.map((sp) => evidenceSpan(text, sp.index, sp.end)).filter((sp) => sp.text !== '');
  const inside = (a: EvidenceSpan, b: EvidenceSpan) =>
    b.start <= a.start && a.end <= b.end && (b.start !== a.start || b.end !== a.end);
  const seen = new Set<string>();
  return all
    .filter((a) => !all.some((b) => inside(a, b)))
    .sort((a, b) => a.start - b.start)
    .filter((sp) => {
      const key = `${sp.start}:${sp.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * `extractWithRules` plus, for every field it set, the words that set it (offsets into `text`), and
 * how sure the classifier is of the use case (0–1).
 */
export function readWithEvidence(
  text: string,
  ctx: ExtractionContext,
): { intent: ExtractedIntent; evidence: IntentEvidence; useCaseConfidence: number } {
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

  const approved = findApprovedOnly(t);
  const evidence: IntentEvidence = {};
  const set = (field: keyof IntentEvidence, spans: readonly { index: number; end: number }[]) => {
    const list = spansOf(text, spans);
    if (list.length > 0) evidence[field] = list;
  };
  if (useCase.matched)
    set(
      'useCaseKey',
      useCase.evidence.map((e) => ({ index: e.start, end: e.end })),
    );
  set('users', load.evidence.users);
  set('requestsPerUserPerMinute', load.evidence.requestsPerUserPerMinute);
  set('requestsPerSecond', load.evidence.requestsPerSecond);
  const signals = Object.values(priority.signals);
  // A priority that won names its phrase; BALANCED from a conflict or "equally" names them all.
  const winner = priority.priority === 'BALANCED' ? undefined : priority.signals[priority.priority];
  set('priority', winner ? [winner] : signals);
  set('gpuTypes', gpus.mentions);
  set(
    'excludedGpuTypes',
    gpus.mentions.filter((m) => m.excluded),
  );
  if (maxGpus !== null) set('maxGpus', caps.evidence);
  if (budget.maxMonthlyCostUsd !== null) set('maxMonthlyCostUsd', budget.spans);
  if (approved) set('approvedOnly', [approved]);
  if (quality.value !== null) set('minQualityScore', quality.spans);
  if (headroom.value !== null) set('headroomPercent', headroom.spans);
  set('slo.ttftP95Ms', slo.evidence.ttftP95Ms ?? []);
  set('slo.itlP95Ms', slo.evidence.itlP95Ms ?? []);
  set('slo.e2eP95Ms', slo.evidence.e2eP95Ms ?? []);

  const intent: ExtractedIntent = {
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
    approvedOnly: approved !== null,
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
  return { intent, evidence, useCaseConfidence: useCase.confidence };
}
