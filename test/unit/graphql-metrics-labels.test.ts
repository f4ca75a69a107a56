import { describe, expect, it } from 'vitest';
import { operationLabeler } from '../../server/graphql/metrics.js';

describe('operationLabeler', () => {
  it('keeps the first distinct names, then labels every new one `other`', () => {
    const label = operationLabeler(3);
    expect(['A', 'B', null, 'A'].map(label)).toEqual(['A', 'B', 'anonymous', 'A']);
    expect(label('C')).toBe('other');
    expect(label('B')).toBe('B');
    expect(label('D')).toBe('other');
  });

  it('never keeps an over-long name, even with room left', () => {
    const label = operationLabeler(10);
    expect(label('x'.repeat(101))).toBe('other');
    expect(label('x'.repeat(100))).toBe('x'.repeat(100));
  });
});
