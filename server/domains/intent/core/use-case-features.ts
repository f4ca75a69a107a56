/**
 * What the use-case classifier sees of a text (docs/intent.md "Use case"): stemmed words, pairs of
 * neighbouring words, and the keyword table's matches, each with the character span it came from so
 * the words that decided can be shown.
 */
import { StemmerEn, StopwordsEn } from '@nlpjs/lang-en-min';
import { USE_CASE_KEYS, USE_CASE_KEYWORDS } from './use-case-keywords.js';

export interface Span {
  start: number;
  end: number;
}

export interface Word extends Span {
  stem: string;
}

/** A feature's name and every span of the text that produced it. */
export type FeatureSpans = Map<string, Span[]>;

const stemmer = new StemmerEn();
const stopwords = new StopwordsEn();

// Letters only, and not glued to a digit: "A100s", "2k" and "p95" are no words; "low-code" is two.
const WORD = /(?<![\p{L}\p{N}])\p{L}+(?:'\p{L}+)?(?![\p{L}\p{N}])/gu;
// Neighbouring words pair up unless a clause ends between them.
const CLAUSE_BREAK = /[.,;:!?()[\]\n]/;

export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase().replace(/'s$/, '');
    if (word.length < 2 || stopwords.isStopword(word)) continue;
    out.push({ stem: stemmer.stemWord(word), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Feature name of a keyword-table match: `rule<weight>:<use case>`. */
export function ruleFeature(key: string, weight: number): string {
  return `rule${weight}:${key}`;
}

export function isRuleFeature(name: string): boolean {
  return name.startsWith('rule');
}

function add(into: FeatureSpans, name: string, span: Span): void {
  const spans = into.get(name);
  if (spans) spans.push(span);
  else into.set(name, [span]);
}

/** Every feature of `text` with its spans; the classifier's input is the feature names (value 1). */
export function featureSpans(text: string): FeatureSpans {
  const out: FeatureSpans = new Map();
  const ws = words(text);
  ws.forEach((w, i) => {
    add(out, w.stem, w);
    const next = ws[i + 1];
    if (next && !CLAUSE_BREAK.test(text.slice(w.end, next.start)))
      add(out, `${w.stem} ${next.stem}`, { start: w.start, end: next.end });
  });
  for (const key of USE_CASE_KEYS) {
    for (const keyword of USE_CASE_KEYWORDS[key]) {
      const m = keyword.pattern.exec(text);
      if (m) add(out, ruleFeature(key, keyword.weight), { start: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}

export function featureInput(spans: FeatureSpans): Record<string, number> {
  return Object.fromEntries([...spans.keys()].map((name) => [name, 1]));
}
