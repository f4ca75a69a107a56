import type { SloOverrides } from '../types.js';
import { COUNT_SOURCE, findDurations, findMoney, findPercents, parseCount, type SpanMatch } from './units.js';

/**
 * Constraints from wording: budget, GPU count cap, SLO overrides, headroom, minimum quality,
 * approved models. Each finder returns its value, notes and the spans it used.
 */

function fmt(x: number, digits = 2): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: digits });
}

// ── budget ────────────────────────────────────────────────────────────────────────────────────────

export interface BudgetPhrase {
  maxMonthlyCostUsd: number | null;
  notes: string[];
  spans: SpanMatch[];
}

/**
 * Every money amount is read as a budget ceiling, converted to per month (730 h): a year ÷ 12, a day ×
 * 730/24, an hour × 730. No period → per month (noted). Several → the smallest (noted).
 */
export function findBudget(text: string): BudgetPhrase {
  const amounts = findMoney(text);
  if (amounts.length === 0) return { maxMonthlyCostUsd: null, notes: [], spans: [] };
  const notes: string[] = [];
  for (const a of amounts) {
    if (a.currency !== 'USD')
      notes.push(`"${a.text.trim()}" read as US dollars (Compass prices GPUs in USD)`);
    if (a.period === null) notes.push(`no period given for "${a.text.trim()}"; read as a monthly budget`);
    else if (a.period !== 'month') {
      notes.push(`"${a.text.trim()}" converted to $${fmt(a.monthlyAmount)}/month (730 h a month)`);
    }
  }
  const chosen = amounts.reduce((a, b) => (b.monthlyAmount < a.monthlyAmount ? b : a));
  if (new Set(amounts.map((a) => a.monthlyAmount)).size > 1) {
    notes.push(
      `several money amounts given; the smallest, $${fmt(chosen.monthlyAmount)}/month, is the budget`,
    );
  }
  return { maxMonthlyCostUsd: Math.round(chosen.monthlyAmount * 100) / 100, notes, spans: amounts };
}

// ── GPU count cap ─────────────────────────────────────────────────────────────────────────────────

export interface GpuCapPhrase {
  counts: number[];
  notes: string[];
  spans: SpanMatch[];
  /** The phrases of `counts` (a minimum, which is ignored, is in `spans` only). */
  evidence: SpanMatch[];
}

const GPU_NOUN = String.raw`(?:gpus?|cards?|accelerators?)\b`;
const GPU_TYPE_TOKEN = String.raw`(?:(?:nvidia|amd)[\s-]+)?(?:[a-z]{1,3}\d{1,4}[a-z0-9-]*s?\s+)?`;
const LOWER_BOUND = /\b(?:at least|minimum(?: of)?|min\.?|no fewer than|no less than|>=?|≥)\s*$/i;
const STRICT_UPPER = /\b(?:fewer than|less than|under|below|<)\s*$/i;
const CAP_RES: RegExp[] = [
  new RegExp(String.raw`(?<count>${COUNT_SOURCE})\s*(?:x|×)?\s*${GPU_TYPE_TOKEN}${GPU_NOUN}`, 'gi'),
  new RegExp(String.raw`\b(?:a\s+)?(?<single>single)\s+${GPU_TYPE_TOKEN}${GPU_NOUN}`, 'gi'),
  new RegExp(
    String.raw`\b(?:max(?:imum)?\s+(?:number\s+of\s+)?gpus?\s*(?:of|:|=|<=|≤|is|at)?|gpus?\s+(?:limit|cap|budget|count|quota|max(?:imum)?)\s*(?:of|:|=|<=|≤|is|at)?|gpus?\s*[:=]\s*(?:max(?:imum)?|at most|up to|<=|≤)?)\s*(?<count>${COUNT_SOURCE})(?!\s*[$%])`,
    'gi',
  ),
  new RegExp(
    String.raw`(?<count>${COUNT_SOURCE})\s*(?:x|×)?\s*(?:(?:nvidia|amd)[\s-]+)?(?<type>[a-z]{1,3}\d{1,4}[a-z0-9-]*)(?![\w-])`,
    'gi',
  ),
];

/**
 * "no more than 8 GPUs", "at most 4 GPUs", "up to 8 H100 GPUs", "8x H100", "GPU limit of 16", "a single
 * GPU". `isGpuName` tells whether a bare token ("H100s") is a catalog GPU. "fewer than 8" caps at 7;
 * "at least 2 GPUs" is a minimum, which is not a supported constraint (noted, ignored).
 */
export function findGpuCaps(text: string, isGpuName: (name: string) => boolean): GpuCapPhrase {
  const counts: number[] = [];
  const notes: string[] = [];
  const spans: SpanMatch[] = [];
  const evidence: SpanMatch[] = [];
  for (const re of CAP_RES) {
    for (const m of text.matchAll(re)) {
      const g = m.groups ?? {};
      if (g.type !== undefined && !isGpuName(g.type)) continue;
      if (spans.some((s) => m.index < s.end && s.index < m.index + m[0].length)) continue;
      const count = g.single ? 1 : parseCount(g.count ?? '');
      if (count === null || !Number.isInteger(count) || count < 1) continue;
      const before = text.slice(Math.max(0, m.index - 20), m.index);
      spans.push({ index: m.index, end: m.index + m[0].length, text: m[0] });
      if (LOWER_BOUND.test(before)) {
        notes.push(`"${m[0].trim()}" is a minimum; only a maximum GPU count is supported, so it is ignored`);
        continue;
      }
      counts.push(STRICT_UPPER.test(before) && count > 1 ? count - 1 : count);
      evidence.push(spans.at(-1)!);
    }
  }
  // "on A100s, at most 4 of them", "H200s, no more than 4", "A100 80GB cards only, 16 max": a cap
  // right after a GPU name, without the word GPU.
  for (const m of text.matchAll(GPU_NAME_RE)) {
    if (!isGpuName(m[0].replace(/(?:\s*(?:cards?|gpus?))$/i, ''))) continue;
    const end = m.index + m[0].length;
    const after = AFTER_NAME_CAP_RE.exec(text.slice(end, end + 50));
    if (!after) continue;
    const start = end + after.index;
    const stop = start + after[0].length;
    if (spans.some((sp) => start < sp.end && sp.index < stop)) continue;
    const count = parseCount(after.groups?.count ?? after.groups?.count2 ?? '');
    if (count === null || !Number.isInteger(count) || count < 1) continue;
    spans.push({ index: start, end: stop, text: text.slice(start, stop) });
    evidence.push(spans.at(-1)!);
    counts.push(count);
  }
  return { counts, notes, spans, evidence };
}

const GPU_NAME_RE = /(?<![\w-])(?:(?:nvidia|amd)[\s-]+)?[a-z]{1,3}\d{1,4}(?:[\s-]?\d{2,3}\s?gb)?[a-z0-9-]*/gi;
const AFTER_NAME_CAP_RE = new RegExp(
  String.raw`^(?:\s*(?:s|cards?|gpus?|only|cards only))*[^.;:\n\d]{0,12}?(?:,|\band\b|-)?\s*` +
    String.raw`(?:(?:at most|no more than|not more than|max(?:imum)?(?: of)?|up to|a max of|limit(?:ed)? (?:of|to))\s+(?<count>${COUNT_SOURCE})(?:\s+of\s+them)?` +
    String.raw`|(?<count2>${COUNT_SOURCE})\s+(?:of\s+them\s+)?(?:max(?:imum)?|at most|tops)\b)`,
  'i',
);

// ── SLO overrides ─────────────────────────────────────────────────────────────────────────────────

type SloKey = keyof SloOverrides;

const SLO_WORDS: { key: SloKey; specific: boolean; re: RegExp }[] = [
  {
    key: 'ttftP95Ms',
    specific: true,
    re: /\b(?:ttft|time[- ]to[- ]first[- ](?:token|byte)|first[- ]token(?:\s+latency|\s+time)?|first\s+(?:byte|word))\b/gi,
  },
  {
    key: 'itlP95Ms',
    specific: true,
    re: /\b(?:itl|tpot|inter[- ]?token(?:\s+latency)?|time\s+per\s+(?:output\s+)?token|per[- ]token(?:\s+latency)?|token\s+latency|between\s+tokens)\b/gi,
  },
  {
    key: 'e2eP95Ms',
    specific: false,
    re: /\b(?:e2e|end[- ]to[- ]end(?:\s+latency)?|latency|response\s+times?|total\s+time|full\s+(?:response|answer)s?|respon(?:d|ds|se|ses)|answers?|replies|reply|completion\s+time|generation\s+time|finish(?:ed|es)?|turnaround|done)\b/gi,
  },
];
const LABELS: Record<SloKey, string> = { ttftP95Ms: 'TTFT', itlP95Ms: 'ITL', e2eP95Ms: 'E2E' };

export interface SloPhrase {
  sloOverrides: SloOverrides;
  notes: string[];
  spans: SpanMatch[];
  /** The durations read for each target. */
  evidence: Partial<Record<SloKey, SpanMatch[]>>;
}

const BARE_PERCENTILE =
  /\bp(?:50|75|90|95|99|99\.9)\s*(?:(?:under|below|<=?|≤|of|within|at most|max(?:imum)?|=|:|~|is|should be|must be)\s*)*$/i;

/** The metric word ending closest to the end of `before` (specific words win a tie with "latency"). */
function nearestMetricBefore(before: string): SloKey | null {
  let best: { key: SloKey; end: number; specific: boolean } | null = null;
  for (const word of SLO_WORDS) {
    for (const m of before.matchAll(word.re)) {
      const end = m.index + m[0].length;
      if (!best || end > best.end || (end === best.end && word.specific && !best.specific)) {
        best = { key: word.key, end, specific: word.specific };
      }
    }
  }
  return best?.key ?? null;
}

/** A metric word right after the number ("200 ms TTFT", "0.5 s time to first token"): key and length. */
function metricRightAfter(after: string): { key: SloKey; length: number } | null {
  for (const word of SLO_WORDS) {
    const m = new RegExp(
      String.raw`^\s*(?:(?:of|for|the|max(?:imum)?|target|p\d{2}|or less|at most)\s+)*(?:${word.re.source})`,
      'i',
    ).exec(after);
    if (m) return { key: word.key, length: m[0].length };
  }
  return null;
}

/**
 * A duration is an SLO target when a metric word binds it: "ms per token" is ITL; else the nearest
 * metric word before it in its clause, not reaching back past the previous target ("TTFT under
 * 200 ms"); else a metric word right after it ("200 ms TTFT"); else a bare percentile right before
 * it ("p95 under 800 ms"). Bare "latency", "response time", "answers within" and "p95" mean end-to-end. Targets are p95 (other percentiles are applied as p95, noted).
 */
export function findSloOverrides(text: string): SloPhrase {
  const values: Partial<Record<SloKey, number[]>> = {};
  const notes: string[] = [];
  const spans: SpanMatch[] = [];
  const evidence: SloPhrase['evidence'] = {};
  let boundTo = 0;
  for (const d of findDurations(text)) {
    const from = Math.max(boundTo, d.index - 60);
    const head = text.slice(from, d.index);
    const before = head.slice(Math.max(...['.', ';', '\n', '!', '?'].map((c) => head.lastIndexOf(c))) + 1);
    const after = text.slice(d.end, d.end + 40);
    let key: SloKey | null = /^\s*(?:\/|per)\s*(?:output\s+)?token\b/i.test(after) ? 'itlP95Ms' : null;
    let end = d.end;
    key ??= nearestMetricBefore(before);
    if (key === null) {
      const right = metricRightAfter(after);
      if (right) {
        key = right.key;
        end = d.end + right.length;
      }
    }
    // "p95 under 800 ms": a percentile with no metric word is a response-time target.
    if (key === null && BARE_PERCENTILE.test(before)) key = 'e2eP95Ms';
    if (key === null) continue;
    boundTo = end;
    spans.push(d);
    (evidence[key] ??= []).push(d);
    (values[key] ??= []).push(d.ms);
    const percentile = /\bp(50|75|90|99|99\.9)\b/i.exec(`${before} ${after.slice(0, 12)}`);
    if (percentile)
      notes.push(
        `${LABELS[key]} target "${d.text.trim()}" given as p${percentile[1]}; applied as the p95 target`,
      );
  }
  const sloOverrides: SloOverrides = {};
  for (const key of Object.keys(values) as SloKey[]) {
    const list = values[key] ?? [];
    if (list.length === 0) continue;
    sloOverrides[key] = Math.min(...list);
    if (new Set(list).size > 1)
      notes.push(`several ${LABELS[key]} targets given; used the strictest, ${fmt(Math.min(...list))} ms`);
  }
  return { sloOverrides, notes, spans, evidence };
}

// ── quality, headroom, approved models ────────────────────────────────────────────────────────────

const NUM = String.raw`(?<![\w.,])(\d+(?:\.\d+)?)`;
const QUALITY_RES: RegExp[] = [
  new RegExp(
    String.raw`\b(?:quality|accuracy)(?:\s+score)?\s*(?:of\s+|[:=]\s*)?${NUM}\s*(%|percent)?\s*(?:minimum|min\b|or (?:higher|more|better|above)|\+|and (?:up|above))`,
    'gi',
  ),
  new RegExp(
    String.raw`\bscor(?:e|es|ing)\s+(?:at least|above|over|>=?|≥)?\s*${NUM}\s*(%|percent)?\s*\+?\s*(?:or (?:higher|more|better)\s+)?(?:on|for|in)\s+quality\b`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:quality|accuracy)(?:\s+score)?\s*(?:of|:|=|must be|should be|needs to be)?\s*(?:at least|above|over|no less than|>=?|≥|min(?:imum)?(?: of)?)\s*${NUM}\s*(%|percent|\/\s*100)?`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:min(?:imum)?|at least)\s+(?:a\s+|an\s+)?(?:quality|accuracy)(?:\s+score)?\s*(?:of|:|=)?\s*${NUM}\s*(%|percent|\/\s*100)?`,
    'gi',
  ),
  new RegExp(
    String.raw`\b(?:at least|above|over|>=?|≥|min(?:imum)?(?: of)?)\s*${NUM}\s*(%|percent|\/\s*100)?\s+(?:quality|accuracy)\b`,
    'gi',
  ),
];

export interface ScalarPhrase {
  value: number | null;
  notes: string[];
  spans: SpanMatch[];
}

/** Quality scores are 0–100 (data/accuracy); "0.8" is read as 80. */
export function findMinQuality(text: string): ScalarPhrase {
  const notes: string[] = [];
  const spans: SpanMatch[] = [];
  const found: number[] = [];
  for (const re of QUALITY_RES) {
    for (const m of text.matchAll(re)) {
      if (spans.some((s) => m.index < s.end && s.index < m.index + m[0].length)) continue;
      let value = Number(m[1]);
      if (value <= 1 && m[1]?.includes('.') && !m[2]) {
        notes.push(`minimum quality ${m[1]} read as ${fmt(value * 100)} on the 0–100 scale`);
        value *= 100;
      }
      spans.push({ index: m.index, end: m.index + m[0].length, text: m[0] });
      if (value > 100) {
        notes.push(`minimum quality ${fmt(value)} is off the 0–100 scale; ignored`);
        continue;
      }
      found.push(value);
    }
  }
  const value = found.length > 0 ? Math.max(...found) : null;
  if (new Set(found).size > 1)
    notes.push(`several minimum quality scores given; used the highest, ${fmt(value ?? 0)}`);
  return { value, notes, spans };
}

const HEADROOM_WORDS =
  /\b(?:headroom|buffer|spare capacity|safety margin|margin|over-?provision\w*|burst capacity|growth)\b/i;

/** "20% headroom", "headroom of 25 percent", "over-provision by 30%". */
export function findHeadroom(text: string): ScalarPhrase {
  for (const p of findPercents(text)) {
    const before =
      text
        .slice(Math.max(0, p.index - 40), p.index)
        .split(/[.;,!?\n]/)
        .pop() ?? '';
    const after = text.slice(p.end, p.end + 40).split(/[.;,!?\n]/)[0] ?? '';
    if (HEADROOM_WORDS.test(before) || HEADROOM_WORDS.test(after)) {
      return { value: p.percent, notes: [], spans: [p] };
    }
  }
  return { value: null, notes: [], spans: [] };
}

const APPROVED =
  /\b(?:production[- ]approved|approved[- ]for[- ]production|(?:only\s+)?(?:pre-?)?approved\s+(?:models?|ones|llms?)|approved[- ]only|(?:vetted|certified|whitelisted|allow-?listed|sanctioned)\s+(?:models?|llms?)|models?\s+(?:must|should|need to)\s+be\s+approved|(?:restricted|limited|confined)\s+to\s+(?:the\s+|our\s+)?approved\s+(?:catalog(?:ue)?|list|registry|set)|approved\s+(?:model\s+)?(?:catalog(?:ue)?|list))\b/i;

export function wantsApprovedOnly(text: string): boolean {
  return APPROVED.test(text);
}

/** The phrase asking for approved models only, if any. */
export function findApprovedOnly(text: string): SpanMatch | null {
  const m = APPROVED.exec(text);
  return m ? { index: m.index, end: m.index + m[0].length, text: m[0] } : null;
}
