import { describe, expect, it } from 'vitest';
import { loadLevel, sustainedLevel } from '../../server/domains/observe/core/feedback.js';

describe('sustainedLevel', () => {
  it('a steady load with enough requests is a level', () => {
    const verdict = sustainedLevel([2, 2.1, 1.9, 2, null], 500);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.sustained.meanLoad).toBeCloseTo(2, 12);
    // ln 2 / ln 1.25 = 3.106 → level 3
    expect(verdict.sustained.level).toBe(3);
    // sd of 2, 2.1, 1.9, 2 is 0.0707 → 3.5 %
    expect(verdict.sustained.variation).toBeCloseTo(0.0354, 3);
  });

  it('rejects a varying load, too few requests, or too little coverage — with the reason', () => {
    expect(sustainedLevel([1, 3, 1, 3], 500)).toEqual({
      ok: false,
      reason: 'load varied by 50 % (at most 25 %)',
    });
    expect(sustainedLevel([2, 2, 2, 2], 40)).toEqual({
      ok: false,
      reason: '40 requests finished (need 100)',
    });
    expect(sustainedLevel([2, null, null, 2], 500)).toMatchObject({ ok: false });
    expect(sustainedLevel([], 500)).toMatchObject({ ok: false });
  });

  it('loads within half a step share a level', () => {
    expect(loadLevel(2, 1.25)).toBe(loadLevel(2.1, 1.25));
    expect(loadLevel(2, 1.25)).not.toBe(loadLevel(2.4, 1.25));
  });
});
