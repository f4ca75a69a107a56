import { describe, expect, it } from 'vitest';
import {
  parseQueryFile,
  queryParamValues,
  sequenceValue,
  undeclaredParams,
} from '../../server/domains/loadtest/runner/kinds/query-file.js';
import { recipeIssues, refusedRecipeIssues } from './loadtest-recipe-fixtures.js';

describe('a postgres query file', () => {
  it('splits statements, names them and turns :params into $n outside quotes, casts and comments', () => {
    const statements = parseQueryFile(
      [
        '-- name: lookup',
        "SELECT price FROM items WHERE id = :item AND tag <> ':nope' AND note::text <> 'a;b'; -- :gone",
        '/* :neither; */ UPDATE items SET n = n + :delta WHERE id = :item AND "col:x" > 0;',
        "INSERT INTO t VALUES ('it''s :quoted', :delta)",
      ].join('\n'),
    );
    expect(statements.map((s) => s.name)).toEqual(['lookup', 'q2', 'q3']);
    expect(statements[0]).toEqual({
      name: 'lookup',
      text: "SELECT price FROM items WHERE id = $1 AND tag <> ':nope' AND note::text <> 'a;b'",
      params: ['item'],
    });
    expect(statements[1]!.text).toBe(
      '/* :neither; */ UPDATE items SET n = n + $1 WHERE id = $2 AND "col:x" > 0',
    );
    expect(statements[1]!.params).toEqual(['delta', 'item']);
    expect(statements[2]!.params).toEqual(['delta']);
  });

  it('refuses what it cannot run, saying why', () => {
    expect(() => parseQueryFile('-- nothing here\n', 'a.sql')).toThrow('a.sql: no statements');
    expect(() => parseQueryFile("SELECT 'open", 'a.sql')).toThrow('a.sql: unterminated string');
    expect(() => parseQueryFile('-- name: x\nSELECT 1;\n-- name: x\nSELECT 2;')).toThrow(/name x used twice/);
    const statements = parseQueryFile('SELECT :a, :b');
    expect(undeclaredParams(statements, { a: { kind: 'int', min: 1, max: 2 } })).toEqual(['b']);
  });

  it('generates each unit’s values from (seed, stream, seq), within their ranges', () => {
    const params = {
      item: { kind: 'int' as const, min: 5, max: 7 },
      amount: { kind: 'float' as const, min: 1, max: 2 },
      region: { kind: 'choice' as const, values: ['eu', 'us'] },
      id: { kind: 'sequence' as const, start: 100 },
    };
    const a = queryParamValues(params, 3, 1, 42);
    expect(queryParamValues(params, 3, 1, 42)).toEqual(a);
    expect(queryParamValues(params, 4, 1, 42)).not.toEqual(a);
    expect(a.id).toBe(sequenceValue(100, 1, 42));
    const items = new Set<number | string>();
    for (let seq = 0; seq < 200; seq++) {
      const v = queryParamValues(params, 3, 0, seq);
      items.add(v.item!);
      expect(v.amount).toBeGreaterThanOrEqual(1);
      expect(v.amount).toBeLessThan(2);
      expect(['eu', 'us']).toContain(v.region);
    }
    expect([...items].sort()).toEqual([5, 6, 7]);
  });

  it('is declared in the recipe with validated parameters', () => {
    const recipe = (workload: unknown) => ({
      name: 'q',
      target: { kind: 'postgres', database: 'd', user: 'u', workload },
      load: { profile: 'concurrent', concurrency: 2 },
      limits: { maxRequests: 10 },
    });
    expect(
      recipeIssues(
        recipe({ kind: 'queries', path: 'q.sql', params: { a: { kind: 'int', min: 1, max: 3 } } }),
      ),
    ).toEqual([]);
    expect(refusedRecipeIssues(recipe({ kind: 'queries', path: '../etc/q.sql' }))[0]?.path).toBe(
      'target.workload.path',
    );
    expect(
      refusedRecipeIssues(
        recipe({ kind: 'queries', path: 'q.sql', params: { a: { kind: 'int', min: 3, max: 1 } } }),
      )[0],
    ).toEqual({ path: 'target.workload.params.a.max', message: 'min must not exceed max' });
  });
});
