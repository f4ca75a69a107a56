import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from './logger.js';

export interface WorkerProcess {
  stop(): Promise<void>;
}

const RESTART_DELAY_MS = 1_000;

/**
 * `npm start`'s benchmark workers run in a child process (`server/worker.ts`), never on the API's
 * event loop: a run at the largest allowed rate would otherwise delay every request, /healthz too.
 * The child shares the database (DATABASE_URL, the embedded server's URL included), the queue and
 * the event bus; the parent's scraper and reaper stay in the parent. A child that dies is restarted.
 */
export function forkWorkerProcess(
  env: NodeJS.ProcessEnv,
  databaseUrl: string,
  workers: number,
  logger: Logger,
): WorkerProcess {
  // Same extension as this file: worker.ts under tsx (execArgv carries its loader), worker.js when built.
  const script = fileURLToPath(
    new URL(`./worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
  );
  let child: ChildProcess | null = null;
  let stopping = false;
  let restart: NodeJS.Timeout | undefined;

  const start = () => {
    const current = fork(script, [], {
      env: { ...env, DATABASE_URL: databaseUrl, COMPASS_WORKERS: String(workers), COMPASS_OBSERVE: 'off' },
      stdio: 'inherit',
    });
    child = current;
    logger.info({ pid: current.pid, workers }, 'benchmark worker process started');
    current.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ code, signal }, 'benchmark worker process exited; restarting');
      restart = setTimeout(start, RESTART_DELAY_MS);
    });
  };
  start();

  return {
    stop: () =>
      new Promise((resolve) => {
        stopping = true;
        clearTimeout(restart);
        const current = child;
        if (!current || current.exitCode !== null || current.signalCode !== null) return resolve();
        const kill = setTimeout(() => current.kill('SIGKILL'), 10_000);
        current.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        current.kill('SIGTERM');
      }),
  };
}
