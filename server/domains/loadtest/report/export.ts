import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, hostname, release, totalmem } from 'node:os';
import path from 'node:path';
import type { RunResult } from '../runner/runner.js';

/**
 * The files a finished run leaves in `results/<runId>/` (seed 002's deliverable):
 * `run.json` (recipe, plan and environment), `requests.jsonl` (one request record per line) and
 * `summary.json` (one summary per level × repetition). Dates are ISO strings; times are milliseconds.
 */

export interface RunEnvironment {
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  host: string;
  cpus: number;
  memoryGb: number;
}

export interface ExportedFiles {
  runJson: string;
  requestsJsonl: string;
  summaryJson: string;
}

export function runEnvironment(): RunEnvironment {
  return {
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    osRelease: release(),
    host: hostname(),
    cpus: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  };
}

export function runJson(result: RunResult, runId: string, environment: RunEnvironment = runEnvironment()) {
  return {
    runId,
    name: result.recipe.name,
    startedAt: result.startedAt.toISOString(),
    finishedAt: result.finishedAt.toISOString(),
    cancelled: result.cancelled,
    startFromLevel: result.startFromLevel,
    environment,
    recipe: result.recipe,
    levels: result.levels,
  };
}

export function summaryJson(result: RunResult, runId: string) {
  return {
    runId,
    name: result.recipe.name,
    startedAt: result.startedAt.toISOString(),
    finishedAt: result.finishedAt.toISOString(),
    cancelled: result.cancelled,
    slo: result.recipe.slo ?? null,
    measures: result.recipe.measures ?? null,
    levels: result.summaries,
  };
}

/** Writes the three files into `dir` (created if missing); the run id defaults to the directory's name. */
export async function writeRunExports(
  dir: string,
  result: RunResult,
  runId = path.basename(dir),
): Promise<ExportedFiles> {
  await mkdir(dir, { recursive: true });
  const files: ExportedFiles = {
    runJson: path.join(dir, 'run.json'),
    requestsJsonl: path.join(dir, 'requests.jsonl'),
    summaryJson: path.join(dir, 'summary.json'),
  };
  await writeFile(files.runJson, `${JSON.stringify(runJson(result, runId), null, 2)}\n`);
  await writeFile(files.summaryJson, `${JSON.stringify(summaryJson(result, runId), null, 2)}\n`);

  // Streamed: a long run has hundreds of thousands of records.
  const out = createWriteStream(files.requestsJsonl);
  const closed = once(out, 'close');
  try {
    for (const record of result.requests) {
      if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
  }
  await closed;
  return files;
}
