/**
 * The comparison's false-alarm rate and power over 100 seeds, on lognormal samples shaped like LLM
 * latencies: TTFT median 120 ms (σ = 0.4), per-request mean ITL 25 ms (σ = 0.15), E2E 6 s
 * (σ = 0.25), 300 requests per run. docs/benchmark-analysis.md has rates over 2000 seeds, including
 * tail-only regressions (bench-compare.test.ts checks one).
 */
import { describe, expect, it } from 'vitest';
import { compareRuns, type RunSample } from '../../server/domains/loadtest/analysis/compare.js';
import { createRng } from '../../server/kernel/rng.js';

const SEEDS = Array.from({ length: 100 }, (_, i) => i + 1);

function sample(seed: number, id: string, scale = 1): RunSample {
  const rng = createRng(seed);
  const draw = (median: number, sigma: number) => (): number =>
    rng.lognormal(Math.log(median), sigma) * scale;
  return {
    id,
    successRate: 1,
    throughputRps: 50,
    ttft: Array.from({ length: 300 }, draw(120, 0.4)),
    itl: Array.from({ length: 300 }, draw(25, 0.15)),
    e2e: Array.from({ length: 300 }, draw(6000, 0.25)),
  };
}

describe('compareRuns over 100 seeds', () => {
  it('raises no false alarm on identical distributions', () => {
    let regress = 0;
    let improved = 0;
    for (const seed of SEEDS) {
      const r = compareRuns(sample(2 * seed, 'baseline'), sample(2 * seed + 1, 'current'));
      regress += r.rows.filter((row) => row.status === 'REGRESS').length;
      improved += r.rows.filter((row) => row.status === 'IMPROVED').length;
    }
    expect(regress).toBe(0);
    expect(improved).toBe(0);
  });

  it('detects a 10 % slowdown (current = baseline distribution × 1.10, thresholds 5 %) in at least 95 seeds', () => {
    let detected = 0;
    for (const seed of SEEDS) {
      const r = compareRuns(sample(2 * seed, 'baseline'), sample(2 * seed + 1, 'current', 1.1), {
        p50Percent: 5,
        p95Percent: 5,
        p99Percent: 5,
      });
      if (r.result === 'FAIL') detected++;
    }
    expect(detected).toBeGreaterThanOrEqual(95);
  });

  it('says FAIL for a 30 % slowdown with the default thresholds (20 seeds)', () => {
    const failed = SEEDS.slice(0, 20).filter(
      (seed) =>
        compareRuns(sample(2 * seed, 'baseline'), sample(2 * seed + 1, 'current', 1.3)).result === 'FAIL',
    );
    expect(failed).toHaveLength(20);
  });
});
