import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
  importBenchmarks(input: $input) { format detected inserted updated warnings errors { row field code message } }
}`;

interface ImportPayload {
  importBenchmarks: {
    format: string | null;
    detected: boolean;
    inserted: number;
    updated: number;
    warnings: string[];
    errors: { field: string | null; message: string }[];
  };
}

/** `compass import --direct FILE …` in its own process on the test database. */
function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve('apps/cli/main.ts'), 'import', '--direct', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DATABASE_URL: server.db.url },
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const FILES = [
  ['vllm-bench-serve-c8.json', 'VLLM_BENCH_JSON', []],
  ['aiperf-profile_export_aiperf.json', 'AIPERF_JSON', ['--hardware', 'H100', '--hardware-count', '1']],
  [
    'genai-perf-profile_export_genai_perf.json',
    'AIPERF_JSON',
    ['--hardware', 'L40S', '--hardware-count', '1'],
  ],
  ['llmd-benchmark-report-v0.1.yaml', 'LLMD_REPORT', []],
  ['summaries-pg-dump.sql', 'SUMMARIES_SQL', []],
  // The summaries and GuideLLM fixtures the docs point to, through the same round trip.
  ['summaries-good.csv', 'SUMMARIES_CSV', []],
  ['summaries.json', 'SUMMARIES_JSON', []],
  ['guidellm-v03-sweep.json', 'GUIDELLM_JSON', []],
  ['guidellm-v04-wrapped.json', 'GUIDELLM_JSON', []],
  ['guidellm-v05-dataset.json', 'GUIDELLM_JSON', ['--hardware', 'H200', '--hardware-count', '1']],
  // The same report saved as YAML (GuideLLM 0.5 --output-path benchmarks.yaml): the same rows, updated.
  ['guidellm-v05-dataset.yaml', 'GUIDELLM_JSON', ['--hardware', 'H200', '--hardware-count', '1']],
] as const;
/** Rows a fixture holds (one unless listed). */
const ROWS: Record<string, number> = {
  'summaries-pg-dump.sql': 4,
  'summaries-good.csv': 4,
  'summaries.json': 2,
  'guidellm-v03-sweep.json': 3,
  'guidellm-v04-wrapped.json': 2,
  'guidellm-v05-dataset.json': 3,
  'guidellm-v05-dataset.yaml': 3,
};
/** Rows already in from an earlier file: the pg_dump holds the CSV's rows, so the CSV updates them. */
const ALREADY_IN: Record<string, number> = { 'summaries-good.csv': 4, 'guidellm-v05-dataset.yaml': 3 };

describe('benchmark-tool formats round-trip through the API and the CLI', () => {
  for (const [file, format, flags] of FILES) {
    it(`${file}: detected as ${format}, imported over GraphQL, re-imported by compass import in place`, async () => {
      const content = readFileSync(`test/fixtures/import/${file}`, 'utf8');
      const rows = ROWS[file] ?? 1;
      const already = ALREADY_IN[file] ?? 0;
      const stated = flags.length === 0 ? {} : { hardware: flags[1], hardwareCount: Number(flags[3]) };
      const api = await gql<ImportPayload>(server, IMPORT, { input: { content, ...stated } });
      expect(api.errors).toBeUndefined();
      expect(api.data!.importBenchmarks).toMatchObject({
        format,
        detected: true,
        inserted: rows - already,
        updated: already,
        errors: [],
      });
      const again = await cli([`test/fixtures/import/${file}`, ...flags]);
      expect(again.output).toContain(`as ${format}, detected: 0 inserted, ${rows} updated`);
      expect(again.code).toBe(0);
    });
  }

  it('the CLI says what it guessed and which field is at fault, and exits 1', async () => {
    const result = await cli(['test/fixtures/import/aiperf-profile_export_aiperf.json', '--dry-run']);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/read as AIPERF_JSON \(detected: .*\).*hardware/);
    expect(result.output).toContain('nothing was imported');
  });
});
