// The LLM path scored on the intent corpus (`npm run bench:intent -- --llm URL`): each sentence goes
// once through extractWithLlm; its answer is scored alone ("LLM only", an invalid answer wrong on every
// field) and merged with the rules' (mergeIntents, docs/intent.md "Precedence").
import { mergeIntents } from '../../server/domains/intent/core/merge.js';
import { extractWithRules } from '../../server/domains/intent/core/rules.js';
import { extractWithLlm, type LlmExtractOptions } from '../../server/domains/intent/llm-extractor.js';
import type { ExtractedIntent, ExtractionContext, LlmCallRecord } from '../../server/domains/intent/types.js';
import type { CorpusRow } from './corpus.js';
import { scoreCorpus, type CorpusScore } from './score.js';

export type LlmPathOptions = Omit<LlmExtractOptions, 'recordCall' | 'correlationId'>;

export interface LlmPathScore {
  rules: CorpusScore;
  llm: CorpusScore;
  merged: CorpusScore;
  /** One per sentence, in corpus order. */
  calls: LlmCallRecord[];
}

/** Calls in flight at once: a real server batches them; the simulator does too. */
const CONCURRENCY = 4;

async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export async function scoreLlmPath(
  rows: CorpusRow[],
  ctx: ExtractionContext,
  options: LlmPathOptions,
): Promise<LlmPathScore> {
  const answers = await mapPool(rows, CONCURRENCY, async (row) => {
    const { intent, call } = await extractWithLlm(row.text, ctx, {
      ...options,
      correlationId: `bench-intent-${row.id}`,
      recordCall: async () => undefined, // the bench keeps the returned record; no database here
    });
    return { text: row.text, intent, call };
  });
  const llmOf = new Map<string, ExtractedIntent | null>(answers.map((a) => [a.text, a.intent]));
  const rulesOf = (text: string) => extractWithRules(text, ctx);
  return {
    rules: await scoreCorpus(rows, rulesOf),
    llm: await scoreCorpus(rows, (text) => llmOf.get(text) ?? null),
    merged: await scoreCorpus(rows, (text) => mergeIntents(rulesOf(text), llmOf.get(text) ?? null)),
    calls: answers.map((a) => a.call),
  };
}

/** What the calls cost: valid answers, the commonest errors, latency and tokens. */
export function callSummary(calls: readonly LlmCallRecord[]): {
  calls: number;
  valid: number;
  errors: [string, number][];
  meanLatencyMs: number;
  p95LatencyMs: number;
  meanTokensIn: number;
  meanTokensOut: number;
} {
  const errors = new Map<string, number>();
  for (const c of calls) {
    if (c.error === null) continue;
    // "HTTP 500: {…}" and "the answer does not match the schema: users: …" group by their first words.
    const kind = c.error.split(':')[0]!.slice(0, 80);
    errors.set(kind, (errors.get(kind) ?? 0) + 1);
  }
  const latencies = calls.map((c) => c.latencyMs).sort((a, b) => a - b);
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    calls: calls.length,
    valid: calls.filter((c) => c.outputValid).length,
    errors: [...errors].sort((a, b) => b[1] - a[1]),
    meanLatencyMs: mean(latencies),
    p95LatencyMs: latencies[Math.min(latencies.length - 1, Math.ceil(0.95 * latencies.length) - 1)] ?? 0,
    meanTokensIn: mean(calls.map((c) => c.tokensInput)),
    meanTokensOut: mean(calls.map((c) => c.tokensOutput)),
  };
}
