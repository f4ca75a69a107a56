import type { PrismaClient } from '../../db/clients.js';
import { z } from 'zod';
import { driverAdapterCause, postgresErrorCode } from '../../db/errors.js';
import { parseInput } from '../../kernel/validation.js';

/**
 * Query insights (docs/operations.md): the costliest statements from `pg_stat_statements`, and who is
 * connected to this database right now, grouped by `application_name` (compass-api, compass-worker, …),
 * which is how the workload isolation between the two pools shows up in PostgreSQL.
 */

export const SLOW_QUERY_ORDERS = ['TOTAL_TIME', 'MEAN_TIME', 'CALLS'] as const;
export type SlowQueryOrder = (typeof SLOW_QUERY_ORDERS)[number];
/** What `slowQueries` assumes for a left-out (or null) argument; the GraphQL arguments document these. */
export const SLOW_QUERY_DEFAULTS = { first: 20, orderBy: 'TOTAL_TIME' } as const;

export const MAX_QUERY_TEXT = 500;
export const MAX_SLOW_QUERIES = 500;

const firstRange = `first must be between 1 and ${MAX_SLOW_QUERIES}`;
const slowQueryArgs = z.object({
  first: z
    .number()
    .int(firstRange)
    .min(1, firstRange)
    .max(MAX_SLOW_QUERIES, firstRange)
    .nullish()
    .transform((first) => first ?? SLOW_QUERY_DEFAULTS.first),
  orderBy: z
    .enum(SLOW_QUERY_ORDERS)
    .nullish()
    .transform((orderBy) => orderBy ?? SLOW_QUERY_DEFAULTS.orderBy),
});

export interface SlowQuery {
  /** Normalised statement text ($1, $2 … for constants), cut at MAX_QUERY_TEXT characters. */
  query: string;
  queryTruncated: boolean;
  calls: number;
  totalTimeMs: number;
  meanTimeMs: number;
  rows: number;
  /** application_name of this database's connections whose most recent statement was this one. */
  applications: string[];
}

export interface SlowQueryReport {
  available: boolean;
  /** Why the list is empty when `available` is false (extension missing, not preloaded, no rights). */
  note: string | null;
  /** When the statistics were last reset (PostgreSQL 14+), if known. */
  statsSince: Date | null;
  queries: SlowQuery[];
}

export interface ApplicationActivity {
  application: string;
  connections: number;
  active: number;
  idle: number;
  idleInTransaction: number;
  /** Connections whose state this role may not see, or states like 'fastpath function call'. */
  other: number;
  waitingOnLock: number;
  /** How long the oldest statement still running has been running, in ms. */
  longestActiveMs: number | null;
}

const ORDER_COLUMNS: Record<SlowQueryOrder, string> = {
  TOTAL_TIME: 'total_exec_time',
  MEAN_TIME: 'mean_exec_time',
  CALLS: 'calls',
};

const NOT_PRELOADED =
  'pg_stat_statements is not loaded: add it to shared_preload_libraries in postgresql.conf and restart PostgreSQL';

interface SlowQueryRow {
  query: string;
  query_length: number;
  calls: number;
  total_ms: number;
  mean_ms: number;
  rows: number;
  applications: string[] | null;
}

function firstLine(error: unknown): string {
  const cause = driverAdapterCause(error);
  const message =
    typeof cause?.originalMessage === 'string'
      ? cause.originalMessage
      : error instanceof Error
        ? error.message
        : String(error);
  return message.trim().split('\n')[0]!.slice(0, 200);
}

/** Creates the extension in this database if it is missing; needs rights most roles lack, so failures are fine. */
async function ensureExtension(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);
}

function slowQuerySql(orderBy: SlowQueryOrder): string {
  // The ORDER BY column comes from a fixed map, never from the caller's text.
  return `
SELECT left(s.query, ${MAX_QUERY_TEXT}) AS query,
       length(s.query)::int AS query_length,
       s.calls::float8 AS calls,
       s.total_exec_time::float8 AS total_ms,
       s.mean_exec_time::float8 AS mean_ms,
       s.rows::float8 AS rows,
       (SELECT array_agg(DISTINCT a.application_name ORDER BY a.application_name)
          FROM pg_stat_activity a
         WHERE a.datname = current_database() AND a.query_id = s.queryid AND a.application_name <> '') AS applications
  FROM pg_stat_statements s
 WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
 ORDER BY s.${ORDER_COLUMNS[orderBy]} DESC, s.queryid
 LIMIT $1`;
}

async function readSlowQueries(
  prisma: PrismaClient,
  first: number,
  orderBy: SlowQueryOrder,
): Promise<SlowQuery[]> {
  const rows = await prisma.$queryRawUnsafe<SlowQueryRow[]>(slowQuerySql(orderBy), first);
  return rows.map((row) => ({
    query: row.query,
    queryTruncated: row.query_length > MAX_QUERY_TEXT,
    calls: row.calls,
    totalTimeMs: row.total_ms,
    meanTimeMs: row.mean_ms,
    rows: row.rows,
    applications: row.applications ?? [],
  }));
}

async function statsSince(prisma: PrismaClient): Promise<Date | null> {
  try {
    const rows = await prisma.$queryRawUnsafe<{ stats_reset: Date | null }[]>(
      'SELECT stats_reset FROM pg_stat_statements_info',
    );
    return rows[0]?.stats_reset ?? null;
  } catch {
    return null;
  }
}

function unavailable(note: string): SlowQueryReport {
  return { available: false, note, statsSince: null, queries: [] };
}

function noteFor(error: unknown): string {
  const code = postgresErrorCode(error);
  // 55000 object_not_in_prerequisite_state: the extension exists but the library was not preloaded.
  if (code === '55000') return NOT_PRELOADED;
  if (code === '42P01' || code === '42883') {
    return 'pg_stat_statements is not installed in this database and this role may not create it (CREATE EXTENSION pg_stat_statements)';
  }
  if (code === '42501') return 'this database role may not read pg_stat_statements (grant pg_read_all_stats)';
  return `pg_stat_statements is unavailable: ${firstLine(error)}`;
}

/** The statements that cost most, from pg_stat_statements; an empty list and a note when it is absent. */
export async function slowQueries(
  prisma: PrismaClient,
  args: { first?: number | null; orderBy?: SlowQueryOrder | null },
): Promise<SlowQueryReport> {
  const options = parseInput(slowQueryArgs, args);
  let queries: SlowQuery[];
  try {
    queries = await readSlowQueries(prisma, options.first, options.orderBy);
  } catch (error) {
    const code = postgresErrorCode(error);
    if (code !== '42P01' && code !== '42883') return unavailable(noteFor(error));
    await ensureExtension(prisma);
    try {
      queries = await readSlowQueries(prisma, options.first, options.orderBy);
    } catch (retryError) {
      return unavailable(noteFor(retryError));
    }
  }
  return { available: true, note: null, statsSince: await statsSince(prisma), queries };
}

/** Forgets this database's statement statistics (other databases keep theirs). False when unavailable. */
export async function resetSlowQueries(prisma: PrismaClient): Promise<boolean> {
  const reset = () =>
    prisma.$queryRawUnsafe(
      `SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)::text AS reset`,
    );
  try {
    await reset();
    return true;
  } catch (error) {
    const code = postgresErrorCode(error);
    if (code !== '42883' && code !== '42P01') return false;
    await ensureExtension(prisma);
    return reset().then(
      () => true,
      () => false,
    );
  }
}

interface ActivityRow {
  application: string;
  connections: number;
  active: number;
  idle: number;
  idle_in_transaction: number;
  waiting_on_lock: number;
  longest_active_ms: number | null;
}

/** Client connections to this database, grouped by application_name, with their state counts. */
export async function databaseActivity(prisma: PrismaClient): Promise<ApplicationActivity[]> {
  const rows = await prisma.$queryRawUnsafe<ActivityRow[]>(`
SELECT coalesce(nullif(application_name, ''), '(unnamed)') AS application,
       count(*)::int AS connections,
       count(*) FILTER (WHERE state = 'active')::int AS active,
       count(*) FILTER (WHERE state = 'idle')::int AS idle,
       count(*) FILTER (WHERE state LIKE 'idle in transaction%')::int AS idle_in_transaction,
       count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting_on_lock,
       (extract(epoch FROM max(clock_timestamp() - query_start) FILTER (WHERE state = 'active')) * 1000)::float8
         AS longest_active_ms
  FROM pg_stat_activity
 WHERE datname = current_database() AND backend_type = 'client backend'
 GROUP BY 1
 ORDER BY 1`);
  return rows.map((row) => ({
    application: row.application,
    connections: row.connections,
    active: row.active,
    idle: row.idle,
    idleInTransaction: row.idle_in_transaction,
    other: row.connections - row.active - row.idle - row.idle_in_transaction,
    waitingOnLock: row.waiting_on_lock,
    longestActiveMs: row.longest_active_ms,
  }));
}
