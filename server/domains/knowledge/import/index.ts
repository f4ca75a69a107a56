import { parseAiperfJson } from './aiperf-json.js';
import { parseGuidellmJson } from './guidellm-json.js';
import { parseLlmdReport } from './llmd-report.js';
import { parseSummariesCsv } from './summaries-csv.js';
import { parseSummariesJson } from './summaries-json.js';
import { parseSummariesSql } from './summaries-sql.js';
import { parseVllmBenchJson } from './vllm-bench-json.js';
import { IMPORT_FORMATS, type ImportFormat, type ParseOptions, type ParseResult } from './types.js';

export type {
  ImportError,
  ImportErrorCode,
  ImportFormat,
  ImportOverrides,
  LatencyStatsInput,
  NormalizedBenchmarkRow,
  ParseOptions,
  ParseResult,
} from './types.js';
export { IMPORT_FORMATS } from './types.js';

const PARSERS: Record<ImportFormat, (content: string, options: ParseOptions) => ParseResult> = {
  SUMMARIES_CSV: parseSummariesCsv,
  SUMMARIES_JSON: parseSummariesJson,
  SUMMARIES_SQL: parseSummariesSql,
  GUIDELLM_JSON: parseGuidellmJson,
  VLLM_BENCH_JSON: parseVllmBenchJson,
  AIPERF_JSON: parseAiperfJson,
  LLMD_REPORT: parseLlmdReport,
};

/**
 * Parses and validates an import without touching the database: rows in Compass units, or the errors
 * that reject the import as a whole (then `rows` is empty). See docs/imports.md for the formats.
 */
export function parseImport(format: ImportFormat, content: string, options: ParseOptions = {}): ParseResult {
  if (!(IMPORT_FORMATS as readonly string[]).includes(format)) {
    return {
      rows: [],
      errors: [
        {
          row: null,
          field: null,
          code: 'UNSUPPORTED_FORMAT',
          message: `unsupported import format ${JSON.stringify(format)} (use ${IMPORT_FORMATS.join(', ')})`,
        },
      ],
      warnings: [],
    };
  }
  return PARSERS[format](content, options);
}
