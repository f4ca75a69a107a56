import { describe, expect, it } from 'vitest';
import {
  capacityRow,
  isFeasible,
  lightestRow,
  monthlyCostUsd,
  replicasNeeded,
  sloMisses,
} from '../../server/domains/recommend/core/capacity.js';
import { CHAT_TARGETS, row, workedRows } from './recommend-fixtures.js';

describe('feasibility', () => {
  it('needs all three p95s at or under their targets', () => {
    expect(isFeasible(row({ benchmarkId: 1, ttftP95: 150, itlP95: 25, e2eP95: 7000 }), CHAT_TARGETS)).toBe(
      true,
    );
    expect(isFeasible(row({ benchmarkId: 1, ttftP95: 150.1, itlP95: 25, e2eP95: 7000 }), CHAT_TARGETS)).toBe(
      false,
    );
    expect(isFeasible(row({ benchmarkId: 1, ttftP95: 100, itlP95: 25.5, e2eP95: 7000 }), CHAT_TARGETS)).toBe(
      false,
    );
    expect(isFeasible(row({ benchmarkId: 1, ttftP95: 100, itlP95: 20, e2eP95: 7001 }), CHAT_TARGETS)).toBe(
      false,
    );
  });

  it('lists each miss with its relative gap', () => {
    // TTFT (212 − 150) / 150 = 0.41333; ITL (30 − 25) / 25 = 0.2; E2E met.
    const misses = sloMisses(row({ benchmarkId: 1, ttftP95: 212, itlP95: 30, e2eP95: 5000 }), CHAT_TARGETS);
    expect(misses.map((m) => m.metric)).toEqual(['TTFT', 'ITL']);
    expect(misses[0]?.gap).toBeCloseTo(0.413333, 6);
    expect(misses[1]?.gap).toBeCloseTo(0.2, 12);
  });
});

describe('lightest row', () => {
  it('is the lowest concurrency when every row has one, whatever the order', () => {
    const rows = [
      row({ benchmarkId: 3, concurrency: 8, requestsPerSecond: 6 }),
      row({ benchmarkId: 1, concurrency: 1, requestsPerSecond: 2.0 }),
      // Odd but possible: a heavier level achieving fewer req/s; concurrency still decides.
      row({ benchmarkId: 2, concurrency: 2, requestsPerSecond: 1.9 }),
    ];
    expect(lightestRow(rows)?.benchmarkId).toBe(1);
  });

  it('is the lowest req/s when some rows are rate-based', () => {
    const rows = [
      row({ benchmarkId: 1, concurrency: 1, requestsPerSecond: 2 }),
      row({ benchmarkId: 2, concurrency: null, requestsPerSecond: 1.5 }),
    ];
    expect(lightestRow(rows)?.benchmarkId).toBe(2);
  });
});

describe('capacity, replicas, cost', () => {
  it('C is the highest req/s among the feasible rows', () => {
    // #101..#103 feasible at 2, 5, 8 req/s → C = 8 (row #103); #104 (11 req/s) is not feasible.
    const feasible = workedRows().filter((r) => isFeasible(r, CHAT_TARGETS));
    expect(feasible.map((r) => r.benchmarkId)).toEqual([101, 102, 103]);
    expect(capacityRow(feasible)?.benchmarkId).toBe(103);
    expect(capacityRow([])).toBeUndefined();
  });

  it('R = max(1, ceil(Q·(1+h/100)/C))', () => {
    // 20 × 1.2 / 8 = 3 exactly → 3.
    expect(replicasNeeded(20, 20, 8)).toBe(3);
    // 120 × 1.2 / 14.3 = 10.07 → 11.
    expect(replicasNeeded(120, 20, 14.3)).toBe(11);
    // 0 load still needs one replica.
    expect(replicasNeeded(0, 0, 5)).toBe(1);
    // 2 × 1.0 / 5 = 0.4 → max(1, 1) = 1.
    expect(replicasNeeded(2, 0, 5)).toBe(1);
    // 9 × 1.1 / 3.3 = 3 exactly; naive floats give 3.0000000000000004 and would say 4.
    expect(replicasNeeded(9, 10, 3.3)).toBe(3);
    expect(() => replicasNeeded(1, 0, 0)).toThrow(RangeError);
  });

  it('monthly cost = GPUs × hourly price × 730', () => {
    // 11 × $4.50 × 730 = $36,135; 6 × $0.80 × 730 = $3,504.
    expect(monthlyCostUsd(11, 4.5)).toBe(36135);
    expect(monthlyCostUsd(6, 0.8)).toBeCloseTo(3504, 9);
  });
});
