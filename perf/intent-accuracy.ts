// `npm run bench:intent`: the rule extractor's per-field and whole-sentence accuracy on the intent
// corpus's tuning and held-out parts (test/fixtures/intent/, docs/intent.md "Accuracy").
// INTENT_SHOW=tuning lists the tuning sentences it gets wrong; the held-out part only ever prints totals.
import { extractWithRules } from '../server/domains/intent/core/rules.js';
import { loadCorpus, seedCatalogContext, type CorpusPart } from './intent/corpus.js';
import { percent, SCORED_FIELDS, scoreCorpus, type CorpusScore } from './intent/score.js';
import { heading, table } from './support.js';

const ctx = seedCatalogContext();
// INTENT_PARTS=tuning scores the tuning part only (while tuning, not even the held-out totals are seen).
const parts: CorpusPart[] = process.env.INTENT_PARTS === 'tuning' ? ['tuning'] : ['tuning', 'heldout'];
const scores = new Map<CorpusPart, CorpusScore>();
for (const part of parts)
  scores.set(part, await scoreCorpus(loadCorpus(part), (text) => extractWithRules(text, ctx)));

const column = (part: CorpusPart, pick: (s: CorpusScore) => number) => {
  const s = scores.get(part);
  return s ? `${pick(s)}/${s.rows} = ${percent(pick(s), s.rows)}` : 'not scored';
};
const rows = [
  ...SCORED_FIELDS.map((field) => ({
    field,
    tuning: column('tuning', (s) => s.perField[field]),
    'held-out': column('heldout', (s) => s.perField[field]),
  })),
  {
    field: 'whole sentence',
    tuning: column('tuning', (s) => s.allRight),
    'held-out': column('heldout', (s) => s.allRight),
  },
];
process.stdout.write(`${heading('intent extraction accuracy (rules, no LLM)')}${table(rows)}\n`);

if (process.env.INTENT_SHOW === 'tuning') {
  for (const { row, wrong } of scores.get('tuning')!.results) {
    if (wrong.length === 0) continue;
    const got = extractWithRules(row.text, ctx);
    const shown = Object.fromEntries(
      wrong.map((f) => [f, f === 'useCase' ? (got.useCaseMatched ? got.useCaseKey : null) : got[f]]),
    );
    process.stdout.write(
      `\n${row.id} ${JSON.stringify(row.text)}\n  want ${JSON.stringify(row.expect)}\n  got  ${JSON.stringify(shown)}\n`,
    );
  }
}
