import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

const EXTRACT = `mutation($text: String!) { extractIntent(text: $text) {
  source useCase { key } trafficProfile { promptTokens outputTokens } slo { ttftP95Ms itlP95Ms e2eP95Ms }
  experienceClass requestsPerSecond users priority maxMonthlyCostUsd gpuTypes notes } }`;

interface Spec {
  extractIntent: {
    source: string;
    useCase: { key: string } | null;
    trafficProfile: { promptTokens: number; outputTokens: number };
    slo: { ttftP95Ms: number };
    experienceClass: string;
    requestsPerSecond: number;
    users: number | null;
    priority: string;
    maxMonthlyCostUsd: number | null;
    gpuTypes: string[];
    notes: string[];
  };
}

let rulesOnly: TestServer;
let withLlm: TestServer;
let stub: http.Server;

beforeAll(async () => {
  // A local OpenAI-compatible server answering with a schema-valid intent.
  stub = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const intent = {
        useCaseKey: 'document_analysis_rag',
        users: null,
        requestsPerUserPerMinute: null,
        requestsPerSecond: 12,
        priority: 'ACCURACY',
        gpuTypes: [],
        excludedGpuTypes: [],
        maxGpus: null,
        maxMonthlyCostUsd: null,
        approvedOnly: false,
        minQualityScore: null,
        headroomPercent: null,
        sloOverrides: { ttftP95Ms: null, itlP95Ms: null, e2eP95Ms: null },
        domains: ['legal'],
        notes: [],
      };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: 'x',
          object: 'chat.completion',
          model: 'stub-model',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: { role: 'assistant', content: JSON.stringify(intent) },
            },
          ],
          usage: { prompt_tokens: 321, completion_tokens: 45, total_tokens: 366 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  rulesOnly = await startTestServer();
  withLlm = await startTestServer({ llm: { baseUrl, model: 'stub-model', apiKey: null, timeoutMs: 3_000 } });
});

afterAll(async () => {
  await rulesOnly?.close();
  await withLlm?.close();
  await new Promise((resolve) => stub?.close(resolve));
});

describe('extractIntent over GraphQL', () => {
  it('turns the acceptance sentence into a sensible spec that recommend accepts', async () => {
    const text = 'We need a customer-support chatbot for 5,000 users, latency is critical, budget $20k/month';
    const result = await gql<Spec>(rulesOnly, EXTRACT, { text });
    expect(result.errors).toBeUndefined();
    expect(result.data!.extractIntent).toMatchObject({
      source: 'RULES',
      useCase: { key: 'chatbot_conversational' },
      trafficProfile: { promptTokens: 512, outputTokens: 256 },
      slo: { ttftP95Ms: 150 },
      experienceClass: 'CONVERSATIONAL',
      users: 5000,
      priority: 'LATENCY',
      maxMonthlyCostUsd: 20000,
    });
    expect(result.data!.extractIntent.requestsPerSecond).toBeCloseTo((5000 * 2) / 60, 6);
    const rec = await gql<{ recommend: { recommendations: { monthlyCostUsd: number }[] } }>(
      rulesOnly,
      `query($spec: DeploymentSpecInput!) { recommend(spec: $spec) { recommendations { monthlyCostUsd } } }`,
      {
        spec: {
          useCaseKey: 'chatbot_conversational',
          users: 5000,
          priority: 'LATENCY',
          maxMonthlyCostUsd: 20000,
        },
      },
    );
    expect(rec.data!.recommend.recommendations.length).toBeGreaterThan(0);
    expect(rec.data!.recommend.recommendations.every((r) => r.monthlyCostUsd <= 20000)).toBe(true);
  });

  it('assumes a load and says so when the text names none', async () => {
    const result = await gql<Spec>(rulesOnly, EXTRACT, { text: 'translate product pages into German' });
    expect(result.data!.extractIntent.useCase?.key).toBe('translation');
    expect(result.data!.extractIntent.notes.join(' ')).toMatch(/no load stated/);
  });

  it('rejects empty and oversized text with typed errors', async () => {
    for (const text of ['   ', 'x'.repeat(5_000)]) {
      const result = await gql(rulesOnly, EXTRACT, { text });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('merges a validated LLM answer, records the call, and reports it in llmCallStats', async () => {
    const result = await gql<Spec>(withLlm, EXTRACT, {
      text: 'We analyse contracts with RAG for our legal team',
    });
    expect(result.errors).toBeUndefined();
    expect(result.data!.extractIntent).toMatchObject({
      source: 'LLM',
      useCase: { key: 'document_analysis_rag' },
      priority: 'ACCURACY',
    });
    const stats = await gql<{
      llmCallStats: {
        key: string;
        calls: number;
        tokensInput: number;
        tokensOutput: number;
        validRate: number;
      }[];
    }>(withLlm, `{ llmCallStats(groupBy: MODEL) { key calls tokensInput tokensOutput validRate } }`);
    expect(stats.data!.llmCallStats).toEqual([
      { key: 'stub-model', calls: 1, tokensInput: 321, tokensOutput: 45, validRate: 1 },
    ]);
  });
});
