import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../server/domains/knowledge/import/detect-format.js';
import { parseImport } from '../../server/domains/knowledge/import/index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');

describe('SUMMARIES_SQL (an exported_summaries pg_dump)', () => {
  const dump = fixture('summaries-pg-dump.sql');
  const csv = parseImport('SUMMARIES_CSV', fixture('summaries-good.csv'));

  it('is detected from its COPY / INSERT statements', () => {
    expect(detectFormat(dump)).toMatchObject({ format: 'SUMMARIES_SQL' });
    expect(detectFormat('INSERT INTO exported_summaries (config_id) VALUES (1);')).toMatchObject({
      format: 'SUMMARIES_SQL',
    });
  });

  it('reads COPY rows, INSERTs with a column list and positional INSERTs as the CSV of the same rows', () => {
    const result = parseImport('SUMMARIES_SQL', dump);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(csv.rows.length);
    // The first three carry every CSV column; the positional INSERT follows the table, which has no concurrency.
    expect(result.rows.slice(0, 3)).toEqual(csv.rows.slice(0, 3));
    expect(result.rows[3]).toEqual({ ...csv.rows[3], concurrency: null });
  });

  it('reads quoted quotes, NULL, casts and several tuples in one INSERT', () => {
    const row = (configId: string, repo: string) =>
      `('${configId}', '${repo}', 'H100', 1, 512, 256, 512, 256, 1.5, 300, 20, 25, 30, 40, 8, 9, 10, 12, 2000, 2500, 2700, 3000, NULL::text)`;
    const sql = `INSERT INTO "public"."exported_summaries" (config_id, model_hf_repo, hardware, hardware_count,
      prompt_tokens, output_tokens, mean_input_tokens, mean_output_tokens, requests_per_second, tokens_per_second,
      ttft_mean, ttft_p90, ttft_p95, ttft_p99, itl_mean, itl_p90, itl_p95, itl_p99, e2e_mean, e2e_p90, e2e_p95,
      e2e_p99, provider) VALUES ${row("it''s-1", 'meta-llama/llama-3.1-8b-instruct')},
      ${row('two', 'meta-llama/llama-3.1-8b-instruct')};`;
    const result = parseImport('SUMMARIES_SQL', sql);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.configId)).toEqual(["it's-1", 'two']);
  });

  it('rejects a broken dump whole, naming the row, and an empty one', () => {
    const broken = dump.slice(0, dump.indexOf('\\.\n'));
    expect(parseImport('SUMMARIES_SQL', broken)).toMatchObject({
      rows: [],
      errors: [{ code: 'PARSE_ERROR', message: expect.stringMatching(/no terminating/) }],
    });
    const short = dump.replace(/\tH100\t/, '\t');
    expect(parseImport('SUMMARIES_SQL', short).errors[0]).toMatchObject({ code: 'PARSE_ERROR', row: 1 });
    expect(parseImport('SUMMARIES_SQL', 'SET x = 1;').errors[0]).toMatchObject({ code: 'EMPTY_IMPORT' });
  });
});
