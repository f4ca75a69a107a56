import { describe, expect, it } from 'vitest';
import { peakLoad, peakRequestsPerSecond } from '../../server/domains/recommend/core/load.js';

describe('peakRequestsPerSecond', () => {
  it('explicit req/s wins over users', () => {
    expect(peakRequestsPerSecond({ requestsPerSecond: 5, users: 1000, requestsPerUserPerMinute: 6 })).toBe(5);
    expect(peakRequestsPerSecond({ requestsPerSecond: 0, users: 1000 })).toBe(0);
  });

  it('users × req/user/min ÷ 60, default 2 req/user/min', () => {
    // 1000 × 2 / 60 = 33.333…
    expect(peakRequestsPerSecond({ users: 1000 })).toBeCloseTo(33.3333, 4);
    // 90 × 4 / 60 = 6.
    expect(peakRequestsPerSecond({ users: 90, requestsPerUserPerMinute: 4 })).toBe(6);
    // null means "not given" as well.
    expect(
      peakRequestsPerSecond({ requestsPerSecond: null, users: 30, requestsPerUserPerMinute: null }),
    ).toBe(1);
  });

  it('explains the arithmetic', () => {
    expect(peakLoad({ users: 1000 })).toEqual({
      requestsPerSecond: 1000 / 30,
      basis: 'USERS',
      derivation: '1,000 users × 2 req/min (default) ÷ 60 = 33.33 req/s',
    });
    expect(peakLoad({ requestsPerSecond: 12.5 }).derivation).toBe('12.5 req/s (given)');
  });

  it('rejects missing, negative or non-finite input', () => {
    expect(() => peakRequestsPerSecond({})).toThrow(RangeError);
    expect(() => peakRequestsPerSecond({ requestsPerSecond: -1 })).toThrow(RangeError);
    expect(() => peakRequestsPerSecond({ users: Number.NaN })).toThrow(RangeError);
    expect(() => peakRequestsPerSecond({ users: 10, requestsPerUserPerMinute: -2 })).toThrow(RangeError);
  });
});
