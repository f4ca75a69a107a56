import { readFile, realpath } from 'node:fs/promises';
import { datasetPathInside } from '../core/run-targets.js';
import path from 'node:path';
import { countTokens, syntheticText } from '../../../kernel/tokenizer.js';
import type { DatasetData, RecipeData, SyntheticData } from '../recipe.js';
import { createRng } from '../../../kernel/rng.js';

/**
 * The prompts a run sends. Synthetic prompts are made of common single-token English words
 * (`syntheticText` from the simulator's tokenizer), so "N words" is exactly N tokens for the simulator
 * and about N for a real tokenizer: a chat template adds a handful of tokens per message, and a BPE
 * vocabulary occasionally splits a word. The server's `usage.prompt_tokens`, when it reports one, is
 * what the records store.
 *
 * Everything is a pure function of (seed, stream, index), so a request's prompt does not depend on
 * which requests ran before it, and a repetition of a run sends exactly the same prompts.
 */

export interface PromptSpec {
  prompt: string;
  /** Tokens of `prompt` by the project's tokenizer approximation. */
  promptTokens: number;
  /** max_tokens to ask for. */
  maxTokens: number;
}

export interface PromptSource {
  /**
   * The prompt of request `index` in stream `stream` (the runner uses one stream per level and
   * repetition, so levels do not replay each other's prompts into a server's prefix cache).
   */
  promptFor(index: number, stream?: number): PromptSpec;
}

/** Mixes integers into one 32-bit seed (splitmix-style avalanche), so nearby inputs give unrelated seeds. */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (Math.trunc(part) >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A count drawn from N(mean, stddev), rounded and clamped to at least 1; exactly `mean` when stddev is 0. */
export function spreadCount(mean: number, stddev: number, seed: number): number {
  if (stddev <= 0) return Math.max(1, Math.round(mean));
  return Math.max(1, Math.round(createRng(seed).normal(mean, stddev)));
}

export function syntheticPrompt(data: Omit<SyntheticData, 'kind'>, index: number, stream = 0): PromptSpec {
  const base = mixSeed(data.seed, stream, index);
  const promptTokens = spreadCount(data.promptTokens, data.promptStdDev, mixSeed(base, 1));
  const maxTokens = spreadCount(data.outputTokens, data.outputStdDev, mixSeed(base, 2));
  return { prompt: syntheticText(promptTokens, mixSeed(base, 3)), promptTokens, maxTokens };
}

export function syntheticPromptSource(data: SyntheticData): PromptSource {
  return { promptFor: (index, stream = 0) => syntheticPrompt(data, index, stream) };
}

export interface DatasetRow {
  prompt: string;
  outputTokens?: number;
}

/**
 * Parses a JSONL dataset: one object per line with `prompt` (string) and optionally `outputTokens`
 * (or `output_tokens` / `max_tokens`). Blank lines and lines starting with `#` are skipped.
 */
export function parseDatasetJsonl(text: string, source = 'dataset'): DatasetRow[] {
  const rows: DatasetRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    if (typeof value !== 'object' || value === null)
      throw new Error(`${source}:${i + 1}: expected an object`);
    const row = value as Record<string, unknown>;
    if (typeof row.prompt !== 'string' || row.prompt === '') {
      throw new Error(`${source}:${i + 1}: "prompt" must be a non-empty string`);
    }
    const out = row.outputTokens ?? row.output_tokens ?? row.max_tokens;
    if (out !== undefined && !(typeof out === 'number' && Number.isInteger(out) && out >= 1)) {
      throw new Error(`${source}:${i + 1}: outputTokens must be a whole number >= 1`);
    }
    rows.push(out === undefined ? { prompt: row.prompt } : { prompt: row.prompt, outputTokens: out });
  });
  if (rows.length === 0) throw new Error(`${source}: no prompts`);
  return rows;
}

/** Request i of any stream uses row i mod n: a dataset is replayed in order, the same for every level. */
export function datasetPromptSource(rows: readonly DatasetRow[], defaultOutputTokens: number): PromptSource {
  const specs = rows.map((row) => ({
    prompt: row.prompt,
    promptTokens: countTokens(row.prompt),
    maxTokens: row.outputTokens ?? defaultOutputTokens,
  }));
  return {
    promptFor(index) {
      const spec = specs[((index % specs.length) + specs.length) % specs.length];
      if (!spec) throw new RangeError('empty dataset');
      return spec;
    },
  };
}

/** A file of the datasets folder (a JSONL dataset, a postgres query file), refused when it lies outside it. */
export async function readDatasetFile(relative: string, baseDir: string, what: string): Promise<string> {
  // The recipe refuses absolute paths and `..`; the real path also catches a symbolic link out.
  const [root, file] = await Promise.all([
    realpath(baseDir),
    realpath(path.resolve(baseDir, relative)),
  ]).catch(() => {
    throw new Error(`${what} ${relative}: no such file in the datasets folder`);
  });
  if (!datasetPathInside(root, file)) throw new Error(`${what} ${relative}: outside the datasets folder`);
  return readFile(file, 'utf8');
}

/** The prompt source of a recipe; a relative dataset path is resolved against `baseDir` (default: cwd). */
export async function loadPromptSource(data: RecipeData, baseDir = process.cwd()): Promise<PromptSource> {
  if (data.kind === 'synthetic') return syntheticPromptSource(data);
  const dataset: DatasetData = data;
  const text = await readDatasetFile(dataset.path, baseDir, 'dataset');
  return datasetPromptSource(parseDatasetJsonl(text, dataset.path), dataset.outputTokens);
}
