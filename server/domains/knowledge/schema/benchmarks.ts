import { builder } from '../../../graphql/builder.js';
import { BenchmarkSourceEnum } from '../../../graphql/enums.js';
import { sharedConnection } from '../../../graphql/connections.js';
import { decodeNumericId } from '../../../graphql/ids.js';
import type { Prisma } from '../../../db/generated/prisma/client.js';
import { gpuNamed } from '../../catalog/core/gpu-name.js';
import { registerPrebuiltField } from '../../../graphql/prebuilt.js';
import { prepareBenchmarkPage, type PageArgs } from './benchmark-page.js';

export interface LatencyStatsShape {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p50Estimated: boolean;
}

export const LatencyStatsRef = builder.objectRef<LatencyStatsShape>('LatencyStats');
LatencyStatsRef.implement({
  description: 'Latency distribution in milliseconds.',
  fields: (t) => ({
    mean: t.exposeFloat('mean'),
    p50: t.exposeFloat('p50'),
    p90: t.exposeFloat('p90'),
    p95: t.exposeFloat('p95'),
    p99: t.exposeFloat('p99'),
    p50Estimated: t.exposeBoolean('p50Estimated', {
      description:
        'True when the source had no p50 (exported_summaries has none) and the mean stands in for it.',
    }),
  }),
});

function stats(mean: number, p50: number | null, p90: number, p95: number, p99: number): LatencyStatsShape {
  return { mean, p50: p50 ?? mean, p90, p95, p99, p50Estimated: p50 === null };
}

const LATENCY_COLUMNS = {
  ttftMean: true,
  ttftP50: true,
  ttftP90: true,
  ttftP95: true,
  ttftP99: true,
  itlMean: true,
  itlP50: true,
  itlP90: true,
  itlP95: true,
  itlP99: true,
  e2eMean: true,
  e2eP50: true,
  e2eP90: true,
  e2eP95: true,
  e2eP99: true,
} as const;

export const BenchmarkRef = builder.prismaNode('Benchmark', {
  id: { field: 'id' },
  // Select mode: a query reads only what it asks for. The columns almost every query asks for are
  // selected always and read by plain resolvers, which skip the per-row mapping lookup that Pothos
  // does for selection-bearing fields (docs/performance.md); the rest are selected on demand.
  select: {
    id: true,
    configId: true,
    hardwareCount: true,
    promptTokens: true,
    outputTokens: true,
    concurrency: true,
    requestsPerSecond: true,
    ...LATENCY_COLUMNS,
  },
  description: 'One load level of a (model, GPU, GPU count, traffic profile) configuration.',
  fields: (t) => ({
    configId: t.string({ resolve: (b) => b.configId }),
    model: t.relation('model'),
    gpu: t.relation('gpu'),
    gpuCount: t.int({ resolve: (b) => b.hardwareCount }),
    hardware: t.exposeString('hardware', { description: 'The GPU name as the source reported it.' }),
    trafficProfile: t.relation('trafficProfile', {
      nullable: true,
      description: 'Null for an imported row whose measured token means match no traffic profile.',
    }),
    promptTokens: t.int({ resolve: (b) => b.promptTokens }),
    outputTokens: t.int({ resolve: (b) => b.outputTokens }),
    meanInputTokens: t.exposeFloat('meanInputTokens'),
    meanOutputTokens: t.exposeFloat('meanOutputTokens'),
    concurrency: t.int({ nullable: true, resolve: (b) => b.concurrency }),
    requestRate: t.exposeFloat('requestRate', { nullable: true }),
    requestsPerSecond: t.float({ resolve: (b) => b.requestsPerSecond }),
    outputTokensPerSecond: t.exposeFloat('tokensPerSecond'),
    ttft: t.field({
      type: LatencyStatsRef,
      resolve: (b) => stats(b.ttftMean, b.ttftP50, b.ttftP90, b.ttftP95, b.ttftP99),
    }),
    itl: t.field({
      type: LatencyStatsRef,
      resolve: (b) => stats(b.itlMean, b.itlP50, b.itlP90, b.itlP95, b.itlP99),
    }),
    e2e: t.field({
      type: LatencyStatsRef,
      resolve: (b) => stats(b.e2eMean, b.e2eP50, b.e2eP90, b.e2eP95, b.e2eP99),
    }),
    source: t.expose('source', { type: BenchmarkSourceEnum }),
    framework: t.exposeString('framework', { nullable: true }),
    run: t.relation('run', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const BenchmarkConnection = sharedConnection(BenchmarkRef, 'BenchmarkConnection');

const BenchmarkFilter = builder.inputType('BenchmarkFilter', {
  description:
    'All given fields must match. Model and GPU accept a global id, a repo id / GPU type, or an alias.',
  fields: (t) => ({
    modelId: t.id({ required: false }),
    modelHfRepo: t.string({ required: false }),
    gpuId: t.id({ required: false }),
    gpuType: t.string({ required: false }),
    gpuCount: t.int({ required: false }),
    trafficProfileId: t.id({ required: false }),
    promptTokens: t.int({ required: false }),
    outputTokens: t.int({ required: false }),
    source: t.field({ type: BenchmarkSourceEnum, required: false }),
    minConcurrency: t.int({ required: false }),
    maxConcurrency: t.int({ required: false }),
    runId: t.id({ required: false }),
  }),
});

export type BenchmarkFilterInput = typeof BenchmarkFilter.$inferInput;

export function benchmarkWhere(filter: BenchmarkFilterInput | null | undefined): Prisma.BenchmarkWhereInput {
  if (!filter) return {};
  const where: Prisma.BenchmarkWhereInput = {};
  if (filter.modelId != null) where.modelId = decodeNumericId(filter.modelId, 'Model', 'filter.modelId');
  if (filter.modelHfRepo != null) where.model = { hfRepo: filter.modelHfRepo.toLowerCase() };
  if (filter.gpuId != null) where.gpuId = decodeNumericId(filter.gpuId, 'Gpu', 'filter.gpuId');
  if (filter.gpuType != null) {
    where.gpu = gpuNamed(filter.gpuType);
  }
  if (filter.gpuCount != null) where.hardwareCount = filter.gpuCount;
  if (filter.trafficProfileId != null) {
    where.trafficProfileId = decodeNumericId(
      filter.trafficProfileId,
      'TrafficProfile',
      'filter.trafficProfileId',
    );
  }
  if (filter.promptTokens != null) where.promptTokens = filter.promptTokens;
  if (filter.outputTokens != null) where.outputTokens = filter.outputTokens;
  if (filter.source != null) where.source = filter.source;
  if (filter.minConcurrency != null || filter.maxConcurrency != null) {
    where.concurrency = {
      ...(filter.minConcurrency != null ? { gte: filter.minConcurrency } : {}),
      ...(filter.maxConcurrency != null ? { lte: filter.maxConcurrency } : {}),
    };
  }
  if (filter.runId != null) where.runId = decodeNumericId(filter.runId, 'BenchmarkRun', 'filter.runId');
  return where;
}

builder.queryFields((t) => ({
  benchmarks: t.prismaConnection(
    {
      type: 'Benchmark',
      cursor: 'id',
      totalCount: (_root, args, ctx) => ctx.prisma.benchmark.count({ where: benchmarkWhere(args.filter) }),
      description: 'Benchmark rows, filtered; ordered by id (stable cursor).',
      args: { filter: t.arg({ type: BenchmarkFilter, required: false }) },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.benchmark.findMany({
          ...query,
          where: benchmarkWhere(args.filter),
          orderBy: { id: 'asc' },
        }),
    },
    BenchmarkConnection,
  ),
}));

registerPrebuiltField({
  field: 'benchmarks',
  builds: [
    'BenchmarkConnection',
    'BenchmarkEdge',
    'PageInfo',
    'Benchmark',
    'LatencyStats',
    'Model',
    'Gpu',
    'TrafficProfile',
  ],
  prepare: (args, ctx, selection) => {
    let where: Prisma.BenchmarkWhereInput;
    try {
      where = benchmarkWhere(args.filter as BenchmarkFilterInput | null | undefined);
    } catch {
      return null; // the Pothos path answers with the typed error
    }
    return prepareBenchmarkPage(args as PageArgs, ctx, selection, where);
  },
});
