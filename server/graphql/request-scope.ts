import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The request id of the GraphQL operation being served, for code that runs outside the resolver's
 * context (yoga's maskError). HTTP requests and each graphql-ws operation run inside a scope.
 */
const scope = new AsyncLocalStorage<{ requestId: string }>();

export function withRequestScope<T>(requestId: string, run: () => T): T {
  return scope.run({ requestId }, run);
}

export function currentRequestId(): string | null {
  return scope.getStore()?.requestId ?? null;
}
