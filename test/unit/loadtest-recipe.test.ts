import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  encodeRequestBody,
  endpointUrl,
  latencyMetrics,
  parseChunk,
  requestBody,
  requestHeaders,
  spreadArrival,
  SseParser,
} from '../../server/domains/loadtest/runner/openai-client.js';
import {
  datasetPromptSource,
  parseDatasetJsonl,
  spreadCount,
  syntheticPrompt,
  syntheticPromptSource,
} from '../../server/domains/loadtest/runner/prompts.js';
import { openaiTarget, parseRecipe, type RecipeInput } from '../../server/domains/loadtest/recipe.js';
import { baseRecipe, refusedRecipeIssues } from './loadtest-recipe-fixtures.js';
import { countTokens } from '../../server/kernel/tokenizer.js';

const GOOD_YAML = `
name: smoke
target:
  baseUrl: http://127.0.0.1:8000
  model: sim-llama-3.1-8b
data:
  kind: synthetic
  promptTokens: 512
  outputTokens: 256
  seed: 42
load:
  profile: constant
  rate: [2, 4.5]
limits:
  maxSeconds: 10
slo: { ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 }
measures: { model: meta-llama/llama-3.1-8b-instruct, gpu: H100, gpuCount: 1 }
`;

describe('parseRecipe', () => {
  it('parses YAML and fills the defaults', () => {
    const recipe = parseRecipe(GOOD_YAML);
    expect(recipe.target).toEqual({
      baseUrl: 'http://127.0.0.1:8000',
      model: 'sim-llama-3.1-8b',
      api: 'chat',
      ignoreEos: true,
    });
    expect(recipe.data).toEqual({
      kind: 'synthetic',
      promptTokens: 512,
      outputTokens: 256,
      promptStdDev: 0,
      outputStdDev: 0,
      seed: 42,
    });
    expect(recipe.load).toEqual({ profile: 'constant', rate: [2, 4.5] });
    expect(recipe.limits).toEqual({ maxSeconds: 10, requestTimeoutSeconds: 300 });
    expect(recipe.warmupSeconds).toBe(0);
    expect(recipe.cooldownSeconds).toBe(0);
    expect(recipe.repetitions).toBe(1);
    expect(recipe.tags).toEqual([]);
    expect(recipe.measures).toEqual({ model: 'meta-llama/llama-3.1-8b-instruct', gpu: 'H100', gpuCount: 1 });
  });

  it('accepts an already-parsed object (GraphQL JSON) and a dataset', () => {
    const recipe = parseRecipe({ ...baseRecipe(), data: { kind: 'dataset', path: 'prompts.jsonl' } });
    expect(recipe.data).toEqual({ kind: 'dataset', path: 'prompts.jsonl', outputTokens: 256 });
  });

  const bad: { name: string; patch: (r: RecipeInput) => unknown; path: string; message: string }[] = [
    {
      name: 'ftp base URL',
      patch: (r) => ({ ...r, target: { ...r.target, baseUrl: 'ftp://x/v1' } }),
      path: 'target.baseUrl',
      message: 'http(s)',
    },
    {
      name: 'not a URL',
      patch: (r) => ({ ...r, target: { ...r.target, baseUrl: 'localhost:8000' } }),
      path: 'target.baseUrl',
      message: 'http(s)',
    },
    {
      name: 'unknown api',
      patch: (r) => ({ ...r, target: { ...r.target, api: 'embeddings' } }),
      path: 'target.api',
      message: '',
    },
    {
      name: 'constant without rate',
      patch: (r) => ({ ...r, load: { profile: 'constant' } }),
      path: 'load.rate',
      message: 'required for constant',
    },
    {
      name: 'poisson without rate',
      patch: (r) => ({ ...r, load: { profile: 'poisson' } }),
      path: 'load.rate',
      message: 'required for poisson',
    },
    {
      name: 'concurrent without concurrency',
      patch: (r) => ({ ...r, load: { profile: 'concurrent' } }),
      path: 'load.concurrency',
      message: 'required for concurrent',
    },
    {
      name: 'rate on a sweep',
      patch: (r) => ({ ...r, load: { profile: 'sweep', rate: 3 } }),
      path: 'load.rate',
      message: 'not used by sweep',
    },
    {
      name: 'negative rate in a list',
      patch: (r) => ({ ...r, load: { profile: 'constant', rate: [1, -2] } }),
      path: 'load.rate[1]',
      message: '',
    },
    {
      name: 'fractional concurrency',
      patch: (r) => ({ ...r, load: { profile: 'concurrent', concurrency: 1.5 } }),
      path: 'load.concurrency',
      message: '',
    },
    {
      name: 'list concurrency for throughput',
      patch: (r) => ({ ...r, load: { profile: 'throughput', concurrency: [8, 16] } }),
      path: 'load.concurrency',
      message: 'single',
    },
    {
      name: 'sweepLevels on constant',
      patch: (r) => ({ ...r, load: { profile: 'constant', rate: 1, sweepLevels: 3 } }),
      path: 'load.sweepLevels',
      message: 'only used by sweep',
    },
    {
      name: 'unknown profile',
      patch: (r) => ({ ...r, load: { profile: 'burst' } }),
      path: 'load.profile',
      message: '',
    },
    {
      name: 'no limits',
      patch: (r) => ({ ...r, limits: {} }),
      path: 'limits',
      message: 'maxSeconds or maxRequests',
    },
    {
      name: 'zero maxSeconds',
      patch: (r) => ({ ...r, limits: { maxSeconds: 0 } }),
      path: 'limits.maxSeconds',
      message: '',
    },
    {
      name: 'prompt tokens 0',
      patch: (r) => ({ ...r, data: { kind: 'synthetic', promptTokens: 0, outputTokens: 4, seed: 1 } }),
      path: 'data.promptTokens',
      message: '',
    },
    {
      name: 'missing seed',
      patch: (r) => ({ ...r, data: { kind: 'synthetic', promptTokens: 8, outputTokens: 4 } }),
      path: 'data.seed',
      message: '',
    },
    {
      name: 'unknown data kind',
      patch: (r) => ({ ...r, data: { kind: 'sharegpt' } }),
      path: 'data.kind',
      message: '',
    },
    {
      name: 'negative warm-up',
      patch: (r) => ({ ...r, warmupSeconds: -1 }),
      path: 'warmupSeconds',
      message: '',
    },
    { name: 'zero repetitions', patch: (r) => ({ ...r, repetitions: 0 }), path: 'repetitions', message: '' },
    {
      name: 'incomplete SLO',
      patch: (r) => ({ ...r, slo: { ttftP95Ms: 150, itlP95Ms: 25 } }),
      path: 'slo.e2eP95Ms',
      message: '',
    },
    {
      name: 'measures without gpuCount',
      patch: (r) => ({ ...r, measures: { model: 'x', gpu: 'H100' } }),
      path: 'measures.gpuCount',
      message: '',
    },
    { name: 'empty tag', patch: (r) => ({ ...r, tags: ['ok', ''] }), path: 'tags[1]', message: '' },
    {
      name: 'typo in a field name',
      patch: (r) => ({ ...r, warmupSecs: 5 }),
      path: 'warmupSecs',
      message: 'unknown field',
    },
    { name: 'missing name', patch: (r) => ({ ...r, name: undefined }), path: 'name', message: '' },
  ];

  it.each(bad)('rejects $name at $path', ({ patch, path: issuePath, message }) => {
    const issues = refusedRecipeIssues(patch(baseRecipe()));
    const issue = issues.find((i) => i.path === issuePath);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.message).toContain(message);
  });

  it('lists every issue at once, in the error message too', () => {
    const input = {
      ...baseRecipe(),
      target: { baseUrl: 'file:///etc', model: '' },
      load: { profile: 'constant' },
      limits: {},
    };
    const issues = refusedRecipeIssues(input);
    expect(issues.map((i) => i.path).sort()).toEqual([
      'limits',
      'load.rate',
      'target.baseUrl',
      'target.model',
    ]);
    expect(() => parseRecipe(input)).toThrow(/load\.rate: required for constant/);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = refusedRecipeIssues('name: x\ntarget: [unclosed\n');
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message).toMatch(/^YAML: .*line \d+/);
  });

  it('parses every example recipe', () => {
    for (const file of ['sweep-simulator.yaml', 'constant-simulator.yaml', 'vllm.yaml', 'ollama.yaml']) {
      const recipe = parseRecipe(readFileSync(path.join('examples', file), 'utf8'));
      expect(recipe.name.length).toBeGreaterThan(0);
    }
    const sweep = parseRecipe(readFileSync('examples/sweep-simulator.yaml', 'utf8'));
    expect(sweep.slo).toEqual({ ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 });
    expect(openaiTarget(sweep).model).toBe('sim-llama-3.1-8b');
  });
});

describe('prompts', () => {
  const data = {
    kind: 'synthetic' as const,
    promptTokens: 512,
    outputTokens: 256,
    promptStdDev: 0,
    outputStdDev: 0,
    seed: 42,
  };

  it('makes prompts of exactly the requested token count', () => {
    for (let i = 0; i < 20; i++) {
      const spec = syntheticPrompt(data, i);
      expect(countTokens(spec.prompt)).toBe(512);
      expect(spec).toMatchObject({ promptTokens: 512, maxTokens: 256 });
    }
  });

  it('is a pure function of (seed, stream, index)', () => {
    const source = syntheticPromptSource(data);
    expect(source.promptFor(3, 1)).toEqual(syntheticPrompt(data, 3, 1));
    expect(source.promptFor(3, 1).prompt).not.toBe(source.promptFor(4, 1).prompt);
    expect(source.promptFor(3, 1).prompt).not.toBe(source.promptFor(3, 2).prompt);
    expect(syntheticPrompt({ ...data, seed: 43 }, 3, 1).prompt).not.toBe(source.promptFor(3, 1).prompt);
  });

  it('spreads counts normally around the mean and clamps at 1', () => {
    const counts = Array.from(
      { length: 4000 },
      (_, i) => syntheticPrompt({ ...data, promptStdDev: 50 }, i).promptTokens,
    );
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const sd = Math.sqrt(counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1));
    expect(Math.abs(mean - 512)).toBeLessThan(4); // standard error 50/√4000 ≈ 0.8
    expect(Math.abs(sd - 50)).toBeLessThan(3);
    expect(spreadCount(2, 100, 1)).toBeGreaterThanOrEqual(1);
    const small = Array.from({ length: 500 }, (_, i) => spreadCount(1, 5, i));
    expect(Math.min(...small)).toBe(1);
    expect(spreadCount(10.4, 0, 99)).toBe(10);
  });

  it('reads a JSONL dataset and replays it in order', () => {
    const rows = parseDatasetJsonl(
      '{"prompt":"hello there world"}\n\n# comment\n{"prompt":"a b","output_tokens":7}\n',
    );
    const source = datasetPromptSource(rows, 64);
    expect(source.promptFor(0)).toEqual({ prompt: 'hello there world', promptTokens: 3, maxTokens: 64 });
    expect(source.promptFor(1)).toEqual({ prompt: 'a b', promptTokens: 2, maxTokens: 7 });
    expect(source.promptFor(2)).toEqual(source.promptFor(0));
    expect(() => parseDatasetJsonl('{"text":"x"}', 'd.jsonl')).toThrow('d.jsonl:1: "prompt"');
    expect(() => parseDatasetJsonl('\n{oops', 'd.jsonl')).toThrow('d.jsonl:2: not valid JSON');
  });
});

describe('openai-client pieces', () => {
  const target = openaiTarget(parseRecipe(baseRecipe()));

  it('builds the endpoint, body and headers', () => {
    expect(endpointUrl({ baseUrl: 'http://h:8000', api: 'chat' })).toBe('http://h:8000/v1/chat/completions');
    expect(endpointUrl({ baseUrl: 'http://h:8000/v1/', api: 'completions' })).toBe(
      'http://h:8000/v1/completions',
    );
    expect(endpointUrl({ baseUrl: 'https://h/openai/v2', api: 'chat' })).toBe(
      'https://h/openai/v2/chat/completions',
    );
    expect(requestBody(target, 'hi', 16)).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 16,
      stream: true,
      stream_options: { include_usage: true },
      ignore_eos: true,
    });
    expect(requestBody({ ...target, api: 'completions', ignoreEos: false }, 'hi', 1)).not.toHaveProperty(
      'ignore_eos',
    );
    expect(requestHeaders({ ...target, apiKey: 'k', headers: { 'x-a': 'b' } })).toMatchObject({
      authorization: 'Bearer k',
      'x-a': 'b',
    });
  });

  it('encodes the request body from a per-target template, byte for byte as JSON.stringify', () => {
    const prompts = [
      'hi',
      '',
      'quote " backslash \\ newline \n tab \t',
      'ünïcødé ✓ \u2028 \ud83d\ude00',
      'x'.repeat(5000),
    ];
    const targets = [
      target,
      { ...target, api: 'completions' as const, ignoreEos: false },
      { ...target, api: 'completions' as const, model: 'org/model-1 "q"\\' },
      { ...target, api: 'chat' as const, ignoreEos: false, model: 'm\u0000' },
    ];
    for (const t of targets) {
      for (const prompt of prompts) {
        for (const maxTokens of [1, 16, 4096]) {
          expect(encodeRequestBody(t, prompt, maxTokens)).toBe(
            JSON.stringify(requestBody(t, prompt, maxTokens)),
          );
        }
      }
    }
  });

  it('parses SSE split at arbitrary points', () => {
    const text = 'data: {"a":1}\n\n: keep-alive\n\ndata: {"b":\r\ndata: 2}\r\n\r\nevent: x\ndata: [DONE]\n\n';
    for (const cut of [1, 5, 13, 20, 33, text.length - 2]) {
      const parser = new SseParser();
      const payloads = [
        ...parser.push(text.slice(0, cut)),
        ...parser.push(text.slice(cut)),
        ...parser.flush(),
      ];
      expect(payloads).toEqual(['{"a":1}', '{"b":\n2}', '[DONE]']);
    }
    // One character at a time, CRLF and bare-CR-free data lines, empty data, a comment between events.
    const feed = 'data:{"x":1}\r\n\r\ndata:\n\n: c\ndata: a\ndata:  b\n\n';
    const oneByOne = new SseParser();
    const seen: string[] = [];
    for (const char of feed) oneByOne.feed(char, (payload) => seen.push(payload));
    expect(seen).toEqual(['{"x":1}', '', 'a\n b']);
    const parser = new SseParser();
    expect(parser.push('data: {"tail":1}')).toEqual([]);
    expect(parser.flush()).toEqual(['{"tail":1}']);
  });

  it('reads chat, completions, usage and error chunks', () => {
    expect(parseChunk({ choices: [{ delta: { role: 'assistant', content: '' } }] }).text).toBe('');
    expect(parseChunk({ choices: [{ delta: { content: ' the' }, finish_reason: null }] }).text).toBe(' the');
    expect(parseChunk({ choices: [{ text: ' of', finish_reason: 'length' }] })).toMatchObject({
      text: ' of',
      finishReason: 'length',
    });
    expect(parseChunk({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 3 } }).usage).toEqual({
      promptTokens: 12,
      completionTokens: 3,
    });
    expect(parseChunk({ error: { message: 'boom' } }).error).toBe('boom');
    expect(parseChunk({ object: 'error', message: 'bad' }).error).toBe('bad');
  });

  it('spreads multi-token arrivals over the gap and computes the metrics', () => {
    const times: number[] = [];
    spreadArrival(times, null, 100, 2); // first arrival: both at its time
    spreadArrival(times, 100, 130, 3); // 110, 120, 130
    spreadArrival(times, 130, 140, 1);
    expect(times).toEqual([100, 100, 110, 120, 130, 140]);
    // scheduled 40, first token 100, end 150, 6 tokens: TTFT 60, ITL (140-100)/5 = 8, E2E 110, TPOT (110-60)/5 = 10
    expect(
      latencyMetrics({ scheduledAt: 40, firstTokenAt: 100, endAt: 150, tokenTimes: times, outputTokens: 6 }),
    ).toEqual({
      ttftMs: 60,
      itlMs: 8,
      tpotMs: 10,
      e2eMs: 110,
    });
    expect(
      latencyMetrics({ scheduledAt: 0, firstTokenAt: 5, endAt: 6, tokenTimes: [5], outputTokens: 1 }),
    ).toEqual({
      ttftMs: 5,
      itlMs: null,
      tpotMs: null,
      e2eMs: 6,
    });
  });
});
