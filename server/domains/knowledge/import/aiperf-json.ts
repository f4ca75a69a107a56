import { isRecord, parseJsonDocument } from './json-document.js';
import { normalizeRecords } from './normalize.js';
import { at, first, modelName, msPerUnit, putStats, type Obj, type Stat } from './stats-fields.js';
import type { SummaryField } from './summary-fields.js';
import type { ImportError, ParseOptions, ParseResult } from './types.js';

/**
 * AIPerf `profile_export_aiperf.json` and GenAI-Perf `profile_export_genai_perf.json` (AIPerf keeps
 * GenAI-Perf's shape): one run (one load level) per file; each metric is a block
 * `{ unit, avg, p1 … p50, p90, p95, p99, min, max, std }` at the top level (a `records` object holding
 * the blocks is read too). `unit` is authoritative. The run's settings are in `input_config`.
 */

const BLOCKS = {
  ttft: ['time_to_first_token', 'ttft'],
  itl: ['inter_token_latency', 'itl'],
  e2e: ['request_latency'],
  rps: ['request_throughput'],
  tps: ['output_token_throughput'],
  isl: ['input_sequence_length', 'isl'],
  osl: ['output_sequence_length', 'osl'],
} as const;

const SOURCES: Partial<Record<SummaryField, string>> = {
  ttft_p95: 'time_to_first_token.p95',
  itl_p95: 'inter_token_latency.p95 (streaming runs only)',
  e2e_p95: 'request_latency.p95',
  requests_per_second: 'request_throughput.avg',
  hardware: 'not in AIPerf exports: state it on the import',
  hardware_count: 'not in AIPerf exports: state it on the import',
};

function block(document: Obj, names: readonly string[]): Obj | undefined {
  for (const name of names) {
    const found = first(at(document, name), at(document, 'records', name));
    if (isRecord(found)) return found;
  }
  return undefined;
}

function stat(b: Obj | undefined, s: Stat): unknown {
  if (!b) return undefined;
  return s === 'mean' ? first(b.avg, b.mean) : b[s];
}

export function parseAiperfJson(content: string, options: ParseOptions = {}): ParseResult {
  const document = parseJsonDocument(content);
  if ('error' in document) return { rows: [], errors: [document.error], warnings: [] };
  const doc = document.value;
  const ttft = isRecord(doc) ? block(doc, BLOCKS.ttft) : undefined;
  const e2e = isRecord(doc) ? block(doc, BLOCKS.e2e) : undefined;
  if (!isRecord(doc) || (!ttft && !e2e)) {
    const error: ImportError = {
      row: null,
      field: 'time_to_first_token',
      code: 'MISSING_FIELD',
      message: 'not an AIPerf / GenAI-Perf profile export (no time_to_first_token or request_latency block)',
    };
    return { rows: [], errors: [error], warnings: [] };
  }
  const config = isRecord(doc.input_config) ? doc.input_config : {};
  const itl = block(doc, BLOCKS.itl);
  const values: Obj = {
    model_hf_repo: modelName(
      at(config, 'endpoint', 'model_names'),
      at(config, 'model_names'),
      at(config, 'model'),
      at(config, 'tokenizer', 'name'),
      at(config, 'tokenizer'),
    ),
    concurrency: first(
      at(config, 'loadgen', 'concurrency'),
      at(config, 'phases', 'profiling', 'concurrency'),
      at(config, 'perf_analyzer', 'stimulus', 'concurrency'),
      at(config, 'concurrency'),
    ),
    request_rate: first(
      at(config, 'loadgen', 'request_rate'),
      at(config, 'phases', 'profiling', 'request_rate'),
      at(config, 'perf_analyzer', 'stimulus', 'request_rate'),
      at(config, 'request_rate'),
    ),
    prompt_tokens: first(
      at(config, 'input', 'prompt', 'input_tokens', 'mean'),
      at(config, 'input', 'synthetic_tokens', 'mean'),
      at(config, 'synthetic_input_tokens_mean'),
    ),
    output_tokens: first(
      at(config, 'input', 'prompt', 'output_tokens', 'mean'),
      at(config, 'input', 'output_tokens', 'mean'),
      at(config, 'output_tokens_mean'),
    ),
    requests_per_second: stat(block(doc, BLOCKS.rps), 'mean'),
    tokens_per_second: stat(block(doc, BLOCKS.tps), 'mean'),
    tps_mean: stat(block(doc, BLOCKS.tps), 'mean'),
    mean_input_tokens: stat(block(doc, BLOCKS.isl), 'mean'),
    mean_output_tokens: stat(block(doc, BLOCKS.osl), 'mean'),
    profiler_type: typeof doc.aiperf_version === 'string' ? 'aiperf' : 'genai-perf',
    profiler_tag: first(doc.aiperf_version),
    jbenchmark_created_at: typeof doc.start_time === 'string' ? doc.start_time : undefined,
  };
  const errors: ImportError[] = [];
  for (const [prefix, b, name] of [
    ['ttft', ttft, 'time_to_first_token'],
    ['itl', itl, 'inter_token_latency'],
    ['e2e', e2e, 'request_latency'],
  ] as const) {
    if (!b) continue;
    const factor = msPerUnit(b.unit);
    if (factor === null) {
      errors.push({
        row: 1,
        field: `${name}.unit`,
        code: 'INVALID_VALUE',
        message: `${name}.unit ${JSON.stringify(b.unit)} is not a time unit (ms, s, us, ns)`,
      });
      continue;
    }
    putStats(values, prefix, (s) => stat(b, s), factor);
  }
  if (errors.length > 0) return { rows: [], errors, warnings: [] };
  return normalizeRecords([{ rowNumber: 1, values }], {
    overrides: options.overrides,
    sourceOf: (field) => SOURCES[field],
  });
}
