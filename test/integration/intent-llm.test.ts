import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { extractWithLlm, type LlmExtractOptions } from '../../server/domains/intent/llm-extractor.js';
import { mergeIntents } from '../../server/domains/intent/core/merge.js';
import { extractWithRules } from '../../server/domains/intent/core/rules.js';
import type { ExtractedIntent, LlmCallRecord } from '../../server/domains/intent/types.js';
import { TEST_CONTEXT } from '../unit/intent-fixtures.js';

/** A local OpenAI-compatible stub: each test sets `behaviour`; every request is kept in `received`. */
interface Received {
  url: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}
type Behaviour = (body: Record<string, unknown>, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let behaviour: Behaviour;
let received: Received[];
let calls: LlmCallRecord[];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function completion(content: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    model: 'stub-model-7b',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 812, completion_tokens: 96, total_tokens: 908 },
    ...extra,
  });
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

const TEXT =
  'A customer-support chatbot for 5,000 users on A100-80GB, latency is critical, budget $20k/month';

/** A schema-valid answer for TEXT (plus a quality floor the rules cannot see). */
function goodAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    useCaseKey: 'chatbot_conversational',
    users: 5000,
    requestsPerUserPerMinute: null,
    requestsPerSecond: null,
    priority: 'LATENCY',
    gpuTypes: ['a100-80gb'],
    excludedGpuTypes: [],
    maxGpus: null,
    maxMonthlyCostUsd: 20000,
    approvedOnly: false,
    minQualityScore: 70,
    headroomPercent: null,
    sloOverrides: { ttftP95Ms: null, itlP95Ms: null, e2eP95Ms: null },
    domains: ['Customer-Support'],
    notes: ['users read as peak concurrent users'],
    ...overrides,
  };
}

function options(extra: Partial<LlmExtractOptions> = {}): LlmExtractOptions {
  return {
    baseUrl,
    model: 'stub-model',
    apiKey: 'sk-test',
    timeoutMs: 2_000,
    correlationId: 'corr-1',
    priceInputPerMillionUsd: 0.5,
    priceOutputPerMillionUsd: 1.5,
    recordCall: async (call) => {
      calls.push(call);
    },
    ...extra,
  };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const body = JSON.parse(raw) as Record<string, unknown>;
      received.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
      behaviour(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  calls = [];
});

describe('extractWithLlm against a stub OpenAI-compatible server', () => {
  it('valid JSON: validated, mapped to catalog GPUs, merged (source LLM), call recorded with usage', async () => {
    behaviour = (_body, res) => reply(res, 200, completion(JSON.stringify(goodAnswer())));
    const rules = extractWithRules(TEXT, TEST_CONTEXT);
    const { intent, call } = await extractWithLlm(TEXT, TEST_CONTEXT, options());

    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.authorization).toBe('Bearer sk-test');
    expect(request?.body.model).toBe('stub-model');
    expect(request?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'extracted_intent', strict: true, schema: { type: 'object' } },
    });
    const messages = request?.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]?.content).toBe(TEXT);
    for (const key of ['chatbot_conversational', 'research_legal_analysis', 'A100-80', 'H100']) {
      expect(messages[0]?.content).toContain(key);
    }

    expect(intent).toMatchObject({
      gpuTypes: ['A100-80'],
      domains: ['customer-support'],
      minQualityScore: 70,
    });
    const merged = mergeIntents(rules, intent);
    expect(merged).toMatchObject({
      source: 'LLM',
      useCaseKey: 'chatbot_conversational',
      users: 5000,
      priority: 'LATENCY',
      maxMonthlyCostUsd: 20_000,
      gpuTypes: ['A100-80'],
      minQualityScore: 70,
      domains: ['customer-support'],
    });
    expect(merged.notes).toContain('LLM: users read as peak concurrent users');

    expect(calls).toEqual([call]);
    expect(call).toMatchObject({
      correlationId: 'corr-1',
      purpose: 'intent',
      modelUsed: 'stub-model-7b',
      endpoint: `${baseUrl}/v1/chat/completions`,
      tokensInput: 812,
      tokensOutput: 96,
      finishReason: 'stop',
      truncated: false,
      outputValid: true,
      error: null,
    });
    // 812 × $0.5/M + 96 × $1.5/M = 0.000406 + 0.000144
    expect(call.costUsd).toBeCloseTo(0.00055, 12);
    expect(call.promptText).toContain(TEXT);
    expect(call.promptLength).toBe(call.promptText.length);
    expect(JSON.parse(call.responseText)).toEqual(goodAnswer());
    expect(call.responseLength).toBe(call.responseText.length);
    expect(call.latencyMs).toBeGreaterThan(0);
  });

  it('invalid JSON (cut off at max_tokens): falls back to the rules, outputValid false, truncated true', async () => {
    behaviour = (_body, res) =>
      reply(
        res,
        200,
        completion('{"useCaseKey": "chatbot_conversational", "users": 50', {
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: '{"useCaseKey": "chatbot_conversational", "users": 50' },
              finish_reason: 'length',
            },
          ],
        }),
      );
    const rules = extractWithRules(TEXT, TEST_CONTEXT);
    const { intent, call } = await extractWithLlm(TEXT, TEST_CONTEXT, options());
    expect(intent).toBeNull();
    expect(mergeIntents(rules, intent)).toEqual({ ...rules, source: 'RULES' });
    expect(calls).toEqual([call]);
    expect(call).toMatchObject({
      outputValid: false,
      truncated: true,
      finishReason: 'length',
      tokensInput: 812,
    });
    expect(call.error).toContain('not JSON');
    expect(call.responseText).toBe('{"useCaseKey": "chatbot_conversational", "users": 50');
  });

  it('schema-invalid JSON: falls back to the rules and says which field failed', async () => {
    behaviour = (_body, res) =>
      reply(res, 200, completion(JSON.stringify(goodAnswer({ useCaseKey: 'poetry' }))));
    const rules = extractWithRules(TEXT, TEST_CONTEXT);
    const { intent, call } = await extractWithLlm(TEXT, TEST_CONTEXT, options());
    expect(intent).toBeNull();
    expect(mergeIntents(rules, intent).source).toBe('RULES');
    expect(calls).toHaveLength(1);
    expect(call.outputValid).toBe(false);
    expect(call.error).toMatch(/schema: useCaseKey/);
  });

  it('schema-invalid JSON: a missing field or a number out of range is rejected too', async () => {
    const { notes: _dropped, ...missingNotes } = goodAnswer();
    for (const answer of [missingNotes, goodAnswer({ minQualityScore: 140 }), goodAnswer({ maxGpus: 2.5 })]) {
      behaviour = (_body, res) => reply(res, 200, completion(JSON.stringify(answer)));
      const { intent } = await extractWithLlm(TEXT, TEST_CONTEXT, options());
      expect(intent).toBeNull();
    }
    expect(calls.map((c) => c.outputValid)).toEqual([false, false, false]);
  });

  it('timeout: the server answers after timeoutMs → fallback, the timeout recorded once', async () => {
    behaviour = (_body, res) => {
      const timer = setTimeout(() => reply(res, 200, completion(JSON.stringify(goodAnswer()))), 3_000);
      res.on('close', () => clearTimeout(timer));
    };
    const { intent, call } = await extractWithLlm(TEXT, TEST_CONTEXT, options({ timeoutMs: 150 }));
    expect(intent).toBeNull();
    expect(calls).toEqual([call]);
    expect(call).toMatchObject({
      outputValid: false,
      error: 'timeout after 150 ms',
      tokensInput: 0,
      tokensOutput: 0,
      costUsd: 0,
    });
    expect(call.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it('HTTP 500: fallback, status and body recorded', async () => {
    behaviour = (_body, res) => reply(res, 500, JSON.stringify({ error: { message: 'model crashed' } }));
    const { intent, call } = await extractWithLlm(TEXT, TEST_CONTEXT, options());
    expect(intent).toBeNull();
    expect(received).toHaveLength(1);
    expect(calls).toEqual([call]);
    expect(call.outputValid).toBe(false);
    expect(call.error).toMatch(/^HTTP 500: .*model crashed/);
    expect(call.responseText).toContain('model crashed');
  });

  it('a server that rejects json_schema (400) is asked again with json_object', async () => {
    behaviour = (body, res) => {
      const format = (body.response_format as { type: string }).type;
      if (format === 'json_schema')
        reply(res, 400, JSON.stringify({ error: { message: 'response_format json_schema unsupported' } }));
      else reply(res, 200, completion('```json\n' + JSON.stringify(goodAnswer()) + '\n```'));
    };
    const { intent, call } = await extractWithLlm(TEXT, TEST_CONTEXT, options());
    expect(received.map((r) => (r.body.response_format as { type: string }).type)).toEqual([
      'json_schema',
      'json_object',
    ]);
    expect(intent?.users).toBe(5000);
    expect(calls).toEqual([call]);
    expect(call.outputValid).toBe(true);
  });

  it('a connection error is a failure like any other (nothing listening)', async () => {
    const { intent, call } = await extractWithLlm(
      TEXT,
      TEST_CONTEXT,
      options({ baseUrl: 'http://127.0.0.1:9' }),
    );
    expect(intent).toBeNull();
    expect(calls).toEqual([call]);
    expect(call.error).not.toBeNull();
  });

  it('a failing recordCall does not break extraction', async () => {
    behaviour = (_body, res) => reply(res, 200, completion(JSON.stringify(goodAnswer())));
    const { intent } = await extractWithLlm(TEXT, TEST_CONTEXT, {
      ...options(),
      recordCall: () => Promise.reject(new Error('database down')),
    });
    expect(intent?.users).toBe(5000);
  });
});

describe('mergeIntents precedence', () => {
  const rules = extractWithRules(
    'Summarize emails for 5,000 users at 40 req/s, no L4, TTFT under 300 ms, approved models only',
    TEST_CONTEXT,
  );
  const llm: ExtractedIntent = {
    ...rules,
    useCaseKey: 'document_analysis_rag',
    useCaseMatched: true,
    users: 500,
    requestsPerSecond: 40.2,
    priority: 'BALANCED',
    gpuTypes: ['H100'],
    excludedGpuTypes: ['A10G'],
    approvedOnly: false,
    maxGpus: 4,
    sloOverrides: { ttftP95Ms: 3000, e2eP95Ms: 9000 },
    domains: ['finance'],
    notes: [],
  };

  it('LLM wins on categories, the text wins on numbers it states, with notes', () => {
    expect(rules).toMatchObject({ useCaseKey: 'summarization_short', users: 5000, requestsPerSecond: 40 });
    const merged = mergeIntents(rules, llm);
    expect(merged).toMatchObject({
      source: 'LLM',
      useCaseKey: 'document_analysis_rag', // LLM's use case
      users: 5000, // the text says 5,000; the LLM's 500 loses
      requestsPerSecond: 40, // 40.2 is within 1 %: same number, the exact parse is kept
      maxGpus: 4, // only the LLM has one
      gpuTypes: ['H100'],
      excludedGpuTypes: ['L4', 'A10G'], // union
      approvedOnly: true, // either side
      sloOverrides: { ttftP95Ms: 300, e2eP95Ms: 9000 },
      priority: 'BALANCED',
    });
    expect(merged.notes).toEqual(
      expect.arrayContaining([
        "use case: the LLM chose document_analysis_rag, the keyword rules summarization_short; kept the LLM's",
        'users: the text says 5,000, the LLM read 500; kept the number in the text',
        'TTFT p95 (ms): the text says 300, the LLM read 3,000; kept the number in the text',
      ]),
    );
    expect(merged.notes.some((n) => n.startsWith('requests per second'))).toBe(false);
  });

  it('an LLM BALANCED does not erase a priority the rules found; an LLM use case replaces the fallback note', () => {
    const vague = extractWithRules('something fast for 100 users', TEST_CONTEXT);
    expect(vague.useCaseMatched).toBe(false);
    const merged = mergeIntents(vague, {
      ...vague,
      useCaseKey: 'code_completion',
      useCaseMatched: true,
      priority: 'BALANCED',
      notes: [],
    });
    expect(merged.priority).toBe('LATENCY');
    expect(merged.useCaseKey).toBe('code_completion');
    expect(merged.notes.some((n) => n.startsWith('no use case recognised'))).toBe(false);
  });

  it('no LLM answer → the rules unchanged', () => {
    expect(mergeIntents(rules, null)).toEqual({ ...rules, source: 'RULES' });
  });
});
