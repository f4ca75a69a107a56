import { parse } from 'csv-parse/sync';
import { normalizeRecords, type RawRecord } from './normalize.js';
import { requiredColumns } from './summary-fields.js';
import type { ImportError, ParseOptions, ParseResult } from './types.js';

interface CsvFailure {
  code?: unknown;
  message: string;
  records?: unknown;
  lines?: unknown;
}

function parseFailure(error: unknown): ImportError {
  const failure = error as CsvFailure;
  // `records` counts the records read before the failing one, header included: it is the failing data row.
  const row = typeof failure.records === 'number' && failure.records >= 1 ? failure.records : null;
  return {
    row,
    field: null,
    code: 'PARSE_ERROR',
    message: `CSV ${row === null ? '' : `data row ${row}: `}${failure.message ?? String(error)}`,
  };
}

/**
 * An `exported_summaries` CSV export: a header of column names (any order, any letter case, unknown
 * columns ignored), one benchmark per row, latencies in milliseconds.
 */
export function parseSummariesCsv(content: string, options: ParseOptions = {}): ParseResult {
  let table: string[][];
  try {
    table = parse(content, { bom: true, trim: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return { rows: [], errors: [parseFailure(error)], warnings: [] };
  }

  const [header, ...data] = table;
  if (header === undefined) {
    return {
      rows: [],
      errors: [{ row: null, field: null, code: 'EMPTY_IMPORT', message: 'the CSV is empty' }],
      warnings: [],
    };
  }
  const columns = header.map((name) => name.trim().toLowerCase());
  const duplicate = columns.find((name, i) => name !== '' && columns.indexOf(name) !== i);
  if (duplicate !== undefined) {
    return {
      rows: [],
      errors: [
        {
          row: null,
          field: duplicate,
          code: 'PARSE_ERROR',
          message: `column ${duplicate} appears twice in the header`,
        },
      ],
      warnings: [],
    };
  }
  const missing = requiredColumns(Object.keys(options.overrides ?? {})).filter(
    (field) => !columns.includes(field),
  );
  if (missing.length > 0) {
    return {
      rows: [],
      errors: missing.map((field) => ({
        row: null,
        field,
        code: 'MISSING_FIELD',
        message: `required column ${field} is missing from the header`,
      })),
      warnings: [],
    };
  }
  if (data.length === 0) {
    return {
      rows: [],
      errors: [
        { row: null, field: null, code: 'EMPTY_IMPORT', message: 'the CSV has a header but no data rows' },
      ],
      warnings: [],
    };
  }

  const records: RawRecord[] = data.map((cells, index) => {
    const values: Record<string, unknown> = {};
    columns.forEach((name, i) => {
      if (name !== '') values[name] = cells[i];
    });
    return { rowNumber: index + 1, values };
  });
  return normalizeRecords(records, { overrides: options.overrides });
}
