import { isPersonNoun, isSingularPersonNoun } from './people.js';
import { COUNT_SOURCE, parseCount, parseVagueCount, VAGUE_COUNT_SOURCE, type SpanMatch } from './units.js';

/**
 * Head counts as people write them: "5,000 users", "30 patent attorneys", "a team of 45", "our
 * 50-person company", "devs (about 120)", "a couple hundred of them", "thousands of customers",
 * "400 chatting at the same moment", "12 paralegals and 4 partners" (added up).
 */
export interface UserCount extends SpanMatch {
  users: number;
  /** Marked concurrent / at once / online / at peak. */
  peak: boolean;
  /** Daily, monthly, registered, total, overall: more than are active at once. */
  notPeak: boolean;
  vague: boolean;
}

const COUNT_RE = new RegExp(String.raw`(?<vague>${VAGUE_COUNT_SOURCE})|(?<count>${COUNT_SOURCE})`, 'gi');
/** Words that end a noun phrase: a count is not of people across them. */
const STOP = new Set(
  'per a an each every and or in on at to with for from by of than that who which is are was were will would can could should must may might be have has do does it its this these those'.split(
    ' ',
  ),
);
const PEAK_WORDS = /\b(?:concurrent|simultaneous|peak|online|parallel|active at once)\b/i;
const PEAK_AFTER =
  /^\s*(?:\w+ing\s+)?(?:at (?:the same (?:time|moment)|once|a time|peak)|in (?:the )?same time|concurrently|simultaneously|online|at any one time)/i;
const NOT_PEAK_WORDS = /\b(?:daily|monthly|weekly|registered|total|overall|dau|mau)\b/i;
const TEAM_RE = new RegExp(String.raw`\b(?:team|crew|squad)\s+of\s+(?<count>${COUNT_SOURCE})`, 'gi');
const PERSON_SIZE_RE = new RegExp(
  String.raw`(?<count>${COUNT_SOURCE})[- ](?:person|people|user|seat|member)\b`,
  'gi',
);
const BASE_RE = new RegExp(
  String.raw`\b(?:user\s*base|users|seats|audience|user\s+count|team|head\s*count)\s*(?:of|:|=|~|is|around|about|at)\s*(?:about\s+|around\s+|~\s*)?(?<count>${COUNT_SOURCE})`,
  'gi',
);
const PAREN_RE = new RegExp(
  String.raw`\b(?<noun>[a-z][\w-]*)\s*\(\s*(?:about|around|approx\.?|approximately|roughly|~|ca\.?)?\s*(?<count>${COUNT_SOURCE})\s*\)`,
  'gi',
);
const ONLINE_RE = new RegExp(
  String.raw`(?<count>${COUNT_SOURCE})\s+(?:(?:online|chatting|connected|logged[- ]in)\b|(?:concurrent(?:ly)?|simultaneous(?:ly)?)(?=\s*(?:[.,;:!?)]|$))|(?:concurrent|simultaneous|parallel|open)\s+(?:sessions|conversations|chats|connections)\b|(?=(?:at (?:the same (?:time|moment)|once|peak)|in same time|simultaneously|concurrently)\b))`,
  'gi',
);
/**
 * A label and a count, as forms and procurement text put it: "Seats: 3,400", "Staff: 1,200",
 * "Licences - 900", "Headcount 250", "Employees = 300". The label must be a people word.
 */
const LABEL_RE = new RegExp(
  String.raw`\b(?<label>[A-Za-z][\w-]*)\s*(?:[:=]|\s[-–—]|(?<=head-?count)\s)\s*(?:about|around|approx\.?|approximately|roughly|~|≈|ca\.?)?\s*(?<count>${COUNT_SOURCE})(?!\s*(?:%|percent|req|requests|rps|qps|rpm|gpus?|cards?|ms\b|s\b|per\b|\/))`,
  'gi',
);
const LABEL_WORDS = /^(?:seats|licen[cs]es|head-?count|headcount)$/i;

/** After "N of them": a cap ("4 of them at most", "… max", "… on H100") counts GPUs, not people. */
const CAP_AFTER =
  /^\s*(?:at most|max(?:imum)?\b|tops\b|or (?:fewer|less)\b|(?:on\s+)?(?:[a-z]+\d+\w*|gpus?)\b)/i;

function countOf(g: Record<string, string | undefined>): { n: number | null; vague: boolean } {
  if (g.vague !== undefined) return { n: parseVagueCount(g.vague), vague: true };
  return { n: parseCount(g.count ?? ''), vague: false };
}

/** The people noun within three words after `from`, if the words between are modifiers. */
function personNounAfter(text: string, from: number): { end: number; words: string } | null {
  const re = /\s*(?:of\s+)?(?:(?:our|their|the|your)\s+)?/y;
  re.lastIndex = from;
  let at = re.exec(text) ? re.lastIndex : from;
  const words: string[] = [];
  for (let i = 0; i < 4; i++) {
    const w = /[ \t]*\+?[ \t]*([A-Za-z][\w'-]*)/y;
    w.lastIndex = at;
    const m = w.exec(text);
    if (!m?.[1]) return null;
    const word = m[1];
    if (STOP.has(word.toLowerCase())) return null;
    words.push(word);
    at = w.lastIndex;
    if (isPersonNoun(word)) return { end: at, words: words.join(' ') };
    // "10 developer, no AMD": a singular person noun where the phrase ends.
    if (isSingularPersonNoun(word) && /^\s*(?:[,.;:!?)]|$)/.test(text.slice(at, at + 3)))
      return { end: at, words: words.join(' ') };
  }
  return null;
}

export function findUserCounts(text: string): UserCount[] {
  const found: UserCount[] = [];
  const overlaps = (index: number, end: number) => found.some((f) => index < f.end && f.index < end);
  const add = (index: number, end: number, users: number | null, qualifiers: string, vague = false) => {
    if (users === null || !(users >= 1) || overlaps(index, end)) return;
    const after = text.slice(end, end + 40);
    found.push({
      index,
      end,
      text: text.slice(index, end),
      users: Math.round(users),
      peak: PEAK_WORDS.test(qualifiers) || PEAK_AFTER.test(after),
      notPeak:
        NOT_PEAK_WORDS.test(qualifiers) ||
        /^\s*(?:overall|in total|total|a (?:day|month|week))\b/i.test(after),
      vague,
    });
  };
  for (const m of text.matchAll(ONLINE_RE)) {
    if (/[$€£]\s?$/.test(text.slice(Math.max(0, m.index - 2), m.index))) continue;
    add(m.index, m.index + m[0].length, parseCount(m.groups?.count ?? ''), 'online');
  }
  for (const m of text.matchAll(TEAM_RE)) {
    const end = m.index + m[0].length;
    const noun = personNounAfter(text, end);
    add(m.index, noun?.end ?? end, parseCount(m.groups?.count ?? ''), noun?.words ?? '');
  }
  for (const m of text.matchAll(PERSON_SIZE_RE))
    add(m.index, m.index + m[0].length, parseCount(m.groups?.count ?? ''), '');
  for (const m of text.matchAll(PAREN_RE)) {
    if (isPersonNoun(m.groups?.noun ?? ''))
      add(m.index, m.index + m[0].length, parseCount(m.groups?.count ?? ''), '');
  }
  for (const m of text.matchAll(BASE_RE))
    add(m.index, m.index + m[0].length, parseCount(m.groups?.count ?? ''), '');
  for (const m of text.matchAll(LABEL_RE)) {
    const label = m.groups?.label ?? '';
    if (LABEL_WORDS.test(label) || isPersonNoun(label))
      add(m.index, m.index + m[0].length, parseCount(m.groups?.count ?? ''), label);
  }
  const mentionsPeople = (before: number) =>
    /\b[a-z][\w-]*\b/gi.test(text.slice(0, before)) &&
    text
      .slice(0, before)
      .split(/[^A-Za-z-]+/)
      .some((w) => isPersonNoun(w));
  // "N of them" with an exact N refers to the last plural before it: people only if no GPU name,
  // GPU word or cap ("on A100s, at most 4 of them") comes between the people and the count.
  const peopleRightBefore = (before: number) => {
    const head = text.slice(0, before);
    const words = [...head.matchAll(/[A-Za-z][\w-]*/g)];
    const person = words.findLast((w) => isPersonNoun(w[0]));
    if (!person) return false;
    const between = head.slice(person.index + person[0].length);
    return !/\b(?:gpus?|cards?|[a-z]+\d+\w*)\b|\b(?:at most|no more than|up to|max(?:imum)?|limit)\s*$/i.test(
      between,
    );
  };
  for (const m of text.matchAll(COUNT_RE)) {
    const g = m.groups ?? {};
    const { n, vague } = countOf(g);
    const end = m.index + m[0].length;
    const noun = personNounAfter(text, end);
    if (noun) {
      add(m.index, noun.end, n, noun.words, vague);
      continue;
    }
    // "a couple hundred of them", "devs (roughly 2,500 of them)": people named earlier in the text.
    const them = /^\s+of\s+(?:them|us)\b/i.exec(text.slice(end));
    const capAfter = them && CAP_AFTER.test(text.slice(end + them[0].length, end + them[0].length + 30));
    if (them && !capAfter && (vague ? mentionsPeople(m.index) : peopleRightBefore(m.index)))
      add(m.index, end + them[0].length, n, '', vague);
    // "students (a few hundred at once)": a vague count marked concurrent, people named before it.
    else if (vague && PEAK_AFTER.test(text.slice(end, end + 40)) && mentionsPeople(m.index))
      add(m.index, end, n, 'online', vague);
  }
  found.sort((a, b) => a.index - b.index);
  // "12 paralegals and 4 partners": one group of people.
  const merged: UserCount[] = [];
  for (const f of found) {
    const last = merged.at(-1);
    const plain = last && !last.peak && !last.notPeak && !f.peak && !f.notPeak;
    if (last && plain && /^\s*(?:and|&|\+|plus)\s*$/i.test(text.slice(last.end, f.index))) {
      merged[merged.length - 1] = {
        ...last,
        end: f.end,
        text: text.slice(last.index, f.end),
        users: last.users + f.users,
      };
    } else merged.push(f);
  }
  return merged;
}
