import type { Model, Prisma } from '../../db/generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { BenchmarkConnection } from '../knowledge/schema/benchmarks.js';
import { sharedConnection } from '../../graphql/connections.js';
import { ExperienceClassEnum, PricingModelEnum } from '../../graphql/enums.js';
import { importPriceListCsv, isoDay, savePriceList } from './price-lists.js';
import { addModelFromConfig, readConfig, type SizedConfig } from './config-models.js';
import type { GpuSizing } from './core/model-sizing.js';
import { WEIGHT_FORMATS } from './core/hf-config.js';

export const SloTargetsRef = builder.objectRef<{ ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number }>(
  'SloTargets',
);
SloTargetsRef.implement({
  description: 'p95 latency targets in milliseconds.',
  fields: (t) => ({
    ttftP95Ms: t.exposeFloat('ttftP95Ms'),
    itlP95Ms: t.exposeFloat('itlP95Ms'),
    e2eP95Ms: t.exposeFloat('e2eP95Ms'),
  }),
});

export const TrafficProfileRef = builder.prismaNode('TrafficProfile', {
  id: { field: 'id' },
  // Always selected and read by plain resolvers: see BenchmarkRef. The rest on demand.
  select: { id: true, name: true, promptTokens: true, outputTokens: true },
  description: 'A GuideLLM traffic shape: prompt tokens → output tokens.',
  fields: (t) => ({
    name: t.string({ resolve: (p) => p.name }),
    promptTokens: t.int({ resolve: (p) => p.promptTokens }),
    outputTokens: t.int({ resolve: (p) => p.outputTokens }),
    description: t.exposeString('description'),
    useCases: t.relation('useCases', { query: { orderBy: { id: 'asc' } } }),
    benchmarks: t.relatedConnection(
      'benchmarks',
      { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } },
      BenchmarkConnection,
    ),
  }),
});

export const UseCaseRef = builder.prismaNode('UseCase', {
  id: { field: 'id' },
  description: 'An SLO template: a use case, its traffic profile and p95 targets.',
  select: { ttftP95Ms: true, itlP95Ms: true, e2eP95Ms: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    experienceClass: t.expose('experienceClass', { type: ExperienceClassEnum }),
    trafficProfile: t.relation('trafficProfile'),
    slo: t.field({
      type: SloTargetsRef,
      resolve: (useCase) => ({
        ttftP95Ms: useCase.ttftP95Ms,
        itlP95Ms: useCase.itlP95Ms,
        e2eP95Ms: useCase.e2eP95Ms,
      }),
    }),
    rationale: t.exposeString('rationale'),
  }),
});

export const ModelRef = builder.prismaNode('Model', {
  id: { field: 'id' },
  // Always selected and read by plain resolvers: see BenchmarkRef. The rest on demand.
  select: { id: true, hfRepo: true, name: true, qualityScore: true },
  description: 'An open model from the curated catalog.',
  fields: (t) => ({
    hfRepo: t.string({ description: 'Hugging Face repo id (lower case).', resolve: (m) => m.hfRepo }),
    name: t.string({ resolve: (m) => m.name }),
    provider: t.exposeString('provider'),
    family: t.exposeString('family'),
    parameterCountB: t.exposeFloat('parameterCountB', { description: 'Total parameters, billions.' }),
    activeParameterCountB: t.exposeFloat('activeParameterCountB', {
      nullable: true,
      description: 'Active parameters per token for mixture-of-experts models.',
    }),
    contextWindow: t.exposeInt('contextWindow'),
    tasks: t.exposeStringList('tasks'),
    domains: t.exposeStringList('domains'),
    license: t.exposeString('license'),
    licenseType: t.exposeString('licenseType'),
    minGpuMemoryGb: t.exposeFloat('minGpuMemoryGb'),
    quantization: t.exposeString('quantization'),
    recommendedFor: t.exposeStringList('recommendedFor'),
    approved: t.exposeBoolean('approved', { description: 'Approved for production use.' }),
    qualityEstimated: t.exposeBoolean('qualityEstimated'),
    notes: t.exposeString('notes'),
    origin: t.exposeString('origin', {
      description: 'CATALOG, or CONFIG_JSON for a model added from its config.json (planned on estimates).',
    }),
    qualityScore: t.float({
      description: 'Quality 0–100: overall, or for one use case when `useCaseKey` is given.',
      args: { useCaseKey: t.arg.string({ required: false }) },
      resolve: async (model, args, ctx) => {
        if (!args.useCaseKey) return model.qualityScore;
        return (
          (await ctx.loaders.qualityScore.load({ modelId: model.id, useCaseKey: args.useCaseKey })) ??
          model.qualityScore
        );
      },
    }),
    benchmarks: t.relatedConnection(
      'benchmarks',
      { cursor: 'id', totalCount: true, query: { orderBy: { id: 'asc' } } },
      BenchmarkConnection,
    ),
  }),
});

export const GpuPriceRef = builder.prismaObject('GpuPrice', {
  fields: (t) => ({
    provider: t.exposeString('provider'),
    region: t.exposeString('region'),
    hourlyUsd: t.exposeFloat('hourlyUsd'),
    effectiveDate: t.expose('effectiveDate', { type: 'DateTime' }),
  }),
});

export const GpuRef = builder.prismaNode('Gpu', {
  id: { field: 'id' },
  // Always selected and read by plain resolvers: see BenchmarkRef. The rest on demand.
  select: { id: true, type: true, hourlyPriceUsd: true },
  description: 'A GPU type with its default hourly price.',
  fields: (t) => ({
    type: t.string({ resolve: (g) => g.type }),
    aliases: t.exposeStringList('aliases'),
    vendor: t.exposeString('vendor'),
    architecture: t.exposeString('architecture'),
    vramGb: t.exposeInt('vramGb'),
    fp16Tflops: t.exposeFloat('fp16Tflops', { description: 'Dense FP16/BF16 tensor TFLOPS.' }),
    memoryBandwidthGbps: t.exposeFloat('memoryBandwidthGbps', { description: 'Memory bandwidth, GB/s.' }),
    computeCapability: t.exposeString('computeCapability', { nullable: true }),
    nodeSelectorLabel: t.exposeString('nodeSelectorLabel'),
    hourlyPriceUsd: t.float({ resolve: (g) => g.hourlyPriceUsd }),
    availability: t.exposeString('availability'),
    prices: t.relation('prices', { query: { orderBy: [{ provider: 'asc' }, { region: 'asc' }] } }),
  }),
});

const ModelConnection = sharedConnection(ModelRef, 'ModelConnection');

const ModelFilter = builder.inputType('ModelFilter', {
  fields: (t) => ({
    search: t.string({
      required: false,
      description: 'Substring of the repo id or name (case-insensitive).',
    }),
    family: t.string({ required: false }),
    task: t.string({ required: false }),
    domain: t.string({ required: false }),
    approved: t.boolean({ required: false }),
    maxParameterCountB: t.float({ required: false }),
    minParameterCountB: t.float({ required: false }),
  }),
});

builder.queryFields((t) => ({
  trafficProfiles: t.prismaField({
    type: ['TrafficProfile'],
    description: 'The 4 traffic profiles, ordered by prompt tokens.',
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.trafficProfile.findMany({ ...query, orderBy: { promptTokens: 'asc' } }),
  }),
  useCases: t.prismaField({
    type: ['UseCase'],
    description: 'The 9 SLO templates.',
    resolve: (query, _root, _args, ctx) => ctx.prisma.useCase.findMany({ ...query, orderBy: { id: 'asc' } }),
  }),
  useCase: t.prismaField({
    type: 'UseCase',
    nullable: true,
    args: { key: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.useCase.findUnique({ ...query, where: { key: args.key } }),
  }),
  models: t.prismaConnection(
    {
      type: 'Model',
      cursor: 'id',
      totalCount: (_root, args, ctx) => ctx.prisma.model.count({ where: modelWhere(args.filter) }),
      args: { filter: t.arg({ type: ModelFilter, required: false }) },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.model.findMany({ ...query, where: modelWhere(args.filter), orderBy: { id: 'asc' } }),
    },
    ModelConnection,
  ),
  gpus: t.prismaField({
    type: ['Gpu'],
    description: 'GPU types, cheapest first.',
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.gpu.findMany({ ...query, orderBy: [{ hourlyPriceUsd: 'asc' }, { type: 'asc' }] }),
  }),
}));

type ModelFilterInput = typeof ModelFilter.$inferInput;

function modelWhere(filter: ModelFilterInput | null | undefined): Prisma.ModelWhereInput {
  if (!filter) return {};
  const where: Prisma.ModelWhereInput = {};
  if (filter.search) {
    where.OR = [
      { hfRepo: { contains: filter.search, mode: 'insensitive' } },
      { name: { contains: filter.search, mode: 'insensitive' } },
    ];
  }
  if (filter.family) where.family = filter.family;
  if (filter.task) where.tasks = { has: filter.task };
  if (filter.domain) where.domains = { has: filter.domain };
  if (filter.approved != null) where.approved = filter.approved;
  if (filter.minParameterCountB != null || filter.maxParameterCountB != null) {
    where.parameterCountB = {
      ...(filter.minParameterCountB != null ? { gte: filter.minParameterCountB } : {}),
      ...(filter.maxParameterCountB != null ? { lte: filter.maxParameterCountB } : {}),
    };
  }
  return where;
}

builder.prismaObject('PriceListEntry', {
  description:
    'One GPU price of a price list, in the list currency, effective from a date (inclusive) to one (exclusive).',
  fields: (t) => ({
    gpu: t.relation('gpu'),
    provider: t.exposeString('provider'),
    region: t.exposeString('region'),
    pricingModel: t.expose('pricingModel', { type: PricingModelEnum }),
    hourlyPrice: t.exposeFloat('hourlyPrice', { description: 'Per GPU per hour, in the list currency.' }),
    effectiveFrom: t.string({
      description: 'YYYY-MM-DD, inclusive.',
      resolve: (e) => isoDay(e.effectiveFrom),
    }),
    effectiveTo: t.string({
      nullable: true,
      description: 'YYYY-MM-DD, exclusive; null = open-ended.',
      resolve: (e) => (e.effectiveTo ? isoDay(e.effectiveTo) : null),
    }),
  }),
});

builder.prismaObject('PriceList', {
  description:
    "A team's own GPU prices; recommend(spec: { priceList }) plans with them (docs/recommendations.md).",
  fields: (t) => ({
    name: t.exposeString('name'),
    currency: t.exposeString('currency', {
      description: 'ISO 4217; costs are shown in it, never converted.',
    }),
    description: t.exposeString('description'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    entries: t.relation('entries', {
      query: {
        orderBy: [{ gpuId: 'asc' }, { provider: 'asc' }, { region: 'asc' }, { effectiveFrom: 'asc' }],
      },
    }),
  }),
});

const PriceEntryInput = builder.inputType('PriceEntryInput', {
  fields: (t) => ({
    gpu: t.string({ required: true, description: 'GPU type or alias.' }),
    provider: t.string({ required: true }),
    region: t.string({ required: true }),
    pricingModel: t.field({ type: PricingModelEnum, required: true }),
    hourlyPrice: t.float({ required: true, description: 'Per GPU per hour, in the list currency.' }),
    effectiveFrom: t.string({ required: true, description: 'YYYY-MM-DD, inclusive.' }),
    effectiveTo: t.string({ required: false, description: 'YYYY-MM-DD, exclusive.' }),
  }),
});

const listFields = {
  name: { required: true, description: 'Unique; what spec.priceList names.' },
  currency: { required: false, description: 'ISO 4217 code (default USD, or the CSV currency column).' },
} as const;

const SetPriceListInput = builder.inputType('SetPriceListInput', {
  fields: (t) => ({
    name: t.string(listFields.name),
    currency: t.string(listFields.currency),
    description: t.string({ required: false }),
    entries: t.field({ type: [PriceEntryInput], required: true }),
    replace: t.boolean({ required: false, description: 'Replace the entries (default) or add to them.' }),
  }),
});

const ImportPriceListInput = builder.inputType('ImportPriceListInput', {
  fields: (t) => ({
    name: t.string(listFields.name),
    currency: t.string(listFields.currency),
    description: t.string({ required: false }),
    csv: t.string({
      required: true,
      description:
        'Header: gpu, provider, region, pricing (ON_DEMAND|RESERVED|SPOT), hourly_price, effective_from[, effective_to][, currency].',
    }),
    replace: t.boolean({ required: false, description: 'Replace the entries (default) or add to them.' }),
  }),
});

builder.queryFields((t) => ({
  priceLists: t.prismaField({
    type: ['PriceList'],
    description: 'Saved price lists, by name.',
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.priceList.findMany({ ...query, orderBy: { name: 'asc' } }),
  }),
  priceList: t.prismaField({
    type: 'PriceList',
    nullable: true,
    args: { name: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.priceList.findUnique({ ...query, where: { name: args.name } }),
  }),
}));

builder.mutationFields((t) => ({
  setPriceList: t.prismaField({
    type: 'PriceList',
    description: 'Creates or updates a price list from entries; invalid input changes nothing.',
    args: { input: t.arg({ type: SetPriceListInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const list = await savePriceList(ctx.prisma, {
        ...input,
        entries: input.entries.map((e) => ({ ...e, effectiveTo: e.effectiveTo ?? null })),
      });
      return ctx.prisma.priceList.findUniqueOrThrow({ ...query, where: { id: list.id } });
    },
  }),
  importPriceList: t.prismaField({
    type: 'PriceList',
    description: 'Creates or updates a price list from CSV text; invalid input changes nothing.',
    args: { input: t.arg({ type: ImportPriceListInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const list = await importPriceListCsv(ctx.prisma, input);
      return ctx.prisma.priceList.findUniqueOrThrow({ ...query, where: { id: list.id } });
    },
  }),
}));

const WeightFormatEnum = builder.enumType('WeightFormat', {
  description: 'Weight storage format; overrides what config.json says (torch_dtype, quantization_config).',
  values: WEIGHT_FORMATS,
});

const GpuSizingRef = builder.objectRef<GpuSizing>('GpuSizing');
GpuSizingRef.implement({
  description:
    'A config.json model on one GPU type and count: memory, and a roofline latency at concurrency 1.',
  fields: (t) => ({
    gpuType: t.exposeString('gpuType'),
    gpuCount: t.exposeInt('gpuCount'),
    fits: t.exposeBoolean('fits'),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it does not fit.' }),
    weightsGbPerGpu: t.exposeFloat('weightsGbPerGpu'),
    usableGbPerGpu: t.exposeFloat('usableGbPerGpu', {
      description: 'VRAM × gpuMemoryUtilization − runtime overhead (1.5 GB).',
    }),
    kvCacheGb: t.exposeFloat('kvCacheGb', { description: 'KV cache of the replica (all its GPUs).' }),
    kvBytesPerTokenReplica: t.exposeInt('kvBytesPerTokenReplica'),
    maxSequences: t.exposeInt('maxSequences', {
      description: 'Sequences of contextLength tokens the KV cache holds.',
    }),
    ttftMs: t.exposeFloat('ttftMs', { nullable: true, description: 'ESTIMATED (roofline), concurrency 1.' }),
    itlMs: t.exposeFloat('itlMs', { nullable: true, description: 'ESTIMATED (roofline), concurrency 1.' }),
  }),
});

const ModelSizingRef = builder.objectRef<SizedConfig>('ModelSizing');
ModelSizingRef.implement({
  description:
    'Memory arithmetic of a model from its config.json (docs/recommendations.md, "Models from config.json").',
  fields: (t) => ({
    parameterCount: t.float({ resolve: (s) => s.sizing.parameters }),
    activeParameterCount: t.float({ resolve: (s) => s.sizing.activeParameters }),
    weightsGb: t.float({ resolve: (s) => s.sizing.weightBytes / 1e9 }),
    kvCacheBytesPerToken: t.int({ resolve: (s) => s.sizing.kvBytesPerToken }),
    contextLength: t.exposeInt('contextLength'),
    gpuMemoryUtilization: t.exposeFloat('gpuMemoryUtilization'),
    weightFormat: t.string({ resolve: (s) => s.architecture.weightFormat }),
    architecture: t.field({ type: 'JSON', resolve: (s) => s.architecture }),
    notes: t.stringList({
      description: 'Defaults assumed for fields config.json lacks.',
      resolve: (s) => s.architecture.notes,
    }),
    gpus: t.field({
      type: [GpuSizingRef],
      args: { fitsOnly: t.arg.boolean({ required: false }) },
      resolve: (s, args) => (args.fitsOnly ? s.sizing.gpus.filter((g) => g.fits) : s.sizing.gpus),
    }),
  }),
});

const ModelConfigInput = builder.inputType('ModelConfigInput', {
  fields: (t) => ({
    configJson: t.string({ required: true, description: "The model's Hugging Face config.json, as text." }),
    weightFormat: t.field({ type: WeightFormatEnum, required: false }),
    contextLength: t.int({
      required: false,
      description: 'Tokens per sequence (default max_position_embeddings).',
    }),
    gpuMemoryUtilization: t.float({
      required: false,
      description: 'vLLM --gpu-memory-utilization (default 0.9).',
    }),
    promptTokens: t.int({ required: false, description: 'Profile of the roofline latencies (default 512).' }),
    outputTokens: t.int({ required: false, description: 'Default 256.' }),
  }),
});

const AddModelFromConfigInput = builder.inputType('AddModelFromConfigInput', {
  fields: (t) => ({
    hfRepo: t.string({ required: true, description: 'owner/name; stored lower case.' }),
    name: t.string({ required: false }),
    qualityScore: t.float({ required: false, description: '0–100 for every use case (default 0: unknown).' }),
    configJson: t.string({ required: true, description: "The model's Hugging Face config.json, as text." }),
    weightFormat: t.field({ type: WeightFormatEnum, required: false }),
    contextLength: t.int({ required: false }),
    gpuMemoryUtilization: t.float({ required: false }),
  }),
});

const AddModelPayload = builder.objectRef<{ model: Model } & SizedConfig>('AddModelFromConfigPayload');
AddModelPayload.implement({
  fields: (t) => ({
    model: t.prismaField({
      type: 'Model',
      resolve: (query, p, _args, ctx) =>
        ctx.prisma.model.findUniqueOrThrow({ ...query, where: { id: p.model.id } }),
    }),
    sizing: t.field({ type: ModelSizingRef, resolve: (p) => p }),
  }),
});

builder.queryField('modelSizing', (t) =>
  t.field({
    type: ModelSizingRef,
    description: 'Sizes a model from its config.json on every catalog GPU type and count; saves nothing.',
    args: { input: t.arg({ type: ModelConfigInput, required: true }) },
    resolve: (_root, { input }) => readConfig(input),
  }),
);

builder.mutationField('addModelFromConfig', (t) =>
  t.field({
    type: AddModelPayload,
    description:
      'Adds a model outside the catalog from its config.json; recommend() then plans it on ESTIMATED roofline rows.',
    args: { input: t.arg({ type: AddModelFromConfigInput, required: true }) },
    resolve: (_root, { input }, ctx) => addModelFromConfig(ctx.prisma, input),
  }),
);
