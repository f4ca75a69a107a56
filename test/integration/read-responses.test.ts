import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The read path's responses, byte for byte, against what the Pothos + Prisma code answered before the
// read-path work (docs/performance.md): any faster path must produce the same bytes. The fixtures were
// captured with UPDATE_READ_FIXTURES=1 on that code; re-capture only when the API changes on purpose.
const FIXTURES = path.resolve('test/fixtures/read-responses');
const UPDATE = process.env.UPDATE_READ_FIXTURES === '1';

const ALL_BENCHMARK_FIELDS = `id configId concurrency gpuCount hardware promptTokens outputTokens
  meanInputTokens meanOutputTokens requestRate requestsPerSecond outputTokensPerSecond source framework
  ttft { mean p50 p90 p95 p99 p50Estimated } itl { mean p50 p90 p95 p99 p50Estimated }
  e2e { mean p50 p90 p95 p99 p50Estimated } run { id }
  model { id hfRepo name provider family } gpu { id type hourlyPriceUsd vendor vramGb }
  trafficProfile { id name promptTokens outputTokens description }`;

// Every field the hand-written benchmarks page answers itself (server/domains/knowledge/schema/benchmark-page.ts).
const PREBUILT_BENCHMARK_FIELDS = `id configId concurrency gpuCount hardware promptTokens outputTokens
  meanInputTokens meanOutputTokens requestRate requestsPerSecond outputTokensPerSecond source framework
  ttft { mean p50 p90 p95 p99 p50Estimated } itl { mean p50 p90 p95 p99 p50Estimated }
  e2e { mean p50 p90 p95 p99 p50Estimated }
  model { id hfRepo name provider family parameterCountB activeParameterCountB contextWindow license licenseType
    minGpuMemoryGb quantization approved qualityScore qualityEstimated notes origin }
  gpu { id type vendor architecture vramGb fp16Tflops memoryBandwidthGbps computeCapability nodeSelectorLabel
    hourlyPriceUsd availability }
  trafficProfile { id name promptTokens outputTokens description }`;

const cursor = (id: number) => Buffer.from(`GPC:N:${id}`).toString('base64');

interface Case {
  query: string;
  variables?: Record<string, unknown>;
  /** Answered by the hand-written page statement (one per root field), not by Pothos + Prisma. */
  prebuilt?: boolean;
}

const CASES: Record<string, Case> = {
  'bench-page-100': {
    query: `query Page($first: Int!) {
  benchmarks(first: $first) {
    totalCount
    edges { node {
      id configId concurrency requestsPerSecond ttft { p95 } itl { p95 } e2e { p95 }
      model { hfRepo name } gpu { type hourlyPriceUsd } trafficProfile { name promptTokens outputTokens }
    } }
  }
}`,
    variables: { first: 100 },
    prebuilt: true,
  },
  'prebuilt-filtered-every-field': {
    query: `query($filter: BenchmarkFilter, $after: String) { benchmarks(filter: $filter, first: 15, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { ${PREBUILT_BENCHMARK_FIELDS} } } } }`,
    variables: {
      filter: {
        modelHfRepo: 'META-LLAMA/llama-3.1-8b-instruct',
        minConcurrency: 4,
        maxConcurrency: 64,
        promptTokens: 512,
        source: 'SYNTHETIC',
      },
      after: cursor(600),
    },
    prebuilt: true,
  },
  'prebuilt-by-ids': {
    query: `{ benchmarks(first: 6, filter: { modelId: "TW9kZWw6Mw==", gpuId: "2", trafficProfileId: "VHJhZmZpY1Byb2ZpbGU6Mg==", gpuCount: 4 }) {
      totalCount edges { node { id gpuCount model { name } gpu { type } trafficProfile { name } } } } }`,
    prebuilt: true,
  },
  'prebuilt-count-only': {
    query: `{ benchmarks(filter: { gpuCount: 2, outputTokens: 1024 }) { totalCount } }`,
    prebuilt: true,
  },
  'prebuilt-page-info-only': {
    query: `query($after: String) { benchmarks(first: 5, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`,
    variables: { after: cursor(80) },
    prebuilt: true,
  },
  'prebuilt-default-size': {
    query: `{ benchmarks { edges { cursor } } }`,
    prebuilt: true,
  },
  'prebuilt-end-of-list': {
    query: `query($after: String) { benchmarks(first: 10, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { id e2e { p50 p50Estimated } } } } }`,
    variables: { after: cursor(63_436) },
    prebuilt: true,
  },
  'prebuilt-gone-cursor': {
    query: `query($after: String) { benchmarks(first: 3, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { node { id } } } }`,
    variables: { after: cursor(99_999_999) },
    prebuilt: true,
  },
  'page-cursors': {
    prebuilt: true,
    query: `{ benchmarks(first: 7, after: "R1BDOk46ODA=") { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id requestsPerSecond ttft { p95 } model { hfRepo } gpu { type } trafficProfile { name } } } } }`,
  },
  'page-backwards': {
    query: `{ benchmarks(last: 4) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id concurrency } } } }`,
  },
  'filtered-every-field': {
    query: `query($filter: BenchmarkFilter) { benchmarks(filter: $filter, first: 12) { totalCount
      pageInfo { hasNextPage endCursor } edges { node { ${ALL_BENCHMARK_FIELDS} } } } }`,
    variables: {
      filter: { modelHfRepo: 'meta-llama/llama-3.1-8b-instruct', gpuType: 'h100', minConcurrency: 4 },
    },
  },
  'aliases-fragments-typename': {
    prebuilt: true,
    query: `fragment B on Benchmark { __typename id gpuCount e2e { p99 mean } gpu { __typename type } }
      { a: benchmarks(first: 3) { edges { node { ...B } } }
        b: benchmarks(first: 2, filter: { gpuCount: 2, source: SYNTHETIC }) { totalCount edges { node { ...B model { name } } } }
        c: benchmarks(first: 0) { totalCount edges { node { id } } } }`,
  },
  'models-nested': {
    query: `{ models(first: 4) { totalCount pageInfo { endCursor } edges { node {
      id hfRepo name provider family parameterCountB activeParameterCountB contextWindow tasks domains license
      licenseType minGpuMemoryGb quantization recommendedFor approved qualityEstimated notes origin
      qualityScore chat: qualityScore(useCaseKey: "chatbot_conversational")
      benchmarks(first: 3) { totalCount edges { node { id gpu { type } trafficProfile { name } } } } } } } }`,
  },
  'gpus-and-profiles': {
    query: `{ gpus { id type aliases vendor architecture vramGb fp16Tflops memoryBandwidthGbps computeCapability
        nodeSelectorLabel hourlyPriceUsd availability prices { provider region hourlyUsd } }
      trafficProfiles { id name promptTokens outputTokens description
        useCases { id key name experienceClass slo { ttftP95Ms itlP95Ms e2eP95Ms } trafficProfile { name } }
        benchmarks(first: 2) { totalCount edges { node { id model { hfRepo } } } } } }`,
  },
  'node-lookups': {
    query: `{ b: node(id: "QmVuY2htYXJrOjU=") { id ... on Benchmark { configId model { hfRepo } gpu { type } } }
      m: node(id: "TW9kZWw6Mw==") { id ... on Model { name benchmarks(first: 1) { totalCount } } }
      g: node(id: "R3B1OjI=") { id ... on Gpu { type prices { provider } } } }`,
  },
  'errors-bad-input': {
    query: `{ benchmarks(first: 2, filter: { modelId: "not-an-id" }) { totalCount edges { node { id } } } }`,
  },
  'errors-too-large': {
    prebuilt: true,
    query: `{ benchmarks(first: 501) { edges { node { id } } } }`,
  },
};

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

async function answer(query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return `${response.status}\n${await response.text()}\n`;
}

const PAGE_STATEMENT = /^(WITH page AS|SELECT \(SELECT count)/;

describe('read responses are byte-identical to the captured fixtures', () => {
  for (const [name, { query, variables, prebuilt }] of Object.entries(CASES)) {
    it(name, async () => {
      const file = path.join(FIXTURES, `${name}.txt`);
      server.sqlLog.length = 0;
      const actual = await answer(query, variables);
      // Which path answered: the hand-written page statement, or Pothos + Prisma's own.
      const statements = server.sqlLog.filter((sql) => !/api_tokens/i.test(sql));
      if (!UPDATE) {
        if (prebuilt) {
          expect(statements.length).toBeGreaterThan(0);
          expect(statements.every((sql) => PAGE_STATEMENT.test(sql))).toBe(true);
        } else expect(statements.filter((sql) => PAGE_STATEMENT.test(sql))).toEqual([]);
      }
      if (UPDATE) await writeFile(file, actual);
      expect(actual).toBe(await readFile(file, 'utf8'));
      // The same bytes on a second ask: nothing cached or per-request leaks into the answer.
      expect(await answer(query, variables)).toBe(actual);
    });
  }
});
