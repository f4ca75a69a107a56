import { normalizeRecords, type RawRecord } from './normalize.js';
import type { ImportError, ParseOptions, ParseResult } from './types.js';

/**
 * `exported_summaries` columns in table order (../shared/data/schema.sql, then its ALTERs): what a
 * positional `INSERT INTO exported_summaries VALUES (…)` (pg_dump --inserts) means.
 */
export const EXPORTED_SUMMARIES_COLUMNS = [
  'id', 'config_id', 'model_hf_repo', 'provider', 'type',
  'ttft_mean', 'ttft_p90', 'ttft_p95', 'ttft_p99', 'e2e_mean', 'e2e_p90', 'e2e_p95', 'e2e_p99',
  'itl_mean', 'itl_p90', 'itl_p95', 'itl_p99', 'tps_mean', 'tps_p90', 'tps_p95', 'tps_p99',
  'hardware', 'hardware_count', 'framework', 'requests_per_second', 'responses_per_second',
  'tokens_per_second', 'mean_input_tokens', 'mean_output_tokens', 'huggingface_prompt_dataset',
  'jbenchmark_created_at', 'entrypoint', 'docker_image', 'framework_version', 'created_at',
  'updated_at', 'loaded_at', 'prompt_tokens', 'prompt_tokens_stdev', 'prompt_tokens_min',
  'prompt_tokens_max', 'output_tokens', 'output_tokens_min', 'output_tokens_max',
  'output_tokens_stdev', 'profiler_type', 'profiler_image', 'profiler_tag', 'source', 'model_uri',
  'confidence_level',
] as const; // prettier-ignore

const TABLE = String.raw`(?:"?public"?\.)?"?exported_summaries"?`;
const COPY_HEADER = new RegExp(String.raw`^COPY\s+${TABLE}\s*\(([^)]*)\)\s+FROM\s+stdin;\s*$`, 'i');
const INSERT_HEAD = new RegExp(String.raw`INSERT\s+INTO\s+${TABLE}\s*(\(([^)]*)\))?\s*VALUES\s*`, 'iy');

class SqlDumpError extends Error {
  constructor(
    message: string,
    readonly row: number | null,
  ) {
    super(message);
  }
}

const columnList = (text: string): string[] =>
  text.split(',').map((name) => name.trim().replace(/^"|"$/g, '').toLowerCase());

/** One COPY text-format field: `\N` is NULL; backslash escapes as pg_dump writes them. */
function copyField(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c,
  );
}

function toRecord(columns: readonly string[], cells: (string | null)[], rowNumber: number): RawRecord {
  if (cells.length !== columns.length) {
    throw new SqlDumpError(`has ${cells.length} values for ${columns.length} columns`, rowNumber);
  }
  const values: Record<string, unknown> = {};
  columns.forEach((name, i) => {
    if (cells[i] !== null) values[name] = cells[i];
  });
  return { rowNumber, values };
}

/** Tuples after `VALUES`, from `start`; returns them and where the statement ended. */
function readTuples(sql: string, start: number): { tuples: (string | null)[][]; end: number } {
  const tuples: (string | null)[][] = [];
  let i = start;
  const skipSpace = () => {
    while (i < sql.length && /\s/.test(sql[i]!)) i += 1;
  };
  for (;;) {
    skipSpace();
    if (sql[i] !== '(') throw new SqlDumpError(`expected "(" at character ${i}`, tuples.length + 1);
    i += 1;
    const tuple: (string | null)[] = [];
    for (;;) {
      skipSpace();
      let value: string | null;
      if (sql[i] === "'") {
        let text = '';
        i += 1;
        for (;;) {
          if (i >= sql.length) throw new SqlDumpError('an unterminated string', tuples.length + 1);
          if (sql[i] === "'" && sql[i + 1] === "'") {
            text += "'";
            i += 2;
          } else if (sql[i] === "'") {
            i += 1;
            break;
          } else {
            text += sql[i];
            i += 1;
          }
        }
        value = text;
      } else {
        const match = /^[^,()\s]+/.exec(sql.slice(i, i + 64));
        if (!match) throw new SqlDumpError(`expected a value at character ${i}`, tuples.length + 1);
        i += match[0].length;
        value = match[0].toUpperCase() === 'NULL' ? null : match[0];
      }
      // A cast such as '…'::uuid or 1::integer changes nothing we read.
      const cast = /^::\s*[a-z_ ]+(\([\d, ]*\))?/i.exec(sql.slice(i, i + 64));
      if (cast) i += cast[0].length;
      tuple.push(value);
      skipSpace();
      if (sql[i] === ',') {
        i += 1;
        continue;
      }
      if (sql[i] === ')') {
        i += 1;
        break;
      }
      throw new SqlDumpError(`expected "," or ")" at character ${i}`, tuples.length + 1);
    }
    tuples.push(tuple);
    skipSpace();
    if (sql[i] === ',') {
      i += 1;
      continue;
    }
    if (sql[i] === ';' || i >= sql.length) return { tuples, end: i + 1 };
    throw new SqlDumpError(`expected "," or ";" after a row at character ${i}`, tuples.length);
  }
}

function copyRecords(lines: string[], headerIndex: number, columns: string[], first: number): RawRecord[] {
  const records: RawRecord[] = [];
  for (let i = headerIndex + 1; i < lines.length; i += 1) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '\\.') return records;
    if (line === '' && i === lines.length - 1) break; // the file's final newline
    records.push(toRecord(columns, line.split('\t').map(copyField), first + records.length));
  }
  throw new SqlDumpError('the COPY block has no terminating "\\." line', null);
}

/**
 * An `exported_summaries` SQL dump, as pg_dump writes it: `COPY … FROM stdin` blocks (tab-separated,
 * `\N` for NULL, ended by `\.`) and/or `INSERT INTO exported_summaries [(columns)] VALUES (…), …;`
 * statements (without a column list the table's column order is assumed). Other statements (SET,
 * CREATE TABLE, ALTER, indexes, comments) are ignored; nothing in the dump is ever executed.
 */
export function parseSummariesSql(content: string, options: ParseOptions = {}): ParseResult {
  const records: RawRecord[] = [];
  try {
    const lines = content.replace(/^\uFEFF/, '').split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      const header = COPY_HEADER.exec(lines[i]!.trim());
      if (!header) continue;
      const block = copyRecords(lines, i, columnList(header[1]!), records.length + 1);
      records.push(...block);
      i += block.length + 1;
    }
    const withoutCopy = content.replace(/^COPY[\s\S]*?^\\\.\s*$/gim, '');
    const statement = new RegExp(INSERT_HEAD.source, 'gi');
    for (let match = statement.exec(withoutCopy); match; match = statement.exec(withoutCopy)) {
      const columns = match[2] ? columnList(match[2]) : [...EXPORTED_SUMMARIES_COLUMNS];
      const { tuples, end } = readTuples(withoutCopy, match.index + match[0].length);
      for (const tuple of tuples) records.push(toRecord(columns, tuple, records.length + 1));
      statement.lastIndex = end;
    }
  } catch (error) {
    if (!(error instanceof SqlDumpError)) throw error;
    const row = error.row === null ? null : records.length + (error.row ?? 1);
    const failure: ImportError = {
      row,
      field: null,
      code: 'PARSE_ERROR',
      message: `SQL dump${row === null ? '' : ` row ${row}`}: ${error.message}`,
    };
    return { rows: [], errors: [failure], warnings: [] };
  }
  if (records.length === 0) {
    return {
      rows: [],
      errors: [
        {
          row: null,
          field: null,
          code: 'EMPTY_IMPORT',
          message: 'the SQL dump has no COPY block or INSERT statement for exported_summaries',
        },
      ],
      warnings: [],
    };
  }
  return normalizeRecords(records, { overrides: options.overrides });
}
