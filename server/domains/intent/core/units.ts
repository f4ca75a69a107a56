/**
 * Numbers with units and magnitudes as people type them: "5,000", "1.5k", "2M", "twelve thousand",
 * "50 req/s", "300 rpm", "1M requests per day", "$5k/month", "under $1.2M a year", "200ms", "0.5 s".
 * Pure functions; the scanners return character spans so callers can tell what surrounds a match.
 */

export type Period = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** A month is 730 hours, as in the cost model (capacity.ts HOURS_PER_MONTH); a year is 8,760 hours. */
export const HOURS_PER_MONTH = 730;
export const PERIOD_SECONDS: Record<Period, number> = {
  second: 1,
  minute: 60,
  hour: 3_600,
  day: 86_400,
  week: 7 * 86_400,
  month: HOURS_PER_MONTH * 3_600,
  year: 8_760 * 3_600,
};

const UNIT_WORDS =
  'zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen';
const TEN_WORDS = 'twenty thirty forty fifty sixty seventy eighty ninety';
const WORD_NUMBERS: Record<string, number> = {
  ...Object.fromEntries(UNIT_WORDS.split(' ').map((w, i) => [w, i])),
  ...Object.fromEntries(TEN_WORDS.split(' ').map((w, i) => [w, 20 + 10 * i])),
  single: 1,
  a: 1,
  an: 1,
};

const MAGNITUDES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
  hundred: 100,
};

// Not inside a word ("H100", "p95"), a name ("A100-80", "GPT-4"), a decimal or a thousands group
// ("1,00"); a range's upper end ("5,000-10,000") is fine.
const NOT_INSIDE = String.raw`(?<![\w.])(?<!\d,)(?<![a-z]\w*-)`;
const DIGITS = String.raw`${NOT_INSIDE}(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|${NOT_INSIDE}\.\d+`;
const WORDS = Object.keys(WORD_NUMBERS)
  .filter((w) => !['a', 'an', 'single'].includes(w))
  .join('|');
const BIG = 'hundred|thousand|million|billion';

/**
 * A count: digits with optional thousands commas and decimals, or a number word, then an optional
 * magnitude ("k", "M", "bn", "thousand", "million"). "a"/"an" count only before a magnitude word.
 * Lower-case "m" means million here; durations have their own pattern.
 */
export const COUNT_SOURCE =
  String.raw`(?:(?:${DIGITS})(?:\s?(?:k|mm|mn|m|bn)\b|\s+(?:${BIG})\b)?` +
  String.raw`|\b(?:${WORDS})\b(?:\s+(?:${BIG})\b)?|\ban?\s+(?:${BIG})\b)`;

/** "5,000" → 5000, "1.5k" → 1500, "2 M" → 2e6, "twelve thousand" → 12000, "a million" → 1e6. */
export function parseCount(raw: string): number | null {
  const m =
    /^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+|[a-z]+)\s*(k|mm|mn|m|bn|hundred|thousand|million|billion)?$/.exec(
      raw.trim().toLowerCase(),
    );
  if (!m || m[1] === undefined) return null;
  const head = m[1];
  const base = /^[\d.,]/.test(head) ? Number(head.replaceAll(',', '')) : WORD_NUMBERS[head];
  if (base === undefined || !Number.isFinite(base)) return null;
  const tail = m[2];
  if ((head === 'a' || head === 'an') && tail === undefined) return null;
  return tail === undefined ? base : base * (MAGNITUDES[tail] ?? 1);
}

const PERIOD_WORDS: [RegExp, Period][] = [
  [/^(s|secs?|seconds?|secondly)$/, 'second'],
  [/^(m|mins?|minutes?)$/, 'minute'],
  [/^(h|hrs?|hours?|hourly)$/, 'hour'],
  [/^(d|days?|daily)$/, 'day'],
  [/^(wk|weeks?|weekly)$/, 'week'],
  [/^(mo|mos|months?|monthly)$/, 'month'],
  [/^(yr|years?|annum|annual|annually|yearly)$/, 'year'],
];

export function periodFromWord(word: string): Period | null {
  const w = word
    .trim()
    .toLowerCase()
    .replace(/^per\s+/, '');
  for (const [re, period] of PERIOD_WORDS) if (re.test(w)) return period;
  return null;
}

const PERIOD_SOURCE = String.raw`(?:seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wk|months?|mos?|years?|yr|annum)\b`;
const CONNECTOR = String.raw`(?:\/|\bper\b|\ban?\b|\beach\b|\bevery\b)`;
const REQUEST_NOUN = String.raw`(?:requests?|reqs?|queries|query|api\s+calls?|calls?|messages?|msgs?|prompts?|questions?|conversations?|chats?|completions?|documents?|docs?|emails?|articles?|tickets?|translations?|summaries|jobs?|inferences?|generations?|sessions?|lookups?|searches|pdfs?|files?|pages?|reports?|contracts?|filings?|transcripts?|reviews?|posts?|texts?|records?|images?)\b`;
const USER_SINGULAR = String.raw`(?:user|person|customer|employee|developer|engineer|agent|seat|member|client|student)\b`;
const RATE_ABBR: Record<string, Period> = {
  qps: 'second',
  rps: 'second',
  rpm: 'minute',
  qpm: 'minute',
  rph: 'hour',
  rpd: 'day',
};

export interface SpanMatch {
  index: number;
  end: number;
  text: string;
}

export interface RateMatch extends SpanMatch {
  requestsPerSecond: number;
  /** The phrase itself says it is per user ("2 requests per user per minute", "… per minute each"). */
  perUser: boolean;
}

const RATE_RE = new RegExp(
  String.raw`(?<count>${COUNT_SOURCE}|\ban?\b)\s*(?<noun>${REQUEST_NOUN})\s*` +
    String.raw`(?<perUser>(?:per|each|for\s+each|from\s+each|an?)\s+${USER_SINGULAR}\s*)?` +
    String.raw`${CONNECTOR}\s*(?<every>(?:${DIGITS})\s*)?(?<period>${PERIOD_SOURCE})` +
    String.raw`(?<after>\s+(?:per|each|for\s+each|from\s+each)\s+${USER_SINGULAR}|\s+each\b)?`,
  'gi',
);
const ABBR_RE = new RegExp(
  String.raw`(?<count>${COUNT_SOURCE})\s*(?<abbr>qps|rps|rpm|qpm|rph|rpd)\b` +
    String.raw`|\b(?<abbr2>qps|rps|rpm|qpm)\s*(?:of|:|=|~|≈|around|about|is|at|near)?\s*(?<count2>${COUNT_SOURCE})`,
  'gi',
);

/** Every request rate in the text, converted to requests per second. */
export function findRates(text: string): RateMatch[] {
  const out: RateMatch[] = [];
  for (const m of text.matchAll(RATE_RE)) {
    const g = m.groups ?? {};
    const count =
      parseCount(g.count ?? '') ?? ((g.count ?? '').trim().toLowerCase().match(/^an?$/) ? 1 : null);
    const period = periodFromWord(g.period ?? '');
    const every = g.every ? Number(g.every.replaceAll(',', '')) : 1;
    if (count === null || period === null || !(every > 0)) continue;
    out.push({
      index: m.index,
      end: m.index + m[0].length,
      text: m[0],
      requestsPerSecond: count / (every * PERIOD_SECONDS[period]),
      perUser: Boolean(g.perUser) || Boolean(g.after),
    });
  }
  for (const m of text.matchAll(ABBR_RE)) {
    const g = m.groups ?? {};
    const count = parseCount(g.count ?? g.count2 ?? '');
    const period = RATE_ABBR[(g.abbr ?? g.abbr2 ?? '').toLowerCase()];
    if (count === null || period === undefined) continue;
    if (out.some((r) => m.index < r.end && r.index < m.index + m[0].length)) continue;
    out.push({
      index: m.index,
      end: m.index + m[0].length,
      text: m[0],
      requestsPerSecond: count / PERIOD_SECONDS[period],
      perUser: false,
    });
  }
  return out.sort((a, b) => a.index - b.index);
}

/** "50 req/s" → 50, "300 rpm" → 5, "1M requests per day" → 11.57…; null when the text holds no rate. */
export function parseRatePerSecond(raw: string): number | null {
  return findRates(raw)[0]?.requestsPerSecond ?? null;
}

export type Currency = 'USD' | 'EUR' | 'GBP';

export interface MoneyMatch extends SpanMatch {
  amount: number;
  currency: Currency;
  /** null when the text does not say per what. */
  period: Period | null;
  monthlyAmount: number;
}

const MONEY_PERIOD = String.raw`(?:\s*(?:\/|\bper\b|\ban?\b|\beach\b|\bevery\b)\s*(?<period>months?|mo|years?|yr|annum|days?|hours?|hrs?|h|weeks?|wk)\b|\s*(?<adverb>monthly|annually|annual|yearly|per\s+annum|daily|hourly|weekly)\b)?`;
const MONEY_RE = new RegExp(
  String.raw`(?:(?<pre>(?:US)?\$|€|£|\bUSD|\bEUR|\bGBP)\s?(?<count>${COUNT_SOURCE})(?:\s?(?<post>USD|dollars?|bucks)\b)?` +
    String.raw`|(?<count2>${COUNT_SOURCE})\s?(?<post2>USD|dollars?|bucks|EUR|euros?|€|GBP|pounds)(?![a-z]))` +
    MONEY_PERIOD,
  'gi',
);
const PERIOD_BEFORE_RE =
  /\b(monthly|annual|annually|yearly|daily|weekly|hourly|per\s+(?:month|year|annum|day|week|hour)|an?\s+(?:month|year|day|week|hour))\b[^.;$€£\d]{0,30}$/i;

function currencyOf(symbol: string): Currency {
  const s = symbol.toLowerCase();
  if (s === '€' || s.startsWith('eur')) return 'EUR';
  if (s === '£' || s === 'gbp' || s.startsWith('pound')) return 'GBP';
  return 'USD';
}

/** Amount per period → amount per month (730 h): a year is 12 months, a day 730/24 of a month's days. */
export function toMonthly(amount: number, period: Period | null): number {
  if (period === null || period === 'month') return amount;
  return (amount * PERIOD_SECONDS.month) / PERIOD_SECONDS[period];
}

/** Every money amount in the text; the period comes from after the amount, else from just before it. */
export function findMoney(text: string): MoneyMatch[] {
  const out: MoneyMatch[] = [];
  for (const m of text.matchAll(MONEY_RE)) {
    const g = m.groups ?? {};
    const amount = parseCount(g.count ?? g.count2 ?? '');
    if (amount === null) continue;
    let period = periodFromWord(g.period ?? g.adverb ?? '');
    if (period === null) {
      const before = PERIOD_BEFORE_RE.exec(text.slice(Math.max(0, m.index - 40), m.index));
      if (before?.[1]) period = periodFromWord(before[1].replace(/^an?\s+|^per\s+/i, ''));
    }
    out.push({
      index: m.index,
      end: m.index + m[0].length,
      text: m[0],
      amount,
      currency: currencyOf(g.pre ?? g.post ?? g.post2 ?? '$'),
      period,
      monthlyAmount: toMonthly(amount, period),
    });
  }
  return out;
}

/** "$5k/month" → 5000, "under $1.2M a year" → 100000 (per month; no period stated → read as monthly). */
export function parseMonthlyUsd(raw: string): number | null {
  return findMoney(raw)[0]?.monthlyAmount ?? null;
}

export interface DurationMatch extends SpanMatch {
  ms: number;
}

const DURATION_RE = new RegExp(
  String.raw`(?<count>${DIGITS}|\bhalf\s+an?\b|\ban?\b|\bone\b)\s*` +
    String.raw`(?<unit>ms|msecs?|millis(?:econds?)?|milliseconds?|s|secs?|seconds?|mins?|minutes?)\b`,
  'gi',
);

function unitMs(unit: string): number {
  const u = unit.toLowerCase();
  if (u === 'ms' || u.startsWith('msec') || u.startsWith('milli')) return 1;
  if (u.startsWith('min')) return 60_000;
  return 1_000;
}

export function findDurations(text: string): DurationMatch[] {
  const out: DurationMatch[] = [];
  for (const m of text.matchAll(DURATION_RE)) {
    const g = m.groups ?? {};
    const c = (g.count ?? '').toLowerCase().replace(/\s+/g, ' ');
    const count = /^half/.test(c) ? 0.5 : /^(an?|one)$/.test(c) ? 1 : Number(c.replaceAll(',', ''));
    if (!Number.isFinite(count)) continue;
    // "a s" / "a m" are not durations; word counts need the unit spelled out.
    if (/^[a-z]/.test(c) && !/^(sec|second|min|minute|milli)/i.test(g.unit ?? '')) continue;
    out.push({ index: m.index, end: m.index + m[0].length, text: m[0], ms: count * unitMs(g.unit ?? 's') });
  }
  return out;
}

/** "200ms" → 200, "0.5 s" → 500, "2 seconds" → 2000, "half a second" → 500. */
export function parseDurationMs(raw: string): number | null {
  const [first] = findDurations(raw);
  return first && first.text.trim().length === raw.trim().length ? first.ms : null;
}

export interface PercentMatch extends SpanMatch {
  percent: number;
}

const PERCENT_RE = new RegExp(String.raw`(?<count>${DIGITS})\s*(?:%|percent\b|per\s?cent\b|pct\b)`, 'gi');

export function findPercents(text: string): PercentMatch[] {
  return [...text.matchAll(PERCENT_RE)].map((m) => ({
    index: m.index,
    end: m.index + m[0].length,
    text: m[0],
    percent: Number((m.groups?.count ?? '').replaceAll(',', '')),
  }));
}
