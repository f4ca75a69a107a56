import { isPersonNoun } from './people.js';
import { findRates, type SpanMatch } from './units.js';
import { findUserCounts } from './user-counts.js';

/**
 * Load from wording: users, requests per user, and total request rates.
 *
 * - A rate is per user when the phrase says so ("2 requests per user per minute", "… per minute
 *   each") or its clause starts that way ("each user sends 2 requests per minute").
 * - Several total rates: one marked as the peak ("peak of 80 req/s") wins, else the largest.
 * - Several user counts: one marked concurrent/simultaneous/peak/online wins, else the largest.
 * - requestsPerUserPerMinute stays null unless stated; the load model (recommend/load.ts) then
 *   assumes 2 requests per user per minute.
 */

export interface LoadPhrases {
  users: number | null;
  requestsPerUserPerMinute: number | null;
  requestsPerSecond: number | null;
  notes: string[];
  /** Character spans used up, so later scanners do not read "2 requests per minute" as something else. */
  spans: SpanMatch[];
  /** The phrases each value was read from (the chosen one, or all that were added up or compared). */
  evidence: { users: SpanMatch[]; requestsPerUserPerMinute: SpanMatch[]; requestsPerSecond: SpanMatch[] };
}

const PER_USER_BEFORE =
  /(?:\b(?:each|every|per|a|an|the average|an average|the typical|a typical)\s+(?:active\s+)?(?:user|person|customer|employee|developer|engineer|agent|member|student|seat)\b|\busers?\s+(?:each\s+|typically\s+|usually\s+|will\s+)?(?:send|make|submit|issue|ask|fire|average|generate|do)s?\b|\b(?:each|they each)\s+(?:sends?|makes?|submits?|asks?|issues?|does)\b|\bper[- ]user\b)[^.;]*$/i;
const PEAK_BEFORE =
  /\b(?:peak(?:s|ing)?(?:\s+(?:of|at|load|traffic|rate))?|at (?:the )?peak|spikes? (?:of|to|up to)|bursts? (?:of|to)|max(?:imum)?(?:\s+of)?|up to)\s*(?:around|about|~|of)?\s*$/i;

/** Words that may follow "each" / "each user" before its verb or its rate ("each about 5 per hour"). */
const EACH_LEAD = new Set(
  'one about around roughly approximately maybe perhaps at in on of with from can could will would may might should must then only also and or to per is does gets'.split(
    ' ',
  ),
);
/** A word that can start what a person does: a verb ("sends", "asking"), an adverb, "one", a lead word. */
const actsAfter = (word: string | undefined) =>
  word === undefined || EACH_LEAD.has(word) || /(?:s|ly|ing|ed)$/.test(word);
const personWord = (word: string) => isPersonNoun(word) || isPersonNoun(`${word}s`);

/**
 * "each customer complaint", "Recap each customer chat", "each email": `each` / `every` picks out the
 * thing counted, not a person, so such a phrase blanks out before the per-user tests; "each user
 * sends", "each handles", "each asking", "each one maybe", "each about 5 per hour", "each ~4 messages"
 * are left as they are.
 */
export function blankEachItem(text: string): string {
  return text.replace(
    /\b(?:each|every)\b(?:\s+([a-z][\w'-]*))?(?:\s+([a-z][\w'-]*))?/gi,
    (all: string, w1: string | undefined, w2: string | undefined) => {
      const a = w1?.toLowerCase();
      const b = w2?.toLowerCase();
      if (a === undefined || actsAfter(a)) return all;
      if (personWord(a) && actsAfter(b)) return all;
      return ' '.repeat(all.length);
    },
  );
}

function fmt(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export function findLoad(text: string): LoadPhrases {
  const notes: string[] = [];
  const spans: SpanMatch[] = [];
  const perUser: { rpm: number; span: SpanMatch }[] = [];
  const totals: { rps: number; peak: boolean; text: string; span: SpanMatch }[] = [];
  for (const rate of findRates(text, isPersonNoun)) {
    spans.push(rate);
    const before = blankEachItem(text.slice(Math.max(0, rate.index - 60), rate.index));
    // "…, each triggers about 10 completions per minute": the rate's clause says it is per person.
    const clause = before.split(/[,.;:(\n]/).at(-1) ?? '';
    if (rate.perUser || PER_USER_BEFORE.test(before) || /\beach\b/i.test(clause)) {
      perUser.push({ rpm: rate.requestsPerSecond * 60, span: rate });
    } else
      totals.push({
        rps: rate.requestsPerSecond,
        peak: PEAK_BEFORE.test(before),
        text: rate.text.trim(),
        span: rate,
      });
  }

  const evidence: LoadPhrases['evidence'] = {
    users: [],
    requestsPerUserPerMinute: [],
    requestsPerSecond: [],
  };
  let requestsPerSecond: number | null = null;
  if (totals.length > 0) {
    const peaks = totals.filter((t) => t.peak);
    const pool = peaks.length > 0 ? peaks : totals;
    const chosen = pool.reduce((a, b) => (b.rps > a.rps ? b : a));
    requestsPerSecond = chosen.rps;
    evidence.requestsPerSecond.push(chosen.span);
    if (new Set(totals.map((t) => t.rps)).size > 1) {
      notes.push(
        `several request rates given (${totals.map((t) => `"${t.text}"`).join(', ')}); sized for ` +
          `${peaks.length > 0 ? 'the stated peak' : 'the largest'}, ${fmt(chosen.rps)} req/s`,
      );
    }
  }

  let requestsPerUserPerMinute: number | null = null;
  if (perUser.length > 0) {
    const chosen = perUser.reduce((a, b) => (b.rpm > a.rpm ? b : a));
    requestsPerUserPerMinute = chosen.rpm;
    evidence.requestsPerUserPerMinute.push(chosen.span);
    if (new Set(perUser.map((p) => p.rpm)).size > 1) {
      notes.push(`several per-user rates given; used the largest, ${fmt(requestsPerUserPerMinute)} req/min`);
    }
  }

  const masked = maskSpans(text, spans);
  const userCounts = findUserCounts(masked);
  for (const u of userCounts) {
    spans.push(u);
    if (/\d\s*(?:-|to)\s*$/i.test(masked.slice(Math.max(0, u.index - 12), u.index))) {
      notes.push(`a range of users given; sized for the upper end, ${fmt(u.users)}`);
    }
    if (u.vague)
      notes.push(
        `"${u.text.trim()}" is vague; planned for ${fmt(u.users)} users — edit users if you know better`,
      );
  }
  let users: number | null = null;
  if (userCounts.length > 0) {
    const peaks = userCounts.filter((u) => u.peak);
    const pool = peaks.length > 0 ? peaks : userCounts;
    const chosen = pool.reduce((a, b) => (b.users > a.users ? b : a));
    users = chosen.users;
    evidence.users.push(chosen);
    if (new Set(userCounts.map((u) => u.users)).size > 1) {
      notes.push(
        `several user counts given; used ${fmt(users)} (${peaks.length > 0 ? 'the concurrent/peak one' : 'the largest'})`,
      );
    }
    if (chosen.notPeak) {
      notes.push(
        `${fmt(users)} users read as users active at peak; daily, monthly or registered counts overstate the peak — edit users if fewer are active at once`,
      );
    }
  }

  if (requestsPerSecond !== null && users !== null) {
    notes.push(
      `both a request rate (${fmt(requestsPerSecond)} req/s) and a user count (${fmt(users)}) given; the explicit rate sizes the deployment`,
    );
  }
  return { users, requestsPerUserPerMinute, requestsPerSecond, notes, spans, evidence };
}

/** Blank out spans (same length, so indices still line up). */
export function maskSpans(text: string, spans: readonly SpanMatch[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.index) + ' '.repeat(s.end - s.index) + out.slice(s.end);
  return out;
}
