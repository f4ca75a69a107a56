import {
  parseRecipe,
  RecipeError,
  type RecipeInput,
  type RecipeIssue,
} from '../../server/domains/loadtest/recipe.js';

/** Shared inputs for the loadtest-recipe* tests. */

/** The smallest valid recipe: five synchronous requests of a tiny synthetic prompt. */
export function baseRecipe(): RecipeInput {
  return {
    name: 'r',
    target: { baseUrl: 'http://localhost:8000/v1', model: 'm' },
    data: { kind: 'synthetic', promptTokens: 8, outputTokens: 4, seed: 1 },
    load: { profile: 'synchronous' },
    limits: { maxRequests: 5 },
  };
}

/** What `parseRecipe` reports about `input`; [] when it accepts it. */
export function recipeIssues(input: unknown): RecipeIssue[] {
  try {
    parseRecipe(input);
  } catch (error) {
    if (error instanceof RecipeError) return error.issues;
    throw error;
  }
  return [];
}

/** Like `recipeIssues`, for a test that means `input` to be refused: an accepted input fails it. */
export function refusedRecipeIssues(input: unknown): RecipeIssue[] {
  const issues = recipeIssues(input);
  if (issues.length === 0) throw new Error('expected a RecipeError');
  return issues;
}
