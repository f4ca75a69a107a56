import type { Priority } from '../types.js';

/**
 * Priority from wording. Each phrase is a signal of strength 1 (plain: "cheap", "fast") or 2
 * (emphatic: "cheapest", "latency is critical", "most accurate"). Per priority the strongest signal
 * counts. One priority strictly strongest → it wins (a note names the weaker ones). A tie between
 * two or more → BALANCED, with a note: the balanced score weighs accuracy and cost already, and the
 * user is asked to choose. Negated phrases ("latency is not critical", "cost doesn't matter") are
 * not signals. Money amounts ("budget $5k") are constraints, not a COST priority.
 */

export type SignalPriority = Exclude<Priority, 'BALANCED'>;

interface PriorityWord {
  priority: SignalPriority;
  /** 1 plain, 2 emphatic, 3 ranked above another ("quality over cost", "latency first"). */
  strength: 1 | 2 | 3;
  pattern: RegExp;
}

const EMPHASIS = String.raw`(?:critical|crucial|key|paramount|essential|everything|vital|a must|the (?:top|main|primary|first|number one|#1) (?:priority|concern|goal)|(?:our )?(?:top|main|primary|first|number one|#1) (?:priority|concern|goal)|(?:the\s+)?most important|(?:the\s+)?(?:deciding|decisive|determining|main|key|biggest|primary|major)\s+(?:factor|criterion|driver)|what (?:matters|counts)(?: most)?|non-negotiable)`;
const BE = String.raw`(?:is|are|'s|matters?)\s+(?:really\s+|very\s+|absolutely\s+|super\s+)?`;
/** "quality matters most", "cost comes first", "latency above all". */
const FIRST = String.raw`\s+(?:matters?\s+(?:the\s+)?most|counts?\s+most|comes?\s+first|above\s+(?:all(?:\s+else)?|everything)|first\s+and\s+foremost)\b`;

const COST_WORDS = String.raw`(?:cost|costs|price|pricing|money|spend|budget|cheap(?:ness)?)`;
const LATENCY_WORDS = String.raw`(?:latency|speed|response\s+times?|responsiveness|fast)`;
const ACCURACY_WORDS = String.raw`(?:accuracy|quality|correctness|precision)`;
const ANY_METRIC = String.raw`(?:${COST_WORDS}|${LATENCY_WORDS}|${ACCURACY_WORDS})`;
/** "X first", "X over Y", "X > Y", "X matters more (than Y)", "X before Y", "priority: X", "only X". */
function ranked(words: string): RegExp {
  return new RegExp(
    String.raw`\b${words}\s+(?:first\b(?!\s+token)|(?:over|>|before|rather than|more than)\s+${ANY_METRIC}|(?:matters?|counts?|is)\s+more\b)` +
      String.raw`|\bpriority\s*[:=]\s*${words}\b|\b(?:only|just)\s+${words}\b(?!\s*(?:score|[<>≥≤=]|at least))` +
      String.raw`|\bcare\s+(?:about\s+)?${words}\s+above\b|\b${words}\s+(?:is|are)\s+(?:all\s+)?(?:that|what)\s+(?:counts|matters)\b`,
    'i',
  );
}

export const PRIORITY_WORDS: PriorityWord[] = [
  { priority: 'COST', strength: 3, pattern: ranked(COST_WORDS) },
  { priority: 'LATENCY', strength: 3, pattern: ranked(LATENCY_WORDS) },
  { priority: 'ACCURACY', strength: 3, pattern: ranked(ACCURACY_WORDS) },
  // COST
  {
    priority: 'COST',
    strength: 2,
    pattern:
      /\bcheapest\b|\blowest[- ](?:cost|price)\b|\bas cheap as possible\b|\bminimi[sz](?:e|ing) (?:the )?(?:cost|spend|price)s?\b|\btight budget\b|\bbudget is tight\b/i,
  },
  {
    priority: 'COST',
    strength: 2,
    pattern: new RegExp(String.raw`\b(?:cost|price|spend|money)s?(?:\s+(?:${BE})?${EMPHASIS}|${FIRST})`, 'i'),
  },
  {
    priority: 'COST',
    strength: 1,
    pattern:
      /\bcheap(?:er)?\b|\bcost[- ](?:effective|efficient|conscious|sensitive|optimi[sz]ed)\b|\bbudget[- ](?:conscious|friendly|minded|sensitive)\b|\blow[- ]cost\b|\baffordable\b|\binexpensive\b|\beconomical\b|\bsave (?:money|costs?)\b|\bkeep (?:the )?costs? (?:down|low)\b|\bon a (?:tight |shoestring )?budget\b|\blimited budget\b|\bfrugal\b|\bnot (?:too |very |overly |that )?(?:expensive|costly|pricey)\b|\bcosts? (?:must|should|has to|needs to) (?:be|stay) low\b|\bmoney is tight\b|\b(?:cost|costs|price) matters?\b|\b(?:cost|price) (?:is|does)(?=\s*[.;,!]|\s*$)/i,
  },
  // LATENCY
  {
    priority: 'LATENCY',
    strength: 2,
    pattern:
      /\bfastest\b|\blowest[- ]latency\b|\bultra[- ]low[- ]latency\b|\bas fast as possible\b|\blatency[- ]critical\b|\btime[- ]critical\b|\bminimi[sz](?:e|ing) (?:the )?latency\b/i,
  },
  {
    priority: 'LATENCY',
    strength: 2,
    pattern: new RegExp(
      String.raw`\b(?:latency|speed|responsiveness|response\s+times?)(?:\s+(?:${BE})?${EMPHASIS}|${FIRST})`,
      'i',
    ),
  },
  {
    priority: 'LATENCY',
    strength: 1,
    pattern:
      /\bfast(?:er)?\b|\bquick(?:ly)?\b|\blow[- ]latency\b|\breal[- ]?time\b|\bsnappy\b|\bresponsive\b|\binstant(?:ly|aneous)?\b|\blatency[- ]sensitive\b|\bspeedy\b|\bminimal latency\b|\b(?:latency|speed) matters\b|\b(?:latency|speed) (?:is|does)(?=\s*[.;,!]|\s*$)/i,
  },
  // ACCURACY
  {
    priority: 'ACCURACY',
    strength: 2,
    pattern:
      /\b(?:best|highest|top)[- ](?:possible[- ])?(?:quality|accuracy)\b|\bmost (?:accurate|capable|intelligent)\b|\bbest (?:possible )?(?:answers|model|models|results|output)\b|\bstate[- ]of[- ]the[- ]art\b|\bsmartest\b/i,
  },
  {
    priority: 'ACCURACY',
    strength: 2,
    pattern: new RegExp(
      String.raw`\b(?:quality|accuracy|correctness)(?:\s+(?:${BE})?${EMPHASIS}|${FIRST})`,
      'i',
    ),
  },
  {
    priority: 'ACCURACY',
    strength: 1,
    pattern:
      /\baccurate\b|\bhigh[- ](?:quality|accuracy)\b|\b(?:quality|accuracy|correctness) matters\b|\bprecise\b|\bcorrect answers\b|\btop[- ]notch\b|\b(?:good|better|great) quality\b|\breliable answers\b|\b(?:accuracy|quality|correctness) (?:is|does)(?=\s*[.;,!]|\s*$)/i,
  },
];

/** Phrases that deny a priority; signals inside them are ignored. */
const NEGATED: RegExp[] = [
  /\b(?:latency|speed|cost|costs|price|budget|money|quality|accuracy)\s+(?:is|are)\s+(?:not|n't|no longer)\b[^.;,]{0,30}/gi,
  /\b(?:latency|speed|cost|costs|price|money|quality|accuracy)\s+(?:isn't|aren't|doesn't|does not|don't|do not)\b[^.;,]{0,30}/gi,
  /\b(?:latency|speed|cost|price|quality|accuracy)\s+(?:is|are)\s+(?:secondary|less important|a secondary concern|no object)\b/gi,
  /\bnot\s+(?:\w+\s+)?(?:latency[- ](?:sensitive|critical)|real[- ]?time|time[- ]critical|fast|cheap|cheapest|fastest)\b/gi,
  /\b(?:doesn't|does not|don't|do not|no|needn't)\s+(?:need|have)\s+to\s+be\s+(?:\w+\s+)?(?:fast|cheap|real[- ]?time|instant|snappy)\b/gi,
  /\bno need for\s+(?:\w+\s+)?(?:real[- ]?time|low[- ]latency|speed|fast)\b/gi,
  /\bregardless of (?:the )?(?:cost|price|latency)\b|\bmoney is no object\b|\bcost is no object\b/gi,
  /\b(?:don't|do not|doesn't|does not|won't)\s+care\s+(?:much\s+)?about\s+(?:the\s+)?(?:latency|speed|cost|costs|price|quality|accuracy)\b/gi,
  /\b(?:latency|speed|cost|costs|price|quality|accuracy)\s+(?:not|no)\s+(?:a |an |the )?(?:concern|issue|priority|important|critical|problem)\b/gi,
];

/** "latency matters too", "also fast", "quality second": a signal that says it is not the main one. */
const SECONDARY_AFTER =
  /^\s*(?:matters?\s+)?(?:too|also|as well|second(?:ary)?|is (?:a )?nice to have|would be nice)\b/i;
const SECONDARY_BEFORE = /\b(?:also|and also|secondly)\s+$/i;
/** "latency and cost matter equally", "quality and cost equally important". */
const EQUALLY = /\bequal(?:ly)?\b|\bsame weight\b|\bas (?:much|important) as\b/i;
const METRIC_GROUPS = [
  /\b(?:cost|price|cheap|money)/i,
  /\b(?:latency|speed|fast|response time)/i,
  /\b(?:accuracy|quality|correct|good\b)/i,
];

export interface PriorityResult {
  priority: Priority;
  /** The phrases found, by priority. */
  signals: Partial<Record<SignalPriority, { phrase: string; strength: number; index: number; end: number }>>;
  notes: string[];
}

const LABEL: Record<SignalPriority, string> = { COST: 'cost', LATENCY: 'latency', ACCURACY: 'accuracy' };

export function detectPriority(text: string): PriorityResult {
  const negatedSpans: [number, number][] = [];
  for (const re of NEGATED) {
    for (const m of text.matchAll(re)) negatedSpans.push([m.index, m.index + m[0].length]);
  }
  const inNegation = (start: number, end: number) => negatedSpans.some(([s, e]) => start < e && s < end);
  const signals: PriorityResult['signals'] = {};
  for (const word of PRIORITY_WORDS) {
    for (const m of text.matchAll(new RegExp(word.pattern.source, 'gi'))) {
      if (inNegation(m.index, m.index + m[0].length)) continue;
      const end = m.index + m[0].length;
      const secondary =
        word.strength < 3 &&
        (SECONDARY_AFTER.test(text.slice(end, end + 20)) ||
          SECONDARY_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index)));
      const strength = secondary ? 0.5 : word.strength;
      const current = signals[word.priority];
      if (!current || strength > current.strength) {
        signals[word.priority] = { phrase: m[0], strength, index: m.index, end };
      }
    }
  }
  const found = (Object.keys(signals) as SignalPriority[]).map((p) => ({ p, ...signals[p]! }));
  if (found.length === 0) return { priority: 'BALANCED', signals, notes: [] };
  if (EQUALLY.test(text) && METRIC_GROUPS.filter((g) => g.test(text)).length >= 2) {
    return {
      priority: 'BALANCED',
      signals,
      notes: ['the text weighs several priorities equally; using BALANCED'],
    };
  }
  const top = Math.max(...found.map((f) => f.strength));
  const winners = found.filter((f) => f.strength === top);
  const quote = (f: (typeof found)[number]) => `${LABEL[f.p]} ("${f.phrase}")`;
  if (winners.length > 1) {
    return {
      priority: 'BALANCED',
      signals,
      notes: [
        `conflicting priorities: ${winners.map(quote).join(' and ')} are stressed equally; ` +
          'using BALANCED — set the priority to the one that matters most',
      ],
    };
  }
  const [winner] = winners;
  const others = found.filter((f) => f !== winner);
  return {
    priority: winner!.p,
    signals,
    notes:
      others.length > 0
        ? [
            `priority ${winner!.p} from ${quote(winner!)}, stressed more than ${others.map(quote).join(' and ')}`,
          ]
        : [],
  };
}
