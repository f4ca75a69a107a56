/** The target kinds (types.ts has the interface), chosen by the recipe's `target.kind`. */
import { isOpenAiRecipe, kindOf, type Recipe } from '../../recipe.js';
import type { TargetKindName } from '../../recipe-targets.js';
import { CHROMA_REPORTING, prepareChroma } from './chroma.js';
import { OPENAI_REPORTING, prepareOpenAi, type SendRequest } from './openai.js';
import { POSTGRES_REPORTING, preparePostgres } from './postgres.js';
import type { KindReporting, PreparedTarget, PrepareOptions } from './types.js';

export const KIND_REPORTING: Record<TargetKindName, KindReporting> = {
  openai: OPENAI_REPORTING,
  postgres: POSTGRES_REPORTING,
  chroma: CHROMA_REPORTING,
};

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
