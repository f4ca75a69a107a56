/**
 * The one way a value reaches a manifest: as an inert YAML scalar.
 *
 * Strings are written as JSON strings (a JSON string is a valid YAML 1.2 double-quoted scalar) with every
 * character outside printable ASCII as a `\uXXXX` escape. The output is therefore one line of printable
 * ASCII between double quotes: it cannot end the scalar, start a key, a comment, a flow collection, an
 * anchor, a tag or a new document, whatever the input (newlines, `: `, `---`, `#`, quotes, liquid
 * delimiters, NUL, bidi controls, look-alike Unicode, lone surrogates). Numbers must be finite, booleans
 * are `true`/`false`; anything else (null, undefined, objects, arrays) is a template bug and throws.
 */

export class UnsafeTemplateValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeTemplateValueError';
  }
}

function escapeNonPrintable(json: string): string {
  return json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A string as a double-quoted YAML scalar, pure printable ASCII. */
export function yamlQuote(value: string): string {
  return escapeNonPrintable(JSON.stringify(value));
}

/** liquid `outputEscape`: every `{{ … }}` in every template goes through here. */
export function escapeYamlValue(value: unknown): string {
  if (typeof value === 'string') return yamlQuote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnsafeTemplateValueError(`non-finite number ${String(value)}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new UnsafeTemplateValueError(
    `a template tried to output ${what}; only strings, numbers and booleans are allowed`,
  );
}
