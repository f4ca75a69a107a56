import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../server/domains/knowledge/import/detect-format.js';
import { parseImport } from '../../server/domains/knowledge/import/index.js';

/**
 * GuideLLM 0.5 writes the same report as YAML with `--output-path benchmarks.yaml` (GenerativeBenchmarksReport.save_file:
 * yaml.dump of model_dump(), keys sorted). Compass reads it as the JSON report: same rows.
 */

const json = readFileSync('test/fixtures/import/guidellm-v05-dataset.json', 'utf8');
const asYaml = (value: unknown) => stringify(value, { sortMapEntries: true });
const overrides = { hardware: 'H100', hardware_count: 1 };

describe('GuideLLM report as YAML', () => {
  it('is detected from its content and read into the same rows as the JSON report', () => {
    const yaml = asYaml(JSON.parse(json));
    expect(detectFormat(yaml)).toEqual({
      format: 'GUIDELLM_JSON',
      reason: 'a YAML GuideLLM report whose benchmarks[] carry "metrics"',
    });
    const fromYaml = parseImport('GUIDELLM_JSON', yaml, { overrides });
    const fromJson = parseImport('GUIDELLM_JSON', json, { overrides });
    expect(fromYaml.errors).toEqual([]);
    expect(fromYaml.rows).toHaveLength(3);
    expect(fromYaml).toEqual(fromJson);
  });

  it('keeps a python tuple tag as a plain list, and names a broken YAML file as such', () => {
    const tagged = asYaml(JSON.parse(json)).replace(
      /^( +)requests:\n/m,
      '$1timings: !!python/tuple [1, 2]\n$1requests:\n',
    );
    expect(parseImport('GUIDELLM_JSON', tagged, { overrides }).rows).toHaveLength(3);
    const broken = parseImport('GUIDELLM_JSON', 'benchmarks:\n  - metrics: [1, 2\n', { overrides });
    expect(broken.rows).toEqual([]);
    expect(broken.errors[0]).toMatchObject({ code: 'PARSE_ERROR' });
    expect(broken.errors[0]?.message).toMatch(/^not valid JSON or YAML: /);
  });

  it('does not take an llm-d YAML report or an exported_summaries CSV for one', () => {
    expect(
      detectFormat(readFileSync('test/fixtures/import/llmd-benchmark-report-v0.1.yaml', 'utf8')),
    ).toMatchObject({
      format: 'LLMD_REPORT',
    });
    expect(detectFormat(readFileSync('test/fixtures/import/summaries-good.csv', 'utf8'))).toMatchObject({
      format: 'SUMMARIES_CSV',
    });
  });
});
