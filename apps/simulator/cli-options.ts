/**
 * Command-line options of the simulator (`npm run simulator -- …`), named like `vllm serve`'s where
 * vLLM has the same knob. Parameters combine in this order: defaults → `--calibrate-file` fit →
 * explicit flags → `--slowdown` (multiplies every latency).
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import {
  fitSimulatorParams,
  type CalibrationRow,
} from '../../server/domains/knowledge/core/simulator-fit.js';
import { calibrationRowsFromJson } from './calibration-file.js';
import {
  DEFAULT_LATENCY_PARAMS,
  slowedDown,
  validateLatencyParams,
  type SimulatorLatencyParams,
} from '../../server/domains/knowledge/core/simulator-latency.js';
import type { SimulatorServerOptions } from './server.js';

export interface SimulatorCliConfig {
  server: SimulatorServerOptions & { params: SimulatorLatencyParams };
  host: string;
  port: number;
  /** How long SIGTERM waits for in-flight requests. */
  drainMs: number;
  /** Notes for the start-up log (calibration source, skipped rows). */
  notes: string[];
}

function number(min: number, max = Infinity) {
  return (raw: string): number => {
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max)
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}, got "${raw}"`);
    return value;
  };
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (raw: string): number => {
    const value = number(min, max)(raw);
    if (!Number.isInteger(value)) throw new InvalidArgumentError(`expected a whole number, got "${raw}"`);
    return value;
  };
}

interface RawOptions {
  model: string;
  servedModelName?: string[];
  host: string;
  port: number;
  maxNumSeqs?: number;
  maxModelLen: number;
  kvCacheTokens: number;
  defaultMaxTokens: number;
  prefillMsPerToken?: number;
  prefillBaseMs?: number;
  decodeBaseMs?: number;
  decodeMsPerSeq?: number;
  jitter?: number;
  errorRate?: number;
  stallRate?: number;
  stallMs?: number;
  seed: number;
  slowdown: number;
  calibrateFile?: string;
  calibrateFrom?: string;
  drainMs: number;
}

export function simulatorCommand(env: NodeJS.ProcessEnv = process.env): Command {
  const d = DEFAULT_LATENCY_PARAMS;
  return new Command('simulator')
    .description(
      'GPU-free vLLM simulator: OpenAI-compatible API, continuous-batching latency model, vLLM metrics',
    )
    .requiredOption('--model <name>', 'model name to serve, e.g. meta-llama/Llama-3.1-8B-Instruct')
    .option('--served-model-name <names...>', 'names clients use (default: --model)')
    .option('--host <host>', 'interface to listen on (or HOST)', env.HOST ?? '127.0.0.1')
    .option('--port <n>', 'port (or PORT)', integer(0, 65535), Number(env.PORT ?? 8000))
    .option('--max-num-seqs <n>', `most running sequences (default ${d.maxNumSeqs})`, integer(1))
    .option('--max-model-len <n>', 'longest prompt + completion', integer(1), 131_072)
    .option('--kv-cache-tokens <n>', 'KV cache size in tokens (kv_cache_usage_perc)', integer(1), 524_288)
    .option(
      '--default-max-tokens <n>',
      'completion length when a request sets no max_tokens',
      integer(1),
      256,
    )
    .option(
      '--prefill-ms-per-token <ms>',
      `prefill cost per prompt token (default ${d.prefillMsPerToken})`,
      number(0),
    )
    .option(
      '--prefill-base-ms <ms>',
      `fixed cost before the first token (default ${d.prefillBaseMs})`,
      number(0),
    )
    .option(
      '--decode-base-ms <ms>',
      `ITL with one running sequence (default ${d.decodeBaseMs})`,
      number(0.001),
    )
    .option(
      '--decode-ms-per-seq <ms>',
      `extra ITL per extra running sequence (default ${d.decodeMsPerRunningSeq})`,
      number(0),
    )
    .option(
      '--jitter <fraction>',
      `uniform ±jitter on every duration (default ${d.jitterFraction})`,
      number(0, 0.99),
    )
    .option('--error-rate <p>', 'probability that a request fails', number(0, 1))
    .option('--stall-rate <p>', 'probability that a stream stalls once', number(0, 1))
    .option('--stall-ms <ms>', `length of a stall (default ${d.stallMs})`, number(0))
    .option('--seed <n>', 'seed for jitter, faults and text', integer(0), 0)
    .option(
      '--slowdown <factor>',
      'multiply every latency, e.g. 1.3 for a 30 % slower server',
      number(0.001),
      1,
    )
    .option('--calibrate-file <path>', 'fit the latency model to benchmark rows in a JSON file')
    .option(
      '--calibrate-from <ref>',
      'fit to a knowledge-base curve: a benchmark id, or <model>/<gpu>/<count>[@<prompt>x<output>]',
    )
    .option('--drain-ms <ms>', 'on SIGTERM, wait this long for in-flight requests', integer(0), 10_000)
    .allowExcessArguments(false);
}

/** Rows fetched for `--calibrate-from` (the caller reads the knowledge base; this module stays sync). */
export interface KnowledgeBaseCalibration {
  rows: CalibrationRow[];
  source: string;
}

/** The `--calibrate-from` value of `argv`, if any (read before the database is opened). */
export function calibrateFromArg(argv: string[], env: NodeJS.ProcessEnv = process.env): string | null {
  const command = simulatorCommand(env)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  command.parse(argv, { from: 'user' });
  return command.opts<RawOptions>().calibrateFrom ?? null;
}

/** Parses `argv` (without node and script) into the server's options; throws on bad input. */
export function parseSimulatorArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  knowledgeBase: KnowledgeBaseCalibration | null = null,
): SimulatorCliConfig {
  const command = simulatorCommand(env)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  command.parse(argv, { from: 'user' });
  const raw = command.opts<RawOptions>();
  const notes: string[] = [];

  let params: SimulatorLatencyParams = { ...DEFAULT_LATENCY_PARAMS };
  if (raw.maxNumSeqs !== undefined) params.maxNumSeqs = raw.maxNumSeqs;
  if (raw.calibrateFile !== undefined && raw.calibrateFrom !== undefined) {
    throw new InvalidArgumentError('give --calibrate-file or --calibrate-from, not both');
  }
  if (raw.calibrateFrom !== undefined) {
    if (knowledgeBase === null)
      throw new InvalidArgumentError('--calibrate-from needs the knowledge base rows');
    params = fitSimulatorParams(knowledgeBase.rows, params);
    notes.push(`calibrated from ${knowledgeBase.source}`);
  }
  if (raw.calibrateFile !== undefined) {
    const json: unknown = JSON.parse(readFileSync(raw.calibrateFile, 'utf8'));
    const { rows, skipped } = calibrationRowsFromJson(json);
    params = fitSimulatorParams(rows, params);
    notes.push(`calibrated from ${rows.length} rows of ${raw.calibrateFile}`, ...skipped);
  }
  const explicit: Partial<SimulatorLatencyParams> = {
    prefillMsPerToken: raw.prefillMsPerToken,
    prefillBaseMs: raw.prefillBaseMs,
    decodeBaseMs: raw.decodeBaseMs,
    decodeMsPerRunningSeq: raw.decodeMsPerSeq,
    jitterFraction: raw.jitter,
    errorRate: raw.errorRate,
    stallRate: raw.stallRate,
    stallMs: raw.stallMs,
  };
  for (const [key, value] of Object.entries(explicit) as [keyof SimulatorLatencyParams, number | undefined][])
    if (value !== undefined) params[key] = value;
  if (raw.slowdown !== 1) {
    params = slowedDown(params, raw.slowdown);
    notes.push(`slowed down ×${raw.slowdown}`);
  }
  const problems = validateLatencyParams(params);
  if (problems.length > 0) throw new InvalidArgumentError(problems.join('; '));

  return {
    server: {
      model: raw.model,
      servedModelNames: raw.servedModelName,
      params,
      seed: raw.seed,
      maxModelLen: raw.maxModelLen,
      kvCacheTokens: raw.kvCacheTokens,
      defaultMaxTokens: raw.defaultMaxTokens,
    },
    host: raw.host,
    port: raw.port,
    drainMs: raw.drainMs,
    notes,
  };
}
