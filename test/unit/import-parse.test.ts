import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseImport,
  type ImportFormat,
  type NormalizedBenchmarkRow,
} from '../../server/domains/knowledge/import/index.js';
import { deriveItl } from '../../server/domains/knowledge/import/normalize.js';
import { parseTimestamp } from '../../server/domains/knowledge/import/summary-fields.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
}

/** A minimal valid exported_summaries row (ms); tests override what they exercise. */
const BASE_ROW: Record<string, string> = {
  model_hf_repo: 'meta-llama/Llama-3.1-8B-Instruct',
  hardware: 'H100',
  hardware_count: '1',
  prompt_tokens: '512',
  output_tokens: '256',
  mean_input_tokens: '512',
  mean_output_tokens: '256',
  requests_per_second: '1.5',
  tokens_per_second: '384',
  ttft_mean: '40',
  ttft_p90: '55',
  ttft_p95: '61',
  ttft_p99: '80',
  itl_mean: '10',
  itl_p90: '11',
  itl_p95: '12',
  itl_p99: '13',
  e2e_mean: '2590',
  e2e_p90: '2860',
  e2e_p95: '3121',
  e2e_p99: '3395',
};

function csvOf(rows: Record<string, string>[], columns = Object.keys(rows[0] ?? BASE_ROW)): string {
  const cell = (v: string | undefined) =>
    v === undefined ? '' : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return (
    [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n') + '\n'
  );
}

function rowsOf(format: ImportFormat, content: string): NormalizedBenchmarkRow[] {
  const result = parseImport(format, content);
  expect(result.errors).toEqual([]);
  return result.rows;
}

describe('SUMMARIES_CSV', () => {
  it('reads every row of an exported_summaries CSV with its exact numbers', () => {
    const result = parseImport('SUMMARIES_CSV', fixture('summaries-good.csv'));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toHaveLength(4);

    const [first, , third, qwen] = result.rows;
    expect(first).toEqual({
      rowNumber: 1,
      tokensFromMeans: false,
      configId: 'cfg-llama8b-h100x1-512-256-c1',
      modelHfRepo: 'meta-llama/Llama-3.1-8B-Instruct',
      hardware: 'H100',
      hardwareCount: 1,
      promptTokens: 512,
      outputTokens: 256,
      meanInputTokens: 512.4,
      meanOutputTokens: 256,
      concurrency: 1,
      requestRate: null,
      requestsPerSecond: 0.5621,
      responsesPerSecond: 0.5621,
      tokensPerSecond: 143.87,
      ttft: { mean: 18.42, p50: null, p90: 21.18, p95: 22.71, p99: 26.05 },
      itl: { mean: 6.903, p50: null, p90: 7.08, p95: 7.19, p99: 7.61 },
      e2e: { mean: 1778.5, p50: null, p90: 1832.6, p95: 1851.3, p99: 1893 },
      tps: { mean: 143.87, p90: 146.1, p95: 147.02, p99: 148.75 },
      framework: 'vllm',
      frameworkVersion: '0.8.5',
      provider: 'meta-llama',
      type: 'local',
      huggingfacePromptDataset: null,
      entrypoint: 'vllm serve',
      dockerImage: 'vllm/vllm-openai:v0.8.5',
      profilerType: 'guidellm',
      profilerImage: 'ghcr.io/vllm-project/guidellm',
      profilerTag: 'v0.3.0',
      modelUri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
      // timestamp without time zone → read as UTC; JS keeps milliseconds
      benchmarkCreatedAt: new Date('2025-10-29T14:03:22.417Z'),
    });
    expect(third?.concurrency).toBe(32);
    expect(third?.ttft.p95).toBe(84.5);
    expect(third?.e2e.p99).toBe(3330.6);
    expect(qwen).toMatchObject({
      rowNumber: 4,
      modelHfRepo: 'Qwen/Qwen2.5-7B-Instruct',
      hardware: 'NVIDIA-A100-80GB',
      hardwareCount: 2,
      promptTokens: 1024,
      outputTokens: 1024,
      concurrency: 16,
      responsesPerSecond: null,
      tokensPerSecond: 1556.5,
      tps: { mean: null, p90: null, p95: null, p99: null },
      modelUri: null,
      benchmarkCreatedAt: new Date('2025-10-30T09:41:05Z'),
    });
    expect(qwen?.itl).toEqual({ mean: 10.2, p50: null, p90: 10.9, p95: 11.3, p99: 12.4 });
  });

  it('rejects the whole file for one bad number, naming row 3 and the field', () => {
    const result = parseImport('SUMMARIES_CSV', fixture('summaries-bad-row3.csv'));
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      {
        row: 3,
        field: 'ttft_p95',
        code: 'INVALID_VALUE',
        message: 'row 3: ttft_p95 must be a finite number ≥ 0 (got "NaN")',
      },
    ]);
  });

  it.each([
    ['negative', '-12.5'],
    ['infinite', 'Infinity'],
    ['not a number', 'fast'],
    ['hexadecimal', '0x10'],
  ])('rejects a %s latency with INVALID_VALUE', (_label, value) => {
    const result = parseImport('SUMMARIES_CSV', csvOf([BASE_ROW, { ...BASE_ROW, e2e_p95: value }]));
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 2, field: 'e2e_p95', code: 'INVALID_VALUE' });
  });

  it('rejects a fractional GPU count and a zero prompt length', () => {
    const result = parseImport(
      'SUMMARIES_CSV',
      csvOf([{ ...BASE_ROW, hardware_count: '1.5', prompt_tokens: '0' }]),
    );
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [1, 'hardware_count', 'INVALID_VALUE'],
      [1, 'prompt_tokens', 'INVALID_VALUE'],
    ]);
    expect(result.errors[0]?.message).toBe('row 1: hardware_count must be a whole number ≥ 1 (got "1.5")');
  });

  it('reports an empty required cell as MISSING_FIELD for that row', () => {
    const result = parseImport('SUMMARIES_CSV', csvOf([BASE_ROW, { ...BASE_ROW, hardware: '' }, BASE_ROW]));
    expect(result.errors).toEqual([
      { row: 2, field: 'hardware', code: 'MISSING_FIELD', message: 'row 2: hardware is required' },
    ]);
  });

  it('names every required column missing from the header', () => {
    const columns = Object.keys(BASE_ROW).filter((c) => c !== 'ttft_p95' && c !== 'hardware_count');
    const result = parseImport('SUMMARIES_CSV', csvOf([BASE_ROW], columns));
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      {
        row: null,
        field: 'hardware_count',
        code: 'MISSING_FIELD',
        message: 'required column hardware_count is missing from the header',
      },
      {
        row: null,
        field: 'ttft_p95',
        code: 'MISSING_FIELD',
        message: 'required column ttft_p95 is missing from the header',
      },
    ]);
  });

  it('matches header names in any letter case and order, ignoring unknown columns', () => {
    const columns = Object.keys(BASE_ROW).reverse();
    const header = columns.map((c) => (c.startsWith('ttft') ? c.toUpperCase() : c)).join(',') + ',Notes,';
    const line = columns.map((c) => BASE_ROW[c]).join(',') + ',"free, text",';
    const [row] = rowsOf('SUMMARIES_CSV', `${header}\n${line}\n`);
    expect(row?.ttft).toEqual({ mean: 40, p50: null, p90: 55, p95: 61, p99: 80 });
    expect(row?.hardware).toBe('H100');
  });

  it('reads optional p50 and load-level columns', () => {
    const [row] = rowsOf(
      'SUMMARIES_CSV',
      csvOf([{ ...BASE_ROW, ttft_p50: '38', itl_p50: '9.9', e2e_p50: '2575', request_rate: '2.5' }]),
    );
    expect(row?.ttft.p50).toBe(38);
    expect(row?.itl.p50).toBe(9.9);
    expect(row?.e2e.p50).toBe(2575);
    expect(row?.requestRate).toBe(2.5);
    expect(row?.concurrency).toBeNull();
  });

  it('answers EMPTY_IMPORT for a header without rows and for an empty file', () => {
    const headerOnly = `${Object.keys(BASE_ROW).join(',')}\n`;
    expect(parseImport('SUMMARIES_CSV', headerOnly)).toEqual({
      rows: [],
      errors: [
        { row: null, field: null, code: 'EMPTY_IMPORT', message: 'the CSV has a header but no data rows' },
      ],
      warnings: [],
    });
    expect(parseImport('SUMMARIES_CSV', '').errors[0]?.code).toBe('EMPTY_IMPORT');
  });

  it('answers PARSE_ERROR for an unbalanced quote, with the data row', () => {
    const lines = csvOf([BASE_ROW, BASE_ROW]).split('\n');
    lines[2] = lines[2]!.replace(',H100,', ',"H100,');
    const csv = lines.join('\n');
    const result = parseImport('SUMMARIES_CSV', csv);
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ row: 2, field: null, code: 'PARSE_ERROR' });
    expect(result.errors[0]?.message).toMatch(/^CSV data row 2: Quote Not Closed/);
  });

  it('answers PARSE_ERROR for a column named twice (in any letter case)', () => {
    const csv = csvOf([BASE_ROW]).replace('ttft_p99', 'TTFT_P95');
    expect(parseImport('SUMMARIES_CSV', csv).errors).toEqual([
      {
        row: null,
        field: 'ttft_p95',
        code: 'PARSE_ERROR',
        message: 'column ttft_p95 appears twice in the header',
      },
    ]);
  });

  it('answers PARSE_ERROR for a row with too many cells', () => {
    const csv = csvOf([BASE_ROW]) + csvOf([BASE_ROW]).split('\n')[1] + ',extra\n';
    expect(parseImport('SUMMARIES_CSV', csv).errors[0]).toMatchObject({ row: 2, code: 'PARSE_ERROR' });
  });

  it('derives missing ITL as (e2e − ttft) / (mean_output_tokens − 1) and says so', () => {
    const withoutItl = Object.fromEntries(
      Object.entries(BASE_ROW).filter(([key]) => !key.startsWith('itl_')),
    );
    const result = parseImport(
      'SUMMARIES_CSV',
      csvOf([
        { ...withoutItl, ttft_p50: '38', e2e_p50: '2588' },
        { ...withoutItl, ttft_p50: '38', e2e_p50: '2588' },
      ]),
    );
    expect(result.errors).toEqual([]);
    // 256 output tokens → 255 gaps: (2590−40)/255 = 10, (2860−55)/255 = 11, (3121−61)/255 = 12, (3395−80)/255 = 13
    expect(result.rows[0]?.itl).toEqual({ mean: 10, p50: 10, p90: 11, p95: 12, p99: 13 });
    expect(result.warnings).toEqual([
      'itl_mean, itl_p90, itl_p95, itl_p99, itl_p50 missing on 2 row(s) (1, 2): derived as ' +
        '(e2e − ttft) / (mean_output_tokens − 1) for each statistic',
    ]);
  });

  it('derives only the ITL statistics that are missing', () => {
    const [row] = rowsOf('SUMMARIES_CSV', csvOf([{ ...BASE_ROW, itl_p95: '', itl_p99: '' }]));
    expect(row?.itl).toEqual({ mean: 10, p50: null, p90: 11, p95: 12, p99: 13 });
  });

  it('refuses to derive ITL from inconsistent latencies', () => {
    const { itl_p95: _dropped, ...row } = BASE_ROW;
    const columns = Object.keys(row);
    const result = parseImport('SUMMARIES_CSV', csvOf([{ ...row, e2e_p95: '50' }], columns));
    expect(result.errors).toEqual([
      {
        row: 1,
        field: 'e2e_p95',
        code: 'INVALID_VALUE',
        message: 'row 1: e2e_p95 (50 ms) is below ttft_p95 (61 ms), so itl_p95 cannot be derived',
      },
    ]);
  });

  it('lists at most 100 errors for a file of bad rows', () => {
    const rows = Array.from({ length: 150 }, () => ({ ...BASE_ROW, tokens_per_second: '-1' }));
    const result = parseImport('SUMMARIES_CSV', csvOf(rows));
    expect(result.errors).toHaveLength(100);
    expect(result.errors[99]).toMatchObject({ row: 100, field: 'tokens_per_second' });
    expect(result.warnings).toEqual(['50 more errors not listed (first 100 shown)']);
  });
});

describe('SUMMARIES_JSON', () => {
  it('reads {"benchmarks": [...]} with numbers or numeric strings and keys in any case', () => {
    const result = parseImport('SUMMARIES_JSON', fixture('summaries.json'));
    expect(result.errors).toEqual([]);
    const [first, second] = result.rows;
    expect(first).toMatchObject({
      rowNumber: 1,
      configId: 'cfg-mistral7b-l4x1-512-256-c1',
      hardware: 'NVIDIA-L4',
      concurrency: 1,
      requestRate: null,
      e2e: { mean: 6690.7, p50: null, p90: 6812.3, p95: 6861, p99: 6957.4 },
      itl: { mean: 25.86, p50: null, p90: 26.31, p95: 26.52, p99: 27.08 },
      benchmarkCreatedAt: new Date('2025-10-28T08:15:00Z'),
    });
    expect(second).toMatchObject({
      rowNumber: 2,
      modelHfRepo: 'mistralai/Mistral-7B-Instruct-v0.3',
      hardware: 'NVIDIA-L4',
      hardwareCount: 1,
      concurrency: null,
      requestRate: 2,
      meanOutputTokens: 255.6,
      requestsPerSecond: 1.97,
      ttft: { mean: 141.2, p50: null, p90: 212.8, p95: 247.5, p99: 331.9 },
      tps: { mean: null, p90: null, p95: null, p99: null },
      responsesPerSecond: null,
      benchmarkCreatedAt: null,
    });
  });

  it('accepts a bare array of rows', () => {
    const rows = rowsOf('SUMMARIES_JSON', JSON.stringify([{ ...BASE_ROW, ttft_p95: 61.5 }]));
    expect(rows[0]?.ttft.p95).toBe(61.5);
  });

  it('rejects a bad value with the array position as the row', () => {
    const content = JSON.stringify({ benchmarks: [BASE_ROW, BASE_ROW, { ...BASE_ROW, itl_p95: 'slow' }] });
    const result = parseImport('SUMMARIES_JSON', content);
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      {
        row: 3,
        field: 'itl_p95',
        code: 'INVALID_VALUE',
        message: 'row 3: itl_p95 must be a finite number ≥ 0 (got "slow")',
      },
    ]);
  });

  it('rejects JSON booleans and nulls where numbers are required', () => {
    const result = parseImport(
      'SUMMARIES_JSON',
      JSON.stringify([{ ...BASE_ROW, ttft_mean: true, e2e_mean: null }]),
    );
    expect(result.errors.map((e) => [e.field, e.code])).toEqual([
      ['ttft_mean', 'INVALID_VALUE'],
      ['e2e_mean', 'MISSING_FIELD'],
    ]);
  });

  it('reports a field missing on every row once', () => {
    const { hardware: _hardware, ...withoutHardware } = BASE_ROW;
    const result = parseImport(
      'SUMMARIES_JSON',
      JSON.stringify([withoutHardware, withoutHardware, withoutHardware]),
    );
    expect(result.errors).toEqual([
      {
        row: null,
        field: 'hardware',
        code: 'MISSING_FIELD',
        message: 'hardware is missing on every row (3 rows)',
      },
    ]);
  });

  it('answers PARSE_ERROR for text that is not JSON and for the wrong shape', () => {
    const notJson = parseImport('SUMMARIES_JSON', 'model_hf_repo,hardware\nx,y\n');
    expect(notJson.errors).toHaveLength(1);
    expect(notJson.errors[0]).toMatchObject({ row: null, code: 'PARSE_ERROR' });
    expect(notJson.errors[0]?.message).toMatch(/^not valid JSON: /);
    expect(parseImport('SUMMARIES_JSON', '{"rows": []}').errors[0]).toMatchObject({
      field: 'benchmarks',
      code: 'PARSE_ERROR',
    });
  });

  it('answers EMPTY_IMPORT for no rows and INVALID_VALUE for a row that is not an object', () => {
    expect(parseImport('SUMMARIES_JSON', '{"benchmarks": []}').errors[0]?.code).toBe('EMPTY_IMPORT');
    expect(parseImport('SUMMARIES_JSON', JSON.stringify([BASE_ROW, 42])).errors).toEqual([
      {
        row: 2,
        field: null,
        code: 'INVALID_VALUE',
        message: 'row 2: expected an object of exported_summaries columns, got number',
      },
    ]);
  });
});

describe('GUIDELLM_JSON', () => {
  it('reads a v0.3 sweep report: s → ms, strategies → load levels, --output-extras → GPU', () => {
    const result = parseImport('GUIDELLM_JSON', fixture('guidellm-v03-sweep.json'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(3);
    const [sync, throughput, constant] = result.rows;

    expect(sync).toEqual({
      rowNumber: 1,
      tokensFromMeans: false,
      configId: null,
      modelHfRepo: 'meta-llama/Llama-3.1-8B-Instruct',
      hardware: 'H100',
      hardwareCount: 1,
      promptTokens: 512,
      outputTokens: 256,
      meanInputTokens: 512.4,
      meanOutputTokens: 256,
      concurrency: 1,
      requestRate: null,
      requestsPerSecond: 0.5621,
      responsesPerSecond: null,
      tokensPerSecond: 143.87,
      ttft: { mean: 18.42, p50: 17.95, p90: 21.18, p95: 22.71, p99: 26.05 },
      itl: { mean: 6.903, p50: 6.89, p90: 7.08, p95: 7.19, p99: 7.61 },
      // request_latency is in seconds: 1.7785 s → 1778.5 ms, 1.7702 → 1770.2, 1.8326 → 1832.6, 1.8513 → 1851.3, 1.893 → 1893
      e2e: {
        mean: expect.closeTo(1778.5, 9),
        p50: expect.closeTo(1770.2, 9),
        p90: expect.closeTo(1832.6, 9),
        p95: expect.closeTo(1851.3, 9),
        p99: expect.closeTo(1893, 9),
      },
      tps: { mean: 143.87, p90: 146.1, p95: 147.02, p99: 148.75 },
      framework: 'vllm',
      frameworkVersion: '0.8.5',
      provider: null,
      type: null,
      huggingfacePromptDataset: null,
      entrypoint: null,
      dockerImage: 'vllm/vllm-openai:v0.8.5',
      profilerType: 'guidellm',
      profilerImage: null,
      profilerTag: null,
      modelUri: null,
      benchmarkCreatedAt: new Date('2025-10-29T14:03:22.500Z'),
    });

    expect(throughput).toMatchObject({ concurrency: null, requestRate: null, requestsPerSecond: 11.94 });
    expect(throughput?.ttft.p95).toBe(744.9);
    expect(throughput?.e2e.p95).toBeCloseTo(9547.8, 9);
    expect(throughput?.meanOutputTokens).toBe(255.7);

    expect(constant).toMatchObject({ concurrency: null, requestRate: 4.12, tokensPerSecond: 1046.3 });
    expect(constant?.e2e.mean).toBeCloseTo(2549.4, 9);
    expect(constant?.e2e.p99).toBeCloseTo(3037.6, 9);
    expect(constant?.itl.p95).toBe(10.95);

    expect(result.warnings).toEqual([
      'benchmark(s) 2 record no concurrency or request rate (e.g. an uncapped throughput run): their load level is left empty',
    ]);
  });

  it('reads a v0.4 report in a wrapper: run args, config.strategy streams, HF id over a served alias', () => {
    const result = parseImport('GUIDELLM_JSON', fixture('guidellm-v04-wrapped.json'));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const [c4, c16] = result.rows;
    expect(c4).toMatchObject({
      rowNumber: 1,
      modelHfRepo: 'Qwen/Qwen2.5-7B-Instruct',
      hardware: 'A100-80',
      hardwareCount: 2,
      promptTokens: 1024,
      outputTokens: 1024,
      meanInputTokens: 1024.3,
      meanOutputTokens: 1023.5,
      concurrency: 4,
      requestRate: null,
      requestsPerSecond: 0.3871,
      tokensPerSecond: 396.2,
      ttft: { mean: 52.4, p50: 49.9, p90: 66.7, p95: 73.1, p99: 91.8 },
      itl: { mean: 9.71, p50: 9.68, p90: 10.12, p95: 10.3, p99: 10.85 },
      framework: 'vllm',
      frameworkVersion: '0.10.1',
      benchmarkCreatedAt: new Date('2025-10-31T09:30:00.750Z'),
    });
    // 9.9853 s → 9985.3 ms; 10.5977 s → 10597.7 ms
    expect(c4?.e2e.mean).toBeCloseTo(9985.3, 9);
    expect(c4?.e2e.p95).toBeCloseTo(10597.7, 9);
    expect(c16).toMatchObject({ concurrency: 16, requestsPerSecond: 1.4402 });
    expect(c16?.ttft.p99).toBe(187.5);
    expect(c16?.e2e.p99).toBeCloseTo(12802.9, 9);
  });

  it('lets wrapper values override the report and warns about unknown wrapper keys', () => {
    const report = JSON.parse(fixture('guidellm-v03-sweep.json')) as unknown;
    const wrapped = {
      model_hf_repo: 'RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8-dynamic',
      Hardware_Count: 2,
      gpu: 'x',
      report,
    };
    const result = parseImport('GUIDELLM_JSON', JSON.stringify(wrapped));
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      modelHfRepo: 'RedHatAI/Meta-Llama-3.1-8B-Instruct-FP8-dynamic',
      hardware: 'H100',
      hardwareCount: 2,
    });
    expect(result.warnings[0]).toMatch(/^ignored wrapper keys gpu \(accepted: model_hf_repo, hardware, /);
  });

  it('asks for the wrapper when the report does not say which GPU ran it', () => {
    const report = JSON.parse(fixture('guidellm-v03-sweep.json')) as {
      benchmarks: Record<string, unknown>[];
    };
    for (const benchmark of report.benchmarks) delete benchmark.extras;
    const result = parseImport('GUIDELLM_JSON', JSON.stringify(report));
    expect(result.rows).toEqual([]);
    expect(result.errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [null, 'hardware', 'MISSING_FIELD'],
      [null, 'hardware_count', 'MISSING_FIELD'],
    ]);
    expect(result.errors[0]?.message).toMatch(
      /^hardware is missing on every row \(3 rows\); GuideLLM reports .* "report": \{…\}\}$/,
    );
  });

  it('takes request_latency_ms as milliseconds when present', () => {
    const report = JSON.parse(fixture('guidellm-v03-sweep.json')) as {
      benchmarks: { metrics: Record<string, unknown> }[];
    };
    const [first] = report.benchmarks;
    first!.metrics.request_latency_ms = {
      successful: { mean: 1800, median: 1790, percentiles: { p50: 1790, p90: 1850, p95: 1870, p99: 1910 } },
    };
    const rows = rowsOf('GUIDELLM_JSON', JSON.stringify({ report, hardware: 'H100', hardware_count: 1 }));
    expect(rows[0]?.e2e).toEqual({ mean: 1800, p50: 1790, p90: 1850, p95: 1870, p99: 1910 });
  });

  it('names the GuideLLM field behind an invalid metric', () => {
    const report = JSON.parse(fixture('guidellm-v03-sweep.json')) as {
      benchmarks: {
        metrics: { time_to_first_token_ms: { successful: { percentiles: Record<string, unknown> } } };
      }[];
    };
    report.benchmarks[1]!.metrics.time_to_first_token_ms.successful.percentiles.p95 = -3;
    const result = parseImport('GUIDELLM_JSON', JSON.stringify(report));
    expect(result.errors).toEqual([
      {
        row: 2,
        field: 'ttft_p95',
        code: 'INVALID_VALUE',
        message:
          'row 2: ttft_p95 must be a finite number ≥ 0 (got -3) (from metrics.time_to_first_token_ms.successful.percentiles.p95)',
      },
    ]);
  });

  it('rejects benchmarks without successful requests and documents that are not reports', () => {
    const report = JSON.parse(fixture('guidellm-v03-sweep.json')) as {
      benchmarks: Record<string, unknown>[];
    };
    report.benchmarks[2]!.request_totals = { successful: 0, incomplete: 0, errored: 12, total: 12 };
    expect(parseImport('GUIDELLM_JSON', JSON.stringify(report)).errors).toEqual([
      {
        row: 3,
        field: 'request_totals.successful',
        code: 'INVALID_VALUE',
        message: 'benchmark 3 has no successful requests',
      },
    ]);
    expect(parseImport('GUIDELLM_JSON', fixture('summaries.json')).errors).toEqual([
      {
        row: null,
        field: 'metrics',
        code: 'MISSING_FIELD',
        message:
          'no benchmark has a metrics object: this is not a GuideLLM report (exported_summaries rows are SUMMARIES_JSON)',
      },
    ]);
    const oneWithout = JSON.parse(fixture('guidellm-v03-sweep.json')) as {
      benchmarks: Record<string, unknown>[];
    };
    delete oneWithout.benchmarks[1]!.metrics;
    expect(parseImport('GUIDELLM_JSON', JSON.stringify(oneWithout)).errors).toMatchObject([
      { row: 2, field: 'metrics', code: 'MISSING_FIELD' },
    ]);
    expect(parseImport('GUIDELLM_JSON', '[1, 2]').errors[0]?.code).toBe('PARSE_ERROR');
    expect(parseImport('GUIDELLM_JSON', '{"benchmarks": []}').errors[0]?.code).toBe('EMPTY_IMPORT');
    expect(parseImport('GUIDELLM_JSON', '{"benchmarks": [').errors[0]?.code).toBe('PARSE_ERROR');
  });
});

describe('parseImport', () => {
  it('answers UNSUPPORTED_FORMAT for an unknown format', () => {
    const result = parseImport('SQL_DUMP' as ImportFormat, 'INSERT INTO …');
    expect(result.errors).toEqual([
      {
        row: null,
        field: null,
        code: 'UNSUPPORTED_FORMAT',
        message:
          'unsupported import format "SQL_DUMP" (use SUMMARIES_JSON, SUMMARIES_CSV, SUMMARIES_SQL, GUIDELLM_JSON, VLLM_BENCH_JSON, AIPERF_JSON, LLMD_REPORT)',
      },
    ]);
  });

  it('derives ITL and reads timestamps as documented', () => {
    expect(deriveItl(2590, 40, 256)).toBe(10);
    expect(parseTimestamp('2025-10-29 14:03:22')?.toISOString()).toBe('2025-10-29T14:03:22.000Z');
    expect(parseTimestamp('2025-10-29 14:03:22+02')?.toISOString()).toBe('2025-10-29T12:03:22.000Z');
    expect(parseTimestamp('2025-10-29')?.toISOString()).toBe('2025-10-29T00:00:00.000Z');
    expect(parseTimestamp('yesterday')).toBeNull();
  });
});

describe('stated facts and missing target tokens', () => {
  it('stated model / GPU / count / profile override the file and fill columns it lacks', () => {
    const { hardware: _hardware, ...withoutHardware } = BASE_ROW;
    const result = parseImport('SUMMARIES_CSV', csvOf([withoutHardware]), {
      overrides: { hardware: 'A100-80', hardware_count: 4, prompt_tokens: 1024, output_tokens: 1024 },
    });
    expect(result.errors).toEqual([]);
    expect(result.rows[0]).toMatchObject({
      hardware: 'A100-80',
      hardwareCount: 4,
      promptTokens: 1024,
      outputTokens: 1024,
      tokensFromMeans: false,
    });
  });

  it('a row without target tokens keeps its rounded measured means and says so', () => {
    const { prompt_tokens: _p, output_tokens: _o, ...noTokens } = BASE_ROW;
    const rows = rowsOf(
      'SUMMARIES_CSV',
      csvOf([{ ...noTokens, mean_input_tokens: '1870.4', mean_output_tokens: '309.6' }]),
    );
    expect(rows[0]).toMatchObject({ promptTokens: 1870, outputTokens: 310, tokensFromMeans: true });
  });
});
