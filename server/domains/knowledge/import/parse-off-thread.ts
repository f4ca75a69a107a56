import { Worker } from 'node:worker_threads';
import { parseImport } from './index.js';
import type { ImportFormat, ParseOptions, ParseResult } from './types.js';

/** From this size on, an import is parsed on a worker thread. */
export const OFF_THREAD_MIN_CHARS = 1_000_000;

/**
 * `parseImport`, but large inputs are parsed on a worker thread, so the server keeps answering other
 * requests meanwhile: parsing and validating a 19 MB file of 40,000 rows takes ≈0.7 s of CPU, which on
 * the main thread would stall every request for as long. The worker loads TypeScript through tsx, as
 * the server itself does (parse-worker.mjs).
 */
export function parseImportOffThread(
  format: ImportFormat,
  content: string,
  options: ParseOptions = {},
): Promise<ParseResult> {
  if (content.length < OFF_THREAD_MIN_CHARS) return Promise.resolve(parseImport(format, content, options));
  return new Promise<ParseResult>((resolve, reject) => {
    const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
      workerData: { format, content, options },
    });
    const rows: ParseResult['rows'] = [];
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'rows') {
        for (const row of message.rows) rows.push(row);
        return;
      }
      resolve({ ...message.result, rows });
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the import parser thread exited with code ${code}`));
    });
  });
}

type WorkerMessage =
  { kind: 'rows'; rows: ParseResult['rows'] } | { kind: 'done'; result: Omit<ParseResult, 'rows'> };
