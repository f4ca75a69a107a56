import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/**
 * Per-caller token bucket on mutations (by API token, else by a shared anonymous bucket): `perMinute`
 * mutations, refilled continuously. Each root field of a mutation operation counts (so 20 aliases of
 * one mutation are 20); an operation the bucket cannot pay for in full runs none of its fields.
 * Queries and subscriptions are not limited here.
 */
export function createMutationRateLimiter(perMinute: number): Plugin<Context> {
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  const take = (key: string, cost: number): boolean => {
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.updatedAt) / 60_000) * perMinute);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= cost;
    if (allowed) bucket.tokens -= cost;
    buckets.set(key, bucket);
    return allowed;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = mutationFieldCount(args.document, args.operationName ?? null);
      if (cost === 0) return;
      const ctx = args.contextValue as Context;
      const key = ctx.auth.principal ? `token:${ctx.auth.principal.tokenId}` : 'anonymous';
      if (!take(key, cost)) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `rate limit: at most ${perMinute} mutations a minute (this operation has ${cost})`,
              { extensions: { code: 'RATE_LIMITED', mutations: cost } },
            ),
          ],
        });
      }
    },
  };
}

/**
 * How many mutation fields the selected operation runs: its root fields, aliases and fields inside
 * fragments on the root counted one each (`__typename` is free). 0 for a query or subscription.
 */
export function mutationFieldCount(document: DocumentNode, operationName: string | null): number {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (operation?.operation !== 'mutation') return 0;
  const fragments = new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
  const count = (selectionSet: SelectionSetNode, seen: ReadonlySet<string>): number =>
    selectionSet.selections.reduce((total, selection) => {
      if (selection.kind === Kind.FIELD) return total + (selection.name.value === '__typename' ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT) return total + count(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A fragment cycle is a validation error; it is not counted twice here either.
      if (!fragment || seen.has(name)) return total;
      return total + count(fragment.selectionSet, new Set([...seen, name]));
    }, 0);
  return count(operation.selectionSet, new Set());
}
