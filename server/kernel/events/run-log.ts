/** One line of a benchmark run's log (the `benchmarkRunLogs` subscription's payload). */
export interface RunLogEvent {
  runId: number;
  /** The row id (a bigint, as a decimal string): lines are ordered by it. */
  id: string;
  at: string;
  severity: 'info' | 'warn' | 'error';
  message: string;
  /** The run ended with this line (SUCCEEDED, FAILED or CANCELLED): nothing follows it. */
  final: boolean;
}
