import { readFile } from 'node:fs/promises';
import { importBenchmarks, type ImportFormat } from '../../server/domains/knowledge/import-service.js';
import { withDatabase } from '../../server/runtime.js';
import { CliError, request, type CliTarget } from './graphql-client.js';
import { graphql } from './gql/index.js';
import type { CliImportBenchmarksMutation } from './gql/graphql.js';

export interface ImportCommandOptions {
  format?: ImportFormat;
  direct?: boolean;
  dryRun?: boolean;
  model?: string;
  hardware?: string;
  hardwareCount?: string;
  profile?: string;
}

/** `--profile 512x256` (also `512×256`, `512:256`, `512→256`) → the two token counts. */
export function parseProfile(text: string): { promptTokens: number; outputTokens: number } {
  const match = /^\s*(\d+)\s*(?:x|×|:|→|->)\s*(\d+)\s*$/i.exec(text);
  const promptTokens = Number(match?.[1]);
  const outputTokens = Number(match?.[2]);
  if (!match || promptTokens < 1 || outputTokens < 1)
    throw new CliError(`--profile takes prompt×output tokens such as 512x256, got "${text}"`);
  return { promptTokens, outputTokens };
}

function countOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1)
    throw new CliError(`--hardware-count takes a whole number ≥ 1, got "${text}"`);
  return Number(text);
}

const ImportMutation = graphql(`
  mutation CliImportBenchmarks($input: ImportBenchmarksInput!) {
    importBenchmarks(input: $input) {
      format
      detected
      dryRun
      inserted
      updated
      warnings
      configs {
        modelHfRepo
        hardware
        hardwareCount
        promptTokens
        outputTokens
        trafficProfile
        inserts
        updates
      }
      errors {
        row
        field
        code
        message
      }
    }
  }
`);

/** What the command prints, as both the API and a direct import give it. */
type PrintedResult = CliImportBenchmarksMutation['importBenchmarks'];

function printConfigs(result: Pick<PrintedResult, 'configs'>): void {
  for (const c of result.configs) {
    const profile = `${c.promptTokens}→${c.outputTokens}${c.trafficProfile ? '' : ' (no profile)'}`;
    process.stdout.write(
      `  ${c.modelHfRepo} on ${c.hardwareCount}× ${c.hardware}, ${profile}: ${c.inserts} insert(s), ${c.updates} update(s)\n`,
    );
  }
}

/**
 * `compass import <file>`: returns the process exit code. The format is detected from the content
 * unless `--format` names it. Through the API by default (admin token); with `direct`, in this process
 * on the database's worker pool (`compass-worker`), for bulk files larger than a request body.
 */
export async function runImport(
  target: CliTarget,
  file: string,
  options: ImportCommandOptions = {},
): Promise<number> {
  const content = await readFile(file, 'utf8');
  const input = {
    format: options.format ?? null,
    content,
    model: options.model ?? null,
    hardware: options.hardware ?? null,
    hardwareCount: countOf(options.hardwareCount) ?? null,
    ...(options.profile === undefined ? {} : parseProfile(options.profile)),
    dryRun: options.dryRun === true,
  };
  const result: PrintedResult = options.direct
    ? await withDatabase((db) => importBenchmarks(db.worker, input))
    : (await request(target, ImportMutation, { input })).importBenchmarks;
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (result.errors.length > 0) {
    for (const error of result.errors) {
      const where = [error.row !== null ? `row ${error.row}` : null, error.field].filter(Boolean).join(', ');
      process.stderr.write(`error${where ? ` (${where})` : ''}: ${error.code} ${error.message}\n`);
    }
    process.stderr.write('nothing was imported\n');
    return 1;
  }
  const how = `${result.format ?? '?'}${result.detected ? ', detected' : ''}`;
  const verb = result.dryRun ? 'dry run (nothing written) of' : 'imported';
  process.stdout.write(`${verb} ${file} as ${how}: ${result.inserted} inserted, ${result.updated} updated\n`);
  printConfigs(result);
  return 0;
}
