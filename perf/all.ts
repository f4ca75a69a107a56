// `npm run bench`: every bench, one after the other, each in its own process (as `npm run bench:<name>`
// runs it), their tables on stdout, then the total time and the load average. Exits non-zero when a
// bench fails; a missed target is a printed verdict, not a failure.
// The suite keeps every target's row but trims what only adds detail (SUITE_SETTINGS), so the whole
// run fits in 10 minutes on 2 cores; `npm run bench:<name>` alone runs that bench's full defaults, and
// a variable set in the environment wins over the suite's setting.
import { spawn } from 'node:child_process';
import { loadAverageLine } from './support.js';

const BENCHES = [
  ['graphql', 'perf/graphql-reads.ts'],
  ['recommend-seed', 'perf/recommend-seed.ts'],
  ['validation', 'perf/validation-cost.ts'],
  ['estimate', 'perf/estimate-error.ts'],
  ['calibration', 'perf/calibration.ts'],
  ['startup', 'perf/startup.ts'],
  ['recommend', 'perf/recommend-scale.ts'],
  ['fanout', 'perf/subscriptions-fanout.ts'],
  ['runner', 'perf/runner-capacity.ts'],
  ['overload', 'perf/api-overload.ts'],
] as const;

/** Per-bench settings for the suite (each bench's own knobs; see the bench file). */
const SUITE_SETTINGS: Partial<Record<(typeof BENCHES)[number][0], Record<string, string>>> = {
  // The 1M-row target only (10k/100k rows are the growth columns of `npm run bench:recommend`).
  recommend: { ROWS: '1000000', ROUNDS: '10', PEER_ROUNDS: '2', FRESH: '1' },
};

const only = process.env.BENCHES?.split(',');
const started = performance.now();
const failed: string[] = [];
process.stdout.write(`# Compass performance benches (${new Date().toISOString()}; ${loadAverageLine()})\n`);
for (const [name, file] of BENCHES) {
  if (only && !only.includes(name)) continue;
  const benchStarted = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const settings = Object.entries(SUITE_SETTINGS[name] ?? {}).filter(
      ([key]) => process.env[key] === undefined,
    );
    if (settings.length > 0) {
      process.stdout.write(
        `(bench:${name} with ${settings.map(([key, value]) => `${key}=${value}`).join(' ')})\n`,
      );
    }
    const env = { ...process.env, ...Object.fromEntries(settings) };
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit', env });
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  const seconds = (performance.now() - benchStarted) / 1000;
  if (code !== 0) failed.push(name);
  process.stdout.write(
    `(bench:${name} ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s)\n`,
  );
}
process.stdout.write(
  `\nall benches: ${((performance.now() - started) / 1000).toFixed(0)} s; ${loadAverageLine()}` +
    `${failed.length > 0 ? `; failed: ${failed.join(', ')}` : ''}\n`,
);
process.exitCode = failed.length > 0 ? 1 : 0;
