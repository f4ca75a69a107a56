import { describe, expect, it } from 'vitest';
import type { PodSnapshot } from '../../server/domains/observe/core/vllm-snapshot.js';
import { summarizeWindow, windowSeries } from '../../server/domains/observe/core/window.js';

const Inf = Number.POSITIVE_INFINITY;

function snap(
  seconds: number,
  requests: number,
  ttftCounts: [number, number, number],
  ttftSum: number,
  gauges: { running: number; kv: number },
): PodSnapshot {
  return {
    t: seconds * 1000,
    counters: { requests, promptTokens: requests * 512, generationTokens: requests * 256, preemptions: 0 },
    gauges: { running: gauges.running, waiting: 0, kvCache: gauges.kv },
    histograms: {
      ttft: { bounds: [0.1, 0.5, Inf], counts: ttftCounts, sum: ttftSum, count: ttftCounts[2] },
      itl: null,
      e2e: null,
      queue: null,
    },
  };
}

// Pod a: 20 requests in 10..30 s, half ≤ 0.1 s, half in (0.1, 0.5]; pod b: 10 requests, all ≤ 0.1 s.
const a = [
  snap(10, 0, [0, 0, 0], 0, { running: 1, kv: 0.1 }),
  snap(20, 10, [5, 10, 10], 1.5, { running: 2, kv: 0.3 }),
  snap(30, 20, [10, 20, 20], 3, { running: 3, kv: 0.5 }),
];
const b = [
  snap(10, 0, [0, 0, 0], 0, { running: 0, kv: 0 }),
  snap(20, 5, [5, 5, 5], 0.25, { running: 1, kv: 0.2 }),
  snap(30, 10, [10, 10, 10], 0.5, { running: 2, kv: 0.25 }),
];

describe('summarizeWindow', () => {
  it("one pod: rate per bucket, then PromQL's quantile", () => {
    const w = summarizeWindow([{ pod: 'a', snapshots: a }], 30_000, 30_000);
    // 20 requests over (0, 30] with the zero point at the first sample: 20/30 req/s
    expect(w.requestsPerSecond).toBeCloseTo(20 / 30, 10);
    // buckets 10/30, 20/30, 20/30; p95 rank 0.95·20/30 → 0.1 + 0.4 · (0.6333 − 0.3333)/0.3333 = 0.46 s
    expect(w.latency.ttft?.p95Ms).toBeCloseTo(460, 6);
    // p99: 0.1 + 0.4 · (0.66 − 1/3)/(1/3) = 0.492 s
    expect(w.latency.ttft?.p99Ms).toBeCloseTo(492, 6);
    // mean: rate(sum)/rate(count) = 3/20 s
    expect(w.latency.ttft?.meanMs).toBeCloseTo(150, 6);
    expect(w.latency.itl).toBeNull();
    expect(w.running).toBe(3);
    expect(w.pods).toBe(1);
  });

  it('the deployment sums bucket rates over pods (sum by (le))', () => {
    const w = summarizeWindow(
      [
        { pod: 'a', snapshots: a },
        { pod: 'b', snapshots: b },
      ],
      30_000,
      30_000,
    );
    expect(w.requestsPerSecond).toBeCloseTo(1, 10);
    expect(w.generationTokensPerSecond).toBeCloseTo(256, 8);
    // buckets 20/30, 1, 1: p50 rank 0.5 → 0.1 · 0.5/(2/3) = 0.075 s; p95: 0.1 + 0.4 · (0.95 − 2/3)/(1/3) = 0.44 s
    expect(w.latency.ttft?.p50Ms).toBeCloseTo(75, 6);
    expect(w.latency.ttft?.p95Ms).toBeCloseTo(440, 6);
    expect(w.latency.ttft?.meanMs).toBeCloseTo((3.5 / 30) * 1000, 6);
    expect(w.running).toBe(5);
    expect(w.kvCacheMean).toBeCloseTo(0.375, 12);
    expect(w.kvCacheMax).toBe(0.5);
    expect(w.pods).toBe(2);
  });

  it('an idle window has a rate of 0 and no percentiles', () => {
    const idle = [
      snap(10, 5, [5, 5, 5], 0.2, { running: 0, kv: 0 }),
      snap(20, 5, [5, 5, 5], 0.2, { running: 0, kv: 0 }),
    ];
    const w = summarizeWindow([{ pod: 'a', snapshots: idle }], 20_000, 20_000);
    expect(w.requestsPerSecond).toBe(0);
    expect(w.latency.ttft?.p95Ms).toBeNull();
    expect(w.latency.ttft?.meanMs).toBeNull();
  });

  it('a window with one sample has gauges but no rates', () => {
    const w = summarizeWindow([{ pod: 'a', snapshots: a }], 12_000, 5_000);
    expect(w.requestsPerSecond).toBeNull();
    expect(w.latency.ttft).toBeNull();
    expect(w.running).toBe(1);
  });

  it('windowSeries evaluates every step, oldest first', () => {
    const points = windowSeries([{ pod: 'a', snapshots: a }], {
      from: 10_000,
      to: 30_000,
      stepMs: 10_000,
      rangeMs: 20_000,
    });
    expect(points.map((p) => p.at)).toEqual([10_000, 20_000, 30_000]);
    expect(points[0]?.requestsPerSecond).toBeNull();
    expect(points[2]?.requestsPerSecond).toBeGreaterThan(0);
  });
});
