import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { createContext, type AppServices, type Context } from './context.js';
import { DomainError } from './errors.js';
import { schema } from './schema.js';

export type ServerContext = { requestId: string };

/** Unexpected errors reach clients as a code and a request id only; the detail goes to the log. */
export function maskError(services: AppServices) {
  return (error: unknown, message: string): Error => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof DomainError) {
      return new GraphQLError(original.message, { extensions: { code: original.code, ...original.details } });
    }
    if (
      error instanceof GraphQLError &&
      (!error.originalError || error.originalError instanceof GraphQLError)
    ) {
      return error;
    }
    const requestId = randomUUID();
    services.logger.error({ err: original, requestId }, 'unexpected error');
    return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
  };
}

export function createYogaServer(services: AppServices): YogaServerInstance<ServerContext, Context> {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Compass GraphiQL', subscriptionsProtocol: 'WS' },
    logging: false,
    maskedErrors: { maskError: maskError(services) },
    context: ({ request, requestId }) =>
      createContext(services, requestId ?? request.headers.get('x-request-id') ?? randomUUID()),
  });
}
