import { isRecord, describeJsonType, parseJsonDocument } from './json-document.js';
import { finishParse, lowerCaseKeys, normalizeRecords, type RawRecord } from './normalize.js';
import type { ImportError, ParseOptions, ParseResult } from './types.js';

function reject(error: ImportError): ParseResult {
  return { rows: [], errors: [error], warnings: [] };
}

/**
 * `exported_summaries` rows as JSON: `{"benchmarks": [ {model_hf_repo, hardware, …}, … ]}` or a bare
 * array of the same objects. Keys are column names (any letter case); numbers may be JSON numbers or
 * numeric strings; latencies in milliseconds.
 */
export function parseSummariesJson(content: string, options: ParseOptions = {}): ParseResult {
  const document = parseJsonDocument(content);
  if ('error' in document) return reject(document.error);

  const list = Array.isArray(document.value)
    ? document.value
    : isRecord(document.value) && Array.isArray(document.value.benchmarks)
      ? document.value.benchmarks
      : null;
  if (list === null) {
    return reject({
      row: null,
      field: 'benchmarks',
      code: 'PARSE_ERROR',
      message: 'expected {"benchmarks": [ … ]} or an array of benchmark rows',
    });
  }
  if (list.length === 0) {
    return reject({
      row: null,
      field: null,
      code: 'EMPTY_IMPORT',
      message: 'the import has no benchmark rows',
    });
  }

  const records: RawRecord[] = [];
  const notObjects: ImportError[] = [];
  list.forEach((item: unknown, index) => {
    const rowNumber = index + 1;
    if (isRecord(item)) records.push({ rowNumber, values: lowerCaseKeys(item) });
    else {
      notObjects.push({
        row: rowNumber,
        field: null,
        code: 'INVALID_VALUE',
        message: `row ${rowNumber}: expected an object of exported_summaries columns, got ${describeJsonType(item)}`,
      });
    }
  });
  if (notObjects.length > 0) return finishParse([], notObjects, [], list.length);
  return normalizeRecords(records, { overrides: options.overrides });
}
