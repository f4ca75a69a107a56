import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../apps/cli/import-command.js';
import { detectFormat } from '../../server/domains/knowledge/import/detect-format.js';
import { derivedConfigId, type ResolvedRow } from '../../server/domains/knowledge/import/map-rows.js';
import { joinProfile } from '../../server/domains/knowledge/import/profile-join.js';
import type { NormalizedBenchmarkRow } from '../../server/domains/knowledge/import/types.js';

describe('detectFormat', () => {
  it('tells exported_summaries JSON, GuideLLM reports and CSV apart by content', () => {
    expect(detectFormat('[{"model_hf_repo": "x"}]')).toMatchObject({ format: 'SUMMARIES_JSON' });
    expect(detectFormat('{"benchmarks": [{"model_hf_repo": "x"}]}')).toMatchObject({
      format: 'SUMMARIES_JSON',
    });
    expect(detectFormat('{"benchmarks": [{"metrics": {}}]}')).toMatchObject({ format: 'GUIDELLM_JSON' });
    expect(detectFormat('{"hardware": "H100", "report": {"benchmarks": []}}')).toMatchObject({
      format: 'GUIDELLM_JSON',
    });
    expect(detectFormat('\uFEFFconfig_id,Model_HF_Repo,hardware\n')).toMatchObject({
      format: 'SUMMARIES_CSV',
    });
  });

  it('says why when nothing fits', () => {
    expect(detectFormat('{"benchmarks": [')).toMatchObject({ code: 'PARSE_ERROR' });
    expect(detectFormat('{"hello": 1}')).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect(detectFormat('a,b,c\n1,2,3\n')).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });
});

describe('joinProfile (within ±10 % on both token counts)', () => {
  const profiles = [
    { id: 1, promptTokens: 512, outputTokens: 256 },
    { id: 2, promptTokens: 1024, outputTokens: 1024 },
  ];
  it('joins the profile whose tokens the means are close to', () => {
    expect(joinProfile(470, 240, profiles)?.id).toBe(1); // −8.2 %, −6.3 %
    expect(joinProfile(1100, 960, profiles)?.id).toBe(2);
  });
  it('joins nothing just outside the tolerance on either side', () => {
    expect(joinProfile(460, 256, profiles)).toBeNull(); // −10.2 %
    expect(joinProfile(512, 283, profiles)).toBeNull(); // +10.5 %
    expect(joinProfile(1870, 310, profiles)).toBeNull();
  });
});

describe('derivedConfigId', () => {
  const source = {
    modelHfRepo: 'Meta-Llama/Llama-3.1-8B-Instruct',
    hardwareCount: 1,
    concurrency: null,
    requestRate: null,
    requestsPerSecond: 1.25,
    framework: 'vllm',
    frameworkVersion: '0.10.1',
  } as unknown as NormalizedBenchmarkRow;
  const row = (over: Partial<NormalizedBenchmarkRow>): ResolvedRow => ({
    source: { ...source, ...over },
    configId: '',
    modelId: 1,
    gpuId: 1,
    gpuType: 'H100',
    profileId: 1,
    promptTokens: 512,
    outputTokens: 256,
  });
  it('tells load levels of a rate sweep apart by their achieved rate', () => {
    expect(derivedConfigId(row({}))).not.toBe(derivedConfigId(row({ requestsPerSecond: 2.5 })));
    expect(derivedConfigId(row({}))).toBe(derivedConfigId(row({})));
  });
  it('keys rows with a concurrency on the concurrency alone, as before', () => {
    expect(derivedConfigId(row({ concurrency: 8, requestsPerSecond: 3 }))).toBe(
      derivedConfigId(row({ concurrency: 8, requestsPerSecond: 3.1 })),
    );
    expect(derivedConfigId(row({ concurrency: 8 }))).not.toBe(derivedConfigId(row({ concurrency: 16 })));
  });
  it('else on the offered request rate, whatever rate was achieved', () => {
    expect(derivedConfigId(row({ requestRate: 4, requestsPerSecond: 3.9 }))).toBe(
      derivedConfigId(row({ requestRate: 4, requestsPerSecond: 3.7 })),
    );
    expect(derivedConfigId(row({ requestRate: 4 }))).not.toBe(derivedConfigId(row({ requestRate: 8 })));
    // A rate level is not the rate-sweep level that happened to achieve the same rate.
    expect(derivedConfigId(row({ requestRate: 1.25 }))).not.toBe(derivedConfigId(row({})));
  });
});

describe('compass import --profile', () => {
  it('reads P×O in the usual spellings and refuses anything else', () => {
    expect(parseProfile('512x256')).toEqual({ promptTokens: 512, outputTokens: 256 });
    expect(parseProfile('4096×512')).toEqual({ promptTokens: 4096, outputTokens: 512 });
    expect(parseProfile('1024:1024')).toEqual({ promptTokens: 1024, outputTokens: 1024 });
    expect(() => parseProfile('512')).toThrow(/512x256/);
    expect(() => parseProfile('0x256')).toThrow();
  });
});
