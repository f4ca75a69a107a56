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
