/**
 * What a database error means for the caller: PostgreSQL refusing a value they sent (a user error), or
 * the database being unreachable (retry later). Works on node-postgres errors and on Prisma's
 * driver-adapter wrappings of them. Used by maskError (server/graphql/yoga.ts) and the insights.
 */

const POOL_SATURATED_CODE = 'COMPASS_POOL_SATURATED';

/**
 * Every connection of a pool was busy for the whole acquire timeout: the database is healthy, this
 * process has more concurrent queries than connections. Reported as OVERLOADED with a retry hint.
 */
export class PoolSaturatedError extends Error {
  readonly code = POOL_SATURATED_CODE;

  constructor(readonly retryAfterMs: number) {
    super(`all database connections stayed busy for ${retryAfterMs} ms`);
    this.name = 'PoolSaturatedError';
  }
}

const SATURATED_WAIT = /stayed busy for (\d+) ms/;

/**
 * When an error is (or wraps) a PoolSaturatedError, how long the caller should wait before retrying;
 * null for any other error. Prisma rethrows it as its own error keeping only the code and message.
 */
export function poolSaturatedRetryAfterMs(error: unknown, depth = 0): number | null {
  if (error instanceof PoolSaturatedError) return error.retryAfterMs;
  if (typeof error !== 'object' || error === null || depth > 4) return null;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (code === POOL_SATURATED_CODE) {
    const waited = typeof message === 'string' ? SATURATED_WAIT.exec(message) : null;
    return waited ? Number(waited[1]) : 1_000;
  }
  return poolSaturatedRetryAfterMs(cause, depth + 1);
}

/** The PostgreSQL SQLSTATE behind a Prisma (driver adapter) error, when there is one. */
export function postgresErrorCode(error: unknown): string | null {
  const cause = driverAdapterCause(error);
  if (cause === null) return null;
  const code = cause.originalCode ?? cause.code;
  return typeof code === 'string' ? code : null;
}

/** The driver adapter's own error (code, message) inside a Prisma error, when there is one. */
export function driverAdapterCause(error: unknown): Record<string, unknown> | null {
  if (typeof error !== 'object' || error === null) return null;
  const meta = (error as { meta?: unknown }).meta;
  if (typeof meta !== 'object' || meta === null) return null;
  const adapter = (meta as { driverAdapterError?: unknown }).driverAdapterError;
  if (typeof adapter !== 'object' || adapter === null) return null;
  const cause = (adapter as { cause?: unknown }).cause;
  return typeof cause === 'object' && cause !== null ? (cause as Record<string, unknown>) : null;
}

/** SQLSTATEs that mean "this input cannot be stored or compared", not "the server is broken". */
const INVALID_INPUT_SQLSTATES: Record<string, string> = {
  '22021': 'a text input contains a character PostgreSQL cannot store (e.g. NUL)',
  '22P05': 'a text input contains a character PostgreSQL cannot store',
  '22001': 'a text input is longer than the database allows',
  '22003': 'a number input is out of range',
  '54000': 'an input is larger than the database allows',
};

/** A user-facing reason when PostgreSQL rejected a value the caller sent; null for any other error. */
export function invalidInputReason(error: unknown): string | null {
  const code =
    postgresErrorCode(error) ??
    (typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
      ? (error as { code: string }).code
      : null);
  return code !== null ? (INVALID_INPUT_SQLSTATES[code] ?? null) : null;
}

const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: PostgreSQL is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '08000',
  '08001',
  '08003',
  '08004',
  '08006', // connection exceptions
  '53300', // too_many_connections
]);
// P1001 can't reach · P1002 timed out · P1008 operations timed out · P1017 server closed the connection ·
// P2024 timed out waiting for a pooled connection.
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
// node-postgres errors without a code: a socket closed under a query, or no pooled connection in time.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/**
 * Whether an error means "the database cannot be reached right now" rather than "this query is wrong":
 * node-postgres socket and SQLSTATE errors, and Prisma's (driver adapter) wrappings of them. Meant for
 * mapping such errors to DATABASE_UNAVAILABLE instead of INTERNAL_SERVER_ERROR.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_PRISMA_CODES.has(code) ||
      UNAVAILABLE_SQLSTATES.has(code) ||
      UNAVAILABLE_SOCKET_CODES.has(code))
  ) {
    return true;
  }
  const adapterCause = driverAdapterCause(error);
  if (adapterCause !== null) {
    if (typeof adapterCause.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(adapterCause.kind))
      return true;
    const sqlstate = postgresErrorCode(error);
    if (sqlstate !== null && UNAVAILABLE_SQLSTATES.has(sqlstate)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** A unique constraint refused the write (Prisma P2002, or SQLSTATE 23505 through the driver adapter). */
export function isUniqueViolation(error: unknown): boolean {
  const prismaCode =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return prismaCode === 'P2002' || postgresErrorCode(error) === '23505';
}
