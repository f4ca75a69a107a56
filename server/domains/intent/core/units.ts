/**
 * Numbers with units and magnitudes as people type them: "5,000", "1.5k", "2M", "twelve thousand",
 * "50 req/s", "300 rpm", "1M requests per day", "$5k/month", "under $1.2M a year", "200ms", "0.5 s".
 * Pure functions; the scanners return character spans so callers can tell what surrounds a match.
 */

export type Period = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A month is 730 hours, as in the cost model (capacity.ts HOURS_PER_MONTH); a quarter 3 months; a year is 8,760 hours. */
export const HOURS_PER_MONTH = 730;
export const PERIOD_SECONDS: Record<Period, number> = {
  second: 1,
  minute: 60,
  hour: 3_600,
  day: 86_400,
  week: 7 * 86_400,
  month: HOURS_PER_MONTH * 3_600,
  quarter: 3 * HOURS_PER_MONTH * 3_600,
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
  /** Money only ("120 grand a year"): see BARE_MONEY_RE. */
  grand: 1e3,
};

// Not inside a word ("H100", "p95"), a name ("A100-80", "GPT-4"), a decimal or a thousands group
// ("1,00"); a range's upper end ("5,000-10,000") is fine.
const NOT_INSIDE = String.raw`(?<![\w.])(?<!\d,)(?<![a-z]\w*-)`;
// "10 000" (a space as thousands separator) counts as one number when every group has three digits.
const DIGITS = String.raw`${NOT_INSIDE}(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+(?![\d,.])|\d+)(?:\.\d+)?|${NOT_INSIDE}\.\d+`;
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
  String.raw`|\b(?:${WORDS})\b(?:\s+(?:${BIG})\b)?|\bhalf\s+an?\s+(?:million|billion)\b|\ban?\s+(?:${BIG})\b)`;

/**
 * Vague counts of people: "a few hundred", "a couple thousand", "several hundred", "thousands of",
 * "tens of thousands of", "a dozen", "3 dozen", "a few dozen". Read by `parseVagueCount`.
 */
export const VAGUE_COUNT_SOURCE =
  String.raw`\b(?:(?:a\s+)?(?:few|couple(?:\s+of)?)|several|some)\s+(?:hundred|thousand|dozen)\b` +
  String.raw`|\b(?:tens|hundreds)\s+of\s+thousands\b|\b(?:hundreds|thousands|millions|dozens)(?=\s+of\b)` +
  String.raw`|(?:\b(?:${WORDS})|${NOT_INSIDE}\d+)\s+dozen\b|\ba\s+dozen\b`;

const VAGUE_HEADS: Record<string, number> = { few: 3, couple: 2, several: 5, some: 3, a: 1 };
const VAGUE_PLURALS: Record<string, number> = {
  'tens of thousands': 20_000,
  'hundreds of thousands': 200_000,
  hundreds: 200,
  thousands: 2_000,
  millions: 2_000_000,
  dozens: 24,
};

/**
 * A vague count as one number to plan for: "a few" = 3, "a couple" = 2, "several" = 5 (× the
 * magnitude), "thousands" = 2,000, "tens of thousands" = 20,000, "a dozen" = 12, "3 dozen" = 36.
 */
export function parseVagueCount(raw: string): number | null {
  const t = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  const plural = VAGUE_PLURALS[t];
  if (plural !== undefined) return plural;
  const m = /^(?:a )?(few|couple|several|some|a|[a-z]+|\d+)(?: of)? (hundred|thousand|dozen)$/.exec(t);
  if (!m) return null;
  const head = m[1]!;
  const base = VAGUE_HEADS[head] ?? (/^\d+$/.test(head) ? Number(head) : WORD_NUMBERS[head]);
  if (base === undefined) return null;
  return base * (m[2] === 'dozen' ? 12 : MAGNITUDES[m[2]!]!);
}

/** "5,000" → 5000, "1.5k" → 1500, "2 M" → 2e6, "twelve thousand" → 12000, "a million" → 1e6. */
export function parseCount(raw: string): number | null {
  const half = /^half\s+an?\s+(million|billion)$/.exec(raw.trim().toLowerCase());
  if (half?.[1]) return MAGNITUDES[half[1]]! / 2;
  const m =
    /^((?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?|\.\d+|[a-z]+)\s*(k|mm|mn|m|bn|hundred|thousand|million|billion|grand)?$/.exec(
      raw.trim().toLowerCase(),
    );
  if (!m || m[1] === undefined) return null;
  const head = m[1];
  const base = /^[\d.,]/.test(head) ? Number(head.replace(/[, ]/g, '')) : WORD_NUMBERS[head];
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
  [/^(quarters?|qtrs?|quarterly)$/, 'quarter'],
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

// "3000 lines per minute", "200 announcements a day", "a summary every 2 minutes", "50 per hour",
// "40/sec", "50 of these per hour", "1.2 million stories per month": any thing counted per period, except people, time, money and text size.
const GENERIC_RATE_RE = new RegExp(
  String.raw`(?<count>${COUNT_SOURCE}|\ban?\b)\s+(?<noun>(?:(?!(?:per|an?|each|every)\b)[a-z][\w-]*\s+){0,2}?(?!(?:hundred|thousand|million|billion)\b)[a-z][\w-]*)` +
    String.raw`\s*(?<conn>\/|\bper\b|\ban?\b|\beach\b|\bevery\b)\s*(?<every>(?:${DIGITS})\s*)?(?<period>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b` +
    String.raw`|(?<count2>${COUNT_SOURCE})(?:\s+of\s+(?:these|them|those))?\s*(?:\/\s*|\bper\s+|\ban?\s+|\beach\s+)(?<period2>seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?)\b`,
  'gi',
);
const NOT_RATE_NOUN =
  /^(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|times?|words?|tokens?|characters?|chars?|dollars?|bucks|usd|languages?|gpus?|cards?|percent|x)$/i;

/** Every request rate in the text, converted to requests per second. */
export function findRates(text: string, isPeople: (noun: string) => boolean = () => false): RateMatch[] {
  const out: RateMatch[] = [];
  for (const m of text.matchAll(RATE_RE)) {
    const g = m.groups ?? {};
    const count =
      parseCount(g.count ?? '') ?? ((g.count ?? '').trim().toLowerCase().match(/^an?$/) ? 1 : null);
    const period = periodFromWord(g.period ?? '');
    const every = g.every ? Number(g.every.replace(/[, ]/g, '')) : 1;
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
  for (const m of text.matchAll(GENERIC_RATE_RE)) {
    const g = m.groups ?? {};
    if (out.some((r) => m.index < r.end && r.index < m.index + m[0].length)) continue;
    const rawCount = (g.count ?? g.count2 ?? '').trim().toLowerCase();
    const article = /^an?$/.test(rawCount);
    const count = article ? 1 : parseCount(rawCount);
    const lastNoun = (g.noun ?? '').split(/\s+/).at(-1) ?? '';
    if (g.noun !== undefined && (NOT_RATE_NOUN.test(lastNoun) || isPeople(lastNoun))) continue;
    if (article && g.conn?.toLowerCase() !== 'every') continue;
    const period = periodFromWord(g.period ?? g.period2 ?? '');
    const every = g.every ? Number(g.every.replace(/[, ]/g, '')) : 1;
    if (count === null || period === null || !(every > 0)) continue;
    out.push({
      index: m.index,
      end: m.index + m[0].length,
      text: m[0],
      requestsPerSecond: count / (every * PERIOD_SECONDS[period]),
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

const MONEY_PERIOD = String.raw`(?:\s*(?:\/|\bper\b|\ban?\b|\beach\b|\bevery\b)\s*(?<period>months?|mo|quarters?|qtr|years?|yr|annum|days?|hours?|hrs?|h|weeks?|wk)\b|\s*(?<adverb>monthly|quarterly|annually|annual|yearly|per\s+annum|daily|hourly|weekly)\b)?`;
const MONEY_RE = new RegExp(
  String.raw`(?:(?<pre>(?:US)?\$|€|£|\bUSD|\bEUR|\bGBP)\s?(?:${COUNT_SOURCE})\s?(?:-|–|to)\s?\$?(?<upper>${COUNT_SOURCE})(?:\s?(?<post3>USD|dollars?|bucks)\b)?` +
    String.raw`|(?<pre2>(?:US)?\$|€|£|\bUSD|\bEUR|\bGBP)\s?(?<count>${COUNT_SOURCE})(?:\s?(?<post>USD|dollars?|bucks)\b)?` +
    String.raw`|(?<count2>${COUNT_SOURCE})\s?(?<post2>USD|dollars?|bucks|EUR|euros?|€|GBP|pounds)(?![a-z]))` +
    MONEY_PERIOD,
  'gi',
);
const PERIOD_BEFORE_RE =
  /\b(monthly|quarterly|annual|annually|yearly|daily|weekly|hourly|per\s+(?:month|quarter|year|annum|day|week|hour)|an?\s+(?:month|quarter|year|day|week|hour))\b[^.;$€£\d]{0,30}$/i;

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

// Money without a currency sign: "8k/month", "90k a year", "100k annually" (a magnitude and a money
// period), "120 grand a year" (grand is money anywhere), or a count right after the word budget
// ("budget 2k", "budget: 5000", "budget 90 grand a year").
const BARE_MONEY_RE = new RegExp(
  String.raw`(?:(?<![$€£]\s?)(?<count>(?:${DIGITS})\s?(?:k|m|mm|mn)\b)(?=\s*(?:(?:\/|\bper\b|\ban?\b|\beach\b)\s*(?:months?|mo|quarters?|qtr|years?|yr|annum)\b|(?:monthly|quarterly|annually|annual|yearly|per\s+annum)\b))` +
    String.raw`|(?<![$€£]\s?)(?<grand>(?:${DIGITS})\s?grand)\b` +
    String.raw`|\bbudget(?:ed)?\s*(?:of|is|=|:|-|up\s+to|around|about|under|max(?:imum)?|~)?\s*(?:about|around|roughly|~|under)?\s*(?<count2>(?:${COUNT_SOURCE})(?:\s?grand\b)?)(?!\s*(?:%|percent|gpus?|cards?|x\b)))` +
    MONEY_PERIOD,
  'gi',
);

/** Every money amount in the text; the period comes from after the amount, else from just before it. */
export function findMoney(text: string): MoneyMatch[] {
  const out: MoneyMatch[] = [];
  for (const m of text.matchAll(BARE_MONEY_RE)) {
    const g = m.groups ?? {};
    const amount = parseCount(g.count ?? g.count2 ?? g.grand ?? '');
    if (amount === null) continue;
    const period = periodFromWord(g.period ?? g.adverb ?? '');
    const start = g.count2 === undefined ? m.index : m.index + m[0].indexOf(g.count2);
    out.push({
      index: start,
      end: m.index + m[0].length,
      text: text.slice(start, m.index + m[0].length),
      amount,
      currency: 'USD',
      period,
      monthlyAmount: toMonthly(amount, period),
    });
  }
  for (const m of text.matchAll(MONEY_RE)) {
    const g = m.groups ?? {};
    const amount = parseCount(g.upper ?? g.count ?? g.count2 ?? '');
    if (amount === null) continue;
    if (out.some((r) => m.index < r.end && r.index < m.index + m[0].length)) continue;
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
      currency: currencyOf(g.pre ?? g.pre2 ?? g.post ?? g.post2 ?? g.post3 ?? '$'),
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
    const count = /^half/.test(c) ? 0.5 : /^(an?|one)$/.test(c) ? 1 : Number(c.replace(/[, ]/g, ''));
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
    percent: Number((m.groups?.count ?? '').replace(/[, ]/g, '')),
  }));
}
