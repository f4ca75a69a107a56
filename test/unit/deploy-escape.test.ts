import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  escapeYamlValue,
  UnsafeTemplateValueError,
  yamlQuote,
} from '../../server/domains/deploy/render/escape.js';

/** Every string, placed as a value or key in block YAML, must parse back to itself and change nothing else. */
function roundTrip(value: string): unknown {
  const text = `before: 1\nkey: ${yamlQuote(value)}\n${yamlQuote(value)}: 2\nafter: 3\n`;
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length !== 1) return 'wrong document count';
  const doc = docs[0];
  if (!doc || doc.errors.length > 0 || doc.warnings.length > 0) return 'yaml error';
  return doc.toJS();
}

describe('escapeYamlValue', () => {
  it('quotes strings as printable-ASCII JSON strings', () => {
    expect(yamlQuote('plain')).toBe('"plain"');
    expect(yamlQuote('a\nb: c')).toBe('"a\\nb: c"');
    expect(yamlQuote('say "hi"')).toBe('"say \\"hi\\""');
    expect(yamlQuote('ｄ')).toBe('"\\uff44"');
    expect(yamlQuote('🦙')).toBe('"\\ud83e\\udd99"');
    expect(yamlQuote('\u2028')).toBe('"\\u2028"');
    expect(yamlQuote('\u007f')).toBe('"\\u007f"');
  });

  it('renders numbers and booleans bare and refuses everything else', () => {
    expect([escapeYamlValue(4), escapeYamlValue(0.9), escapeYamlValue(-1), escapeYamlValue(true)]).toEqual([
      '4',
      '0.9',
      '-1',
      'true',
    ]);
    for (const bad of [Number.NaN, Infinity, null, undefined, {}, [], () => 1, 1n]) {
      expect(() => escapeYamlValue(bad)).toThrow(UnsafeTemplateValueError);
    }
  });

  it('round-trips hostile strings verbatim as both values and keys', () => {
    const hostile = [
      'a\nkind: Secret',
      'x\n---\napiVersion: v1',
      '--- ',
      '...',
      'a: b',
      '# comment',
      'x # y',
      '"\'`',
      '{{ name }}',
      '{% raw %}',
      '&anchor *alias',
      '!!binary AAAA',
      '[1, 2]',
      '{a: 1}',
      '- item',
      '? key',
      '| block',
      '> folded',
      '@at',
      '%YAML 1.1',
      '\\',
      'trailing space ',
      ' leading',
      '',
      'null',
      'true',
      '0x1F',
      '1e3',
      '~',
      'a\u0000b',
      'bell\u0007',
      'esc\u001b[31m',
      'cr\rlf\r\n',
      'tab\tx',
      'del\u007f',
      'nel\u0085',
      'nbsp\u00a0',
      'rtl\u202edcba',
      'lsep\u2028psep\u2029',
      'bom\ufeff',
      '\ufffe\uffff',
      'lone \ud800 surrogate',
      'lone \udfff low',
      'ｄｅｐｌｏｙ',
      'llama🦙',
      'x'.repeat(1000),
    ];
    for (const value of hostile) {
      expect(roundTrip(value), JSON.stringify(value)).toEqual({
        before: 1,
        key: value,
        [value]: 2,
        after: 3,
      });
    }
  });

  it('a key longer than YAML allows (1024 chars) fails to parse instead of changing the document', () => {
    const long = 'x'.repeat(5000);
    expect(roundTrip(long)).toBe('yaml error');
    expect(parse(`v: ${yamlQuote(long)}\n`)).toEqual({ v: long });
  });

  it('round-trips every code point of the BMP (in chunks) and astral characters', () => {
    for (let start = 0; start < 0x10000; start += 0x400) {
      let chunk = '';
      for (let code = start; code < start + 0x400; code += 1) chunk += String.fromCharCode(code);
      expect(parse(`v: ${yamlQuote(chunk)}\n`)).toEqual({ v: chunk });
    }
    const astral = String.fromCodePoint(0x1f600, 0x10ffff, 0x20000);
    expect(parse(`v: ${yamlQuote(astral)}\n`)).toEqual({ v: astral });
  });

  it('output is always one line of printable ASCII inside double quotes', () => {
    for (let code = 0; code < 0x3000; code += 7) {
      const quoted = yamlQuote(`a${String.fromCharCode(code)}b`);
      expect(quoted).toMatch(/^"[\x20-\x7e]*"$/);
    }
  });
});
