import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../server/graphql/context.js';
import { withRequestScope } from '../../server/graphql/request-scope.js';
import { maskError } from '../../server/graphql/yoga.js';
import { DomainError } from '../../server/kernel/errors.js';

function servicesLogging(into: Record<string, unknown>[]): AppServices {
  const logger = pino(
    {
      level: 'info',
      hooks: {
        logMethod(args, method) {
          if (typeof args[0] === 'object' && args[0] !== null) into.push(args[0] as Record<string, unknown>);
          return method.apply(this, args);
        },
      },
    },
    { write: () => undefined },
  );
  return { logger } as unknown as AppServices;
}

describe('maskError', () => {
  it("answers an unexpected error with the request's own id and logs the detail under the same id", () => {
    const logged: Record<string, unknown>[] = [];
    const mask = maskError(servicesLogging(logged));
    const masked = withRequestScope('req-123', () =>
      mask(
        new GraphQLError('boom', { originalError: new Error('secret detail at db.ts:12') }),
        'Unexpected error.',
      ),
    ) as GraphQLError;
    expect(masked.message).toBe('Unexpected error.');
    expect(masked.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-123' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ requestId: 'req-123' });
    expect(String((logged[0]!.err as Error).message)).toContain('secret detail');
  });

  it('outside any request still gives an id, and passes domain errors through with their code', () => {
    const mask = maskError(servicesLogging([]));
    const masked = mask(
      new GraphQLError('boom', { originalError: new Error('x') }),
      'Unexpected error.',
    ) as GraphQLError;
    expect(masked.extensions.requestId).toEqual(expect.any(String));
    const domain = withRequestScope('req-9', () =>
      mask(new GraphQLError('no', { originalError: new DomainError('NOT_FOUND', 'no model 7') }), 'x'),
    ) as GraphQLError;
    expect(domain.message).toBe('no model 7');
    expect(domain.extensions.code).toBe('NOT_FOUND');
  });
});
