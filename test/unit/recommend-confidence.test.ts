import { describe, expect, it } from 'vitest';
import { confidenceOf, restsOnModelOnly } from '../../server/domains/recommend/core/confidence.js';

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
