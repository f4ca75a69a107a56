import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/**
 * Per-caller token bucket on mutations (by API token, else by a shared anonymous bucket): `perMinute`
 * mutations, refilled continuously. Queries and subscriptions are not limited here.
 */
export function createMutationRateLimiter(perMinute: number): Plugin<Context> {
  const buckets = new Map<string, { tokens: number; updatedAt: number }>();
  const take = (key: string): boolean => {
    const now = Date.now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, updatedAt: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.updatedAt) / 60_000) * perMinute);
    bucket.updatedAt = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    buckets.set(key, bucket);
    return allowed;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!isMutation(args.document, args.operationName ?? null)) return;
      const ctx = args.contextValue as Context;
      const key = ctx.auth.principal ? `token:${ctx.auth.principal.tokenId}` : 'anonymous';
      if (!take(key)) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`rate limit: at most ${perMinute} mutations a minute`, {
              extensions: { code: 'RATE_LIMITED' },
            }),
          ],
        });
      }
    },
  };
}

function isMutation(document: DocumentNode, operationName: string | null): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return operation?.operation === 'mutation';
}
