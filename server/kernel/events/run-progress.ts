/** One live progress event of a benchmark run (the `benchmarkRunProgress` subscription's payload). */
export interface RunProgressEvent {
  runId: number;
  phase: 'QUEUED' | 'WARMUP' | 'MEASURING' | 'COOLDOWN' | 'DONE' | 'FAILED' | 'CANCELLED';
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  level: number | null;
  levels: number;
  completedRequests: number;
  erroredRequests: number;
  elapsedSeconds: number;
  currentRps: number | null;
  ttftP95Ms: number | null;
  itlP95Ms: number | null;
  e2eP95Ms: number | null;
  message: string | null;
  at: string;
}
