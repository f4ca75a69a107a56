import { describe, expect, it } from 'vitest';
import {
  levelCount,
  parseRecipe,
  RECIPE_LIMITS,
  type RecipeInput,
} from '../../server/domains/loadtest/recipe.js';
import { baseRecipe, recipeIssues } from './loadtest-recipe-fixtures.js';

const L = RECIPE_LIMITS;

describe('recipe limits', () => {
  const cases: [string, (r: RecipeInput) => RecipeInput, string, string][] = [
    ['rate 1e9', (r) => ({ ...r, load: { profile: 'constant', rate: 1e9 } }), 'load.rate', `${L.rate}`],
    [
      'a rate in a list',
      (r) => ({ ...r, load: { profile: 'poisson', rate: [1, 501] } }),
      'load.rate[1]',
      `${L.rate}`,
    ],
    [
      'concurrency',
      (r) => ({ ...r, load: { profile: 'throughput', concurrency: 100_000 } }),
      'load.concurrency',
      `${L.concurrency}`,
    ],
    [
      'levels',
      (r) => ({
        ...r,
        load: { profile: 'concurrent', concurrency: Array.from({ length: 51 }, (_, i) => i + 1) },
      }),
      'load.concurrency',
      `${L.levels}`,
    ],
    [
      'sweepLevels',
      (r) => ({ ...r, load: { profile: 'sweep', sweepLevels: 99 } }),
      'load.sweepLevels',
      `${L.levels}`,
    ],
    [
      'promptTokens',
      (r) => ({ ...r, data: { kind: 'synthetic', promptTokens: 1e7, outputTokens: 4, seed: 1 } }),
      'data.promptTokens',
      `${L.promptTokens}`,
    ],
    [
      'outputTokens',
      (r) => ({ ...r, data: { kind: 'synthetic', promptTokens: 8, outputTokens: 1e6, seed: 1 } }),
      'data.outputTokens',
      `${L.outputTokens}`,
    ],
    ['maxSeconds', (r) => ({ ...r, limits: { maxSeconds: 1e6 } }), 'limits.maxSeconds', `${L.maxSeconds}`],
    [
      'maxRequests',
      (r) => ({ ...r, limits: { maxRequests: 1e9 } }),
      'limits.maxRequests',
      `${L.maxRequests}`,
    ],
    [
      'requestTimeoutSeconds',
      (r) => ({ ...r, limits: { maxRequests: 5, requestTimeoutSeconds: 1e9 } }),
      'limits.requestTimeoutSeconds',
      `${L.requestTimeoutSeconds}`,
    ],
    [
      'drainSeconds',
      (r) => ({ ...r, limits: { maxRequests: 5, drainSeconds: 1e9 } }),
      'limits.drainSeconds',
      `${L.drainSeconds}`,
    ],
    ['warmupSeconds', (r) => ({ ...r, warmupSeconds: 1e9 }), 'warmupSeconds', `${L.warmupSeconds}`],
    ['cooldownSeconds', (r) => ({ ...r, cooldownSeconds: 1e9 }), 'cooldownSeconds', `${L.cooldownSeconds}`],
    ['repetitions', (r) => ({ ...r, repetitions: 21 }), 'repetitions', `${L.repetitions}`],
    [
      'levels × repetitions',
      (r) => ({
        ...r,
        load: { profile: 'constant', rate: Array.from({ length: 50 }, (_, i) => i + 1) },
        repetitions: 5,
      }),
      'repetitions',
      `${L.levelRuns}`,
    ],
    ['tags', (r) => ({ ...r, tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }), 'tags', `${L.tags}`],
    [
      'headers',
      (r) => ({
        ...r,
        target: {
          ...r.target,
          headers: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`x-h${i}`, 'v'])),
        },
      }),
      'target.headers',
      `${L.headers}`,
    ],
    [
      'apiKey',
      (r) => ({ ...r, target: { ...r.target, apiKey: 'k'.repeat(5000) } }),
      'target.apiKey',
      `${L.apiKeyChars}`,
    ],
  ];
  it.each(cases)('refuses %s, naming the field and its limit', (_what, edit, path, limit) => {
    const issues = recipeIssues(edit(baseRecipe()));
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toContain(`at most ${limit}`);
  });

  it('accepts every field at its limit', () => {
    const recipe = parseRecipe({
      ...baseRecipe(),
      data: { kind: 'synthetic', promptTokens: L.promptTokens, outputTokens: L.outputTokens, seed: 1 },
      load: { profile: 'constant', rate: Array.from({ length: L.levels }, () => L.rate) },
      limits: {
        maxSeconds: L.maxSeconds,
        maxRequests: L.maxRequests,
        requestTimeoutSeconds: L.requestTimeoutSeconds,
        drainSeconds: L.drainSeconds,
      },
      warmupSeconds: L.warmupSeconds,
      cooldownSeconds: L.cooldownSeconds,
      repetitions: L.levelRuns / L.levels,
    });
    expect(recipe.load.rate).toHaveLength(L.levels);
  });

  it('refuses header names that are not HTTP tokens (no header injection)', () => {
    const issues = recipeIssues({
      ...baseRecipe(),
      target: { ...baseRecipe().target, headers: { 'x-a\r\nx-b': 'v' } },
    });
    expect(issues[0]?.path).toMatch(/^target\.headers/);
  });

  it('counts the levels of each plan', () => {
    expect(levelCount({ profile: 'sweep' })).toBe(7);
    expect(levelCount({ profile: 'sweep', sweepLevels: 10 })).toBe(12);
    expect(levelCount({ profile: 'constant', rate: [1, 2, 3] })).toBe(3);
    expect(levelCount({ profile: 'concurrent', concurrency: 4 })).toBe(1);
    expect(levelCount({ profile: 'synchronous' })).toBe(1);
  });
});
