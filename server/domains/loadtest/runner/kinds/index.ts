/** The target kinds (types.ts has the interface), chosen by the recipe's `target.kind`. */
import { isOpenAiRecipe, kindOf, type Recipe } from '../../recipe.js';
import { prepareChroma } from './chroma.js';
import { prepareOpenAi, type SendRequest } from './openai.js';
import { preparePostgres } from './postgres.js';
import type { PreparedTarget, PrepareOptions } from './types.js';

export { KIND_REPORTING } from './reporting.js';

export async function prepareTarget(
  recipe: Recipe,
  options: PrepareOptions & { send?: SendRequest },
): Promise<PreparedTarget> {
  const target = recipe.target;
  if (target.kind === 'postgres') return preparePostgres({ ...recipe, target }, options);
  if (target.kind === 'chroma') return prepareChroma({ ...recipe, target }, options);
  if (!isOpenAiRecipe(recipe))
    throw new Error(`recipe ${recipe.name}: ${kindOf(recipe)} target without data`);
  return prepareOpenAi(recipe, options);
}
