// `npm run bench`: every bench, one after the other, each in its own process (as `npm run bench:<name>`
// runs it), their tables on stdout, then the total time and the load average. Exits non-zero when a
// bench fails; a missed target is a printed verdict, not a failure.
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

const only = process.env.BENCHES?.split(',');
const started = performance.now();
const failed: string[] = [];
process.stdout.write(`# Compass performance benches (${new Date().toISOString()}; ${loadAverageLine()})\n`);
for (const [name, file] of BENCHES) {
  if (only && !only.includes(name)) continue;
  const benchStarted = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
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
