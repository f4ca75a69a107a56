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

function jsonShape(value: unknown): DetectedFormat | null {
  if (Array.isArray(value)) return { format: 'SUMMARIES_JSON', reason: 'a JSON array of rows' };
  if (!isRecord(value)) return null;
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
        'a JSON document of no known shape: expected exported_summaries rows ({"benchmarks": [ … ]} or [ … ]) ' +
        'or a GuideLLM report (benchmarks[].metrics)',
    };
  }
  const header = firstLine(text).toLowerCase();
  if (header.includes(',') && /(^|,)\s*"?model_hf_repo"?\s*(,|$)/.test(header))
    return { format: 'SUMMARIES_CSV', reason: 'a CSV whose header names exported_summaries columns' };
  return {
    row: null,
    field: null,
    code: 'UNSUPPORTED_FORMAT',
    message:
      'cannot tell the format from the content: not JSON, and not a CSV with a model_hf_repo column; pass the format',
  };
}

export function describeDetected(detected: DetectedFormat): string {
  return `read as ${detected.format} (detected: ${detected.reason})`;
}
