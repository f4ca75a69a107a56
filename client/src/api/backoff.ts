/** Reconnect delay after `retries` failed attempts: exponential from 500 ms, capped at 15 s, with jitter. */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(15_000, 500 * 2 ** Math.min(retries, 10));
  return Math.round(base * (0.75 + 0.5 * random()));
}

/** Close codes that a retry cannot fix (bad request, unauthorised, forbidden): stop instead of looping. */
const FATAL_CLOSE_CODES = new Set([4400, 4401, 4403, 4406]);

export function shouldReconnect(closeCode: number | undefined): boolean {
  return closeCode === undefined || !FATAL_CLOSE_CODES.has(closeCode);
}
