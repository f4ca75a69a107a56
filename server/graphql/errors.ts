import { GraphQLError } from 'graphql';
import type { ErrorCode } from '../kernel/errors.js';

/** A GraphQL error with a code, for transport-level checks (ids, arguments) raised before a service runs. */
export function userError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}
