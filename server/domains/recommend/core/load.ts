/**
 * Peak load in requests per second from what a user can say about their traffic.
 *
 * - An explicit `requestsPerSecond` always wins.
 * - Otherwise Q = users × requestsPerUserPerMinute / 60, where `users` means users active at the
 *   peak (people with the app open and talking to it, not registered accounts). No extra
 *   concurrency fraction is applied: if only a share of users is active at the peak, pass that
 *   share as `users`.
 * - `requestsPerUserPerMinute` defaults to 2: an active chat user sends a message about every 30 s
 *   (read the answer, think, type).
 */

export const DEFAULT_REQUESTS_PER_USER_PER_MINUTE = 2;

export interface LoadInput {
  requestsPerSecond?: number | null;
  users?: number | null;
  requestsPerUserPerMinute?: number | null;
}

export interface PeakLoad {
  requestsPerSecond: number;
  basis: 'EXPLICIT' | 'USERS';
  /** The arithmetic, e.g. "1,000 users × 2 req/min ÷ 60 = 33.33 req/s". */
  derivation: string;
}

function isSet(x: number | null | undefined): x is number {
  return x !== null && x !== undefined;
}

function fmt(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Throws RangeError when no load is given or a given value is negative or not finite. */
export function peakLoad(input: LoadInput): PeakLoad {
  const { requestsPerSecond, users, requestsPerUserPerMinute } = input;
  if (isSet(requestsPerSecond)) {
    if (!Number.isFinite(requestsPerSecond) || requestsPerSecond < 0) {
      throw new RangeError(`requestsPerSecond must be a finite number ≥ 0, got ${requestsPerSecond}`);
    }
    return {
      requestsPerSecond,
      basis: 'EXPLICIT',
      derivation: `${fmt(requestsPerSecond)} req/s (given)`,
    };
  }
  if (!isSet(users)) throw new RangeError('give requestsPerSecond or users');
  if (!Number.isFinite(users) || users < 0)
    throw new RangeError(`users must be a finite number ≥ 0, got ${users}`);
  const perMinute = isSet(requestsPerUserPerMinute)
    ? requestsPerUserPerMinute
    : DEFAULT_REQUESTS_PER_USER_PER_MINUTE;
  if (!Number.isFinite(perMinute) || perMinute < 0) {
    throw new RangeError(`requestsPerUserPerMinute must be a finite number ≥ 0, got ${perMinute}`);
  }
  const rps = (users * perMinute) / 60;
  const defaulted = isSet(requestsPerUserPerMinute) ? '' : ' (default)';
  return {
    requestsPerSecond: rps,
    basis: 'USERS',
    derivation: `${fmt(users)} users × ${fmt(perMinute)} req/min${defaulted} ÷ 60 = ${fmt(rps)} req/s`,
  };
}

export function peakRequestsPerSecond(input: LoadInput): number {
  return peakLoad(input).requestsPerSecond;
}
