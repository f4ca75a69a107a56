import { parseAllDocuments } from 'yaml';
import { isRecord } from './json-document.js';
import { finishParse, normalizeRecords, type RawRecord } from './normalize.js';
import { at, first, modelName, msPerUnit, putStats, type Obj } from './stats-fields.js';
import { coerceNumber, type SummaryField } from './summary-fields.js';
import type { ImportError, ParseOptions, ParseResult } from './types.js';

/**
 * llm-d-benchmark reports, schema version 0.1 (workload/report/schema.py): YAML or JSON
 * `{ version, scenario: { host, platform, model, load }, metrics: { time, requests, latency, throughput } }`,
 * one load level each; a YAML stream of several documents (or a JSON array) is several rows. Every
 * latency block carries its `units` (ms, s, ms/token).
 */

const SOURCES: Partial<Record<SummaryField, string>> = {
  model_hf_repo: 'scenario.model.name',
  hardware: 'scenario.host.accelerator[0].model',
  hardware_count: 'scenario.host.accelerator[0].parallelism.tp × pp, or .count',
  ttft_p95: 'metrics.latency.time_to_first_token.p95',
  e2e_p95: 'metrics.latency.request_latency.p95',
  requests_per_second: 'metrics.throughput.requests_per_sec',
};

function documentsOf(content: string): unknown[] | ImportError {
  const text = content.replace(/^\uFEFF/, '');
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    // not JSON: YAML (a superset for these files)
  }
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const broken = list.find((d) => d.errors.length > 0);
  if (broken)
    return {
      row: null,
      field: null,
      code: 'PARSE_ERROR',
      message: `not valid YAML: ${broken.errors[0]!.message}`,
    };
  return list.map((d) => d.toJS() as unknown).filter((d) => d !== null && d !== undefined);
}

function gpusPerReplica(accelerator: unknown): unknown {
  const tp = coerceNumber(at(accelerator, 'parallelism', 'tp'));
  const pp = coerceNumber(at(accelerator, 'parallelism', 'pp')) ?? 1;
  return tp !== undefined ? tp * pp : at(accelerator, 'count');
}

function recordOf(report: Obj, rowNumber: number): RawRecord | ImportError {
  const types = at(report, 'scenario', 'host', 'type');
  if (Array.isArray(types) && types.some((t) => t === 'prefill' || t === 'decode')) {
    return {
      row: rowNumber,
      field: 'scenario.host.type',
      code: 'INVALID_VALUE',
      message: `report ${rowNumber} is a disaggregated prefill/decode setup: not one (GPU, GPU count) config`,
    };
  }
  const accelerator = at(report, 'scenario', 'host', 'accelerator', 0);
  const engine = at(report, 'scenario', 'platform', 'engine', 0);
  const args = at(report, 'scenario', 'load', 'args');
  const metrics = isRecord(report.metrics) ? report.metrics : {};
  const latency = at(metrics, 'latency');
  const duration = coerceNumber(at(metrics, 'time', 'duration'));
  const total = coerceNumber(at(metrics, 'requests', 'total'));
  const failures = coerceNumber(at(metrics, 'requests', 'failures')) ?? 0;
  const rps = first(
    at(metrics, 'throughput', 'requests_per_sec'),
    total !== undefined && duration ? (total - failures) / duration : undefined,
  );
  const meanOut = at(metrics, 'requests', 'output_length', 'mean');
  const rateType = at(args, 'rate_type');
  const rate = first(
    at(args, 'request_rate'),
    at(args, 'qps'),
    rateType === 'concurrent' ? undefined : at(args, 'rate'),
  );
  const values: Obj = {
    model_hf_repo: modelName(at(report, 'scenario', 'model', 'name')),
    hardware: at(accelerator, 'model'),
    hardware_count: gpusPerReplica(accelerator),
    framework: at(engine, 'name'),
    framework_version: at(engine, 'version'),
    concurrency: first(
      at(args, 'max_concurrency'),
      at(args, 'concurrency'),
      rateType === 'concurrent' ? at(args, 'rate') : undefined,
    ),
    request_rate: typeof rate === 'number' ? rate : undefined,
    prompt_tokens: first(at(args, 'random_input_len'), at(args, 'input_len'), at(args, 'prompt_tokens')),
    output_tokens: first(at(args, 'random_output_len'), at(args, 'output_len'), at(args, 'output_tokens')),
    requests_per_second: rps,
    tokens_per_second: first(
      at(metrics, 'throughput', 'output_tokens_per_sec'),
      typeof meanOut === 'number' && typeof rps === 'number' ? meanOut * rps : undefined,
    ),
    mean_input_tokens: at(metrics, 'requests', 'input_length', 'mean'),
    mean_output_tokens: meanOut,
    profiler_type: first(at(report, 'scenario', 'load', 'name'), 'llm-d-benchmark'),
    jbenchmark_created_at: (() => {
      const start = coerceNumber(at(metrics, 'time', 'start'));
      return start !== undefined && start > 0 ? new Date(start * 1000) : undefined;
    })(),
  };
  // TPOT (each request's mean gap) is what exported_summaries and GuideLLM call ITL; ITL as fallback.
  const blocks = [
    ['ttft', at(latency, 'time_to_first_token'), 'time_to_first_token'],
    [
      'itl',
      first(at(latency, 'time_per_output_token'), at(latency, 'inter_token_latency')),
      'time_per_output_token',
    ],
    ['e2e', at(latency, 'request_latency'), 'request_latency'],
  ] as const;
  for (const [prefix, b, name] of blocks) {
    if (!isRecord(b)) continue;
    const factor = msPerUnit(b.units);
    if (factor === null) {
      return {
        row: rowNumber,
        field: `metrics.latency.${name}.units`,
        code: 'INVALID_VALUE',
        message: `report ${rowNumber}: metrics.latency.${name}.units ${JSON.stringify(b.units)} is not ms, s or ms/token`,
      };
    }
    putStats(values, prefix, (s) => (s === 'mean' ? b.mean : b[s]), factor);
  }
  return { rowNumber, values };
}

export function parseLlmdReport(content: string, options: ParseOptions = {}): ParseResult {
  const documents = documentsOf(content);
  if (!Array.isArray(documents)) return { rows: [], errors: [documents], warnings: [] };
  if (documents.length === 0)
    return {
      rows: [],
      errors: [{ row: null, field: null, code: 'EMPTY_IMPORT', message: 'no reports' }],
      warnings: [],
    };
  const errors: ImportError[] = [];
  const records: RawRecord[] = [];
  documents.forEach((document, index) => {
    const row = index + 1;
    if (!isRecord(document) || !isRecord(document.scenario) || !isRecord(document.metrics)) {
      errors.push({
        row,
        field: 'scenario',
        code: 'MISSING_FIELD',
        message: `report ${row} is not an llm-d benchmark report (needs version, scenario and metrics)`,
      });
      return;
    }
    if (String(document.version) !== '0.1') {
      errors.push({
        row,
        field: 'version',
        code: 'UNSUPPORTED_FORMAT',
        message: `report ${row} has schema version ${JSON.stringify(document.version)}; version 0.1 is read`,
      });
      return;
    }
    const record = recordOf(document, row);
    if ('code' in record) errors.push(record);
    else records.push(record);
  });
  if (errors.length > 0) return finishParse([], errors, [], documents.length);
  return normalizeRecords(records, { overrides: options.overrides, sourceOf: (field) => SOURCES[field] });
}
