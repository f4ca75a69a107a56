/**
 * Continuous batching in real time, in the manner of vLLM's scheduler, driven by ONE timer per engine
 * (an event heap) however many streams are open:
 *
 * - A request joins a FIFO waiting queue; while fewer than `maxNumSeqs` sequences run, the head is
 *   admitted and starts its prefill. Its first token appears when the prefill ends
 *   (TTFT = time queued + prefill). Prefill delays only that sequence's first token — it does not
 *   lengthen the steps of the others (vLLM's chunked prefill does a little; the linear ITL slope
 *   absorbs it when calibrated).
 * - After its first token a sequence decodes: each engine step lasts `decodeStepMs(B)`, B being the
 *   number of running sequences (prefilling, decoding or stalled — vLLM's `num_requests_running`)
 *   when the step starts, and gives one token to every decoding sequence. A sequence that becomes
 *   ready (first token, or end of a stall) while a step is in flight joins it if at most half of the
 *   step has passed, else the next one: its first gap is then between ½ and 1½ steps, one step on
 *   average, and requests that arrive together decode together.
 * - Steps are chained on their ideal end times, so a timer firing late does not stretch the next
 *   step and the mean ITL stays exact; after a stall of the event loop longer than a step the chain
 *   restarts from the present instead of bursting tokens to catch up.
 * - Faults are drawn per request when it arrives, from the engine's seeded generator: with probability
 *   `errorRate` it fails — half of the failures before the first token, the rest after a uniformly
 *   chosen number of tokens; with probability `stallRate` it pauses once for `stallMs` before a
 *   uniformly chosen token (it keeps its slot meanwhile).
 */
import { createRng, type Rng } from '../../server/kernel/rng.js';
import { realClock, type EngineClock } from './clock.js';
import { createEventQueue } from './event-queue.js';
import {
  decodeStepMs,
  jittered,
  prefillMs,
  validateLatencyParams,
  type SimulatorLatencyParams,
} from '../../server/domains/knowledge/core/simulator-latency.js';

export interface SequenceRequest {
  promptTokens: number;
  /** Tokens to generate (≥ 1). */
  outputTokens: number;
  /** Why generation ends (reported to the observer): `length` = max_tokens reached, `stop` = natural end. */
  finishReason?: 'length' | 'stop';
}

/** Where a sequence's tokens go; called synchronously from the engine loop. */
export interface SequenceSink {
  /** Token `index` (0-based) is ready. */
  onToken(index: number): void;
  /** Every requested token was produced (called right after the last `onToken`). */
  onFinish(): void;
  /** An injected fault ended the request after `emitted` tokens. */
  onFail(emitted: number): void;
}

export interface SequenceHandle {
  readonly id: number;
  /** Drops the sequence (client gone); frees its slot. No sink call follows. */
  cancel(): void;
}

/** Hooks for metrics; every time is in ms, measured on the engine's clock. */
export interface EngineObserver {
  admitted?(queueMs: number): void;
  firstToken?(ttftMs: number, promptTokens: number): void;
  nextToken?(interTokenMs: number): void;
  /** `decodeMs`: first token to last (vLLM's per-request TPOT is decodeMs / (outputTokens − 1)). */
  finished?(e2eMs: number, outputTokens: number, finishReason: 'length' | 'stop', decodeMs: number): void;
  faultInjected?(kind: 'error' | 'stall'): void;
}

export interface EngineOptions {
  seed?: number;
  clock?: EngineClock;
  observer?: EngineObserver;
}

export interface EngineState {
  running: number;
  waiting: number;
  decoding: number;
  stepInFlight: boolean;
  /** Tokens the running sequences hold in the KV cache (prompt + generated so far). */
  cachedTokens: number;
}

export interface SimulatorEngine {
  readonly params: Readonly<SimulatorLatencyParams>;
  submit(request: SequenceRequest, sink: SequenceSink): SequenceHandle;
  state(): EngineState;
  /** Drops every sequence without notifying sinks and clears the timer. */
  stop(): void;
}

type Phase = 'waiting' | 'prefilling' | 'decoding' | 'stalled' | 'done';

interface Sequence {
  id: number;
  promptTokens: number;
  outputTokens: number;
  finishReason: 'length' | 'stop';
  sink: SequenceSink;
  phase: Phase;
  arrivedAt: number;
  lastTokenAt: number;
  firstTokenAt: number;
  /** When it last became ready to decode; it takes part in steps whose first half it was ready for. */
  readyAt: number;
  emitted: number;
  /** Fails instead of producing token `failAt`; null = no failure. */
  failAt: number | null;
  /** Pauses `stallMs` before producing token `stallBefore`; null = no stall. */
  stallBefore: number | null;
}

type EngineEvent =
  | { kind: 'step'; startedAt: number; durationMs: number }
  | { kind: 'prefilled'; seq: Sequence }
  | { kind: 'resume'; seq: Sequence };

export function createEngine(params: SimulatorLatencyParams, options: EngineOptions = {}): SimulatorEngine {
  const problems = validateLatencyParams(params);
  if (problems.length > 0) throw new RangeError(`invalid simulator parameters: ${problems.join('; ')}`);
  const frozen: Readonly<SimulatorLatencyParams> = Object.freeze({ ...params });
  const clock = options.clock ?? realClock;
  const observer = options.observer ?? {};
  const rng: Rng = createRng(options.seed ?? 0);

  const waiting: Sequence[] = [];
  const running = new Set<Sequence>();
  const decoding = new Set<Sequence>();
  const events = createEventQueue<EngineEvent>();
  let stepInFlight = false;
  let timer: unknown = null;
  let armedAt = Infinity;
  let nextId = 1;
  let processing = false;

  // No draw without jitter, so that fault decisions depend only on the order requests arrive in.
  const jitter = (ms: number): number =>
    frozen.jitterFraction > 0 ? jittered(ms, frozen.jitterFraction, rng.uniform()) : ms;

  const arm = (): void => {
    if (processing) return; // the loop re-arms when it is done
    const next = events.peek();
    if (next === undefined) {
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
      armedAt = Infinity;
      return;
    }
    if (timer !== null && armedAt <= next.at) return;
    if (timer !== null) clock.clearTimer(timer);
    armedAt = next.at;
    timer = clock.setTimer(onTimer, Math.max(0, next.at - clock.now()));
  };

  const onTimer = (): void => {
    timer = null;
    armedAt = Infinity;
    processing = true;
    try {
      for (;;) {
        const next = events.peek();
        if (next === undefined || next.at > clock.now() + clock.toleranceMs) break;
        events.pop();
        handle(next.at, next.value);
      }
    } finally {
      processing = false;
      arm();
    }
  };

  const startStep = (at: number): void => {
    if (decoding.size === 0) {
      stepInFlight = false;
      return;
    }
    stepInFlight = true;
    const durationMs = jitter(decodeStepMs(frozen, running.size));
    events.push(at + durationMs, { kind: 'step', startedAt: at, durationMs });
  };

  /** Frees the slot of `seq` at time `at` (ideal event time, or now) and admits whoever waits. */
  const release = (seq: Sequence, at: number): void => {
    seq.phase = 'done';
    running.delete(seq);
    decoding.delete(seq);
    admit(at);
  };

  const admit = (at: number): void => {
    while (running.size < frozen.maxNumSeqs && waiting.length > 0) {
      const seq = waiting.shift() as Sequence;
      seq.phase = 'prefilling';
      running.add(seq);
      observer.admitted?.(Math.max(0, at - seq.arrivedAt));
      const stall = seq.stallBefore === 0 ? frozen.stallMs : 0;
      events.push(at + jitter(prefillMs(frozen, seq.promptTokens)) + stall, { kind: 'prefilled', seq });
    }
    arm();
  };

  /** Ready to decode (after the prefill or a stall): joins the next step, starting one if the engine is idle. */
  const becomeDecoding = (seq: Sequence, at: number): void => {
    seq.phase = 'decoding';
    seq.readyAt = at;
    decoding.add(seq);
    if (!stepInFlight) startStep(at);
  };

  const emit = (seq: Sequence, at: number): void => {
    const index = seq.emitted;
    if (seq.failAt === index) {
      release(seq, at);
      seq.sink.onFail(index);
      return;
    }
    const now = clock.now();
    seq.emitted = index + 1;
    if (index === 0) {
      seq.firstTokenAt = now;
      observer.firstToken?.(now - seq.arrivedAt, seq.promptTokens);
    } else observer.nextToken?.(now - seq.lastTokenAt);
    seq.lastTokenAt = now;
    seq.sink.onToken(index);
    if (seq.phase === 'done') return; // cancelled from inside the sink
    if (seq.emitted >= seq.outputTokens) {
      release(seq, at);
      observer.finished?.(now - seq.arrivedAt, seq.outputTokens, seq.finishReason, now - seq.firstTokenAt);
      seq.sink.onFinish();
    } else if (seq.stallBefore === seq.emitted) {
      seq.phase = 'stalled';
      decoding.delete(seq);
      events.push(at + frozen.stallMs, { kind: 'resume', seq });
    } else if (seq.phase === 'prefilling') {
      becomeDecoding(seq, at);
    }
  };

  const handle = (at: number, event: EngineEvent): void => {
    switch (event.kind) {
      case 'prefilled':
        if (event.seq.phase === 'prefilling') emit(event.seq, at);
        break;
      case 'resume':
        if (event.seq.phase === 'stalled') becomeDecoding(event.seq, at);
        break;
      case 'step': {
        for (const seq of [...decoding])
          if (seq.phase === 'decoding' && seq.readyAt <= event.startedAt + event.durationMs / 2)
            emit(seq, at);
        const lag = clock.now() - at;
        startStep(lag > event.durationMs ? clock.now() : at);
        break;
      }
    }
  };

  const drawFaults = (seq: Sequence): void => {
    if (frozen.errorRate > 0 && rng.uniform() < frozen.errorRate) {
      const midStream = seq.outputTokens > 1 && rng.uniform() < 0.5;
      seq.failAt = midStream ? 1 + rng.int(seq.outputTokens - 1) : 0;
      observer.faultInjected?.('error');
    }
    if (frozen.stallRate > 0 && rng.uniform() < frozen.stallRate) {
      seq.stallBefore = rng.int(seq.outputTokens);
      observer.faultInjected?.('stall');
    }
  };

  return {
    params: frozen,
    submit(request, sink) {
      if (!Number.isInteger(request.outputTokens) || request.outputTokens < 1)
        throw new RangeError(`outputTokens must be a whole number >= 1, got ${request.outputTokens}`);
      const seq: Sequence = {
        id: nextId++,
        promptTokens: Math.max(0, Math.trunc(request.promptTokens)),
        outputTokens: request.outputTokens,
        finishReason: request.finishReason ?? 'length',
        sink,
        phase: 'waiting',
        arrivedAt: clock.now(),
        lastTokenAt: 0,
        firstTokenAt: 0,
        readyAt: 0,
        emitted: 0,
        failAt: null,
        stallBefore: null,
      };
      drawFaults(seq);
      waiting.push(seq);
      admit(seq.arrivedAt);
      return {
        id: seq.id,
        cancel() {
          if (seq.phase === 'done') return;
          if (seq.phase === 'waiting') {
            seq.phase = 'done';
            waiting.splice(waiting.indexOf(seq), 1);
            return;
          }
          release(seq, clock.now());
        },
      };
    },
    state() {
      let cachedTokens = 0;
      for (const seq of running) cachedTokens += seq.promptTokens + seq.emitted;
      return {
        running: running.size,
        waiting: waiting.length,
        decoding: decoding.size,
        stepInFlight,
        cachedTokens,
      };
    },
    stop() {
      for (const seq of [...waiting, ...running]) seq.phase = 'done';
      waiting.length = 0;
      running.clear();
      decoding.clear();
      events.clear();
      stepInFlight = false;
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
      armedAt = Infinity;
    },
  };
}
