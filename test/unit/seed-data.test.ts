import { describe, expect, it } from 'vitest';
import { syntheticSeedRows } from '../../server/domains/knowledge/core/performance-model.js';
import { USE_CASE_KEYS, accuracyRows } from '../../server/domains/catalog/seed-data/accuracy-scores.js';
import { gpus } from '../../server/domains/catalog/seed-data/gpus.js';
import { models } from '../../server/domains/catalog/seed-data/models.js';
import { qualityFromRows } from '../../server/domains/catalog/seed-data/quality.js';
import { trafficProfiles } from '../../server/domains/catalog/seed-data/traffic-profiles.js';
import { useCases } from '../../server/domains/catalog/seed-data/use-cases.js';

function model(hfRepo: string) {
  const found = models.find((m) => m.hfRepo === hfRepo);
  if (!found) throw new Error(`no model ${hfRepo}`);
  return found;
}

describe('seed data: traffic profiles and use cases', () => {
  it('has the four GuideLLM profiles', () => {
    expect(trafficProfiles.map((p) => [p.name, p.promptTokens, p.outputTokens])).toEqual([
      ['interactive', 512, 256],
      ['balanced', 1024, 1024],
      ['prefill-heavy', 4096, 512],
      ['long-context', 10240, 1536],
    ]);
  });

  it('has the nine use cases with exactly the SPEC §2 SLOs', () => {
    const rows = useCases.map((u) => [
      u.key,
      u.promptTokens,
      u.outputTokens,
      u.experienceClass,
      u.ttftP95Ms,
      u.itlP95Ms,
      u.e2eP95Ms,
    ]);
    expect(rows).toEqual([
      ['chatbot_conversational', 512, 256, 'CONVERSATIONAL', 150, 25, 7000],
      ['code_completion', 512, 256, 'INSTANT', 100, 20, 5000],
      ['code_generation_detailed', 1024, 1024, 'INTERACTIVE', 300, 30, 25000],
      ['translation', 1024, 1024, 'DEFERRED', 400, 35, 35000],
      ['content_generation', 1024, 1024, 'DEFERRED', 500, 35, 40000],
      ['summarization_short', 4096, 512, 'INTERACTIVE', 600, 30, 20000],
      ['document_analysis_rag', 4096, 512, 'INTERACTIVE', 600, 30, 18000],
      ['long_document_summarization', 10240, 1536, 'DEFERRED', 1000, 40, 60000],
      ['research_legal_analysis', 10240, 1536, 'BATCH', 2000, 45, 90000],
    ]);
    for (const u of useCases) {
      expect(u.name.length).toBeGreaterThan(0);
      expect(u.description.length).toBeGreaterThan(0);
      expect(u.rationale.length).toBeGreaterThan(0);
    }
    expect([...USE_CASE_KEYS].sort()).toEqual(useCases.map((u) => u.key).sort());
  });
});

describe('seed data: models', () => {
  it('has every catalog model once, lowercase', () => {
    expect(models).toHaveLength(47);
    expect(new Set(models.map((m) => m.hfRepo)).size).toBe(models.length);
    for (const m of models) expect(m.hfRepo).toBe(m.hfRepo.toLowerCase());
  });

  it('scores every model on all nine use cases within 0..100; overall = mean', () => {
    for (const m of models) {
      expect(Object.keys(m.qualityByUseCase).sort()).toEqual([...USE_CASE_KEYS].sort());
      const scores = Object.values(m.qualityByUseCase);
      for (const s of scores) {
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100);
      }
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      expect(m.qualityScore).toBeCloseTo(mean, 1);
    }
  });

  it('maps table rows, inherits for quantized variants and flags estimates', () => {
    const base = model('meta-llama/llama-3.1-8b-instruct');
    expect(base.qualityEstimated).toBe(false);
    expect(base.qualityByUseCase.chatbot_conversational).toBe(20.99);
    expect(model('redhatai/meta-llama-3.1-8b-instruct-fp8-dynamic').qualityByUseCase).toEqual(
      base.qualityByUseCase,
    );
    // W4A16 variants: × 0.98 (33.80 → 33.12).
    expect(
      model('redhatai/llama-3.3-70b-instruct-quantized.w4a16').qualityByUseCase.chatbot_conversational,
    ).toBe(33.12);
    // gpt-oss: mean of the (low) and (high) rows: (68.38 + 53.74) / 2.
    expect(model('openai/gpt-oss-120b').qualityByUseCase.chatbot_conversational).toBe(61.06);
    expect(model('ibm-granite/granite-3.1-8b-instruct').qualityEstimated).toBe(true);
    expect(model('mistralai/mistral-7b-instruct-v0.3').qualityEstimated).toBe(true);
    expect(models.filter((m) => m.qualityEstimated).length).toBeLessThanOrEqual(12);
    const phi4 = qualityFromRows([accuracyRows['Phi-4']], { w4a16Penalty: false, offset: 0 });
    expect(phi4.overall).toBe(model('microsoft/phi-4').qualityScore);
    // Estimates: Granite 3.1 = Granite 3.3 row − 1 point (19.57 − 1).
    expect(model('ibm-granite/granite-3.1-8b-instruct').qualityByUseCase.chatbot_conversational).toBe(18.57);
  });

  it('carries the honest facts for mixture-of-experts and long-context models', () => {
    const facts = (repo: string) => {
      const m = model(repo);
      return [m.parameterCountB, m.activeParameterCountB];
    };
    expect(facts('meta-llama/llama-4-scout-17b-16e-instruct')).toEqual([109, 17]);
    expect(facts('meta-llama/llama-4-maverick-17b-128e-instruct')).toEqual([400, 17]);
    expect(facts('mistralai/mixtral-8x7b-instruct-v0.1')).toEqual([46.7, 12.9]);
    expect(facts('mistralai/mixtral-8x22b-instruct-v0.1')).toEqual([141, 39]);
    expect(facts('openai/gpt-oss-20b')).toEqual([21, 3.6]);
    expect(facts('openai/gpt-oss-120b')).toEqual([117, 5.1]);
    expect(facts('redhatai/deepseek-r1-0528-quantized.w4a16')).toEqual([671, 37]);
    expect(facts('redhatai/kimi-k2-instruct-quantized.w4a16')).toEqual([1000, 32]);
    expect(facts('redhatai/qwen3-coder-480b-a35b-instruct-fp8')).toEqual([480, 35]);
    expect(facts('meta-llama/llama-3.1-8b-instruct')).toEqual([8, null]);
    expect(model('openai/gpt-oss-120b').contextWindow).toBe(131072);
    expect(model('openai/gpt-oss-120b').notes).toMatch(/Corrections to the reference catalog/);
  });

  it('derives quantization and bytes per parameter from the repo name', () => {
    expect([
      model('redhatai/phi-4-fp8-dynamic').quantization,
      model('redhatai/phi-4-fp8-dynamic').bytesPerParam,
    ]).toEqual(['fp8', 1]);
    expect(model('redhatai/phi-4-quantized.w8a8').quantization).toBe('w8a8');
    expect(model('redhatai/phi-4-quantized.w4a16').bytesPerParam).toBe(0.55);
    expect(model('microsoft/phi-4').bytesPerParam).toBe(2);
    for (const m of models) {
      expect(m.minGpuMemoryGb).toBeGreaterThanOrEqual(m.parameterCountB * m.bytesPerParam);
    }
  });
});

describe('seed data: GPUs', () => {
  it('has the 11 catalog GPUs plus L40S with positive prices', () => {
    expect(gpus.map((g) => g.type).sort()).toEqual(
      [
        'A100-40',
        'A100-80',
        'A10G',
        'B100',
        'B200',
        'H100',
        'H200',
        'L20',
        'L4',
        'L40',
        'L40S',
        'MI300X',
      ].sort(),
    );
    for (const g of gpus) {
      expect(g.hourlyPriceUsd).toBeGreaterThan(0);
      expect(g.prices.length).toBeGreaterThan(0);
      for (const price of g.prices) {
        expect(price.hourlyUsd).toBeGreaterThan(0);
        expect(price.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      expect(g.prices.find((p) => p.provider === 'default')?.hourlyUsd).toBe(g.hourlyPriceUsd);
      expect(g.fp16Tflops).toBeGreaterThan(0);
      expect(g.memoryBandwidthGbps).toBeGreaterThan(0);
    }
  });

  it('keeps aliases unique across GPUs', () => {
    const aliases = gpus.flatMap((g) => g.aliases.map((a) => a.toLowerCase()));
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it('uses the spec-sheet numbers', () => {
    const h100 = gpus.find((g) => g.type === 'H100')!;
    expect([h100.fp16Tflops, h100.memoryBandwidthGbps, h100.vramGb]).toEqual([989, 3350, 80]);
    expect(gpus.find((g) => g.type === 'MI300X')!.vendor).toBe('AMD');
    expect(gpus.find((g) => g.type === 'A100-40')!.prices.find((p) => p.provider === 'aws')?.hourlyUsd).toBe(
      3.06,
    );
  });
});

describe('seed data: synthetic benchmarks', () => {
  const rows = syntheticSeedRows(models, gpus, trafficProfiles);

  it('produces at least 10,000 rows with unique config keys', () => {
    expect(rows.length).toBeGreaterThanOrEqual(10_000);
    expect(new Set(rows.map((r) => r.configKey)).size).toBe(rows.length);
    expect(rows[0]!.configKey).toMatch(/^syn:[a-z0-9./-]+:[A-Za-z0-9-]+:[1248]:\d+x\d+:c\d+$/);
  });

  it('covers every model and every GPU type', () => {
    expect(new Set(rows.map((r) => r.hfRepo)).size).toBe(models.length);
    expect(new Set(rows.map((r) => r.gpuType)).size).toBe(gpus.length);
  });

  it('includes configs that meet the strict code-completion SLO and many that do not', () => {
    const atLightLoad = rows.filter((r) => r.promptTokens === 512 && r.point.concurrency === 1);
    const meets = atLightLoad.filter(
      (r) => r.point.ttft.p95 <= 100 && r.point.itl.p95 <= 20 && r.point.e2e.p95 <= 5000,
    );
    expect(meets.length).toBeGreaterThan(100);
    expect(atLightLoad.length - meets.length).toBeGreaterThan(100);
  });
});
