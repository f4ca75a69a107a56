import { describe, expect, it } from 'vitest';
import {
  confidenceOf,
  MIN_MEASURED_ROWS,
  restsOnModelOnly,
  trustWarning,
} from '../../server/domains/recommend/core/confidence.js';

describe('confidenceOf', () => {
  it('names the rows behind a recommendation', () => {
    expect(confidenceOf({ source: 'MEASURED', estimated: false })).toBe('MEASURED');
    expect(confidenceOf({ source: 'IMPORTED', estimated: false })).toBe('IMPORTED');
    expect(confidenceOf({ source: 'SYNTHETIC', estimated: false })).toBe('SYNTHETIC');
    expect(confidenceOf({ source: 'SYNTHETIC', estimated: false, calibrated: true })).toBe('CALIBRATED');
  });
  it('an estimate is ESTIMATED whatever its source rows were', () => {
    expect(confidenceOf({ source: 'MEASURED', estimated: true })).toBe('ESTIMATED');
  });
  it('only measured and imported rows are measurements of the config', () => {
    expect(
      ['MEASURED', 'IMPORTED', 'CALIBRATED', 'SYNTHETIC', 'ESTIMATED'].filter((c) =>
        restsOnModelOnly(c as never),
      ),
    ).toEqual(['CALIBRATED', 'SYNTHETIC', 'ESTIMATED']);
  });
});

describe('trustWarning', () => {
  const base = {
    config: 'meta-llama/Llama-3.1-8B-Instruct on 1 × H100',
    profile: { promptTokens: 512, outputTokens: 256 },
    rowCount: 9,
    estimatedFromProfiles: [],
    roofline: false,
  };
  it('warns when the numbers come from the synthetic or calibrated model only', () => {
    const w = trustWarning({ ...base, confidence: 'SYNTHETIC' });
    expect(w?.code).toBe('MODEL_ONLY');
    expect(w?.message).toBe(
      'meta-llama/Llama-3.1-8B-Instruct on 1 × H100 at 512→256 rests only on SYNTHETIC rows from the synthetic ' +
        'performance model (seed data): nothing measured this configuration. Benchmark this configuration to ' +
        'replace them with measured rows.',
    );
    expect(trustWarning({ ...base, confidence: 'CALIBRATED' })?.message).toContain(
      'CALIBRATED rows from the calibrated performance model',
    );
  });
  it('names the profiles an estimate was fitted on, or the roofline', () => {
    const fitted = trustWarning({
      ...base,
      confidence: 'ESTIMATED',
      estimatedFromProfiles: [
        { promptTokens: 1024, outputTokens: 1024 },
        { promptTokens: 4096, outputTokens: 512 },
      ],
    });
    expect(fitted?.code).toBe('ESTIMATED');
    expect(fitted?.message).toContain(
      'matches 512→256 exactly: the numbers are an estimate from a fit on its rows of 1024→1024, 4096→512',
    );
    expect(trustWarning({ ...base, confidence: 'ESTIMATED', roofline: true })?.message).toContain(
      "the performance model applied to the model's config.json",
    );
  });
  it('warns about measured configs with fewer than MIN_MEASURED_ROWS rows, and not about the rest', () => {
    expect(MIN_MEASURED_ROWS).toBe(3);
    const thin = trustWarning({ ...base, confidence: 'IMPORTED', rowCount: 2 });
    expect(thin?.code).toBe('THIN_MEASUREMENTS');
    expect(thin?.message).toContain('rests on 2 IMPORTED rows only (fewer than 3 load levels)');
    expect(trustWarning({ ...base, confidence: 'MEASURED', rowCount: 1 })?.message).toContain(
      '1 MEASURED row only',
    );
    expect(trustWarning({ ...base, confidence: 'MEASURED', rowCount: 3 })).toBeNull();
    expect(trustWarning({ ...base, confidence: 'IMPORTED', rowCount: 40 })).toBeNull();
  });
});
