import { describe, expect, it } from 'vitest';
import {
  compareRuns,
  DEFAULT_COMPARE_THRESHOLDS,
  type ComparisonResult,
  type ComparisonRow,
} from '../../server/domains/loadtest/analysis/compare.js';
import { renderCompareTable } from '../../server/domains/loadtest/analysis/compare-table.js';

function result(rows: ComparisonRow[], outcome: 'PASS' | 'FAIL'): ComparisonResult {
  return {
    baselineId: '29',
    currentId: '35',
    rows,
    result: outcome,
    thresholds: { ...DEFAULT_COMPARE_THRESHOLDS },
    rowAlpha: 0.01 / 9,
    notes: [],
  };
}

const successRow: ComparisonRow = {
  metric: 'Success Rate',
  unit: 'percent',
  baseline: 100,
  current: 99.5,
  delta: -0.5,
  changePercent: -0.5,
  status: 'OK',
  threshold: 1,
  significant: false,
};
const throughputRow: ComparisonRow = {
  metric: 'Throughput (RPS)',
  unit: 'rps',
  baseline: 50,
  current: 52.3,
  delta: 2.3,
  changePercent: 4.6,
  status: 'OK',
  threshold: 5,
  significant: false,
};
const p99Row: ComparisonRow = {
  metric: 'E2E P99',
  unit: 'ms',
  baseline: 15,
  current: 18,
  delta: 3,
  changePercent: 20,
  status: 'REGRESS',
  threshold: 15,
  pValue: 0.00001234,
  ci: { low: 1.5, high: 4.25, confidence: 1 - 0.01 / 9 },
  significant: true,
};

describe('renderCompareTable', () => {
  it('prints the fixed-width layout of the notes', () => {
    const text = renderCompareTable(result([successRow, throughputRow, p99Row], 'FAIL'));
    expect(text).toBe(
      [
        '============================================================',
        'Comparison: 29 (baseline) vs 35 (current)',
        '============================================================',
        '',
        'Metric                    Baseline     Current      Delta        Change     Status  ',
        '--------------------------------------------------------------------------------',
        'Success Rate              100.0%       99.5%        -0.5%        -0.5%      OK      ',
        'Throughput (RPS)          50.00        52.30        +2.30        +4.6%      OK      ',
        'E2E P99                   15.0ms       18.0ms       +3.00ms      +20.0%     REGRESS ',
        '',
        '============================================================',
        '⚠ RESULT: REGRESSIONS DETECTED',
        '',
      ].join('\n'),
    );
  });

  it('prints RESULT: PASS and never a negative zero', () => {
    const zero: ComparisonRow = { ...throughputRow, current: 50, delta: -0.0001, changePercent: -0.0002 };
    const text = renderCompareTable(result([zero], 'PASS'));
    expect(text).toContain(
      'Throughput (RPS)          50.00        50.00        0.00         0.0%       OK      ',
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('RESULT: PASS');
  });

  it('adds the rule, p-values and intervals on request', () => {
    const text = renderCompareTable(result([successRow, p99Row], 'FAIL'), { details: true });
    expect(text).toContain('significant at 0.00111 (alpha 0.01 / latency rows)');
    expect(text).toContain('the 99.889% bootstrap CI of the quantile difference excludes 0');
    expect(text).toContain('  E2E P99    Mann-Whitney p=1.23e-5   CI of difference [+1.50ms, +4.25ms]');
  });

  it('renders a real comparison with a row per metric', () => {
    const samples = Array.from({ length: 50 }, (_, i) => 100 + i);
    const r = compareRuns(
      { id: 'base', successRate: 1, throughputRps: 10, ttft: samples, itl: samples, e2e: samples },
      { id: 'cur', successRate: 1, throughputRps: 10, ttft: samples, itl: samples, e2e: samples },
    );
    const lines = renderCompareTable(r).split('\n');
    expect(lines[1]).toBe('Comparison: base (baseline) vs cur (current)');
    expect(lines.filter((l) => / OK {6}$/.test(l))).toHaveLength(11);
    expect(lines).toContain(
      'TTFT P50                  124.5ms      124.5ms      0.00ms       0.0%       OK      ',
    );
  });
});
