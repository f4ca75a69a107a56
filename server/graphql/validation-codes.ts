import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

const LIMIT_MESSAGES = /(Query Cost limit|Query depth limit|Aliases limit|Directives limit|Token limit)/;

interface ErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

export function withCode(error: ErrorLike): ErrorLike {
  const tooComplex = LIMIT_MESSAGES.test(error.message);
  if (error.extensions?.code && !tooComplex) return error;
  const code = tooComplex ? 'QUERY_TOO_COMPLEX' : 'GRAPHQL_VALIDATION_FAILED';
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    extensions: { ...error.extensions, code },
  });
}

/**
 * Errors raised before execution (parse and validation, including armor's depth/cost/alias/token
 * limits) get an `extensions.code` like every other error, so clients can tell "too complex" from "wrong".
 */
export function validationErrorCodes(): Plugin<Context> {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result)) return;
      const errors = (result as { errors?: readonly ErrorLike[] }).errors;
      if (!errors?.some((error) => !error.extensions?.code || LIMIT_MESSAGES.test(error.message))) return;
      setResult({ ...(result as object), errors: errors.map(withCode) } as unknown as typeof result);
    },
  };
}
