import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

const IMPORT = `mutation($input: ImportBenchmarksInput!) {
  importBenchmarks(input: $input) { inserted updated warnings errors { row field code message } }
}`;

interface ImportPayload {
  importBenchmarks: {
    inserted: number;
    updated: number;
    warnings: string[];
    errors: { row: number | null; field: string | null; code: string; message: string }[];
  };
}

const fixture = (name: string) => readFileSync(`test/fixtures/import/${name}`, 'utf8');

async function importedCount(): Promise<number> {
  return server.clients.api.benchmark.count({ where: { source: 'IMPORTED' } });
}

describe('importBenchmarks over GraphQL and real PostgreSQL', () => {
  it('imports a good exported_summaries CSV, mapping model case and GPU aliases to the catalog', async () => {
    const result = await gql<ImportPayload>(server, IMPORT, {
      input: { format: 'SUMMARIES_CSV', content: fixture('summaries-good.csv') },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.importBenchmarks;
    expect(payload.errors).toEqual([]);
    expect(payload.inserted).toBe(4);
    expect(payload.updated).toBe(0);
    const row = await server.clients.api.benchmark.findUnique({
      where: { configId: 'cfg-llama8b-h100x1-512-256-c1' },
      include: { model: true, gpu: true, trafficProfile: true },
    });
    expect(row).toMatchObject({
      source: 'IMPORTED',
      ttftP95: 22.71,
      e2eP95: 1851.3,
      itlP95: 7.19,
      requestsPerSecond: 0.5621,
      model: { hfRepo: 'meta-llama/llama-3.1-8b-instruct' },
      gpu: { type: 'H100' },
      trafficProfile: { promptTokens: 512, outputTokens: 256 },
    });
  });

  it('re-importing the same file updates in place and inserts nothing', async () => {
    const before = await importedCount();
    const result = await gql<ImportPayload>(server, IMPORT, {
      input: { format: 'SUMMARIES_CSV', content: fixture('summaries-good.csv') },
    });
    expect(result.data!.importBenchmarks).toMatchObject({ inserted: 0, updated: 4, errors: [] });
    expect(await importedCount()).toBe(before);
  });

  it('rejects a malformed file as a whole, naming the row and field, and writes nothing', async () => {
    const before = await importedCount();
    const result = await gql<ImportPayload>(server, IMPORT, {
      input: { format: 'SUMMARIES_CSV', content: fixture('summaries-bad-row3.csv') },
    });
    const payload = result.data!.importBenchmarks;
    expect(payload.inserted + payload.updated).toBe(0);
    expect(payload.errors[0]).toMatchObject({ row: 3, code: 'INVALID_VALUE' });
    expect(payload.errors[0]!.field).toBeTruthy();
    expect(await importedCount()).toBe(before);
  });

  it('reports models and GPUs it cannot map instead of guessing', async () => {
    const content = fixture('summaries-good.csv').replace(
      /meta-llama\/Llama-3\.1-8B-Instruct/g,
      'acme/unknown-model-7b',
    );
    const result = await gql<ImportPayload>(server, IMPORT, { input: { format: 'SUMMARIES_CSV', content } });
    expect(result.data!.importBenchmarks.errors[0]).toMatchObject({
      row: 1,
      field: 'model_hf_repo',
      code: 'INVALID_VALUE',
    });
    expect(result.data!.importBenchmarks.errors[0]!.message).toContain('acme/unknown-model-7b');
  });

  it('imports summaries JSON and a GuideLLM report', async () => {
    for (const [format, file] of [
      ['SUMMARIES_JSON', 'summaries.json'],
      ['GUIDELLM_JSON', 'guidellm-v04-wrapped.json'],
    ] as const) {
      const result = await gql<ImportPayload>(server, IMPORT, { input: { format, content: fixture(file) } });
      expect(result.errors).toBeUndefined();
      expect(result.data!.importBenchmarks.errors).toEqual([]);
      expect(result.data!.importBenchmarks.inserted + result.data!.importBenchmarks.updated).toBeGreaterThan(
        0,
      );
    }
  });

  it('never overwrites a synthetic row that shares a config_id', async () => {
    const synthetic = await server.clients.api.benchmark.findFirstOrThrow({ where: { source: 'SYNTHETIC' } });
    const content = fixture('summaries-good.csv').replace(
      'cfg-llama8b-h100x1-512-256-c1',
      synthetic.configId,
    );
    const before = await importedCount();
    const result = await gql<ImportPayload>(server, IMPORT, { input: { format: 'SUMMARIES_CSV', content } });
    expect(result.data!.importBenchmarks.errors[0]).toMatchObject({ field: 'config_id' });
    expect(await importedCount()).toBe(before);
    const after = await server.clients.api.benchmark.findUniqueOrThrow({ where: { id: synthetic.id } });
    expect(after.source).toBe('SYNTHETIC');
    expect(after.ttftP95).toBe(synthetic.ttftP95);
  });

  it('a GuideLLM report without GPU facts imports with them stated on the input, format detected', async () => {
    const wrapped = JSON.parse(fixture('guidellm-v04-wrapped.json')) as { report: unknown };
    const content = JSON.stringify(wrapped.report);
    const bare = await gql<ImportPayload>(server, IMPORT, { input: { content } });
    expect(bare.data!.importBenchmarks.errors[0]).toMatchObject({ field: 'hardware', code: 'MISSING_FIELD' });
    expect(bare.data!.importBenchmarks.errors[0]!.message).toMatch(/^read as GUIDELLM_JSON \(detected/);
    const before = await importedCount();
    const stated = await gql<ImportPayload>(server, IMPORT, {
      input: { content, hardware: 'H200', hardwareCount: 1, dryRun: true },
    });
    expect(stated.data!.importBenchmarks.errors).toEqual([]);
    expect(stated.data!.importBenchmarks.inserted).toBe(2);
    expect(await importedCount()).toBe(before);
  });

  it('rows whose measured means match no profile keep their own tokens and no profile', async () => {
    const csv = [
      'model_hf_repo,hardware,hardware_count,mean_input_tokens,mean_output_tokens,requests_per_second,tokens_per_second,' +
        'ttft_mean,ttft_p90,ttft_p95,ttft_p99,itl_mean,itl_p90,itl_p95,itl_p99,e2e_mean,e2e_p90,e2e_p95,e2e_p99',
      'meta-llama/Llama-3.1-8B-Instruct,H100,1,1870.4,309.6,2.1,650,90,120,130,160,9,10,11,12,2900,3100,3200,3400',
      'meta-llama/Llama-3.1-8B-Instruct,H100,1,497.3,241.8,3.3,800,30,40,45,60,8,9,9.5,10,2000,2100,2200,2300',
    ].join('\n');
    const result = await gql<ImportPayload>(server, IMPORT, { input: { content: csv } });
    expect(result.data!.importBenchmarks).toMatchObject({ inserted: 2, errors: [] });
    expect(result.data!.importBenchmarks.warnings.join('\n')).toMatch(/1870→310 tokens, no traffic profile/);
    const rows = await server.clients.api.benchmark.findMany({
      where: { source: 'IMPORTED', requestsPerSecond: { in: [2.1, 3.3] }, hardware: 'H100' },
      orderBy: { requestsPerSecond: 'asc' },
    });
    expect(rows.map((r) => [r.promptTokens, r.outputTokens, r.trafficProfileId === null])).toEqual([
      [1870, 310, true],
      [512, 256, false],
    ]);
  });

  it('refuses a half-stated profile before reading the file', async () => {
    const result = await gql<ImportPayload>(server, IMPORT, {
      input: { content: fixture('summaries-good.csv'), promptTokens: 512 },
    });
    expect(result.data!.importBenchmarks.errors).toEqual([
      expect.objectContaining({ field: 'promptTokens', code: 'INVALID_VALUE' }),
    ]);
  });
});
