// One line per CI step: `<suite>: N passed, N failed, N skipped (Ns)`, from vitest's JSON report
// when the step wrote one; a red step also names its first failing tests.
// Usage: node scripts/ci-summary.mjs <suite> <report.json|-> <exit code> <seconds>
import { existsSync, readFileSync } from 'node:fs';

const [suite, reportPath, exitCodeText, secondsText] = process.argv.slice(2);
const exitCode = Number(exitCodeText);
const seconds = `${secondsText}s`;

if (reportPath === '-' || !existsSync(reportPath)) {
  const verdict = exitCode === 0 ? 'ok' : `FAILED (exit ${exitCode})`;
  process.stdout.write(`${suite}: ${verdict} (${seconds})\n`);
} else {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  const verdict = exitCode === 0 ? '' : ` — RED (exit ${exitCode})`;
  process.stdout.write(
    `${suite}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped (${seconds})${verdict}\n`,
  );
  const failures = report.testResults.flatMap((file) => {
    const failed = file.assertionResults.filter((test) => test.status === 'failed');
    // A file that failed to load has no failed assertions but a message of its own.
    if (failed.length === 0 && file.status === 'failed')
      return [`${file.name}: ${file.message.split('\n')[0]}`];
    return failed.map((test) => `${file.name.replace(`${process.cwd()}/`, '')} › ${test.fullName}`);
  });
  for (const failure of failures.slice(0, 5)) process.stdout.write(`    ✗ ${failure}\n`);
  if (failures.length > 5) process.stdout.write(`    … and ${failures.length - 5} more\n`);
}
