import { parseDocument } from 'yaml';
import type { ImportError } from './types.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse as a value: the parsed document, or the PARSE_ERROR that explains why it is not JSON. */
export function parseJsonDocument(content: string): { value: unknown } | { error: ImportError } {
  try {
    return { value: JSON.parse(content.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: { row: null, field: null, code: 'PARSE_ERROR', message: `not valid JSON: ${reason}` } };
  }
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/**
 * A JSON document, or the same data as YAML (GuideLLM 0.5 saves `--output-path benchmarks.yaml` with the
 * report's `model_dump()`): JSON when the text starts like JSON, else YAML; either's PARSE_ERROR otherwise.
 */
export function parseJsonOrYamlDocument(content: string): { value: unknown } | { error: ImportError } {
  const text = content.replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return parseJsonDocument(text);
  const doc = parseDocument(text, { uniqueKeys: true });
  const fatal = doc.errors[0];
  if (fatal) {
    const reason = (fatal.message.split('\n')[0] ?? '').replace(/:$/, '');
    return {
      error: { row: null, field: null, code: 'PARSE_ERROR', message: `not valid JSON or YAML: ${reason}` },
    };
  }
  try {
    // Python's yaml.dump tags tuples (!!python/tuple): they stay plain sequences here. Few aliases at most.
    return { value: doc.toJS({ maxAliasCount: 50 }) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { error: { row: null, field: null, code: 'PARSE_ERROR', message: `not valid YAML: ${reason}` } };
  }
}
