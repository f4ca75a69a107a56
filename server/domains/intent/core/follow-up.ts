import type { IntentFieldName } from '../types.js';
import type { SignalPriority } from './priority.js';
import type { SpanMatch } from './units.js';

/**
 * What a follow-up turn says about the spec it refines, beyond the values the rules read: fields it
 * removes ("drop the budget"), whether GPUs it names are added to the allowed ones ("add A100s") or
 * replace them, load or limits scaled relative to the base ("double the users"), a priority made
 * BALANCED ("balanced is fine now") or withdrawn ("cost doesn't matter any more"). Pure.
 */

export type ScaledField = 'users' | 'load' | 'maxMonthlyCostUsd' | 'maxGpus';

export interface FollowUpPhrases {
  /** Fields the text removes, with the phrase that removes them. */
  cleared: Partial<Record<IntentFieldName, SpanMatch>>;
  /** GPUs named in the text join the base's allowed GPUs instead of replacing them. */
  addGpus: SpanMatch | null;
  /** Relative changes; `load` scales requests per second, or users when the base has no rate. */
  scaled: Partial<Record<ScaledField, { factor: number; span: SpanMatch }>>;
  /** "make it balanced", "balance cost and speed". */
  balanced: SpanMatch | null;
  /** Priorities the text says no longer matter ("cost doesn't matter any more"). */
  withdrawn: { priority: SignalPriority; span: SpanMatch }[];
}

const REMOVE = String.raw`(?:drop(?:ping)?|remove|removing|forget(?:\s+about)?|ignore|lift|scrap|delete|clear|get\s+rid\s+of|no\s+longer\s+(?:need|have|want)|(?:we\s+)?(?:don't|do\s+not)\s+(?:need|have|want)|there(?:'s|\s+is)\s+no|without|no\s+more)`;
const DETERMINER = String.raw`(?:\s+(?:the|our|my|any|that|this|a))?`;
const GONE = String.raw`(?:is|are)?\s*(?:gone|removed|lifted|not\s+needed|no\s+longer\s+(?:needed|applies|matters|relevant)|(?:doesn't|does\s+not|don't|do\s+not)\s+(?:matter|apply)(?:\s+any\s*more)?|unlimited|off|not\s+a\s+(?:concern|constraint|limit))`;

/** Each field with the words that name its limit. */
const TARGETS: { fields: IntentFieldName[]; words: string }[] = [
  {
    fields: ['maxMonthlyCostUsd'],
    words: String.raw`(?:monthly\s+)?budget(?:\s+(?:limit|cap|ceiling|constraint))?|(?:cost|spend(?:ing)?|price|money)\s+(?:limit|cap|ceiling|constraint)s?|limit\s+on\s+(?:cost|spend(?:ing)?|price)`,
  },
  {
    fields: ['maxGpus'],
    words: String.raw`gpu\s+(?:limit|cap|count\s+limit|maximum|max|ceiling)|(?:limit|cap|maximum|max|ceiling)\s+on\s+(?:the\s+)?(?:number\s+of\s+)?gpus`,
  },
  {
    fields: ['gpuTypes'],
    words: String.raw`gpu\s+(?:type\s+)?(?:restrictions?|preferences?|requirements?|types?|list|choice)|(?:hardware|gpu)\s+constraints?`,
  },
  {
    fields: ['minQualityScore'],
    words: String.raw`(?:quality|accuracy)\s+(?:floor|minimum|threshold|requirement|bar|score\s+(?:limit|minimum|floor))|minimum\s+(?:quality|accuracy)(?:\s+score)?`,
  },
  { fields: ['headroomPercent'], words: String.raw`headroom|buffer|safety\s+margin|spare\s+capacity` },
  {
    fields: ['approvedOnly'],
    words: String.raw`approved[- ]only(?:\s+(?:rule|requirement|restriction|filter))?|approv(?:al|ed[- ]models?)\s+(?:rule|requirement|restriction|filter)|(?:the\s+)?approval`,
  },
  {
    fields: ['slo.ttftP95Ms'],
    words: String.raw`(?:ttft|time[- ]to[- ]first[- ]token|first[- ]token)\s+(?:target|limit|requirement|slo|goal)`,
  },
  {
    fields: ['slo.itlP95Ms'],
    words: String.raw`(?:itl|inter[- ]?token|per[- ]token)(?:\s+latency)?\s+(?:target|limit|requirement|slo|goal)`,
  },
  {
    fields: ['slo.e2eP95Ms'],
    words: String.raw`(?:e2e|end[- ]to[- ]end|latency|response[- ]time)\s+(?:target|limit|requirement|slo|goal)`,
  },
  {
    fields: ['slo.ttftP95Ms', 'slo.itlP95Ms', 'slo.e2eP95Ms'],
    words: String.raw`(?:custom\s+)?slo(?:\s+(?:overrides?|targets?))?s?|latency\s+targets`,
  },
];

/** Phrases that lift a limit without naming it as a limit ("any GPU is fine", "as many GPUs as needed"). */
const OPEN_ENDED: { fields: IntentFieldName[]; re: RegExp }[] = [
  {
    fields: ['gpuTypes'],
    re: /\b(?:any|all)\s+gpus?(?:\s+types?)?\s+(?:is|are|will|would)?\s*(?:fine|ok(?:ay)?|do|works?|allowed)\b|\bany\s+gpu\s+type\b/gi,
  },
  {
    fields: ['maxGpus'],
    re: /\b(?:any\s+number\s+of|as\s+many)\s+gpus?(?:\s+as\s+(?:needed|it\s+takes|necessary))?\b|\bunlimited\s+gpus\b/gi,
  },
  { fields: ['maxMonthlyCostUsd'], re: /\b(?:unlimited|no)\s+budget\b|\bmoney\s+is\s+no\s+object\b/gi },
  {
    fields: ['approvedOnly'],
    re: /\b(?:any|unapproved|non-approved)\s+models?\s+(?:is|are|will|would)?\s*(?:fine|ok(?:ay)?|do|allowed)\b|\b(?:models?\s+)?(?:don't|do\s+not|doesn't|does\s+not)\s+(?:need|have)\s+to\s+be\s+approved\b/gi,
  },
];

const ADD_GPUS =
  /\b(?:add(?:ing)?|also(?:\s+allow)?|plus|include|including|allow|open\s+(?:it\s+)?up\s+to)\b|\b(?:too|as\s+well)\b/gi;

const FACTOR_WORDS: Record<string, number> = {
  double: 2,
  twice: 2,
  triple: 3,
  thrice: 3,
  quadruple: 4,
  halve: 0.5,
  half: 0.5,
};
const SCALE_NOUNS: { field: ScaledField; words: string }[] = [
  { field: 'users', words: String.raw`users?|people|seats|customers|employees|head\s*count` },
  { field: 'load', words: String.raw`traffic|load|requests|request\s+rate|rps|qps|throughput` },
  { field: 'maxMonthlyCostUsd', words: String.raw`budget|spend(?:ing)?` },
  { field: 'maxGpus', words: String.raw`gpu\s+(?:limit|cap)|gpus?` },
];
const FACTOR = String.raw`(?<word>double|twice|triple|thrice|quadruple|halve|half)|(?<n>\d+(?:\.\d+)?)\s*(?:x|×|times)`;

const METRIC_OF: { priority: SignalPriority; words: string }[] = [
  { priority: 'COST', words: String.raw`cost|costs|price|money|budget` },
  { priority: 'LATENCY', words: String.raw`latency|speed|response\s+times?` },
  { priority: 'ACCURACY', words: String.raw`quality|accuracy` },
];

function span(m: RegExpMatchArray): SpanMatch {
  return { index: m.index!, end: m.index! + m[0].length, text: m[0] };
}

export function findFollowUps(text: string): FollowUpPhrases {
  const cleared: FollowUpPhrases['cleared'] = {};
  const clear = (fields: IntentFieldName[], s: SpanMatch) => {
    for (const f of fields) cleared[f] ??= s;
  };
  for (const target of TARGETS) {
    const removed = new RegExp(
      String.raw`\b${REMOVE}${DETERMINER}\s+(?:${target.words})\b|\bno\s+(?:${target.words})\b|\b(?:the\s+)?(?:${target.words})\s+${GONE}`,
      'gi',
    );
    for (const m of text.matchAll(removed)) clear(target.fields, span(m));
  }
  for (const open of OPEN_ENDED) for (const m of text.matchAll(open.re)) clear(open.fields, span(m));

  const addMatch = [...text.matchAll(ADD_GPUS)][0];
  const scaled: FollowUpPhrases['scaled'] = {};
  for (const noun of SCALE_NOUNS) {
    const patterns = [
      // "double the users", "twice as many users", "3x the traffic", "halve the budget"
      new RegExp(
        String.raw`\b(?:${FACTOR})\s+(?:as\s+(?:many|much)\s+|the\s+|our\s+|my\s+)?(?:number\s+of\s+)?(?:${noun.words})\b`,
        'gi',
      ),
      // "users x2", "budget times 3"
      new RegExp(String.raw`\b(?:${noun.words})\s*(?:x|×|times)\s*(?<n>\d+(?:\.\d+)?)\b`, 'gi'),
      // "50% more users", "20 percent less budget"
      new RegExp(
        String.raw`(?<pct>\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?<dir>more|fewer|less)\s+(?:${noun.words})\b`,
        'gi',
      ),
    ];
    for (const re of patterns) {
      for (const m of text.matchAll(re)) {
        const g = m.groups ?? {};
        let factor: number | undefined;
        if (g.word) factor = FACTOR_WORDS[g.word.toLowerCase()];
        else if (g.n) factor = Number(g.n);
        else if (g.pct) factor = 1 + ((g.dir === 'more' ? 1 : -1) * Number(g.pct)) / 100;
        if (factor !== undefined && factor > 0 && Number.isFinite(factor)) {
          scaled[noun.field] ??= { factor, span: span(m) };
        }
      }
    }
  }

  const balancedMatch =
    /\b(?:make\s+it|go|switch\s+to|just|keep\s+it)\s+balanced\b|\bbalanced\s+(?:priority|is\s+fine|ranking)\b|\bbalance\s+(?:everything|it\s+all|all\s+three|cost,?\s+(?:and\s+)?(?:speed|latency|quality)(?:\s+and\s+(?:speed|latency|quality))?)\b|\bpriority\s*[:=]?\s*balanced\b/i.exec(
      text,
    );
  const withdrawn: FollowUpPhrases['withdrawn'] = [];
  for (const metric of METRIC_OF) {
    const re = new RegExp(
      String.raw`\b(?:${metric.words})\s+(?:(?:doesn't|does\s+not|don't|do\s+not)\s+matter(?:\s+(?:any\s*more|as\s+much))?|(?:(?:is\s+|are\s+)?no\s+longer|isn't|is\s+not)\s+(?:matters?|a\s+(?:priority|concern)|important|critical|the\s+(?:priority|focus))|matters?\s+less)\b`,
      'i',
    );
    const m = re.exec(text);
    if (m) withdrawn.push({ priority: metric.priority, span: span(m) });
  }

  return {
    cleared,
    addGpus: addMatch ? span(addMatch) : null,
    scaled,
    balanced: balancedMatch ? span(balancedMatch) : null,
    withdrawn,
  };
}
