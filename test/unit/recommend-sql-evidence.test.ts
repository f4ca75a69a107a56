import { describe, expect, it } from 'vitest';
import { recommend, recommendOnEvidence } from '../../server/domains/recommend/core/recommend.js';
import {
  bracketRows,
  rowsPathIsCheaper,
  rowsRequest,
  selectSummaries,
  summaryEvidence,
  type SourceSummary,
} from '../../server/domains/recommend/core/sql-evidence.js';
import { feasibleRows } from '../../server/domains/recommend/core/capacity.js';
import type { CandidateRow } from '../../server/domains/recommend/types.js';
import { CHAT_TARGETS, gpus, H100, MODEL_A, models, row, spec, workedRows } from './recommend-fixtures.js';

/** The summary the candidate SQL would return for these rows (one config, one source). */
function summarise(rows: CandidateRow[]): SourceSummary {
  const [first] = rows as [CandidateRow];
  const feasible = feasibleRows(rows, CHAT_TARGETS);
  const byConcurrency = [...rows].sort(
    (a, b) =>
      (a.concurrency ?? 0) - (b.concurrency ?? 0) ||
      a.requestsPerSecond - b.requestsPerSecond ||
      a.benchmarkId - b.benchmarkId,
  )[0] as CandidateRow;
  const byLoad = [...rows].sort(
    (a, b) =>
      a.requestsPerSecond - b.requestsPerSecond ||
      (a.concurrency ?? Infinity) - (b.concurrency ?? Infinity) ||
      a.benchmarkId - b.benchmarkId,
  )[0] as CandidateRow;
  const capacity =
    [...feasible].sort(
      (a, b) => b.requestsPerSecond - a.requestsPerSecond || a.benchmarkId - b.benchmarkId,
    )[0] ?? null;
  return {
    modelId: first.modelId,
    gpuId: first.gpuId,
    gpuCount: first.gpuCount,
    source: first.source,
    rowCount: rows.length,
    feasibleCount: feasible.length,
    // Fetched only for a config without a feasible row.
    lightest: feasible.length > 0 ? null : rows.every((r) => r.concurrency !== null) ? byConcurrency : byLoad,
    capacity,
  };
}

describe('selectSummaries', () => {
  it('keeps the most trusted source per config and names the outranked ones in trust order', () => {
    const synthetic = summarise(workedRows());
    const measured = summarise(workedRows({ source: 'MEASURED' }));
    const imported = summarise(workedRows({ source: 'IMPORTED' }));
    const other = summarise(workedRows({ gpuId: 11 }));
    const selected = selectSummaries([synthetic, other, imported, measured]);
    expect(selected).toHaveLength(2);
    expect(selected[0]).toEqual({ summary: measured, outranked: ['IMPORTED', 'SYNTHETIC'] });
    expect(selected[1]).toEqual({ summary: other, outranked: [] });
  });
});

describe('rowsRequest', () => {
  const load = { slo: CHAT_TARGETS, requestsPerSecond: 20, headroomPercent: 20 };

  it('asks for the bracket around q = Q / R of a feasible config (the worked example: C = 8, R = 3)', () => {
    const [selected] = selectSummaries([summarise(workedRows())]);
    expect(rowsRequest(selected!, load)).toEqual({ kind: 'BRACKET', targets: CHAT_TARGETS, load: 20 / 3 });
  });

  it('asks for every row meeting the relaxed targets of a near miss, and for nothing on a plain miss', () => {
    const near = [row({ benchmarkId: 1, concurrency: 1, ttftP95: 170 })]; // TTFT +13.3 %
    const far = [row({ benchmarkId: 2, concurrency: 1, ttftP95: 400 })];
    const [n] = selectSummaries([summarise(near)]);
    const [f] = selectSummaries([summarise(far)]);
    expect(rowsRequest(n!, load)).toEqual({ kind: 'ALL', targets: { ...CHAT_TARGETS, ttftP95Ms: 170 } });
    expect(rowsRequest(f!, load)).toBeNull();
  });
});

describe('bracketRows', () => {
  const rows = [
    row({ benchmarkId: 1, requestsPerSecond: 2 }),
    row({ benchmarkId: 2, requestsPerSecond: 5 }),
    row({ benchmarkId: 3, requestsPerSecond: 5 }),
    row({ benchmarkId: 4, requestsPerSecond: 8 }),
    row({ benchmarkId: 5, requestsPerSecond: 11 }),
  ];
  const capacity = rows[4]!;

  it('keeps every row of the two bracketing req/s and the capacity row', () => {
    expect(bracketRows(rows, 6, capacity).map((r) => r.benchmarkId)).toEqual([2, 3, 4, 5]);
  });

  it('keeps one point when the load is on a row or outside the rows', () => {
    expect(bracketRows(rows, 5, capacity).map((r) => r.benchmarkId)).toEqual([2, 3, 5]);
    expect(bracketRows(rows, 1, capacity).map((r) => r.benchmarkId)).toEqual([1, 5]);
    expect(bracketRows(rows, 12, capacity).map((r) => r.benchmarkId)).toEqual([5]);
  });
});

describe('summaryEvidence', () => {
  it('plans exactly as the rule on all rows, from the summary and the bracket rows alone', () => {
    const all = workedRows();
    const [selected] = selectSummaries([summarise(all)]);
    const request = rowsRequest(selected!, { slo: CHAT_TARGETS, requestsPerSecond: 20, headroomPercent: 20 });
    // Only what the candidate SQL's probes would return: rows #102 and #103 around q = 6.67.
    const fetched = all.filter((r) => r.benchmarkId === 102 || r.benchmarkId === 103);
    const evidence = summaryEvidence(selected!, request, fetched, CHAT_TARGETS);
    const s = spec();
    expect(recommendOnEvidence(s, [evidence], models(MODEL_A), gpus(H100))).toStrictEqual(
      recommend(s, all, models(MODEL_A), gpus(H100)),
    );
  });

  it('refuses targets it was not fetched for', () => {
    const [selected] = selectSummaries([summarise(workedRows())]);
    const evidence = summaryEvidence(selected!, null, [], CHAT_TARGETS);
    expect(() => evidence.selection!.feasible({ ...CHAT_TARGETS, ttftP95Ms: 1 })).toThrow(/not fetched/);
  });
});

describe('rowsPathIsCheaper', () => {
  const config = (gpuId: number, rows: number) =>
    summarise(
      Array.from({ length: rows }, (_, i) =>
        row({ benchmarkId: gpuId * 100 + i, gpuId, concurrency: i + 1, requestsPerSecond: i + 1 }),
      ),
    );

  it('takes the ROWS path below 4 rows per config on average, the SQL path from 4', () => {
    expect(rowsPathIsCheaper(selectSummaries([config(1, 3), config(2, 4)]))).toBe(true);
    expect(rowsPathIsCheaper(selectSummaries([config(1, 4), config(2, 4)]))).toBe(false);
    expect(rowsPathIsCheaper(selectSummaries([config(1, 1), config(2, 7)]))).toBe(false);
  });
});
