import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEVEL_QUALITY,
  ingestShortfall,
  levelShortfall,
} from '../../server/domains/loadtest/analysis/level-quality.js';

const counts = (completedRequests: number, erroredRequests = 0, incompleteRequests = 0) => ({
  completedRequests,
  erroredRequests,
  incompleteRequests,
});

describe('levelShortfall', () => {
  it('passes a level at or above the minimum success rate', () => {
    expect(levelShortfall(counts(19, 1), 0.95)).toBeNull();
    expect(levelShortfall(counts(16), 0.95)).toBeNull();
  });
  it('marks a level with too few successes, runner-aborted requests counting against it', () => {
    expect(levelShortfall(counts(3, 13), 0.95)).toBe('3/16 measured requests succeeded (minimum 95 %)');
    expect(levelShortfall(counts(18, 0, 2), 0.95)).toBe('18/20 measured requests succeeded (minimum 95 %)');
  });
  it('never passes a level without a single success, whatever the minimum', () => {
    expect(levelShortfall(counts(0, 5), 0)).toBe('0/5 measured requests succeeded (minimum 0 %)');
    expect(levelShortfall(counts(0), 0)).toBe('no measured requests');
  });
});

describe('ingestShortfall', () => {
  it('needs both the success rate and the sample count', () => {
    expect(ingestShortfall(counts(16), DEFAULT_LEVEL_QUALITY)).toBeNull();
    expect(ingestShortfall(counts(3, 13), DEFAULT_LEVEL_QUALITY)).toMatch(/^3\/16/);
    expect(ingestShortfall(counts(4), DEFAULT_LEVEL_QUALITY)).toBe(
      '4 successful requests, fewer than the 10 ingest needs',
    );
    expect(ingestShortfall(counts(4), { minSuccessRate: 0.9, minSamples: 4 })).toBeNull();
  });
});
