/**
 * Time for the engine: the real monotonic clock in the server, a virtual one in tests (the engine's
 * timing can then be checked to the microsecond without sleeping).
 */
export interface EngineClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
  /**
   * Events due within this many ms of now are handled now. Node's timers have whole-millisecond
   * resolution and can fire up to ~1 ms early; without a tolerance every such event would be re-armed
   * and delivered a full millisecond late.
   */
  readonly toleranceMs: number;
}

export const realClock: EngineClock = {
  now: () => performance.now(),
  setTimer: (callback, delayMs) => setTimeout(callback, Math.max(0, Math.round(delayMs))),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
  toleranceMs: 0.5,
};

export interface VirtualClock extends EngineClock {
  /** Moves time forward by `ms`, running every timer that falls due on the way, in time order. */
  advance(ms: number): void;
  /** Advances until no timer is pending (or `limitMs` of virtual time have passed). */
  runAll(limitMs?: number): void;
  readonly pendingTimers: number;
}

export function createVirtualClock(start = 0): VirtualClock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const earliest = (): [number, { at: number; callback: () => void }] | undefined => {
    let best: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of timers) if (best === undefined || entry[1].at < best[1].at) best = entry;
    return best;
  };

  const advanceTo = (target: number): void => {
    for (;;) {
      const next = earliest();
      if (next === undefined || next[1].at > target) break;
      timers.delete(next[0]);
      now = Math.max(now, next[1].at);
      next[1].callback();
    }
    now = Math.max(now, target);
  };

  return {
    now: () => now,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimer(handle) {
      if (typeof handle === 'number') timers.delete(handle);
    },
    toleranceMs: 0,
    advance(ms) {
      advanceTo(now + ms);
    },
    runAll(limitMs = 3_600_000) {
      const end = now + limitMs;
      for (;;) {
        const next = earliest();
        if (next === undefined || next[1].at > end) return;
        advanceTo(next[1].at);
      }
    },
    get pendingTimers() {
      return timers.size;
    },
  };
}
