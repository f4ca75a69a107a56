import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../server/domains/knowledge/import/detect-format.js';
import { parseImport } from '../../server/domains/knowledge/import/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
const stated = { overrides: { hardware: 'H100', hardware_count: 1 } };

describe('vllm bench serve --save-result', () => {
  it('maps TPOT to ITL, e2el to E2E, totals to means, max_concurrency to the load level', () => {
    const content = fixture('vllm-bench-serve-c8.json');
    expect(detectFormat(content)).toMatchObject({ format: 'VLLM_BENCH_JSON' });
    const { rows, errors } = parseImport('VLLM_BENCH_JSON', content);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      modelHfRepo: 'meta-llama/Llama-3.1-8B-Instruct',
      hardware: 'H100',
      hardwareCount: 1,
      concurrency: 8,
      requestRate: null,
      requestsPerSecond: 4.116,
      tokensPerSecond: 1053.7,
      meanInputTokens: 512,
      meanOutputTokens: 256,
      ttft: { mean: 31.42, p50: 29.87, p90: 38.9, p95: 43.65, p99: 58.02 },
      itl: { mean: 7.49, p50: 7.46, p95: 7.83 },
      e2e: { mean: 1941.4, p95: 2031.7 },
      promptTokens: 512,
      outputTokens: 256,
      tokensFromMeans: true,
      profilerType: 'vllm-bench-serve',
    });
  });

  it('a default run (p99 only, no e2el) says which flags to rerun with', () => {
    const result = JSON.parse(fixture('vllm-bench-serve-c8.json')) as Record<string, unknown>;
    for (const key of Object.keys(result)) if (/^p(90|95)_|_e2el_/.test(key)) delete result[key];
    const { errors } = parseImport('VLLM_BENCH_JSON', JSON.stringify(result));
    expect(errors.map((e) => e.field)).toContain('ttft_p95');
    expect(errors[0]!.message).toMatch(
      /--percentile-metrics ttft,tpot,itl,e2el --metric-percentiles 50,90,95,99/,
    );
  });

  it('computes E2E from the per-request latencies when e2el was not selected', () => {
    const result = JSON.parse(fixture('vllm-bench-serve-c8.json')) as Record<string, unknown>;
    for (const key of Object.keys(result)) if (key.includes('_e2el_')) delete result[key];
    result.latencies = [1.9, 2.0, 2.1, 0, 2.2]; // 0 = a failed request
    const { rows, warnings, errors } = parseImport('VLLM_BENCH_JSON', JSON.stringify(result));
    expect(errors).toEqual([]);
    expect(rows[0]!.e2e.mean).toBeCloseTo(2050, 6);
    expect(rows[0]!.e2e.p50).toBeCloseTo(2050, 6);
    expect(rows[0]!.e2e.p95).toBeCloseTo(2185, 6);
    expect(warnings.join()).toMatch(/per-request latencies/);
  });

  it('reads --append-result JSON lines as one row per run', () => {
    const one = JSON.parse(fixture('vllm-bench-serve-c8.json')) as Record<string, unknown>;
    const lines = [
      JSON.stringify(one),
      JSON.stringify({ ...one, max_concurrency: 16, request_throughput: 7.2 }),
    ].join('\n');
    expect(detectFormat(lines)).toMatchObject({ format: 'VLLM_BENCH_JSON' });
    expect(parseImport('VLLM_BENCH_JSON', lines).rows.map((r) => r.concurrency)).toEqual([8, 16]);
  });
});

describe('AIPerf / GenAI-Perf profile exports', () => {
  it('reads AIPerf metric blocks in their units and the run settings from input_config', () => {
    const content = fixture('aiperf-profile_export_aiperf.json');
    expect(detectFormat(content)).toMatchObject({ format: 'AIPERF_JSON' });
    const { rows, errors } = parseImport('AIPERF_JSON', content, stated);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      modelHfRepo: 'meta-llama/Llama-3.1-8B-Instruct',
      concurrency: 8,
      promptTokens: 512,
      outputTokens: 256,
      tokensFromMeans: false,
      requestsPerSecond: 4.07,
      ttft: { mean: 33.1, p50: 31, p95: 47.9 },
      itl: { mean: 7.55, p95: 7.98 },
      e2e: { mean: 1958.3, p95: 2051.3 },
      profilerType: 'aiperf',
    });
  });

  it('reads GenAI-Perf, converts seconds, and names the missing GPU facts', () => {
    const doc = JSON.parse(fixture('genai-perf-profile_export_genai_perf.json')) as Record<
      string,
      Record<string, unknown>
    >;
    const { errors } = parseImport('AIPERF_JSON', JSON.stringify(doc));
    expect(errors.map((e) => e.field)).toEqual(['hardware', 'hardware_count']);
    expect(errors[0]!.message).toMatch(/state it on the import/);
    const latency = doc.request_latency!;
    doc.request_latency = { ...latency, unit: 's', avg: 1.8497, p95: 1.8746 };
    const { rows } = parseImport('AIPERF_JSON', JSON.stringify(doc), stated);
    expect(rows[0]).toMatchObject({ concurrency: 1, profilerType: 'genai-perf' });
    expect(rows[0]!.e2e.p95).toBeCloseTo(1874.6, 6);
  });
});

describe('llm-d benchmark report v0.1', () => {
  it('reads the YAML report: accelerator, parallelism, load args, units', () => {
    const content = fixture('llmd-benchmark-report-v0.1.yaml');
    expect(detectFormat(content)).toMatchObject({ format: 'LLMD_REPORT' });
    const { rows, errors } = parseImport('LLMD_REPORT', content);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      modelHfRepo: 'meta-llama/Llama-3.1-8B-Instruct',
      hardware: 'H100',
      hardwareCount: 1,
      framework: 'vllm',
      concurrency: 16,
      promptTokens: 512,
      outputTokens: 256,
      requestsPerSecond: 7.117,
      ttft: { p95: 55.1 },
      itl: { mean: 8.61, p95: 9.04 },
      profilerType: 'vllm-benchmark',
    });
    expect(rows[0]!.e2e.p95).toBeCloseTo(2326, 6);
  });

  it('refuses disaggregated prefill/decode setups and unknown schema versions by name', () => {
    const content = fixture('llmd-benchmark-report-v0.1.yaml');
    const pd = content.replace('      - replica', '      - prefill');
    expect(parseImport('LLMD_REPORT', pd).errors[0]).toMatchObject({ field: 'scenario.host.type' });
    const v2 = content.replace("version: '0.1'", "version: '0.2'");
    expect(parseImport('LLMD_REPORT', v2).errors[0]).toMatchObject({
      field: 'version',
      code: 'UNSUPPORTED_FORMAT',
    });
  });
});
