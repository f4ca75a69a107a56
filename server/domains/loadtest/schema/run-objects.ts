import { redactRecipe } from '../core/secrets.js';
import { BenchmarkConnection } from '../../knowledge/schema/benchmarks.js';
import { builder } from '../../../graphql/builder.js';
import { sharedConnection } from '../../../graphql/connections.js';

export const RunStatusEnum = builder.enumType('RunStatus', {
  values: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const,
});

export const BenchmarkRunRef = builder.prismaNode('BenchmarkRun', {
  id: { field: 'id' },
  description: 'One execution of a benchmark recipe.',
  fields: (t) => ({
    name: t.exposeString('name'),
    status: t.expose('status', { type: RunStatusEnum }),
    targetUrl: t.exposeString('targetUrl'),
    targetModel: t.exposeString('targetModel'),
    profileKind: t.exposeString('profileKind'),
    promptTokens: t.exposeInt('promptTokens'),
    outputTokens: t.exposeInt('outputTokens'),
    gpuCount: t.exposeInt('gpuCount', { nullable: true }),
    model: t.relation('model', { nullable: true }),
    gpu: t.relation('gpu', { nullable: true }),
    tags: t.exposeStringList('tags'),
    recipe: t.field({
      type: 'JSON',
      description:
        'The recipe as submitted, its API key and header values redacted (*** and at most the last 4 characters).',
      resolve: (run) => redactRecipe(run.recipe as Parameters<typeof redactRecipe>[0]),
    }),
    error: t.exposeString('error', { nullable: true }),
    attempt: t.exposeInt('attempt'),
    completedLevels: t.exposeInt('completedLevels'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    benchmarks: t.relatedConnection(
      'benchmarks',
      { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } },
      BenchmarkConnection,
    ),
  }),
});

const BenchmarkRunConnection = sharedConnection(BenchmarkRunRef, 'BenchmarkRunConnection');

builder.queryFields((t) => ({
  benchmarkRuns: t.prismaConnection(
    {
      type: 'BenchmarkRun',
      cursor: 'id',
      totalCount: (_root, _args, ctx) => ctx.prisma.benchmarkRun.count(),
      description: 'Benchmark runs, newest first.',
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.benchmarkRun.findMany({ ...query, orderBy: { id: 'desc' } }),
    },
    BenchmarkRunConnection,
  ),
}));
