import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importBenchmarks, type ImportResult } from '../../server/domains/knowledge/import-service.js';
import { withDatabase } from '../../server/runtime.js';
import { CliError, request, type CliTarget } from './graphql-client.js';

type Format = 'SUMMARIES_JSON' | 'SUMMARIES_CSV' | 'GUIDELLM_JSON';

export function guessFormat(file: string, content: string): Format {
  if (path.extname(file).toLowerCase() === '.csv') return 'SUMMARIES_CSV';
  try {
    const parsed = JSON.parse(content) as unknown;
    if (Array.isArray(parsed)) return 'SUMMARIES_JSON';
    if (parsed && typeof parsed === 'object' && 'report' in parsed) return 'GUIDELLM_JSON';
    if (parsed && typeof parsed === 'object' && 'benchmarks' in parsed) {
      const first = (parsed as { benchmarks: unknown[] }).benchmarks[0];
      return first && typeof first === 'object' && 'model_hf_repo' in first
        ? 'SUMMARIES_JSON'
        : 'GUIDELLM_JSON';
    }
  } catch {
    // not JSON: fall through
  }
  throw new CliError(`cannot tell the format of ${file}; pass --format`);
}

interface ImportPayload {
  importBenchmarks: {
    inserted: number;
    updated: number;
    warnings: string[];
    errors: { row: number | null; field: string | null; code: string; message: string }[];
  };
}

/**
 * `compass import <file>`: returns the process exit code. Through the API by default (admin token);
 * with `direct`, in this process on the database's worker pool (`compass-worker`), which is how bulk
 * files larger than a request body are loaded without touching the API server's event loop.
 */
export async function runImport(
  target: CliTarget,
  file: string,
  format: Format | undefined,
  direct = false,
): Promise<number> {
  const content = await readFile(file, 'utf8');
  const chosen = format ?? guessFormat(file, content);
  const result: ImportResult | ImportPayload['importBenchmarks'] = direct
    ? await withDatabase((db) => importBenchmarks(db.worker, chosen, content))
    : (
        await request<ImportPayload>(
          target,
          `mutation($input: ImportBenchmarksInput!) { importBenchmarks(input: $input) { inserted updated warnings errors { row field code message } } }`,
          { input: { format: chosen, content } },
        )
      ).importBenchmarks;
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (result.errors.length > 0) {
    for (const error of result.errors) {
      const where = [error.row !== null ? `row ${error.row}` : null, error.field].filter(Boolean).join(', ');
      process.stderr.write(`error${where ? ` (${where})` : ''}: ${error.code} ${error.message}\n`);
    }
    process.stderr.write('nothing was imported\n');
    return 1;
  }
  process.stdout.write(
    `imported ${file} as ${chosen}: ${result.inserted} inserted, ${result.updated} updated\n`,
  );
  return 0;
}
