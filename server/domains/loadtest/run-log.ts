import type { PrismaClient } from '../../db/clients.js';
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
