// `npm run bench:intent`: the rule extractor's per-field and whole-sentence accuracy on the intent
// corpus's tuning and held-out parts (test/fixtures/intent/, docs/intent.md "Accuracy").
// INTENT_SHOW=tuning lists the tuning sentences it gets wrong; the held-out part only ever prints totals.
// INTENT_PARTS=tuning scores the tuning part only (while tuning, not even the held-out totals are seen).
// `-- --llm URL [--llm-model NAME] [--llm-key KEY] [--llm-timeout-ms N]` also sends every sentence to an
// OpenAI-compatible endpoint and scores its answers alone and merged with the rules' (perf/intent/llm-path.ts).
import { parseArgs } from 'node:util';
import { extractWithRules } from '../server/domains/intent/core/rules.js';
import { loadCorpus, seedCatalogContext, type CorpusPart } from './intent/corpus.js';
import { callSummary, scoreLlmPath, type LlmPathScore } from './intent/llm-path.js';
import { percent, SCORED_FIELDS, scoreCorpus, subScore, type CorpusScore } from './intent/score.js';
import { heading, table } from './support.js';

const { values: args } = parseArgs({
  options: {
    llm: { type: 'string' },
    'llm-model': { type: 'string', default: process.env.COMPASS_LLM_MODEL ?? 'llama3.1:8b' },
    'llm-key': { type: 'string' },
    'llm-timeout-ms': { type: 'string', default: '60000' },
  },
});

const ctx = seedCatalogContext();
const parts: CorpusPart[] = process.env.INTENT_PARTS === 'tuning' ? ['tuning'] : ['tuning', 'heldout'];
const PART_LABEL: Record<CorpusPart, string> = { tuning: 'tuning', heldout: 'held-out' };
const scores = new Map<CorpusPart, CorpusScore>();
for (const part of parts)
  scores.set(part, await scoreCorpus(loadCorpus(part), (text) => extractWithRules(text, ctx)));

/**
 * Batch 2 (ids 334–503) was written after batch 1 had been tuned on and its held-out totals seen;
 * batch 3 (ids 504–723) after batch 2's held-out part had been looked at once; batch 4 (ids 724–933)
 * by someone who does not tune, after batch 3's held-out part had been looked at once.
 */
const batchOf = (s: CorpusScore | undefined, batch: number) =>
  s ? subScore(s, (row) => row.batch === batch) : undefined;

const cell = (s: CorpusScore | undefined, pick: (s: CorpusScore) => number) =>
  s ? `${pick(s)}/${s.rows} = ${percent(pick(s), s.rows)}` : 'not scored';

/** One row per field and one for whole sentences; a column per (label, score) pair. */
function accuracyTable(columns: [string, CorpusScore | undefined][]): string {
  const row = (field: string, pick: (s: CorpusScore) => number) => ({
    field,
    ...Object.fromEntries(columns.map(([label, s]) => [label, cell(s, pick)])),
  });
  return table([
    ...SCORED_FIELDS.map((field) => row(field, (s) => s.perField[field])),
    row('whole sentence', (s) => s.allRight),
  ]);
}

process.stdout.write(
  `${heading('intent extraction accuracy (rules, no LLM)')}${accuracyTable([
    ['tuning', scores.get('tuning')],
    ['tuning, batch 2', batchOf(scores.get('tuning'), 2)],
    ['tuning, batch 3', batchOf(scores.get('tuning'), 3)],
    ['tuning, batch 4', batchOf(scores.get('tuning'), 4)],
    ['held-out', scores.get('heldout')],
    ['held-out, batch 2', batchOf(scores.get('heldout'), 2)],
    ['held-out, batch 3', batchOf(scores.get('heldout'), 3)],
    ['held-out, batch 4', batchOf(scores.get('heldout'), 4)],
  ])}\n`,
);

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

if (args.llm) {
  const options = {
    baseUrl: args.llm,
    model: args['llm-model'],
    timeoutMs: Number(args['llm-timeout-ms']),
    ...(args['llm-key'] ? { apiKey: args['llm-key'] } : {}),
  };
  const llm = new Map<CorpusPart, LlmPathScore>();
  for (const part of parts) llm.set(part, await scoreLlmPath(loadCorpus(part), ctx, options));
  const columns = parts.flatMap((part): [string, CorpusScore | undefined][] => {
    const s = llm.get(part)!;
    const label = PART_LABEL[part];
    return [
      [`${label}: rules`, s.rules],
      [`${label}: LLM only`, s.llm],
      [`${label}: merged`, s.merged],
    ];
  });
  process.stdout.write(
    `${heading(`intent extraction accuracy through the LLM (${options.model} at ${options.baseUrl})`)}${accuracyTable(columns)}\n\n`,
  );
  for (const part of parts) {
    const c = callSummary(llm.get(part)!.calls);
    const errors = c.errors.map(([kind, n]) => `${n}× ${kind}`).join('; ') || 'none';
    process.stdout.write(
      `${PART_LABEL[part]}: ${c.valid}/${c.calls} valid answers; errors: ${errors}; latency mean ` +
        `${c.meanLatencyMs.toFixed(0)} ms, p95 ${c.p95LatencyMs.toFixed(0)} ms; tokens in/out mean ` +
        `${c.meanTokensIn.toFixed(0)}/${c.meanTokensOut.toFixed(0)}\n`,
    );
  }
}
