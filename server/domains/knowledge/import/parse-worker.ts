// Runs parseImport on a worker thread (see parse-off-thread.ts). Rows go back in chunks: each message
// is deserialised on the main thread in its own turn of the event loop, so none holds it for long.
import { parentPort, workerData } from 'node:worker_threads';
import { parseImport } from './index.js';
import type { ImportFormat, ParseOptions } from './types.js';

export const ROWS_PER_MESSAGE = 1_000;

const { format, content, options } = workerData as {
  format: ImportFormat;
  content: string;
  options: ParseOptions;
};
const { rows, ...rest } = parseImport(format, content, options);
for (let start = 0; start < rows.length; start += ROWS_PER_MESSAGE) {
  parentPort!.postMessage({ kind: 'rows', rows: rows.slice(start, start + ROWS_PER_MESSAGE) });
}
parentPort!.postMessage({ kind: 'done', result: rest });
