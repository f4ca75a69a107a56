import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorServer, type SimulatorServer } from '../../apps/simulator/server.js';
import { loadCorpus, seedCatalogContext, type CorpusRow, type Expected } from '../../perf/intent/corpus.js';
import { callSummary, scoreLlmPath } from '../../perf/intent/llm-path.js';
import { SCORED_FIELDS } from '../../perf/intent/score.js';
import type { LlmIntentAnswer } from '../../server/domains/intent/llm-schema.js';

/**
 * The LLM mode of `npm run bench:intent` (perf/intent/llm-path.ts) against real HTTP servers: the
 * project's vLLM simulator, and an "oracle" OpenAI-compatible server that answers each sentence's
 * expected fields (so LLM-only scoring and the merge can be checked against known answers).
 */
const ctx = seedCatalogContext();
// Every 20th tuning sentence: all use cases, a spread of fields, quick.
const ROWS: CorpusRow[] = loadCorpus('tuning').filter((_, i) => i % 20 === 0);
const MODEL = 'bench-model';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The corpus expectation as the LLM schema's answer (a vague count answered by its lower end). */
function answerOf(want: Expected): LlmIntentAnswer {
  return {
    useCaseKey: want.useCaseKey as LlmIntentAnswer['useCaseKey'],
    users: Array.isArray(want.users) ? want.users[0] : (want.users ?? null),
    requestsPerUserPerMinute: want.requestsPerUserPerMinute ?? null,
    requestsPerSecond: want.requestsPerSecond ?? null,
    priority: want.priority ?? 'BALANCED',
    gpuTypes: want.gpuTypes ?? [],
    excludedGpuTypes: want.excludedGpuTypes ?? [],
    maxGpus: want.maxGpus ?? null,
    maxMonthlyCostUsd: want.maxMonthlyCostUsd ?? null,
    approvedOnly: want.approvedOnly ?? false,
    minQualityScore: want.minQualityScore ?? null,
    headroomPercent: want.headroomPercent ?? null,
    sloOverrides: {
      ttftP95Ms: want.sloOverrides?.ttftP95Ms ?? null,
      itlP95Ms: want.sloOverrides?.itlP95Ms ?? null,
      e2eP95Ms: want.sloOverrides?.e2eP95Ms ?? null,
    },
    domains: [],
    notes: [],
  };
}

let oracle: Server;
let oracleUrl = '';
/** Rewrites the oracle's answer before it is sent (to play a wrong LLM). */
let twist: (answer: LlmIntentAnswer) => LlmIntentAnswer = (a) => a;
let simulator: SimulatorServer;
let simulatorUrl = '';

beforeAll(async () => {
  const byText = new Map(ROWS.map((r) => [r.text, r.expect]));
  oracle = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((raw) => {
      const body = JSON.parse(raw) as { messages: { role: string; content: string }[] };
      const text = body.messages.find((m) => m.role === 'user')?.content ?? '';
      const want = byText.get(text);
      res.writeHead(want ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          model: MODEL,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: want ? JSON.stringify(twist(answerOf(want))) : '' },
              finish_reason: 'stop',
            },
          ],
          usage: { prompt_tokens: 900, completion_tokens: 120, total_tokens: 1020 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => oracle.listen(0, '127.0.0.1', resolve));
  oracleUrl = `http://127.0.0.1:${(oracle.address() as AddressInfo).port}`;

  simulator = createSimulatorServer({
    model: MODEL,
    params: { prefillBaseMs: 0, prefillMsPerToken: 0, decodeBaseMs: 0.01, decodeMsPerRunningSeq: 0 },
  });
  simulatorUrl = await simulator.listen();
});

afterAll(async () => {
  await new Promise<void>((resolve) => oracle.close(() => resolve()));
  await simulator.close();
});

describe('bench:intent --llm', () => {
  it('the simulator answers synthetic words: no valid answer, LLM only 0 %, merged = the rules', async () => {
    const score = await scoreLlmPath(ROWS, ctx, { baseUrl: simulatorUrl, model: MODEL, timeoutMs: 10_000 });
    const calls = callSummary(score.calls);
    expect(calls.calls).toBe(ROWS.length);
    expect(calls.valid).toBe(0);
    expect(calls.errors).toEqual([['the answer is not JSON (truncated at max_tokens)', ROWS.length]]);
    expect(calls.meanTokensOut).toBe(1024);
    expect(score.llm.allRight).toBe(0);
    for (const f of SCORED_FIELDS) expect(score.llm.perField[f]).toBe(0);
    expect(score.merged.perField).toEqual(score.rules.perField);
    expect(score.merged.allRight).toBe(score.rules.allRight);
  });

  it('an LLM that answers the expected fields scores 100 % alone and merged', async () => {
    twist = (a) => a;
    const score = await scoreLlmPath(ROWS, ctx, { baseUrl: oracleUrl, model: MODEL, timeoutMs: 10_000 });
    expect(callSummary(score.calls).valid).toBe(ROWS.length);
    expect(score.llm.allRight).toBe(ROWS.length);
    expect(score.merged.allRight).toBe(ROWS.length);
  });

  it('merged: the LLM decides the use case, a number the rules read in the text beats the LLM', async () => {
    // A wrong LLM: every use case shifted to the next key, every user count ×10.
    twist = (a) => ({
      ...a,
      useCaseKey: a.useCaseKey === 'translation' ? 'content_generation' : 'translation',
      users: a.users === null ? null : a.users * 10,
    });
    const score = await scoreLlmPath(ROWS, ctx, { baseUrl: oracleUrl, model: MODEL, timeoutMs: 10_000 });
    expect(score.llm.perField.useCase).toBeLessThan(ROWS.length / 2);
    expect(score.merged.perField.useCase).toBe(score.llm.perField.useCase);
    const withUsers = ROWS.filter((r) => r.expect.users !== undefined).length;
    expect(withUsers).toBeGreaterThan(0);
    expect(score.llm.perField.users).toBe(ROWS.length - withUsers);
    expect(score.merged.perField.users).toBe(score.rules.perField.users);
  });
});
