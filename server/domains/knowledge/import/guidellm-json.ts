import { describeJsonType, isRecord, parseJsonOrYamlDocument } from './json-document.js';
import { finishParse, lowerCaseKeys, normalizeRecords, type RawRecord } from './normalize.js';
import { coerceNumber, type SummaryField } from './summary-fields.js';
import type { ImportError, ParseOptions, ParseResult } from './types.js';

/**
 * A GuideLLM benchmark report (`guidellm benchmark … --output-path report.json`, or `.yaml` in v0.5), v0.2–v0.5 layouts:
 *
 *   { args?: { model, target, data, processor, … },            // v0.4: run arguments
 *     benchmarks: [ {
 *       config?: { strategy, backend, requests, … },           // v0.4
 *       args?: { strategy, profile, … },                       // v0.2/v0.3
 *       worker?: { backend_model, backend_target, … },         // v0.2/v0.3
 *       request_loader?: { data, processor, … },               // v0.2/v0.3
 *       extras?: { … },                                        // --output-extras
 *       start_time, request_totals?,
 *       metrics: { requests_per_second, output_tokens_per_second, prompt_token_count, output_token_count,
 *                  time_to_first_token_ms, inter_token_latency_ms, request_latency (seconds), … } } ] }
 *
 * Every metric is a status distribution `{ successful: { mean, median, percentiles: { p50, p90, p95, p99 } } }`;
 * only `successful` requests count. GPU, GPU count and sometimes the model or token profile are not in
 * the report: they come from `--output-extras`, or from a wrapper
 * `{ model_hf_repo, hardware, hardware_count, prompt_tokens, output_tokens, …, report: <the report> }`
 * whose values override the report's.
 */

const WRAPPER_FIELDS: readonly SummaryField[] = [
  'model_hf_repo',
  'hardware',
  'hardware_count',
  'prompt_tokens',
  'output_tokens',
  'framework',
  'framework_version',
  'provider',
  'type',
  'docker_image',
  'entrypoint',
  'model_uri',
  'huggingface_prompt_dataset',
  'profiler_image',
  'profiler_tag',
];

/** Facts a GuideLLM report may lack; a missing one gets a hint about the wrapper. */
const RUN_FIELDS: readonly string[] = [
  'model_hf_repo',
  'hardware',
  'hardware_count',
  'prompt_tokens',
  'output_tokens',
];

const WRAPPER_HINT =
  'GuideLLM reports do not always record it: add it to --output-extras or wrap the report as ' +
  '{"model_hf_repo": "…", "hardware": "H100", "hardware_count": 1, "prompt_tokens": 512, "output_tokens": 256, "report": {…}}';

const METRIC_SOURCES: Partial<Record<SummaryField, string>> = {
  requests_per_second: 'metrics.requests_per_second.successful.mean',
  tokens_per_second: 'metrics.output_tokens_per_second.successful.mean',
  mean_input_tokens: 'metrics.prompt_token_count.successful.mean',
  mean_output_tokens: 'metrics.output_token_count.successful.mean',
  ttft_mean: 'metrics.time_to_first_token_ms.successful.mean',
  ttft_p90: 'metrics.time_to_first_token_ms.successful.percentiles.p90',
  ttft_p95: 'metrics.time_to_first_token_ms.successful.percentiles.p95',
  ttft_p99: 'metrics.time_to_first_token_ms.successful.percentiles.p99',
  e2e_mean: 'metrics.request_latency.successful.mean, in seconds',
  e2e_p90: 'metrics.request_latency.successful.percentiles.p90, in seconds',
  e2e_p95: 'metrics.request_latency.successful.percentiles.p95, in seconds',
  e2e_p99: 'metrics.request_latency.successful.percentiles.p99, in seconds',
};

type Obj = Record<string, unknown>;

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The `successful` part of a status distribution (or the distribution itself when it is flat). */
function distribution(metrics: Obj, name: string): Obj | undefined {
  const metric = metrics[name];
  if (!isRecord(metric)) return undefined;
  if (isRecord(metric.successful)) return metric.successful;
  return 'mean' in metric ? metric : undefined;
}

type Percentile = 'p50' | 'p90' | 'p95' | 'p99';

function percentile(dist: Obj | undefined, key: Percentile): unknown {
  if (dist === undefined) return undefined;
  const percentiles = dist.percentiles;
  let value: unknown;
  if (isRecord(percentiles)) value = percentiles[key];
  else if (Array.isArray(percentiles)) {
    const entry: unknown = percentiles.find((p: unknown) => isRecord(p) && p.percentile === key);
    value = at(entry, 'value');
  }
  return value ?? (key === 'p50' ? dist.median : undefined);
}

/** Multiplies readable numbers; leaves anything else as it is so validation reports it. */
function scaled(value: unknown, factor: number): unknown {
  const number = coerceNumber(value);
  return number !== undefined && Number.isFinite(number) ? number * factor : value;
}

interface DataSpec {
  promptTokens?: unknown;
  outputTokens?: unknown;
  dataset?: string;
}

/** `--data`: synthetic `prompt_tokens=512,output_tokens=256`, the same as JSON, or a dataset name / path. */
function parseDataSpec(value: unknown): DataSpec {
  if (Array.isArray(value)) return value.length > 0 ? parseDataSpec(value[0]) : {};
  if (isRecord(value)) return { promptTokens: value.prompt_tokens, outputTokens: value.output_tokens };
  if (typeof value !== 'string' || value.trim() === '') return {};
  const spec = value.trim();
  if (spec.startsWith('{')) {
    try {
      return parseDataSpec(JSON.parse(spec) as unknown);
    } catch {
      return { dataset: spec };
    }
  }
  if (/^\s*[a-z_]+\s*=/i.test(spec)) {
    const pairs: Obj = {};
    for (const part of spec.split(',')) {
      const [key, raw] = part.split('=');
      if (key !== undefined && raw !== undefined) pairs[key.trim().toLowerCase()] = raw.trim();
    }
    return { promptTokens: pairs.prompt_tokens, outputTokens: pairs.output_tokens };
  }
  return { dataset: spec };
}

interface LoadLevel {
  concurrency: unknown;
  requestRate: unknown;
  strategy: string;
}

/** synchronous = 1 stream; concurrent = `streams`; constant / poisson = `rate` req/s; throughput = its cap if any. */
function loadLevel(benchmark: Obj): LoadLevel {
  const strategy = at(benchmark, 'config', 'strategy') ?? at(benchmark, 'args', 'strategy');
  const type = String(at(strategy, 'type_') ?? at(strategy, 'type') ?? 'unknown');
  switch (type) {
    case 'synchronous':
      return { concurrency: 1, requestRate: undefined, strategy: type };
    case 'concurrent':
      return { concurrency: at(strategy, 'streams'), requestRate: undefined, strategy: type };
    case 'constant':
    case 'poisson':
      return { concurrency: undefined, requestRate: at(strategy, 'rate'), strategy: type };
    case 'throughput':
      return {
        concurrency: at(strategy, 'max_concurrency') ?? undefined,
        requestRate: undefined,
        strategy: type,
      };
    default:
      return { concurrency: undefined, requestRate: undefined, strategy: type };
  }
}

/** Served model names are often aliases; prefer a candidate shaped like an HF repo id (`org/name`). */
function modelFrom(report: Obj, benchmark: Obj): unknown {
  const candidates = [
    at(report, 'args', 'model'),
    at(benchmark, 'worker', 'backend_model'),
    at(benchmark, 'config', 'backend', 'model'),
    at(report, 'args', 'processor'),
    at(benchmark, 'request_loader', 'processor'),
  ].filter((v): v is string => typeof v === 'string' && v.trim() !== '' && v !== 'None');
  return candidates.find((v) => v.includes('/')) ?? candidates[0];
}

function startedAt(benchmark: Obj): Date | undefined {
  const seconds = [
    benchmark.start_time,
    at(benchmark, 'scheduler_metrics', 'measure_start_time'),
    at(benchmark, 'run_stats', 'start_time'),
  ].find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
  return seconds === undefined ? undefined : new Date(seconds * 1000);
}

function successfulRequests(benchmark: Obj): unknown {
  return (
    at(benchmark, 'metrics', 'request_totals', 'successful') ?? at(benchmark, 'request_totals', 'successful')
  );
}

/** Metadata from `--output-extras` (or a `metadata` block), lower-cased; later sources win. */
function metadataOf(report: Obj, benchmark: Obj): Obj {
  const merged: Obj = {};
  for (const source of [report.metadata, report.extras, benchmark.metadata, benchmark.extras]) {
    if (!isRecord(source)) continue;
    for (const [key, value] of Object.entries(lowerCaseKeys(source))) if (present(value)) merged[key] = value;
  }
  return merged;
}

function recordOf(report: Obj, benchmark: Obj, overrides: Obj, rowNumber: number): RawRecord {
  const metrics = benchmark.metrics as Obj;
  const meta = metadataOf(report, benchmark);
  const pick = (field: string): unknown => (present(overrides[field]) ? overrides[field] : meta[field]);
  const data = parseDataSpec(at(benchmark, 'request_loader', 'data') ?? at(report, 'args', 'data'));
  const load = loadLevel(benchmark);

  const ttft = distribution(metrics, 'time_to_first_token_ms');
  const itl = distribution(metrics, 'inter_token_latency_ms');
  const e2eMs = distribution(metrics, 'request_latency_ms');
  const e2e = e2eMs ?? distribution(metrics, 'request_latency');
  const e2eFactor = e2eMs ? 1 : 1000;
  const outputRate = distribution(metrics, 'output_tokens_per_second');

  const values: Obj = {
    model_hf_repo: pick('model_hf_repo') ?? meta.model ?? modelFrom(report, benchmark),
    hardware: pick('hardware'),
    hardware_count: pick('hardware_count'),
    prompt_tokens: pick('prompt_tokens') ?? data.promptTokens,
    output_tokens: pick('output_tokens') ?? data.outputTokens,
    mean_input_tokens: distribution(metrics, 'prompt_token_count')?.mean,
    mean_output_tokens: distribution(metrics, 'output_token_count')?.mean,
    concurrency: load.concurrency,
    request_rate: load.requestRate,
    requests_per_second: distribution(metrics, 'requests_per_second')?.mean,
    tokens_per_second: outputRate?.mean,
    ttft_mean: ttft?.mean,
    itl_mean: itl?.mean,
    e2e_mean: scaled(e2e?.mean, e2eFactor),
    tps_mean: outputRate?.mean,
    profiler_type: 'guidellm',
    huggingface_prompt_dataset: pick('huggingface_prompt_dataset') ?? data.dataset,
    jbenchmark_created_at: startedAt(benchmark),
  };
  for (const p of ['p50', 'p90', 'p95', 'p99'] as const) {
    values[`ttft_${p}`] = percentile(ttft, p);
    values[`itl_${p}`] = percentile(itl, p);
    values[`e2e_${p}`] = scaled(percentile(e2e, p), e2eFactor);
    if (p !== 'p50') values[`tps_${p}`] = percentile(outputRate, p);
  }
  for (const field of WRAPPER_FIELDS)
    if (!(field in values) || values[field] === undefined) values[field] = pick(field);
  return { rowNumber, values };
}

function reject(error: ImportError): ParseResult {
  return { rows: [], errors: [error], warnings: [] };
}

function unwrap(document: unknown): { report: Obj; overrides: Obj; warnings: string[] } | ImportError {
  if (isRecord(document) && isRecord(document.report)) {
    const { report, ...rest } = document;
    const overrides = lowerCaseKeys(rest);
    const unknown = Object.keys(overrides).filter(
      (key) => !(WRAPPER_FIELDS as readonly string[]).includes(key),
    );
    const warnings =
      unknown.length > 0
        ? [`ignored wrapper keys ${unknown.join(', ')} (accepted: ${WRAPPER_FIELDS.join(', ')})`]
        : [];
    return { report, overrides, warnings };
  }
  if (isRecord(document) && Array.isArray(document.benchmarks))
    return { report: document, overrides: {}, warnings: [] };
  return {
    row: null,
    field: 'benchmarks',
    code: 'PARSE_ERROR',
    message: 'expected a GuideLLM report {"benchmarks": [ … ]} or a wrapper {"hardware": …, "report": { … }}',
  };
}

export function parseGuidellmJson(content: string, options: ParseOptions = {}): ParseResult {
  const document = parseJsonOrYamlDocument(content);
  if ('error' in document) return reject(document.error);
  const unwrapped = unwrap(document.value);
  if (!('report' in unwrapped)) return reject(unwrapped);
  const { report } = unwrapped;
  const overrides: Obj = { ...unwrapped.overrides, ...options.overrides };

  const benchmarks = report.benchmarks;
  if (!Array.isArray(benchmarks)) {
    return reject({
      row: null,
      field: 'benchmarks',
      code: 'PARSE_ERROR',
      message: 'the report has no benchmarks array',
    });
  }
  if (benchmarks.length === 0) {
    return reject({ row: null, field: null, code: 'EMPTY_IMPORT', message: 'the report has no benchmarks' });
  }

  if (benchmarks.every((benchmark: unknown) => isRecord(benchmark) && !isRecord(benchmark.metrics))) {
    return reject({
      row: null,
      field: 'metrics',
      code: 'MISSING_FIELD',
      message:
        'no benchmark has a metrics object: this is not a GuideLLM report (exported_summaries rows are SUMMARIES_JSON)',
    });
  }

  const structural: ImportError[] = [];
  const records: RawRecord[] = [];
  const unknownLoad: number[] = [];
  benchmarks.forEach((benchmark: unknown, index) => {
    const row = index + 1;
    if (!isRecord(benchmark)) {
      structural.push({
        row,
        field: null,
        code: 'INVALID_VALUE',
        message: `benchmark ${row}: expected an object, got ${describeJsonType(benchmark)}`,
      });
      return;
    }
    if (!isRecord(benchmark.metrics)) {
      structural.push({
        row,
        field: 'metrics',
        code: 'MISSING_FIELD',
        message: `benchmark ${row} has no metrics object — is this a GuideLLM benchmark report?`,
      });
      return;
    }
    if (successfulRequests(benchmark) === 0) {
      structural.push({
        row,
        field: 'request_totals.successful',
        code: 'INVALID_VALUE',
        message: `benchmark ${row} has no successful requests`,
      });
      return;
    }
    const record = recordOf(report, benchmark, overrides, row);
    if (record.values.concurrency === undefined && record.values.request_rate === undefined)
      unknownLoad.push(row);
    records.push(record);
  });
  if (structural.length > 0) return finishParse([], structural, [], benchmarks.length);

  const result = normalizeRecords(records, { sourceOf: (field) => METRIC_SOURCES[field] });
  const errors = result.errors.map((error) =>
    error.code === 'MISSING_FIELD' && error.field !== null && RUN_FIELDS.includes(error.field)
      ? { ...error, message: `${error.message}; ${WRAPPER_HINT}` }
      : error,
  );
  const warnings = [...unwrapped.warnings, ...result.warnings];
  if (unknownLoad.length > 0 && errors.length === 0) {
    warnings.push(
      `benchmark(s) ${unknownLoad.join(', ')} record no concurrency or request rate (e.g. an uncapped throughput ` +
        'run): their load level is left empty',
    );
  }
  return { rows: result.rows, errors, warnings };
}
