import { lookup } from 'node:dns/promises';
import { DomainError } from '../../kernel/errors.js';
import { runTargetProblem, type RunTargetPolicy } from './core/run-targets.js';
import type { Recipe } from './recipe.js';
import { targetHostname } from './recipe-targets.js';

/** What the recipe's host resolves to now (empty when it does not resolve: the run will say so). */
async function addressesOf(hostname: string): Promise<string[]> {
  try {
    return (await lookup(hostname.replace(/^\[|\]$/g, ''), { all: true, verbatim: true })).map(
      (a) => a.address,
    );
  } catch {
    return [];
  }
}

/** Why the recipe's target is refused by the policy (names and resolved addresses both), or null. */
export async function runTargetRefusal(recipe: Recipe, policy: RunTargetPolicy): Promise<string | null> {
  const hostname = targetHostname(recipe.target);
  return runTargetProblem(hostname, await addressesOf(hostname), policy);
}

/** startBenchmarkRun: a refused target is BAD_USER_INPUT on target.baseUrl, and nothing is queued. */
export async function assertRunTarget(recipe: Recipe, policy: RunTargetPolicy): Promise<void> {
  const problem = await runTargetRefusal(recipe, policy);
  if (problem !== null) {
    throw new DomainError('BAD_USER_INPUT', `invalid recipe: target.baseUrl: ${problem}`, {
      argument: 'input.recipe',
      issues: [{ path: 'target.baseUrl', message: problem }],
    });
  }
}
