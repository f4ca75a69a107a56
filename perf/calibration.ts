// The calibrated performance model against benchmarks measured on real GPUs (docs/performance-model.md,
// "Calibration"): the corpus in datasets/calibration/ split once by configuration (fixed seed), fitted on
// the fit part, median |log2(predicted / observed)| per batch, data set and split, before and after; the
// held-out verdicts per batch and over all batches (docs/performance-model.md, "Batch 2 protocol").
// `npm run bench:calibration`
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CALIBRATION_DEFAULTS,
  calibrationReport,
  formatTable,
  readCorpusFiles,
  targetLines,
} from '../server/domains/knowledge/calibration-service.js';
import { heading, loadAverageLine } from './support.js';

const dir = join(import.meta.dirname, '..', 'datasets', 'calibration');
const started = performance.now();
const rows = await readCorpusFiles([join(dir, 'measured.json')]);
const report = calibrationReport(rows, CALIBRATION_DEFAULTS);
const committed: unknown = JSON.parse(readFileSync(join(dir, 'calibration.json'), 'utf8'));
const upToDate = JSON.stringify(committed) === JSON.stringify(report.calibration);
const { calibration } = report;
process.stdout.write(
  `${heading('performance model vs measured benchmarks (calibration)')}${loadAverageLine()}\n` +
    `${rows.length} measured rows; split seed ${calibration.seed}, held-out share ${calibration.heldOutShare}: ` +
    `fit ${calibration.fittedOn.rows} rows / ${calibration.fittedOn.configs.length} configs, ` +
    `held out ${calibration.heldOut.rows} rows / ${calibration.heldOut.configs.length} configs\n` +
    report.batches
      .map(
        (b) =>
          `  batch ${b.batch} (split on its own): fit ${b.fitRows} rows / ${b.fitConfigs.length} configs, ` +
          `held out ${b.heldOutRows} rows / ${b.heldOutConfigs.length} configs (${b.heldOutConfigs.join(', ')})\n`,
      )
      .join('') +
    `cells: median |log2(predicted / observed)| at the measured request rate (rows with that statistic); — = not measured\n\n` +
    `${formatTable(report.table)}\n\n${targetLines(report)}\n` +
    `datasets/calibration/calibration.json matches this fit: ${upToDate ? 'yes' : 'NO (run npm run compass -- calibrate datasets/calibration/measured.json --out datasets/calibration/calibration.json)'}\n` +
    `(${((performance.now() - started) / 1000).toFixed(1)} s; ${loadAverageLine()})\n`,
);
