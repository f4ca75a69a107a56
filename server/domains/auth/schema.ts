import { builder } from '../../graphql/builder.js';
import { decodeNumericId } from '../../graphql/ids.js';
import { createApiToken, revokeApiToken } from './tokens.js';

const RoleEnum = builder.enumType('Role', {
  description:
    'viewer: queries and subscriptions · operator: + deployments and benchmark runs · admin: + imports, tokens, insights.',
  values: ['VIEWER', 'OPERATOR', 'ADMIN'] as const,
});

builder.prismaNode('ApiToken', {
  id: { field: 'id' },
  description: 'An API token (its secret is shown once, at creation, and never stored).',
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.expose('role', { type: RoleEnum }),
    prefix: t.exposeString('prefix', { description: 'The first characters, to recognise it.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedTokenRef = builder.objectRef<{ token: string; id: number }>('CreatedApiToken');
CreatedTokenRef.implement({
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The secret: store it now, it cannot be shown again.' }),
    apiToken: t.prismaField({
      type: 'ApiToken',
      resolve: (query, created, _args, ctx) =>
        ctx.prisma.apiToken.findUniqueOrThrow({ ...query, where: { id: created.id } }),
    }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.prismaField({
    type: ['ApiToken'],
    authScopes: { admin: true },
    resolve: (query, _root, _args, ctx) => ctx.prisma.apiToken.findMany({ ...query, orderBy: { id: 'asc' } }),
  }),
);

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreatedTokenRef,
    authScopes: { admin: true },
    args: { name: t.arg.string({ required: true }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: (_root, args, ctx) => createApiToken(ctx.prisma, args.name, args.role),
  }),
  revokeApiToken: t.boolean({
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => revokeApiToken(ctx.prisma, decodeNumericId(args.id, 'ApiToken', 'id')),
  }),
}));
