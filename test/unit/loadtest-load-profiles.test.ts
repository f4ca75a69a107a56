import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  planLevels,
  resolveSweepRates,
  sweepRates,
  THROUGHPUT_CONCURRENCY,
} from '../../server/domains/loadtest/runner/load-profiles.js';
import {
  levelSummaryFromRow,
  levelSummaryToRow,
  summarizeLevel,
  type RequestRecord,
} from '../../server/domains/loadtest/report/run-summary.js';
import {
  constantArrivals,
  dispatchOpenLoop,
  PhaseController,
  poissonArrivals,
  runClosedLoop,
  sleepUntil,
  take,
  type Phase,
} from '../../server/domains/loadtest/runner/scheduler.js';

describe('planLevels', () => {
  it('turns each profile into levels', () => {
    expect(planLevels({ profile: 'synchronous' })).toEqual([
      { index: 0, kind: 'synchronous', concurrency: 1 },
    ]);
    expect(planLevels({ profile: 'throughput' })).toEqual([
      { index: 0, kind: 'throughput', concurrency: THROUGHPUT_CONCURRENCY },
    ]);
    expect(planLevels({ profile: 'throughput', concurrency: 64 })).toEqual([
      { index: 0, kind: 'throughput', concurrency: 64 },
    ]);
    expect(planLevels({ profile: 'concurrent', concurrency: [1, 4] })).toEqual([
      { index: 0, kind: 'concurrent', concurrency: 1 },
      { index: 1, kind: 'concurrent', concurrency: 4 },
    ]);
    expect(planLevels({ profile: 'constant', rate: 2.5 })).toEqual([
      { index: 0, kind: 'constant', rate: 2.5 },
    ]);
    expect(planLevels({ profile: 'poisson', rate: [1, 3] })).toEqual([
      { index: 0, kind: 'poisson', rate: 1 },
      { index: 1, kind: 'poisson', rate: 3 },
    ]);
    expect(planLevels({ profile: 'sweep', sweepLevels: 3, concurrency: 32 })).toEqual([
      { index: 0, kind: 'synchronous', concurrency: 1 },
      { index: 1, kind: 'throughput', concurrency: 32 },
      { index: 2, kind: 'constant' },
      { index: 3, kind: 'constant' },
      { index: 4, kind: 'constant' },
    ]);
  });

  it('spaces sweep rates evenly from the synchronous rate up to the throughput rate', () => {
    expect(sweepRates(2, 10, 4)).toEqual([4, 6, 8, 10]);
    expect(sweepRates(1, 2.5, 3)).toEqual([1.5, 2, 2.5]);
    expect(sweepRates(3, 2, 2)).toEqual([3, 3]); // no batching gain: stay at the synchronous rate
    expect(() => sweepRates(0, 10, 4)).toThrow('no throughput');
    const resolved = resolveSweepRates(
      planLevels({ profile: 'sweep', sweepLevels: 2 }),
      sweepRates(2, 10, 2),
    );
    expect(resolved.map((l) => l.rate)).toEqual([undefined, undefined, 6, 10]);
  });
});

describe('arrival schedules', () => {
  it('constant: request i at exactly i/rate', () => {
    expect(take(constantArrivals(20), 5)).toEqual([0, 50, 100, 150, 200]);
    const third = take(constantArrivals(3), 4);
    expect(third).toEqual([0, 1000 / 3, 2000 / 3, 1000]);
    // no accumulated drift: the 100 000th arrival at 4 req/s is at 24 999.75 s
    expect(take(constantArrivals(4), 100_000).at(-1)).toBe(24_999_750);
  });

  it('poisson: seeded, increasing, mean rate and exponential spread', () => {
    const rate = 20;
    const times = take(poissonArrivals(rate, 7), 20_000);
    expect(take(poissonArrivals(rate, 7), 5)).toEqual(times.slice(0, 5));
    expect(take(poissonArrivals(rate, 8), 5)).not.toEqual(times.slice(0, 5));
    const gaps = times.map((t, i) => t - (i === 0 ? 0 : (times[i - 1] as number)));
    expect(Math.min(...gaps)).toBeGreaterThan(0);
    const measuredRate = 20_000 / ((times.at(-1) as number) / 1000);
    expect(Math.abs(measuredRate - rate) / rate).toBeLessThan(0.02); // relative s.e. 1/√20000 ≈ 0.7 %
    // exponential gaps: the coefficient of variation is 1
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / (gaps.length - 1));
    expect(sd / mean).toBeGreaterThan(0.97);
    expect(sd / mean).toBeLessThan(1.03);
  });
});

describe('PhaseController', () => {
  it('warm-up, a timed window, cool-down, then stop', () => {
    const stops: number[] = [];
    const phases = new PhaseController(
      { warmupMs: 1000, measureMs: 2000, cooldownMs: 500, maxRequests: Infinity },
      (t) => stops.push(t),
    );
    const seen = [0, 999, 1000, 2999, 3000, 3499, 3500, 10].map((t) => phases.next(t));
    expect(seen).toEqual(['warmup', 'warmup', 'measure', 'measure', 'cooldown', 'cooldown', null, null]);
    expect(phases.measureEndMs).toBe(3000);
    expect(phases.sendingEndsAtMs).toBe(3500);
    expect(phases.measuredRequests).toBe(2);
    expect(stops).toEqual([3500]);
  });

  it('a window closed by request count', () => {
    const phases = new PhaseController({ warmupMs: 0, measureMs: Infinity, cooldownMs: 100, maxRequests: 3 });
    expect(phases.sendingEndsAtMs).toBeNull(); // not known until the third measured request
    expect([0, 10, 20, 30, 119, 120].map((t) => phases.next(t))).toEqual([
      'measure',
      'measure',
      'measure',
      'cooldown',
      'cooldown',
      null,
    ]);
    expect(phases.measureEndMs).toBe(20);
    expect(phases.sendingEndsAtMs).toBe(120);
  });

  it('20 req/s with 1 s warm-up, 10 s window, 1 s cool-down: 20 + 200 + 20 requests', () => {
    const phases = new PhaseController({
      warmupMs: 1000,
      measureMs: 10_000,
      cooldownMs: 1000,
      maxRequests: Infinity,
    });
    const counts: Record<Phase, number> = { warmup: 0, measure: 0, cooldown: 0 };
    const arrivals = constantArrivals(20);
    for (;;) {
      const phase = phases.next(arrivals.next().value);
      if (phase === null) break;
      counts[phase]++;
    }
    expect(counts).toEqual({ warmup: 20, measure: 200, cooldown: 20 });
  });
});

describe('timers and loops', () => {
  it('sleepUntil never returns early and returns at once on abort', async () => {
    for (const delay of [0, 1, 3, 15]) {
      const target = performance.now() + delay;
      await sleepUntil(target);
      expect(performance.now()).toBeGreaterThanOrEqual(target);
    }
    const abort = new AbortController();
    const sleeping = sleepUntil(performance.now() + 10_000, abort.signal).then(() => 'woke');
    abort.abort();
    // The abort listener wakes the sleeper within microtasks: before even a 0 ms timer (no clock involved).
    const first = await Promise.race([
      sleeping,
      new Promise((resolve) => setTimeout(() => resolve('timer'), 0)),
    ]);
    expect(first).toBe('woke');
  });

  it('dispatchOpenLoop fires each request at its scheduled time, never before', async () => {
    const fired: { seq: number; phase: Phase; scheduled: number; actual: number }[] = [];
    const levelStart = performance.now();
    const sent = await dispatchOpenLoop({
      arrivals: constantArrivals(500),
      levelStartMs: levelStart,
      phases: new PhaseController({ warmupMs: 4, measureMs: 16, cooldownMs: 0, maxRequests: Infinity }),
      prepare: (seq, phase) => ({ seq, phase }),
      fire: (item, scheduled) => fired.push({ ...item, scheduled, actual: performance.now() }),
    });
    expect(sent).toBe(10);
    // Offsets from a clock reading carry float rounding (14.000000000000028): compare to the microsecond.
    const offsets = fired.map((f) => f.scheduled - levelStart);
    expect(offsets).toHaveLength(10);
    offsets.forEach((offset, i) => expect(offset).toBeCloseTo(i * 2, 6));
    expect(fired.map((f) => f.phase)).toEqual(['warmup', 'warmup', ...Array<Phase>(8).fill('measure')]);
    for (const f of fired) expect(f.actual).toBeGreaterThanOrEqual(f.scheduled);
  });

  it('runClosedLoop keeps at most N in flight and stops at the request limit', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const seqs: number[] = [];
    const sent = await runClosedLoop({
      concurrency: 3,
      levelStartMs: performance.now(),
      phases: new PhaseController({ warmupMs: 0, measureMs: Infinity, cooldownMs: 0, maxRequests: 7 }),
      execute: async (seq) => {
        seqs.push(seq);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
    });
    expect(sent).toBe(7);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(maxInFlight).toBe(3);
  });
});

describe('summarizeLevel', () => {
  const rec = (patch: Partial<RequestRecord>): RequestRecord => ({
    levelIndex: 2,
    repetition: 0,
    seq: 0,
    phase: 'measure',
    scheduledMs: 0,
    sentMs: 0,
    ok: true,
    error: null,
    promptTokens: 100,
    outputTokens: 10,
    ttftMs: null,
    itlMs: null,
    tpotMs: null,
    e2eMs: null,
    ...patch,
  });

  it('matches a hand-worked level', () => {
    const records = [
      rec({ phase: 'warmup', scheduledMs: 500, e2eMs: 700, ttftMs: 1, itlMs: 1, tpotMs: 1 }), // ends 1200
      rec({ scheduledMs: 1000, ttftMs: 50, itlMs: 10, tpotMs: 10, e2eMs: 140 }), // ends 1140
      rec({ scheduledMs: 2000, ttftMs: 70, itlMs: 12, tpotMs: 12, e2eMs: 178 }), // ends 2178
      rec({
        scheduledMs: 2900,
        ttftMs: 90,
        itlMs: 14,
        tpotMs: 14,
        e2eMs: 1200,
        promptTokens: 120,
        outputTokens: 20,
      }), // ends 4100
      rec({ scheduledMs: 2950, ok: false, error: 'HTTP 500', outputTokens: 0 }),
      rec({ scheduledMs: 2990, ok: false, error: 'incomplete: run cancelled', outputTokens: 3 }),
      rec({ phase: 'cooldown', scheduledMs: 3100, e2eMs: 500, ttftMs: 1 }), // ends 3600
      rec({ phase: 'cooldown', scheduledMs: 4000, e2eMs: 500, ttftMs: 1 }), // ends 4500, after the window
    ];
    const startedAt = new Date('2026-02-01T00:00:00Z');
    const finishedAt = new Date('2026-02-01T00:00:05Z');
    const s = summarizeLevel({
      level: { index: 2, kind: 'constant', rate: 10 },
      repetition: 0,
      startedAt,
      finishedAt,
      measureStartMs: 1000,
      measureEndMs: 3000,
      records,
    });
    // window [1000, 4100] = 3.1 s; open loop: measured successes finished at 1140, 2178, 4100 → 2 gaps in 2.96 s
    expect(s).toMatchObject({
      levelIndex: 2,
      repetition: 0,
      loadKind: 'constant',
      concurrency: null,
      targetRate: 10,
      startedAt,
      finishedAt,
      completedRequests: 3,
      erroredRequests: 1,
      incompleteRequests: 1,
    });
    expect(s.durationSeconds).toBeCloseTo(3.1, 12);
    expect(s.requestsPerSecond).toBeCloseTo(2 / 2.96, 12);
    expect(s.outputTokensPerSecond).toBeCloseTo((2 / 2.96) * (40 / 3), 12);
    expect(s.meanInputTokens).toBeCloseTo(320 / 3, 12);
    expect(s.meanOutputTokens).toBeCloseTo(40 / 3, 12);
    // type-7 percentiles of [50, 70, 90]: p90 at h = 1.8 → 86, p95 → 88, p99 → 89.6
    expect(s.ttft.mean).toBeCloseTo(70, 12);
    expect(s.ttft.p50).toBeCloseTo(70, 12);
    expect(s.ttft.p90).toBeCloseTo(86, 12);
    expect(s.ttft.p95).toBeCloseTo(88, 12);
    expect(s.ttft.p99).toBeCloseTo(89.6, 12);
    expect(s.itl.mean).toBeCloseTo(12, 12);
    expect(s.e2e.mean).toBeCloseTo(506, 12);
    expect(s.e2e.p50).toBeCloseTo(178, 12);
    expect(s.tpotMean).toBeCloseTo(12, 12);
  });

  it("closed loop: throughput by Little's law, even when requests finish in lockstep waves", () => {
    // 4 workers; their measured requests took 100, 200, 300 and 400 ms: 4 requests per second of busy
    // time each → 4 × 4 / (1000 ms / 1000) = 16 req/s
    const durations = [100, 200, 300, 400];
    const s = summarizeLevel({
      level: { index: 0, kind: 'concurrent', concurrency: 4 },
      repetition: 0,
      startedAt: new Date(0),
      finishedAt: new Date(1),
      measureStartMs: 0,
      measureEndMs: 400,
      records: durations.map((e2eMs, seq) => rec({ seq, e2eMs, ttftMs: 10, outputTokens: 10 })),
    });
    expect(s.requestsPerSecond).toBeCloseTo(16, 12);
    expect(s.outputTokensPerSecond).toBeCloseTo(160, 12);
    expect(s.concurrency).toBe(4);
    expect(s.targetRate).toBeNull();
    // 256 streams finishing together every 4.7 s (a full continuous batch): 256 / 4.7 s whatever the window
    const wave = summarizeLevel({
      level: { index: 1, kind: 'throughput', concurrency: 256 },
      repetition: 0,
      startedAt: new Date(0),
      finishedAt: new Date(1),
      measureStartMs: 2000,
      measureEndMs: 7000,
      records: Array.from({ length: 256 }, (_, seq) =>
        rec({ seq, scheduledMs: 4700, e2eMs: 4700, ttftMs: 200 }),
      ),
    });
    expect(wave.requestsPerSecond).toBeCloseTo(256 / 4.7, 9);
    expect(wave.durationSeconds).toBeCloseTo(7.4, 12);
  });

  it('has exactly the benchmark_run_levels columns and zeros when nothing succeeded', () => {
    const s = summarizeLevel({
      level: { index: 0, kind: 'synchronous', concurrency: 1 },
      repetition: 1,
      startedAt: new Date(0),
      finishedAt: new Date(1),
      measureStartMs: 0,
      measureEndMs: 2000,
      records: [rec({ ok: false, error: 'fetch failed: ECONNREFUSED', outputTokens: 0 })],
    });
    expect(Object.keys(s).sort()).toEqual(
      [
        'levelIndex',
        'repetition',
        'loadKind',
        'concurrency',
        'targetRate',
        'startedAt',
        'finishedAt',
        'durationSeconds',
        'completedRequests',
        'erroredRequests',
        'incompleteRequests',
        'requestsPerSecond',
        'outputTokensPerSecond',
        'meanInputTokens',
        'meanOutputTokens',
        'ttft',
        'itl',
        'e2e',
        'tpotMean',
      ].sort(),
    );
    expect(s).toMatchObject({
      completedRequests: 0,
      erroredRequests: 1,
      requestsPerSecond: 0,
      durationSeconds: 2,
      tpotMean: 0,
    });
    expect(s.ttft).toEqual({ mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 });
  });

  it('flattens to a benchmark_run_levels row and back', () => {
    const s = summarizeLevel({
      level: { index: 3, kind: 'poisson', rate: 2 },
      repetition: 2,
      startedAt: new Date(0),
      finishedAt: new Date(9),
      measureStartMs: 0,
      measureEndMs: 100,
      records: [
        rec({ scheduledMs: 0, ttftMs: 5, itlMs: 2, tpotMs: 2, e2eMs: 30 }),
        rec({ scheduledMs: 50, ttftMs: 7, e2eMs: 40 }),
      ],
    });
    const row = levelSummaryToRow(s);
    expect(row).toMatchObject({
      ttftMean: 6,
      ttftP50: 6,
      e2eP99: 39.9,
      itlMean: 2,
      levelIndex: 3,
      repetition: 2,
    });
    expect(row).not.toHaveProperty('ttft');
    expect(levelSummaryFromRow({ ...row, id: 1, runId: 4 } as typeof row)).toEqual(s);
  });
});
