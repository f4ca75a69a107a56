import { describe, expect, it } from 'vitest';
import { createVirtualClock, type VirtualClock } from '../../apps/simulator/clock.js';
import { createEngine, type EngineObserver, type SimulatorEngine } from '../../apps/simulator/engine.js';
import { createEventQueue } from '../../apps/simulator/event-queue.js';
import {
  DEFAULT_LATENCY_PARAMS,
  type SimulatorLatencyParams,
} from '../../server/domains/knowledge/core/simulator-latency.js';

// Hand-worked model: prefill 10 + 0.5·p ms, step 5 + 1·(B − 1) ms, no jitter.
const PARAMS: SimulatorLatencyParams = {
  ...DEFAULT_LATENCY_PARAMS,
  prefillBaseMs: 10,
  prefillMsPerToken: 0.5,
  decodeBaseMs: 5,
  decodeMsPerRunningSeq: 1,
  maxNumSeqs: 64,
  jitterFraction: 0,
};

interface Trace {
  times: number[];
  finishedAt: number | null;
  failedAfter: number | null;
}

function harness(params: Partial<SimulatorLatencyParams> = {}, observer?: EngineObserver, seed = 1) {
  const clock: VirtualClock = createVirtualClock();
  const engine: SimulatorEngine = createEngine({ ...PARAMS, ...params }, { clock, seed, observer });
  const submit = (promptTokens: number, outputTokens: number) => {
    const trace: Trace = { times: [], finishedAt: null, failedAfter: null };
    const handle = engine.submit(
      { promptTokens, outputTokens },
      {
        onToken: (index) => {
          expect(index).toBe(trace.times.length);
          trace.times.push(clock.now());
        },
        onFinish: () => {
          trace.finishedAt = clock.now();
        },
        onFail: (emitted) => {
          trace.failedAfter = emitted;
        },
      },
    );
    return { trace, handle };
  };
  return { clock, engine, submit };
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - (times[i] as number));

describe('simulator engine (virtual clock)', () => {
  it('emits the first token after the prefill and the rest one decode step apart', () => {
    const { clock, submit } = harness();
    const { trace } = submit(20, 4); // prefill 10 + 0.5·20 = 20 ms, then steps of 5 ms (B = 1)
    clock.runAll();
    expect(trace.times).toEqual([20, 25, 30, 35]);
    expect(trace.finishedAt).toBe(35);
  });

  it('raises ITL with the number of running sequences (continuous batching)', () => {
    const { clock, submit } = harness();
    const traces = Array.from({ length: 16 }, () => submit(0, 5).trace);
    clock.runAll();
    // prefill 10 ms; with 16 running each step is 5 + 15 = 20 ms and every sequence gets a token per step
    for (const trace of traces) expect(trace.times).toEqual([10, 30, 50, 70, 90]);
  });

  it('lets a sequence ready in the first half of a step join it, later ones the next step', () => {
    const { clock, submit } = harness();
    const a = submit(0, 5).trace; // ready at 10
    clock.advance(2);
    const b = submit(0, 2).trace; // ready at 12
    clock.advance(2);
    const c = submit(0, 2).trace; // ready at 14
    clock.runAll();
    // All three run from t = 4, so the step A starts at 10 lasts 5 + 2 = 7 ms (10→17). B is ready 2 ms
    // into it and joins; C, 4 ms in (past 3.5), waits for 17→23 (B finished: 6 ms); then 5-ms steps.
    expect(a.times).toEqual([10, 17, 23, 28, 33]);
    expect(b.times).toEqual([12, 17]);
    expect(c.times).toEqual([14, 23]);
  });

  it('queues beyond maxNumSeqs: TTFT of a queued request includes the wait for a slot', () => {
    const states: number[] = [];
    const { clock, engine, submit } = harness({ maxNumSeqs: 1 });
    const a = submit(20, 3).trace;
    const b = submit(20, 3).trace;
    states.push(engine.state().waiting);
    clock.runAll();
    expect(states).toEqual([1]);
    expect(a.times).toEqual([20, 25, 30]);
    // B is admitted when A finishes at 30, then prefills 20 ms
    expect(b.times).toEqual([50, 55, 60]);
    expect(engine.state()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('frees the slot of a cancelled sequence for the next in line', () => {
    const { clock, engine, submit } = harness({ maxNumSeqs: 1 });
    const a = submit(20, 100);
    const b = submit(20, 2).trace;
    const c = submit(20, 2);
    c.handle.cancel(); // cancelled while waiting
    clock.advance(5);
    a.handle.cancel();
    clock.runAll();
    expect(a.trace.times).toEqual([]);
    expect(b.times).toEqual([25, 30]);
    expect(c.trace.times).toEqual([]);
    expect(engine.state()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('injects errors at the configured rate, before the first token or mid-stream', () => {
    const { clock, submit } = harness({ errorRate: 0.3, maxNumSeqs: 4096 });
    const traces = Array.from({ length: 2000 }, () => submit(0, 10).trace);
    clock.runAll();
    const failed = traces.filter((t) => t.failedAfter !== null);
    // binomial(2000, 0.3): mean 600, sd 20.5; ±4 sd
    expect(failed.length).toBeGreaterThan(600 - 82);
    expect(failed.length).toBeLessThan(600 + 82);
    const early = failed.filter((t) => t.failedAfter === 0).length;
    expect(early / failed.length).toBeGreaterThan(0.4);
    expect(early / failed.length).toBeLessThan(0.6);
    for (const t of failed) {
      expect(t.times.length).toBe(t.failedAfter);
      expect(t.finishedAt).toBeNull();
    }
    for (const t of traces.filter((t) => t.failedAfter === null)) expect(t.times.length).toBe(10);
  });

  it('stalls a stream once for stallMs', () => {
    const faults: string[] = [];
    const { clock, submit } = harness(
      { stallRate: 1, stallMs: 100 },
      { faultInjected: (kind) => faults.push(kind) },
    );
    const { trace } = submit(20, 4); // unloaded: 20, 25, 30, 35
    clock.runAll();
    expect(faults).toEqual(['stall']);
    expect(trace.finishedAt).toBe(135);
    expect(gaps([0, ...trace.times]).filter((g) => g >= 100)).toHaveLength(1);
  });

  it('jitters durations within ±jitterFraction around the model, reproducibly per seed', () => {
    const run = (seed: number) => {
      const { clock, submit } = harness({ jitterFraction: 0.1 }, undefined, seed);
      const { trace } = submit(0, 2001);
      clock.runAll();
      return trace.times;
    };
    const times = run(7);
    const itl = gaps(times);
    expect(Math.min(...itl)).toBeGreaterThanOrEqual(4.5);
    expect(Math.max(...itl)).toBeLessThan(5.5);
    const mean = itl.reduce((s, g) => s + g, 0) / itl.length;
    expect(mean).toBeGreaterThan(4.95); // sd of the mean: 5·0.1/√3/√2000 ≈ 0.006
    expect(mean).toBeLessThan(5.05);
    expect(run(7)).toEqual(times);
    expect(run(8)).not.toEqual(times);
  });

  it('reports TTFT, inter-token gaps and E2E to the observer', () => {
    const seen = { ttft: [] as number[], itl: [] as number[], e2e: [] as number[], prompt: 0 };
    const { clock, submit } = harness(
      {},
      {
        firstToken: (ms, prompt) => {
          seen.ttft.push(ms);
          seen.prompt += prompt;
        },
        nextToken: (ms) => seen.itl.push(ms),
        finished: (ms) => seen.e2e.push(ms),
      },
    );
    submit(20, 3);
    clock.runAll();
    expect(seen).toEqual({ ttft: [20], itl: [5, 5], e2e: [30], prompt: 20 });
  });

  it('keeps one timer however many sequences run', () => {
    const { clock, submit } = harness();
    for (let i = 0; i < 300; i++) submit(i, 50);
    let most = 0;
    // 300 requests through 64 slots: about 5 waves of ~3.5 s of virtual time
    for (let t = 0; t < 40_000; t += 10) {
      most = Math.max(most, clock.pendingTimers);
      clock.advance(10);
    }
    expect(most).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects invalid parameters and requests', () => {
    expect(() => createEngine({ ...PARAMS, decodeBaseMs: 0 })).toThrow(/decodeBaseMs/);
    const { engine } = harness();
    const sink = { onToken() {}, onFinish() {}, onFail() {} };
    expect(() => engine.submit({ promptTokens: 1, outputTokens: 0 }, sink)).toThrow(/outputTokens/);
  });
});

describe('event queue', () => {
  it('pops in time order, ties in push order', () => {
    const queue = createEventQueue<string>();
    const input: Array<[number, string]> = [
      [5, 'e'],
      [1, 'a'],
      [3, 'c1'],
      [3, 'c2'],
      [2, 'b'],
      [9, 'z'],
      [3, 'c3'],
    ];
    for (const [at, value] of input) queue.push(at, value);
    const out: string[] = [];
    for (let e = queue.pop(); e; e = queue.pop()) out.push(e.value);
    expect(out).toEqual(['a', 'b', 'c1', 'c2', 'c3', 'e', 'z']);
    expect(queue.size).toBe(0);
  });
});
