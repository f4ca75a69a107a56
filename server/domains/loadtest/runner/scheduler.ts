import { performance } from 'node:perf_hooks';
import { createRng } from '../../../kernel/rng.js';

/**
 * When requests go out. Open-loop levels (constant, poisson) send request i at its scheduled time
 * whatever happened to earlier requests, so a slow server cannot slow the client down and hide its
 * own queueing (coordinated omission); latencies are measured from the scheduled time. Closed-loop
 * levels (synchronous, concurrent, throughput) keep N requests in flight. Times are milliseconds on
 * the monotonic `performance.now()` clock; schedules are offsets from the level start.
 */

/** Offsets (ms) of a fixed-rate schedule: request i at i·1000/rate, the first at 0. */
export function* constantArrivals(rate: number): Generator<number, never, void> {
  if (!(rate > 0)) throw new RangeError(`rate must be > 0, got ${rate}`);
  const gapMs = 1000 / rate;
  // i·gap rather than a running sum, so rounding does not accumulate over long levels.
  for (let i = 0; ; i++) yield i * gapMs;
}

/** Offsets (ms) of a Poisson process: independent exponential gaps with mean 1000/rate, the first after one gap. */
export function* poissonArrivals(rate: number, seed: number): Generator<number, never, void> {
  if (!(rate > 0)) throw new RangeError(`rate must be > 0, got ${rate}`);
  const rng = createRng(seed);
  let t = 0;
  for (;;) {
    t += rng.exponential(rate) * 1000;
    yield t;
  }
}

/** The first n values of a generator (for tests and previews). */
export function take(source: Iterator<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const next = source.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

export type Phase = 'warmup' | 'measure' | 'cooldown';

export interface PhaseWindows {
  warmupMs: number;
  /** Length of the measurement window; Infinity when only maxRequests bounds it. */
  measureMs: number;
  cooldownMs: number;
  /** Measured requests; Infinity when only the time bounds the window. */
  maxRequests: number;
}

/**
 * Decides the phase of each request from the time it is (scheduled to be) sent: warm-up first, then
 * the measurement window, which closes after `measureMs` or once `maxRequests` measured requests went
 * out, then cool-down; after that `next` returns null and the level stops sending. Stateful (it counts
 * measured requests) but clock-free: callers pass the offset.
 */
export class PhaseController {
  private measured = 0;
  private closedAt: number | null = null;
  private stoppedAt: number | null = null;

  constructor(
    readonly windows: PhaseWindows,
    private readonly onStop?: (atMs: number) => void,
  ) {
    if (!(windows.measureMs < Infinity || windows.maxRequests < Infinity)) {
      throw new RangeError('a level needs a time or request limit');
    }
  }

  get measureStartMs(): number {
    return this.windows.warmupMs;
  }

  /** When the measurement window closed (null while it is open). */
  get measureEndMs(): number | null {
    return this.closedAt;
  }

  /**
   * When the level stops sending (end of cool-down), as far as known now: from the start when a time
   * limit bounds the window, once the count closed it otherwise; null while that is still open.
   */
  get sendingEndsAtMs(): number | null {
    const { warmupMs, measureMs, cooldownMs } = this.windows;
    if (this.closedAt !== null) return this.closedAt + cooldownMs;
    return measureMs < Infinity ? warmupMs + measureMs + cooldownMs : null;
  }

  get measuredRequests(): number {
    return this.measured;
  }

  get stopped(): boolean {
    return this.stoppedAt !== null;
  }

  next(atMs: number): Phase | null {
    if (this.stoppedAt !== null) return null;
    const { warmupMs, measureMs, cooldownMs, maxRequests } = this.windows;
    if (atMs < warmupMs) return 'warmup';
    if (this.closedAt === null) {
      if (atMs < warmupMs + measureMs && this.measured < maxRequests) {
        this.measured++;
        if (this.measured >= maxRequests) this.closedAt = atMs;
        return 'measure';
      }
      this.closedAt = Math.min(atMs, warmupMs + measureMs);
    }
    if (atMs < this.closedAt + cooldownMs) return 'cooldown';
    this.stoppedAt = atMs;
    this.onStop?.(atMs);
    return null;
  }

  /** The phase a progress display should show at a given offset (without counting anything). */
  phaseAt(atMs: number): Phase {
    if (atMs < this.windows.warmupMs) return 'warmup';
    if (this.closedAt === null) return 'measure';
    return 'cooldown';
  }
}

/** Below this many milliseconds before the target, sleepUntil stops trusting setTimeout and spins. */
export const SPIN_MS = 2;

/**
 * Resolves at `targetMs` on the performance.now() clock, or at once when the signal aborts. setTimeout
 * alone fires 1–2 ms late (and later under load), so it sleeps to within SPIN_MS and then yields with
 * setImmediate until the target, which still lets I/O callbacks (token arrivals) run between checks.
 */
export async function sleepUntil(targetMs: number, signal?: AbortSignal): Promise<void> {
  const remaining = targetMs - performance.now();
  if (remaining > SPIN_MS) {
    await new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, remaining - SPIN_MS);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
  while (performance.now() < targetMs && !signal?.aborted) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface OpenLoopOptions<T> {
  /** Offsets (ms) from levelStartMs, non-decreasing. */
  arrivals: Iterator<number>;
  levelStartMs: number;
  phases: PhaseController;
  signal?: AbortSignal;
  /** Builds the request before its send time, so the send itself is only the fire call. */
  prepare: (seq: number, phase: Phase) => T;
  /** Starts the request; must not block (the promise is the caller's to track). */
  fire: (item: T, scheduledAtMs: number) => void;
}

/** Sends each scheduled request at its time until the phases say stop; returns the number sent. */
export async function dispatchOpenLoop<T>(options: OpenLoopOptions<T>): Promise<number> {
  const { arrivals, levelStartMs, phases, signal, prepare, fire } = options;
  let seq = 0;
  while (!signal?.aborted) {
    const next = arrivals.next();
    if (next.done) break;
    const phase = phases.next(next.value);
    if (phase === null) break;
    const item = prepare(seq, phase);
    const scheduledAt = levelStartMs + next.value;
    await sleepUntil(scheduledAt, signal);
    if (signal?.aborted) break;
    fire(item, scheduledAt);
    seq++;
  }
  return seq;
}

export interface ClosedLoopOptions {
  concurrency: number;
  levelStartMs: number;
  phases: PhaseController;
  signal?: AbortSignal;
  /** Sends one request and resolves when it finished (must not reject). */
  execute: (seq: number, phase: Phase, scheduledAtMs: number) => Promise<void>;
}

/** N workers, each sending its next request as soon as its previous one finished; returns the number sent. */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<number> {
  const { concurrency, levelStartMs, phases, signal, execute } = options;
  let seq = 0;
  const worker = async () => {
    while (!signal?.aborted) {
      const now = performance.now();
      const phase = phases.next(now - levelStartMs);
      if (phase === null) return;
      await execute(seq++, phase, now);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return seq;
}
