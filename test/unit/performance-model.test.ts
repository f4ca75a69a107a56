import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CONCURRENCY_LEVELS,
  GPU_COUNTS,
  configJitter,
  fitsInMemory,
  maxRunningBatch,
  meanLatencies,
  syntheticConfigKey,
  syntheticCurve,
  type PerfModelGpu,
  type PerfModelModel,
  type SyntheticPoint,
} from '../../server/domains/knowledge/core/performance-model.js';
import { samplesMarkdown } from '../../server/domains/knowledge/core/performance-samples.js';

const llama8b: PerfModelModel = {
  hfRepo: 'meta-llama/llama-3.1-8b-instruct',
  parameterCountB: 8,
  activeParameterCountB: null,
  bytesPerParam: 2,
  contextWindow: 128000,
  kvCacheKibPerToken: 128,
  quantization: 'bf16',
};
const llama70b: PerfModelModel = {
  hfRepo: 'meta-llama/llama-3.1-70b-instruct',
  parameterCountB: 70,
  activeParameterCountB: null,
  bytesPerParam: 2,
  contextWindow: 128000,
  kvCacheKibPerToken: 320,
  quantization: 'bf16',
};
const h100: PerfModelGpu = {
  type: 'H100',
  vramGb: 80,
  fp16Tflops: 989,
  fp8Tflops: 1979,
  memoryBandwidthGbps: 3350,
  vendor: 'NVIDIA',
  interconnect: 'nvlink',
  interconnectGbps: 450,
};
const h200: PerfModelGpu = { ...h100, type: 'H200', vramGb: 141, memoryBandwidthGbps: 4800 };
const l4: PerfModelGpu = {
  type: 'L4',
  vramGb: 24,
  fp16Tflops: 121,
  fp8Tflops: 242,
  memoryBandwidthGbps: 300,
  vendor: 'NVIDIA',
  interconnect: 'pcie',
  interconnectGbps: 32,
};

const METRICS = ['ttft', 'itl', 'e2e'] as const;
const STATS = ['mean', 'p50', 'p90', 'p95', 'p99'] as const;

function pairs(curve: SyntheticPoint[]): Array<[SyntheticPoint, SyntheticPoint]> {
  return curve.slice(1).map((point, index) => [curve[index]!, point]);
}

describe('performance model: shape', () => {
  const curve = syntheticCurve(llama8b, h100, 1, 512, 256);

  it('reports one point per concurrency level with the profile as mean tokens', () => {
    expect(CONCURRENCY_LEVELS).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
    expect(GPU_COUNTS).toEqual([1, 2, 4, 8]);
    expect(curve.map((p) => p.concurrency)).toEqual([...CONCURRENCY_LEVELS]);
    for (const point of curve) {
      expect(point.meanInputTokens).toBe(512);
      expect(point.meanOutputTokens).toBe(256);
    }
  });

  it('latency is monotone non-decreasing in concurrency, for every statistic', () => {
    for (const config of [
      syntheticCurve(llama8b, h100, 1, 512, 256),
      syntheticCurve(llama8b, l4, 1, 4096, 512),
      syntheticCurve(llama70b, h100, 4, 10240, 1536),
    ]) {
      expect(config.length).toBe(9);
      for (const [a, b] of pairs(config)) {
        for (const metric of METRICS)
          for (const stat of STATS) expect(b[metric][stat]).toBeGreaterThanOrEqual(a[metric][stat]);
      }
    }
  });

  it('throughput is non-decreasing up to saturation and flat after it', () => {
    for (const [a, b] of pairs(curve))
      expect(b.requestsPerSecond).toBeGreaterThanOrEqual(a.requestsPerSecond);
    // 8B on one L4 at 512→256 holds ~40 sequences: beyond that, extra clients only queue.
    const l4Curve = syntheticCurve(llama8b, l4, 1, 512, 256);
    expect(maxRunningBatch(llama8b, l4, 1, 512, 256)).toBe(40);
    const at64 = l4Curve.find((p) => p.concurrency === 64)!;
    const at256 = l4Curve.find((p) => p.concurrency === 256)!;
    expect(at256.requestsPerSecond).toBeCloseTo(at64.requestsPerSecond, 6);
    expect(at256.ttft.mean).toBeGreaterThan(5 * at64.ttft.mean);
  });

  it('requests/s follows closed-loop Little’s law: c / mean E2E', () => {
    for (const point of curve) {
      expect(point.requestsPerSecond).toBeCloseTo(point.concurrency / (point.e2e.mean / 1000), 2);
      expect(point.outputTokensPerSecond).toBeCloseTo(point.requestsPerSecond * 256, 2);
    }
  });

  it('TTFT grows with prompt tokens', () => {
    const ttft = [512, 1024, 4096, 10240].map((p) => syntheticCurve(llama8b, h100, 1, p, 256)[0]!.ttft.mean);
    for (let i = 1; i < ttft.length; i++) expect(ttft[i]!).toBeGreaterThan(ttft[i - 1]!);
    // Compute-bound prefill: 20× the prompt costs well over 10× the TTFT.
    expect(ttft[3]! / ttft[0]!).toBeGreaterThan(10);
  });

  it('more GPUs give more capacity: higher req/s at full load and lower latency at light load', () => {
    const one = syntheticCurve(llama8b, h100, 1, 1024, 1024);
    const two = syntheticCurve(llama8b, h100, 2, 1024, 1024);
    expect(two.at(-1)!.requestsPerSecond).toBeGreaterThan(1.3 * one.at(-1)!.requestsPerSecond);
    expect(two[0]!.itl.mean).toBeLessThan(one[0]!.itl.mean);
    // 70B: 2×H100 leaves ~1 GB of KV cache, 4×H100 a lot more.
    const tp2 = syntheticCurve(llama70b, h100, 2, 512, 256);
    const tp4 = syntheticCurve(llama70b, h100, 4, 512, 256);
    expect(Math.max(...tp4.map((p) => p.requestsPerSecond))).toBeGreaterThan(
      10 * Math.max(...tp2.map((p) => p.requestsPerSecond)),
    );
  });

  it('a model too big for the GPU is absent; 70B BF16 needs two H100s and does not fit one H200', () => {
    expect(fitsInMemory(llama70b, h100, 1, 512, 256)).toBe(false);
    expect(syntheticCurve(llama70b, h100, 1, 512, 256)).toEqual([]);
    expect(fitsInMemory(llama70b, h100, 2, 512, 256)).toBe(true);
    expect(maxRunningBatch(llama70b, h100, 2, 512, 256)).toBe(3);
    expect(syntheticCurve(llama70b, h200, 1, 512, 256)).toEqual([]);
    expect(
      syntheticCurve({ ...llama70b, bytesPerParam: 1, quantization: 'fp8' }, h200, 1, 512, 256),
    ).toHaveLength(9);
    expect(syntheticCurve(llama8b, l4, 1, 512, 256)).toHaveLength(9);
  });

  it('a profile longer than the context window is absent', () => {
    const gemma = { ...llama8b, hfRepo: 'google/gemma-2-9b-it', contextWindow: 8192 };
    expect(syntheticCurve(gemma, h100, 1, 4096, 512)).toHaveLength(9);
    expect(syntheticCurve(gemma, h100, 1, 10240, 1536)).toEqual([]);
  });

  it('percentiles are ordered p50 ≤ p90 ≤ p95 ≤ p99 and p50 ≤ mean', () => {
    for (const config of [curve, syntheticCurve(llama8b, l4, 1, 512, 256)]) {
      for (const point of config) {
        for (const metric of METRICS) {
          const s = point[metric];
          expect(s.p50).toBeLessThanOrEqual(s.mean);
          expect(s.p50).toBeLessThanOrEqual(s.p90);
          expect(s.p90).toBeLessThanOrEqual(s.p95);
          expect(s.p95).toBeLessThanOrEqual(s.p99);
        }
      }
    }
  });

  it('the tail widens with load', () => {
    const first = curve[0]!;
    const last = curve.at(-1)!;
    expect(last.itl.p99 / last.itl.mean).toBeGreaterThan(first.itl.p99 / first.itl.mean);
    expect(last.ttft.p99 / last.ttft.mean).toBeGreaterThan(first.ttft.p99 / first.ttft.mean);
  });

  it('is deterministic', () => {
    expect(syntheticCurve(llama8b, h100, 1, 512, 256)).toEqual(syntheticCurve(llama8b, h100, 1, 512, 256));
    expect(configJitter('a')).toBe(configJitter('a'));
    expect(configJitter('a')).not.toBe(configJitter('b'));
  });

  it('8-bit weights use FP8 tensor cores for prefill where the GPU has them', () => {
    const fp8 = { ...llama8b, bytesPerParam: 1, quantization: 'fp8' as const };
    const a100: PerfModelGpu = { ...h100, type: 'A100-80', fp16Tflops: 312, fp8Tflops: undefined };
    const h100Ratio =
      meanLatencies(llama8b, h100, 1, 4096, 512, 1).ttftMs / meanLatencies(fp8, h100, 1, 4096, 512, 1).ttftMs;
    const a100Ratio =
      meanLatencies(llama8b, a100, 1, 4096, 512, 1).ttftMs / meanLatencies(fp8, a100, 1, 4096, 512, 1).ttftMs;
    expect(h100Ratio).toBeGreaterThan(1.8);
    expect(a100Ratio).toBeCloseTo(1, 6);
  });
});

describe('performance model: hand-checked numbers', () => {
  /*
   * Llama 3.1 8B BF16 on 1×H100, 512→256, concurrency 1 (constants in docs/performance-model.md):
   *   geometry: d = 4096, L = 8e9 / (12·4096²) = 39.736
   *   prefill   = 2·8e9·512·(1 + 512/(24·4096)) / (989e12·0.55) = 15.1386 ms; + L·0.02 = 0.7947 ms
   *   TTFT      = 8 + 15.1386 + 0.7947                                  = 23.933 ms
   *   weights   = 16e9 B / (3350e9·0.8 B/s)                              = 5.9701 ms
   *   KV read   = 131072·(512 + 128) B / (3350e9·0.6 B/s)                = 0.0417 ms
   *   ITL       = 5.9701 + 0.0417 + 0.7947 + 0.35 + 0.004                = 7.1606 ms
   *   E2E       = 23.933 + 255·7.1606                                    = 1849.89 ms
   */
  it('Llama 3.1 8B on one H100 at 512→256, concurrency 1', () => {
    const m = meanLatencies(llama8b, h100, 1, 512, 256, 1);
    expect(m.ttftMs).toBeCloseTo(23.933, 2);
    expect(m.itlMs).toBeCloseTo(7.1606, 3);
    expect(m.e2eMs).toBeCloseTo(1849.89, 1);
    expect(m.queueMs).toBe(0);
    const point = syntheticCurve(llama8b, h100, 1, 512, 256)[0]!;
    const jitter = configJitter(syntheticConfigKey(llama8b.hfRepo, 'H100', 1, 512, 256));
    expect(Math.abs(jitter - 1)).toBeLessThanOrEqual(0.015);
    expect(point.ttft.mean / jitter).toBeCloseTo(23.933, 1);
    expect(point.itl.mean / jitter).toBeCloseTo(7.1606, 2);
    // Lightly loaded small model on a fast GPU meets the strict code-completion SLO (100 / 20 / 5000 ms).
    expect(point.ttft.p95).toBeLessThan(100);
    expect(point.itl.p95).toBeLessThan(20);
    expect(point.e2e.p95).toBeLessThan(5000);
  });

  /*
   * Same model on 1×L4 (121 TFLOPS, 300 GB/s):
   *   TTFT = 8 + 2·8e9·512·1.0052083 / (121e12·0.55) + 0.7947 = 8 + 123.7365 + 0.7947 = 132.531 ms
   *   ITL  = 16e9/(300e9·0.8) + 131072·640/(300e9·0.6) + 0.7947 + 0.354 = 66.6667 + 0.4660 + 1.1487 = 68.2814 ms
   *   KV cache: 24·0.9 − 16 − 1.5 = 4.1 GB → ⌊4.1e9 / (131072·768)⌋ = 40 sequences
   */
  it('Llama 3.1 8B on one L4 misses the chat SLO even unloaded', () => {
    const m = meanLatencies(llama8b, l4, 1, 512, 256, 1);
    expect(m.ttftMs).toBeCloseTo(132.531, 2);
    expect(m.itlMs).toBeCloseTo(68.281, 2);
    expect(m.maxBatch).toBe(40);
    expect(syntheticCurve(llama8b, l4, 1, 512, 256)[0]!.itl.p95).toBeGreaterThan(25);
  });
});

/** Table rows as trimmed cells, so Prettier's column padding does not matter; separator rows are dropped. */
function tableRows(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s:|-]+\|$/.test(line))
    .map((line) =>
      line
        .split('|')
        .map((cell) => cell.trim())
        .join('|'),
    );
}

describe('performance model: documentation', () => {
  it('docs/performance-model.md carries the current sample table', () => {
    const doc = tableRows(readFileSync(new URL('../../docs/performance-model.md', import.meta.url), 'utf8'));
    const expected = tableRows(samplesMarkdown());
    expect(expected.length).toBe(1 + 8 * 4);
    const start = doc.indexOf(expected[0]!);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(doc.slice(start, start + expected.length)).toEqual(expected);
  });
});
