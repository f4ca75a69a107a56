import { isRecord } from './json-document.js';
import { finishParse, lowerCaseKeys, normalizeRecords, type RawRecord } from './normalize.js';
import { at, first, modelName, percentileOf, putStats, type Obj } from './stats-fields.js';
import type { SummaryField } from './summary-fields.js';
import type { ImportError, ParseOptions, ParseResult } from './types.js';

/**
 * `vllm bench serve --save-result` results (vllm/benchmarks/serve.py): one JSON object per run, or one
 * per line with `--append-result`, or an array of them. Latencies are `mean_<m>_ms`, `median_<m>_ms`,
 * `p<P>_<m>_ms` for the metrics of `--percentile-metrics` (default ttft,tpot,itl — no e2el) at the
 * percentiles of `--metric-percentiles` (default 99 only). `--metadata KEY=VALUE` pairs land at the top
 * level: that is where hardware, hardware_count (and framework_version, prompt/output tokens) come from.
 */

const HINT =
  'run vllm bench serve with --percentile-metrics ttft,tpot,itl,e2el --metric-percentiles 50,90,95,99 ' +
  '(and --metadata hardware=H100 hardware_count=1), or state them on the import';

const SOURCES: Partial<Record<SummaryField, string>> = {
  ttft_p90: 'p90_ttft_ms',
  ttft_p95: 'p95_ttft_ms',
  ttft_p99: 'p99_ttft_ms',
  itl_p90: 'p90_tpot_ms',
  itl_p95: 'p95_tpot_ms',
  itl_p99: 'p99_tpot_ms',
  e2e_mean: 'mean_e2el_ms',
  e2e_p90: 'p90_e2el_ms',
  e2e_p95: 'p95_e2el_ms',
  e2e_p99: 'p99_e2el_ms',
  hardware: '--metadata hardware=…',
  hardware_count: '--metadata hardware_count=…',
};

/** The documents of a result file: one object, an array, or JSON lines. */
function documentsOf(content: string): unknown[] | ImportError {
  const text = content.replace(/^\uFEFF/, '').trim();
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value : [value];
  } catch {
    try {
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { row: null, field: null, code: 'PARSE_ERROR', message: `not JSON nor JSON lines: ${reason}` };
    }
  }
}

/** `20261120-141502` (local time of the client; read as UTC). */
function dateOf(value: unknown): Date | undefined {
  const m = typeof value === 'string' ? /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(value) : null;
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : undefined;
}

/** Per-request latencies (s) survive without --save-detailed: E2E statistics when e2el was not selected. */
function e2eFromLatencies(result: Obj): ((stat: 'mean' | 'p50' | 'p90' | 'p95' | 'p99') => number) | null {
  const latencies = result.latencies;
  if (!Array.isArray(latencies)) return null;
  const ms = latencies
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0)
    .map((v) => v * 1000)
    .sort((a, b) => a - b);
  if (ms.length === 0) return null;
  const mean = ms.reduce((sum, v) => sum + v, 0) / ms.length;
  return (stat) => (stat === 'mean' ? mean : percentileOf(ms, Number(stat.slice(1))));
}

function recordOf(result: Obj, rowNumber: number, derivedE2e: number[]): RawRecord {
  const meta = lowerCaseKeys(result);
  const completed = typeof result.completed === 'number' ? result.completed : Number.NaN;
  const perRequest = (total: unknown) =>
    typeof total === 'number' && completed > 0 ? total / completed : undefined;
  const rate = typeof result.request_rate === 'number' ? result.request_rate : undefined;
  const values: Obj = {
    model_hf_repo: first(meta.model_hf_repo, modelName(result.model_id, result.tokenizer_id)),
    hardware: meta.hardware,
    hardware_count: meta.hardware_count,
    prompt_tokens: meta.prompt_tokens,
    output_tokens: meta.output_tokens,
    framework: first(meta.framework, 'vllm'),
    framework_version: meta.framework_version,
    concurrency: first(result.max_concurrency),
    request_rate: rate,
    requests_per_second: result.request_throughput,
    tokens_per_second: result.output_throughput,
    tps_mean: result.output_throughput,
    mean_input_tokens: perRequest(result.total_input_tokens),
    mean_output_tokens: perRequest(result.total_output_tokens),
    huggingface_prompt_dataset: first(meta.dataset_name, meta.dataset),
    profiler_type: 'vllm-bench-serve',
    jbenchmark_created_at: dateOf(result.date),
  };
  const key = (stat: string, metric: string) =>
    result[stat === 'mean' ? `mean_${metric}_ms` : `${stat}_${metric}_ms`];
  putStats(values, 'ttft', (s) => first(key(s, 'ttft'), s === 'p50' ? result.median_ttft_ms : undefined));
  // TPOT is each request's mean gap, as GuideLLM's inter_token_latency and exported_summaries' itl are;
  // vLLM's own "itl" pools every gap of every request. TPOT when present, else ITL.
  putStats(values, 'itl', (s) =>
    first(key(s, 'tpot'), s === 'p50' ? result.median_tpot_ms : undefined, key(s, 'itl')),
  );
  putStats(values, 'e2e', (s) => first(key(s, 'e2el'), s === 'p50' ? result.median_e2el_ms : undefined));
  if (values.e2e_p95 === undefined) {
    const fromLatencies = e2eFromLatencies(result);
    if (fromLatencies) {
      putStats(values, 'e2e', fromLatencies);
      derivedE2e.push(rowNumber);
    }
  }
  return { rowNumber, values };
}

export function parseVllmBenchJson(content: string, options: ParseOptions = {}): ParseResult {
  const documents = documentsOf(content);
  if (!Array.isArray(documents)) return { rows: [], errors: [documents], warnings: [] };
  if (documents.length === 0)
    return {
      rows: [],
      errors: [{ row: null, field: null, code: 'EMPTY_IMPORT', message: 'no results' }],
      warnings: [],
    };
  const structural: ImportError[] = [];
  const records: RawRecord[] = [];
  const derivedE2e: number[] = [];
  documents.forEach((document, index) => {
    const row = index + 1;
    if (!isRecord(document) || at(document, 'request_throughput') === undefined) {
      structural.push({
        row,
        field: 'request_throughput',
        code: 'MISSING_FIELD',
        message: `result ${row} is not a vllm bench serve result (no request_throughput)`,
      });
    } else if (document.completed === 0) {
      structural.push({
        row,
        field: 'completed',
        code: 'INVALID_VALUE',
        message: `result ${row} has no completed requests`,
      });
    } else records.push(recordOf(document, row, derivedE2e));
  });
  if (structural.length > 0) return finishParse([], structural, [], documents.length);
  const result = normalizeRecords(records, {
    overrides: options.overrides,
    sourceOf: (field) => SOURCES[field],
  });
  const errors = result.errors.map((e) =>
    e.code === 'MISSING_FIELD' ? { ...e, message: `${e.message}; ${HINT}` } : e,
  );
  const warnings = [...result.warnings];
  if (derivedE2e.length > 0 && errors.length === 0) {
    warnings.push(
      `result(s) ${derivedE2e.join(', ')} have no e2el percentiles: E2E statistics computed from the per-request latencies`,
    );
  }
  return { rows: result.rows, errors, warnings };
}
