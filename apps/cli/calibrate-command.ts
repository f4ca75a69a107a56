import { writeFile } from 'node:fs/promises';
import {
  CALIBRATION_DEFAULTS,
  calibrationReport,
  formatTable,
  readCorpusFiles,
  targetLines,
} from '../../server/domains/knowledge/calibration-service.js';
import { CliError } from './graphql-client.js';

export interface CalibrateCommandOptions {
  out?: string;
  seed?: string;
  heldOut?: string;
}

function numberOption(
  name: string,
  text: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value))
    throw new CliError(`${name}: not a valid value: "${text}"`);
  return value;
}

/**
 * `compass calibrate <files…> [--out FILE] [--seed N] [--held-out SHARE]`: fits the performance model's
 * calibration on measured corpora (no server needed), prints the error per data set and split before and
 * after, and writes the calibration JSON to --out.
 */
export async function runCalibrate(files: string[], options: CalibrateCommandOptions): Promise<number> {
  const seed = numberOption('--seed', options.seed, CALIBRATION_DEFAULTS.seed, Number.isInteger);
  const heldOutShare = numberOption(
    '--held-out',
    options.heldOut,
    CALIBRATION_DEFAULTS.heldOutShare,
    (n) => n >= 0 && n < 1,
  );
  let rows;
  try {
    rows = await readCorpusFiles(files);
  } catch (error) {
    throw new CliError((error as Error).message, { cause: error });
  }
  let report;
  try {
    report = calibrationReport(rows, { seed, heldOutShare });
  } catch (error) {
    throw new CliError((error as Error).message, { cause: error });
  }
  const { calibration } = report;
  process.stdout.write(
    `${rows.length} measured rows from ${files.length} file(s); split seed ${seed}, held-out share ${heldOutShare}\n` +
      `fitted on ${calibration.fittedOn.rows} rows of ${calibration.fittedOn.configs.length} configs; ` +
      `held out ${calibration.heldOut.rows} rows of ${calibration.heldOut.configs.length} configs (${calibration.heldOut.configs.join(', ')})\n` +
      (report.skipped.length > 0
        ? `skipped ${report.skipped.length} rows: ${[...new Set(report.skipped.map((s) => s.reason))].join('; ')}\n`
        : '') +
      `median |log2(predicted / observed)| (rows):\n${formatTable(report.table)}\n${targetLines(report)}\n`,
  );
  if (options.out) {
    await writeFile(options.out, `${JSON.stringify(calibration, null, 2)}\n`);
    process.stdout.write(`calibration written to ${options.out}\n`);
  }
  return 0;
}
