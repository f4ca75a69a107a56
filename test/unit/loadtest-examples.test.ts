import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecipe } from '../../server/domains/loadtest/recipe.js';
import { parseQueryFile, undeclaredParams } from '../../server/domains/loadtest/runner/kinds/query-file.js';

/** Every recipe in examples/ is valid, and a query-file example's files parse with every parameter declared. */
describe('examples/', () => {
  const files = readdirSync('examples').filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s is a valid recipe', (file) => {
    const recipe = parseRecipe(readFileSync(path.join('examples', file), 'utf8'));
    if (recipe.target.kind !== 'postgres' || recipe.target.workload.kind !== 'queries') return;
    const workload = recipe.target.workload;
    const statements = parseQueryFile(
      readFileSync(path.join('datasets', workload.path), 'utf8'),
      workload.path,
    );
    expect(undeclaredParams(statements, workload.params)).toEqual([]);
    if (workload.setupPath) {
      const setup = parseQueryFile(readFileSync(path.join('datasets', workload.setupPath), 'utf8'));
      expect(setup.flatMap((s) => s.params)).toEqual([]);
    }
  });

  it('has the multi-worker and query-file examples', () => {
    expect(files).toEqual(expect.arrayContaining(['simulator-workers.yaml', 'postgres-queries.yaml']));
    expect(parseRecipe(readFileSync('examples/simulator-workers.yaml', 'utf8')).workers).toBe(2);
  });
});
