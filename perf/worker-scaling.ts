/**
 * Multi-worker scaling (docs/benchmark-runner.md "Runs across many workers"): the same streamed
 * closed-loop load (throughput profile, `--streams` streams, 32-token outputs) against the simulator
 * with `workers: 1`, 2 and 4, each through GraphQL, the PostgreSQL queue and real worker processes,
 * then 1 again (drift check), all in this one run. Prints achieved req/s per worker count and its
 * ratio to the first 1-worker run. The simulator, the API, PostgreSQL and the workers share this
 * machine's cores, so the ratio is a lower bound of what separate machines would give.
 *
 *   flock -x /tmp/compass-heavy.lock npx tsx perf/worker-scaling.ts --seconds 10 --streams 1024
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { queryRows } from '../test/helpers/database.js';
import { startServerProcess, startWorkerProcess } from '../test/helpers/process.js';
import { runIdOf, START_RUN, until } from '../test/helpers/runs.js';
import { gql } from '../test/helpers/server.js';
import { startSimulatorProcess } from '../test/helpers/simulator-process.js';
import { benchPostgres, machineLine, scratchDatabase } from './support.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    streams: { type: 'string', default: '1024' },
    counts: { type: 'string', default: '1,2,4,1' },
  },
});
const seconds = Number(values.seconds);
const streams = Number(values.streams);
const counts = values.counts.split(',').map(Number);

const postgres = await benchPostgres();
const db = await scratchDatabase(postgres, { seed: false });
// Stopped in reverse order, whatever fails.
const cleanups: (() => Promise<unknown>)[] = [() => postgres.stop(), () => db.drop()];
try {
  const simulator = await startSimulatorProcess([
    '--model',
    'sim',
    '--max-num-seqs',
    '4096',
    '--prefill-base-ms',
    '20',
    '--decode-base-ms',
    '5',
    '--decode-ms-per-seq',
    '0',
    '--jitter',
    '0',
  ]);
  const env = { DATABASE_URL: db.url, COMPASS_STALE_RUN_MS: '30000' };
  const api = await startServerProcess({ ...env, COMPASS_WORKERS: '0' });
  const workers = Array.from({ length: Math.max(...counts) }, () =>
    startWorkerProcess({ ...env, COMPASS_WORKERS: '1' }),
  );

  interface Row {
    requests_per_second: number;
    completed_requests: number;
    errored_requests: number;
    e2e_p50: number;
    e2e_p99: number;
  }
  cleanups.push(
    () => simulator.kill(),
    () => api.stop(),
    () => Promise.all(workers.map((w) => w.stop('SIGTERM'))),
  );
  const rows: { workers: number; row: Row; load: number[] }[] = [];
  for (const n of counts) {
    const started = await gql<{ startBenchmarkRun: { run: { id: string } } }>(api, START_RUN, {
      input: {
        recipe: {
          name: `worker scaling ×${n}`,
          target: { baseUrl: simulator.url, model: 'sim', api: 'chat' },
          data: { kind: 'synthetic', promptTokens: 64, outputTokens: 32, seed: 11 },
          load: { profile: 'throughput', concurrency: streams },
          limits: { maxSeconds: seconds },
          warmupSeconds: 2,
          workers: n,
        },
      },
    });
    if (started.errors) throw new Error(JSON.stringify(started.errors));
    const id = runIdOf(started.data!.startBenchmarkRun.run.id);
    const [run] = await until(
      () =>
        queryRows<{ status: string; error: string | null }>(
          db.url,
          'SELECT status, error FROM benchmark_runs WHERE id = $1',
          [id],
        ),
      (r) => r[0]?.status !== 'QUEUED' && r[0]?.status !== 'RUNNING',
      (seconds + 60) * 1000,
    );
    if (run?.status !== 'SUCCEEDED') throw new Error(`run ${id} ${run?.status}: ${run?.error}`);
    const [row] = await queryRows<Row>(db.url, 'SELECT * FROM benchmark_run_levels WHERE run_id = $1', [id]);
    rows.push({ workers: n, row: row!, load: loadavg() });
  }
  console.log(await machineLine(db.url, postgres.kind));
  const base = rows[0]!.row.requests_per_second;
  console.log(
    `throughput profile, ${streams} streams, 64 → 32 tokens, ${seconds} s window, simulator TTFT 20 ms + 5 ms/token (no batch slowdown)`,
  );
  console.log(
    'workers | req/s   | × first 1-worker | measured ok | errors | E2E p50 ms | E2E p99 ms | load avg (1/5/15)',
  );
  for (const { workers: n, row, load } of rows) {
    console.log(
      [
        String(n).padStart(7),
        row.requests_per_second.toFixed(0).padStart(7),
        (row.requests_per_second / base).toFixed(2).padStart(16),
        String(row.completed_requests).padStart(11),
        String(row.errored_requests).padStart(6),
        row.e2e_p50.toFixed(0).padStart(10),
        row.e2e_p99.toFixed(0).padStart(10),
        load.map((l) => l.toFixed(2)).join(' / '),
      ].join(' | '),
    );
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
}
