import { z } from 'zod';
import type { PrismaClient } from '../../db/clients.js';
import { orDefault, orNull, parseInput } from '../../kernel/validation.js';
import type { PubSub } from '../../kernel/events/pubsub.js';
import type { RunLogEvent } from '../../kernel/events/run-log.js';

/** Longest stored line: a log line is for people, and it travels in one NOTIFY (8,000 bytes at most). */
export const RUN_LOG_MAX_CHARS = 2_000;

export type RunLogSeverity = RunLogEvent['severity'];

/** Stores one line of a run's log and publishes it to `benchmarkRunLogs` subscribers. */
export async function appendRunLog(
  prisma: PrismaClient,
  pubsub: PubSub,
  runId: number,
  severity: RunLogSeverity,
  message: string,
  final = false,
): Promise<RunLogEvent> {
  const row = await prisma.benchmarkRunLog.create({
    data: { runId, severity, message: message.slice(0, RUN_LOG_MAX_CHARS), final },
  });
  const event: RunLogEvent = {
    runId,
    id: row.id.toString(),
    at: row.at.toISOString(),
    severity,
    message: row.message,
    final,
  };
  pubsub.publish('benchmarkRunLog', String(runId), event);
  return event;
}

export function runLogEvent(row: {
  runId: number;
  id: bigint;
  at: Date;
  severity: string;
  message: string;
  final: boolean;
}): RunLogEvent {
  return {
    runId: row.runId,
    id: row.id.toString(),
    at: row.at.toISOString(),
    severity: row.severity === 'error' || row.severity === 'warn' ? row.severity : 'info',
    message: row.message,
    final: row.final,
  };
}

/** Lines after `afterId` (exclusive), oldest first, at most `first`. */
/** Most lines one `BenchmarkRun.logs` page returns, and what it returns when `first` is not given. */
export const LOG_PAGE_MAX = 1_000;
export const LOG_PAGE_DEFAULT = 500;

const FIRST = `first must be 1…${LOG_PAGE_MAX}`;
const CURSOR = 'after is not a log cursor';

/** `BenchmarkRun.logs(after, first)`: a cursor (a log line's id) and a page size. */
export const logPageArgs = z.object({
  after: orNull(
    z
      .string({ error: CURSOR })
      .regex(/^\d{1,19}$/, { error: CURSOR })
      .transform((id) => BigInt(id)),
  ),
  first: orDefault(
    z.int({ error: FIRST }).min(1, { error: FIRST }).max(LOG_PAGE_MAX, { error: FIRST }),
    LOG_PAGE_DEFAULT,
  ),
});

/** A page of a run's log after the cursor, its arguments checked once. */
export function runLogPage(
  prisma: PrismaClient,
  runId: number,
  args: z.input<typeof logPageArgs>,
): Promise<RunLogEvent[]> {
  const { after, first } = parseInput(logPageArgs, args);
  return readRunLog(prisma, runId, after, first);
}

export async function readRunLog(
  prisma: PrismaClient,
  runId: number,
  afterId: bigint | null,
  first: number,
): Promise<RunLogEvent[]> {
  const rows = await prisma.benchmarkRunLog.findMany({
    where: { runId, ...(afterId === null ? {} : { id: { gt: afterId } }) },
    orderBy: { id: 'asc' },
    take: first,
  });
  return rows.map(runLogEvent);
}
