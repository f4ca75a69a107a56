import { isRecord } from './json-document.js';
import type { ImportError, ImportFormat } from './types.js';

/** What the content looks like, and why; the reason goes into error messages. */
export interface DetectedFormat {
  format: ImportFormat;
  reason: string;
}

function firstLine(content: string): string {
  const end = content.indexOf('\n');
  return (end === -1 ? content : content.slice(0, end)).replace(/^\uFEFF/, '').trim();
}

function isStatsBlock(value: unknown): boolean {
  return isRecord(value) && typeof value.unit === 'string';
}

function firstJsonLine(text: string): unknown {
  try {
    return JSON.parse(firstLine(text)) as unknown;
  } catch {
    return null;
  }
}

function jsonShape(value: unknown): DetectedFormat | null {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (isRecord(first) && 'request_throughput' in first && !('model_hf_repo' in first))
      return { format: 'VLLM_BENCH_JSON', reason: 'a JSON array of vllm bench serve results' };
    if (isRecord(first) && isRecord(first.scenario) && isRecord(first.metrics))
      return { format: 'LLMD_REPORT', reason: 'a JSON array of llm-d benchmark reports' };
    return { format: 'SUMMARIES_JSON', reason: 'a JSON array of rows' };
  }
  if (!isRecord(value)) return null;
  if (isRecord(value.scenario) && isRecord(value.metrics))
    return { format: 'LLMD_REPORT', reason: 'an llm-d benchmark report (scenario + metrics)' };
  if (typeof value.request_throughput === 'number' && ('completed' in value || 'mean_ttft_ms' in value))
    return { format: 'VLLM_BENCH_JSON', reason: 'a vllm bench serve result (request_throughput, completed)' };
  if (
    isStatsBlock(value.time_to_first_token) ||
    isStatsBlock(value.request_latency) ||
    (isRecord(value.records) && isStatsBlock(value.records.time_to_first_token ?? value.records.ttft))
  )
    return {
      format: 'AIPERF_JSON',
      reason: 'an AIPerf / GenAI-Perf profile export (metric blocks with a unit)',
    };
  if (isRecord(value.report)) return { format: 'GUIDELLM_JSON', reason: 'a JSON wrapper with a "report"' };
  if (Array.isArray(value.benchmarks)) {
    const first: unknown = value.benchmarks[0];
    if (isRecord(first) && isRecord(first.metrics))
      return { format: 'GUIDELLM_JSON', reason: 'a JSON report whose benchmarks[] carry "metrics"' };
    return { format: 'SUMMARIES_JSON', reason: 'a JSON {"benchmarks": [ … ]} of exported_summaries rows' };
  }
  return null;
}

/**
 * The import format from the content alone (the file name is not trusted): JSON by its shape, else a
 * CSV whose header names exported_summaries columns. An ImportError when nothing fits.
 */
export function detectFormat(content: string): DetectedFormat | ImportError {
  const text = content.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (error) {
      // `vllm bench serve --append-result` writes one JSON object per line.
      const line = firstJsonLine(text);
      if (line !== null && jsonShape(line)?.format === 'VLLM_BENCH_JSON')
        return { format: 'VLLM_BENCH_JSON', reason: 'JSON lines of vllm bench serve results' };
      const reason = error instanceof Error ? error.message : String(error);
      return {
        row: null,
        field: null,
        code: 'PARSE_ERROR',
        message: `the content starts like JSON but is not valid JSON: ${reason}`,
      };
    }
    const shape = jsonShape(value);
    if (shape) return shape;
    return {
      row: null,
      field: null,
      code: 'UNSUPPORTED_FORMAT',
      message:
        'a JSON document of no known shape: expected exported_summaries rows ({"benchmarks": [ … ]} or [ … ]), ' +
        'a GuideLLM report (benchmarks[].metrics), a vllm bench serve result, an AIPerf / GenAI-Perf export ' +
        'or an llm-d benchmark report',
    };
  }
  // GuideLLM 0.5 `--output-path benchmarks.yaml`: top-level benchmarks: whose entries carry metrics:.
  if (/^benchmarks:\s*$/m.test(text) && /^\s+metrics:\s*$/m.test(text))
    return { format: 'GUIDELLM_JSON', reason: 'a YAML GuideLLM report whose benchmarks[] carry "metrics"' };
  if (/^(---\s*\n)?\s*version:/.test(text) || (/^scenario:/m.test(text) && /^metrics:/m.test(text)))
    return { format: 'LLMD_REPORT', reason: 'a YAML llm-d benchmark report (version, scenario, metrics)' };
  if (/^(COPY|INSERT\s+INTO)\s+("?public"?\.)?"?exported_summaries"?/im.test(text))
    return { format: 'SUMMARIES_SQL', reason: 'an SQL dump with COPY or INSERT INTO exported_summaries' };
  const header = firstLine(text).toLowerCase();
  if (header.includes(',') && /(^|,)\s*"?model_hf_repo"?\s*(,|$)/.test(header))
    return { format: 'SUMMARIES_CSV', reason: 'a CSV whose header names exported_summaries columns' };
  return {
    row: null,
    field: null,
    code: 'UNSUPPORTED_FORMAT',
    message:
      'cannot tell the format from the content: not JSON, not an llm-d YAML report, not an SQL dump of exported_summaries, and not a CSV with a model_hf_repo column; pass the format',
  };
}

export function describeDetected(detected: DetectedFormat): string {
  return `read as ${detected.format} (detected: ${detected.reason})`;
}
