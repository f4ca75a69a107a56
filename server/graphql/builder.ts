import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import { roleAtLeast } from '../domains/auth/tokens.js';
import { DateTimeResolver, JSONResolver } from './scalars.js';
import type PrismaTypes from '../db/generated/pothos-types.js';
import { getDatamodel } from '../db/generated/pothos-types.js';
import type { Context } from './context.js';
import { MAX_PAGE_SIZE } from './list-limits.js';

export { MAX_PAGE_SIZE } from './list-limits.js';
export const DEFAULT_PAGE_SIZE = 50;

/** The one schema builder. Domains add their types to it from server/domains/<domain>/schema.ts (or schema/). */
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  AuthScopes: { viewer: boolean; operator: boolean; admin: boolean };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string | number };
  };
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    // Roles: viewer (queries, subscriptions) < operator (deployments, runs) < admin (imports, tokens, insights).
    authScopes: (ctx) => ({
      viewer: roleAtLeast(ctx.auth.role, 'VIEWER'),
      operator: roleAtLeast(ctx.auth.role, 'OPERATOR'),
      admin: roleAtLeast(ctx.auth.role, 'ADMIN'),
    }),
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, ctx, info) =>
      ctx.auth.role === null
        ? new GraphQLError(`${info.fieldName} needs an API token (Authorization: Bearer …)`, {
            extensions: { code: 'UNAUTHENTICATED' },
          })
        : new GraphQLError(`${info.fieldName} is not allowed for role ${ctx.auth.role}`, {
            extensions: { code: 'FORBIDDEN' },
          }),
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

// Every query and subscription needs viewer, every mutation operator; fields ask for more where needed.
builder.queryType({ authScopes: { viewer: true } });
builder.mutationType({ authScopes: { operator: true } });
builder.subscriptionType({ authScopes: { viewer: true } });
