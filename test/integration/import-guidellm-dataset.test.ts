import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * A GuideLLM 0.5 report of a dataset-driven run (test/fixtures/import/guidellm-v05-dataset.json: the
 * GenerativeBenchmarksReport layout of guidellm's benchmark/schemas/generative/, `args.data` a dataset, no
 * target tokens, no GPU), imported with the facts stated on the input and on `compass import` instead of a
 * hand-written wrapper; its measured means join 512→256 within ±10 %, and a variant outside the tolerance
 * stays one config under its own tokens, never matched to a profile it did not measure.
 */

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'compass-guidellm-'));
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const FIXTURE = 'test/fixtures/import/guidellm-v05-dataset.json';
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
/** How the catalog spells it (the file's case is matched case-insensitively). */
const CATALOG = MODEL.toLowerCase();

const IMPORT = `mutation($input: ImportBenchmarksInput!) {
  importBenchmarks(input: $input) {
    format detected inserted updated warnings
    configs { modelHfRepo hardware hardwareCount promptTokens outputTokens trafficProfile inserts updates }
    errors { row field code message }
  }
}`;

interface ImportPayload {
  importBenchmarks: {
    format: string | null;
    detected: boolean;
    inserted: number;
    updated: number;
    warnings: string[];
    configs: {
      modelHfRepo: string;
      hardware: string;
      hardwareCount: number;
      promptTokens: number;
      outputTokens: number;
      trafficProfile: boolean;
      inserts: number;
      updates: number;
    }[];
    errors: { row: number | null; field: string | null; code: string; message: string }[];
  };
}

/** `compass import --direct FILE …` in its own process on the test database. */
function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('apps/cli/main.ts'), 'import', '--direct', ...args],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: server.db.url } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

interface Dist {
  successful: { mean: number };
}
interface Report {
  benchmarks: { metrics: { prompt_token_count: Dist; output_token_count: Dist } }[];
}

/** The same run on a dataset with longer prompts: 1,870-ish → 310-ish tokens, a little different per level. */
function longPromptVariant(): string {
  const report = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Report;
  report.benchmarks.forEach((b, i) => {
    b.metrics.prompt_token_count.successful.mean = [1870.4, 1866.1, 1874.9][i]!;
    b.metrics.output_token_count.successful.mean = [309.6, 311.2, 308.8][i]!;
  });
  return JSON.stringify(report);
}

describe('a GuideLLM 0.5 dataset-driven report, facts stated instead of a wrapper', () => {
  it('is detected, names what is missing, and imports with model / GPU / count stated', async () => {
    const content = readFileSync(FIXTURE, 'utf8');
    const bare = await gql<ImportPayload>(server, IMPORT, { input: { content } });
    expect(bare.data!.importBenchmarks.errors[0]).toMatchObject({ field: 'hardware', code: 'MISSING_FIELD' });
    expect(bare.data!.importBenchmarks.errors[0]!.message).toMatch(
      /^read as GUIDELLM_JSON \(detected: .+\): hardware is missing on every row/,
    );

    const result = await gql<ImportPayload>(server, IMPORT, {
      input: { content, hardware: 'H100', hardwareCount: 1 },
    });
    const payload = result.data!.importBenchmarks;
    expect(payload).toMatchObject({
      format: 'GUIDELLM_JSON',
      detected: true,
      inserted: 3,
      updated: 0,
      errors: [],
    });
    // The means (498.6 → 243.1, …) are within ±10 % of 512→256: the three levels join that profile.
    expect(payload.configs).toEqual([
      {
        modelHfRepo: CATALOG,
        hardware: 'H100',
        hardwareCount: 1,
        promptTokens: 512,
        outputTokens: 256,
        trafficProfile: true,
        inserts: 3,
        updates: 0,
      },
    ]);
    expect(payload.warnings.join('\n')).toMatch(
      /3 row\(s\) \(1, 2, 3\) state no target tokens: .* within 10 %/,
    );
    const rows = await server.clients.api.benchmark.findMany({
      where: { source: 'IMPORTED', hardware: 'H100' },
      orderBy: { requestsPerSecond: 'asc' },
    });
    expect(
      rows.map((r) => [r.concurrency, r.requestRate, r.requestsPerSecond, r.huggingfacePromptDataset]),
    ).toEqual([
      [1, null, 0.412, 'abisee/cnn_dailymail'],
      [null, 2, 1.987, 'abisee/cnn_dailymail'],
      [null, 4, 3.952, 'abisee/cnn_dailymail'],
    ]);
    expect(rows[2]!.e2eP95).toBeCloseTo(3632.9, 9); // request_latency p95 3.6329 s
  });

  it('compass import --model --hardware --hardware-count re-imports it in place', async () => {
    const again = await cli([FIXTURE, '--model', MODEL, '--hardware', 'H100', '--hardware-count', '1']);
    expect(again.output).toContain('as GUIDELLM_JSON, detected: 0 inserted, 3 updated');
    expect(again.output).toContain(`${CATALOG} on 1× H100, 512→256: 0 insert(s), 3 update(s)`);
    expect(again.code).toBe(0);
  });

  it('--profile states the profile for every row (a dry run here: nothing written)', async () => {
    const before = await server.clients.api.benchmark.count({ where: { source: 'IMPORTED' } });
    const dry = await cli([
      FIXTURE,
      '--hardware',
      'H100',
      '--hardware-count',
      '1',
      '--profile',
      '1024x1024',
      '--dry-run',
    ]);
    expect(dry.output).toContain('dry run (nothing written) of');
    expect(dry.output).toContain(`${CATALOG} on 1× H100, 1024→1024: 3 insert(s), 0 update(s)`);
    expect(dry.code).toBe(0);
    expect(await server.clients.api.benchmark.count({ where: { source: 'IMPORTED' } })).toBe(before);
  });

  it('outside the tolerance the sweep stays one config under its own tokens, matched only exactly', async () => {
    const file = path.join(dir, 'long-prompts.json');
    await writeFile(file, longPromptVariant());
    const result = await gql<ImportPayload>(server, IMPORT, {
      input: { content: longPromptVariant(), modelHfRepo: MODEL, hardware: 'A100-80', hardwareCount: 2 },
    });
    const payload = result.data!.importBenchmarks;
    expect(payload.errors).toEqual([]);
    // One config (the group's mean, rounded), not one per level's own rounding (1870/1866/1875).
    expect(payload.configs).toEqual([
      expect.objectContaining({ promptTokens: 1870, outputTokens: 310, trafficProfile: false, inserts: 3 }),
    ]);
    expect(payload.warnings.join('\n')).toMatch(
      /3 row\(s\) \(1, 2, 3\) measure 1870→310 tokens, no traffic profile/,
    );

    const RECOMMEND = `query($spec: DeploymentSpecInput!) { recommend(spec: $spec) {
      recommendations { model { hfRepo } gpuCount confidence evidence { rowCount } }
      nearMisses { model { hfRepo } gpuCount confidence }
      rejected { model { hfRepo } gpu { type } gpuCount } } }`;
    type Answer = {
      recommend: {
        recommendations: {
          model: { hfRepo: string };
          gpuCount: number;
          confidence: string;
          evidence: { rowCount: number };
        }[];
        nearMisses: { model: { hfRepo: string }; gpuCount: number; confidence: string }[];
        rejected: { model: { hfRepo: string }; gpu: { type: string }; gpuCount: number }[];
      };
    };
    const spec = (promptTokens: number, outputTokens: number) => ({
      promptTokens,
      outputTokens,
      slo: { ttftP95Ms: 5000, itlP95Ms: 100, e2eP95Ms: 60000 },
      requestsPerSecond: 1,
      gpuTypes: ['A100-80'],
      sources: ['IMPORTED'],
    });
    const exact = await gql<Answer>(server, RECOMMEND, { spec: spec(1870, 310) });
    expect(exact.data!.recommend.recommendations).toEqual([
      { model: { hfRepo: CATALOG }, gpuCount: 2, confidence: 'IMPORTED', evidence: { rowCount: 3 } },
    ]);
    // 512→256 and a near neighbour of 1870→310 are never answered from these rows as an exact match
    // (at most as a flagged ESTIMATED fit).
    for (const [p, o] of [
      [512, 256],
      [1871, 310],
    ] as const) {
      const other = await gql<Answer>(server, RECOMMEND, { spec: spec(p, o) });
      const exactHere = [
        ...other.data!.recommend.recommendations,
        ...other.data!.recommend.nearMisses,
      ].filter((r) => r.model.hfRepo === CATALOG && r.gpuCount === 2 && r.confidence !== 'ESTIMATED');
      expect(exactHere).toEqual([]);
    }

    const cliAgain = await cli([file, '--model', MODEL, '--hardware', 'A100-80', '--hardware-count', '2']);
    expect(cliAgain.output).toContain('0 inserted, 3 updated');
    expect(cliAgain.code).toBe(0);
  });

  it('model and modelHfRepo that disagree are refused before the file is read', async () => {
    const before = await server.clients.api.benchmark.count({ where: { source: 'IMPORTED' } });
    const result = await gql<ImportPayload>(server, IMPORT, {
      input: {
        content: readFileSync(FIXTURE, 'utf8'),
        model: MODEL,
        modelHfRepo: 'Qwen/Qwen2.5-7B-Instruct',
        hardware: 'H100',
        hardwareCount: 1,
      },
    });
    expect(result.data!.importBenchmarks).toMatchObject({ inserted: 0, updated: 0 });
    expect(result.data!.importBenchmarks.errors).toEqual([
      expect.objectContaining({ row: null, field: 'modelHfRepo', code: 'INVALID_VALUE' }),
    ]);
    expect(await server.clients.api.benchmark.count({ where: { source: 'IMPORTED' } })).toBe(before);
  });
});
