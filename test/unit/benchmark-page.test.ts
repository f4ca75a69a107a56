import { describe, expect, it } from 'vitest';
import { benchmarkRowPlan, whereSql } from '../../server/domains/knowledge/schema/benchmark-page.js';
import { PREBUILT } from '../../server/graphql/prebuilt.js';

describe('benchmark page plan', () => {
  it('reads only the columns asked for and joins only the relations asked for', () => {
    const plan = benchmarkRowPlan({ id: true, ttft: { p95: true }, gpu: { type: true } })!;
    expect(plan.columns).toEqual(['b.id', 'b.ttft_p95', 'b.gpu_id', 'g.type']);
    expect(plan.joins).toEqual(['JOIN gpus g ON g.id = b.gpu_id']);
    const row = plan.build([5, 13, 2, 'L4']);
    expect(row[PREBUILT]).toBe(true);
    expect(row.id).toBe(Buffer.from('Benchmark:5').toString('base64'));
    expect(row.cursor).toBe(Buffer.from('GPC:N:5').toString('base64'));
    expect(row.ttft).toMatchObject({ p95: 13 });
    expect(row.gpu).toMatchObject({ type: 'L4' });
  });

  it('reads the mean beside the p50, which stands in for a missing p50', () => {
    const plan = benchmarkRowPlan({ itl: { p50: true, p50Estimated: true } })!;
    expect(plan.columns).toEqual(['b.id', 'b.itl_mean', 'b.itl_p50']);
    expect(plan.build([1, 10, null]).itl).toMatchObject({ p50: 10, p50Estimated: true });
    expect(plan.build([1, 10, 9]).itl).toMatchObject({ p50: 9, p50Estimated: false });
  });

  it('leaves fields it does not build to the Pothos path', () => {
    expect(benchmarkRowPlan({ run: { id: true } })).toBeNull();
    expect(benchmarkRowPlan({ createdAt: true })).toBeNull();
    expect(benchmarkRowPlan({ gpu: { prices: { provider: true } } })).toBeNull();
    expect(benchmarkRowPlan({ model: { benchmarks: { totalCount: true } } })).toBeNull();
  });

  it('translates the filters it can, binding every value, and declines GPU-name filters', () => {
    const params: unknown[] = [];
    expect(
      whereSql({ modelId: 3, model: { hfRepo: "x'; drop" }, concurrency: { gte: 4, lte: 8 } }, params),
    ).toEqual([
      'b.model_id = $1',
      'b.model_id IN (SELECT id FROM models WHERE hf_repo = $2)',
      'b.concurrency >= $3',
      'b.concurrency <= $4',
    ]);
    expect(params).toEqual([3, "x'; drop", 4, 8]);
    expect(whereSql({ gpu: { type: 'H100' } }, [])).toBeNull();
  });
});
