import { describe, expect, it } from 'vitest';
import {
  benchmarkRecipeYaml,
  DEFAULT_TARGET,
  recipeName,
  SWEEP_LEVELS,
} from '../../client/src/plan/benchmark-recipe.js';
import { parseRecipe, RecipeError } from '../../server/domains/loadtest/recipe.js';

/** The Plan screen's "benchmark this configuration" recipe, read back by the server's own recipe parser. */

const config = {
  hfRepo: 'meta-llama/Llama-3.1-8B-Instruct',
  gpuType: 'A100-80',
  gpuCount: 2,
  promptTokens: 4096,
  outputTokens: 512,
  slo: { ttftP95Ms: 600, itlP95Ms: 30, e2eP95Ms: 18000 },
};

describe('benchmarkRecipeYaml', () => {
  it('measures exactly the config, profile and SLOs against the chosen endpoint', () => {
    const recipe = parseRecipe(
      benchmarkRecipeYaml(config, {
        baseUrl: ' http://10.0.0.7:8000/v1 ',
        servedModel: 'llama-8b',
        api: 'completions',
        secondsPerLevel: 12,
      }),
    );
    expect(recipe.name).toBe('plan-llama-3.1-8b-instruct-2xa100-80-4096-512');
    expect(recipe.target).toMatchObject({
      baseUrl: 'http://10.0.0.7:8000/v1',
      model: 'llama-8b',
      api: 'completions',
    });
    expect(recipe.data).toEqual({
      kind: 'synthetic',
      promptTokens: 4096,
      outputTokens: 512,
      promptStdDev: 0,
      outputStdDev: 0,
      seed: 42,
    });
    expect(recipe.load).toEqual({ profile: 'sweep', sweepLevels: SWEEP_LEVELS });
    expect(recipe.limits.maxSeconds).toBe(12);
    expect(recipe.slo).toEqual(config.slo);
    expect(recipe.measures).toEqual({ model: config.hfRepo, gpu: 'A100-80', gpuCount: 2 });
    expect(recipe.tags).toEqual(['plan', 'benchmark-this-configuration']);
  });

  it('serves the HF repo when no served name is given, and quotes every value', () => {
    const recipe = parseRecipe(benchmarkRecipeYaml(config, { ...DEFAULT_TARGET, servedModel: '  ' }));
    expect(recipe.target).toMatchObject({
      baseUrl: 'http://127.0.0.1:8000',
      model: config.hfRepo,
      api: 'chat',
    });
    // A value with YAML syntax in it stays one string: the server refuses it as a URL, not as YAML.
    const hostile = benchmarkRecipeYaml(config, { ...DEFAULT_TARGET, baseUrl: 'x: y\nmeasures: {}' });
    expect(() => parseRecipe(hostile)).toThrow(RecipeError);
    expect(() => parseRecipe(hostile)).toThrow(/target\.baseUrl: must be an http\(s\) URL/);
  });

  it('names the recipe from the config', () => {
    expect(recipeName({ ...config, hfRepo: 'Qwen/Qwen2.5-72B', gpuType: 'H100', gpuCount: 8 })).toBe(
      'plan-qwen2.5-72b-8xh100-4096-512',
    );
  });
});
