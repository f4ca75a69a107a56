import { SloTargetsRef } from '../../catalog/schema.js';
import { builder } from '../../../graphql/builder.js';
import {
  BenchmarkSourceEnum,
  ExperienceClassEnum,
  IntentSourceEnum,
  PriorityEnum,
  PricingModelEnum,
} from '../../../graphql/enums.js';
import type { DeploymentSpecShape } from '../spec.js';

/** A DeploymentSpec as returned to clients; `source` says which extractor made it (RULES when typed in). */
export type { DeploymentSpecShape } from '../spec.js';

export const SloTargetsInput = builder.inputType('SloTargetsInput', {
  description: 'p95 targets in ms; any omitted target comes from the use case template.',
  fields: (t) => ({
    ttftP95Ms: t.float({ required: false }),
    itlP95Ms: t.float({ required: false }),
    e2eP95Ms: t.float({ required: false }),
  }),
});

export const DeploymentSpecInputRef = builder.inputType('DeploymentSpecInput', {
  fields: (t) => ({
    useCaseKey: t.string({
      required: false,
      description: 'Fills the traffic profile and SLOs from the template.',
    }),
    promptTokens: t.int({ required: false }),
    outputTokens: t.int({ required: false }),
    slo: t.field({ type: SloTargetsInput, required: false, description: 'Overrides the template.' }),
    requestsPerSecond: t.float({
      required: false,
      description: 'Peak load; or users + requestsPerUserPerMinute.',
    }),
    users: t.int({ required: false, description: 'Users active at the peak.' }),
    requestsPerUserPerMinute: t.float({
      required: false,
      description: 'Default 2 (docs/recommendations.md).',
    }),
    headroomPercent: t.float({ required: false }),
    priority: t.field({ type: PriorityEnum, required: false }),
    gpuTypes: t.stringList({
      required: false,
      description: 'Allow-list of GPU types or aliases; empty = all.',
    }),
    excludedGpuTypes: t.stringList({
      required: false,
      description: 'GPU types or aliases never to use (GPU_TYPE_EXCLUDED); wins over gpuTypes. Empty = none.',
    }),
    maxGpus: t.int({ required: false }),
    maxMonthlyCostUsd: t.float({ required: false }),
    approvedOnly: t.boolean({ required: false }),
    minQualityScore: t.float({ required: false }),
    sources: t.field({
      type: [BenchmarkSourceEnum],
      required: false,
      description: 'Default all; the most trusted per config wins.',
    }),
    limit: t.int({ required: false, description: 'Recommendations to return (1–100, default 10).' }),
    priceList: t.string({
      required: false,
      description: "Plan with this price list's prices (see priceLists) instead of the catalog's.",
    }),
    priceDate: t.string({
      required: false,
      description: 'YYYY-MM-DD the price list entries must be effective on (default today, UTC).',
    }),
    pricingModel: t.field({
      type: PricingModelEnum,
      required: false,
      description: 'Only entries of this pricing model; default the cheapest of any.',
    }),
    fitCluster: t.boolean({
      required: false,
      description:
        'Keep only plans whose replicas fit the free GPUs of the configured cluster (see clusterInventory); the rest are NOT_ENOUGH_FREE_GPUS.',
    }),
    gpuMemoryUtilization: t.float({
      required: false,
      description:
        'vLLM --gpu-memory-utilization the memory check holds every plan to (0 < x ≤ 1, default 0.9); the rest are DOES_NOT_FIT_MEMORY.',
    }),
    domains: t.stringList({ required: false }),
  }),
});

export const DeploymentSpecRef = builder.objectRef<DeploymentSpecShape>('DeploymentSpec');
DeploymentSpecRef.implement({
  description: 'A deployment spec after defaults: what extractIntent returns and recommend echoes. Editable.',
  fields: (t) => ({
    useCase: t.prismaField({ type: 'UseCase', nullable: true, resolve: (_query, spec) => spec.useCase }),
    trafficProfile: t.prismaField({ type: 'TrafficProfile', resolve: (_query, spec) => spec.trafficProfile }),
    exactProfile: t.exposeBoolean('exactProfile', {
      description: 'False when the tokens match no traffic profile (results are then estimates).',
    }),
    promptTokens: t.exposeInt('promptTokens'),
    outputTokens: t.exposeInt('outputTokens'),
    slo: t.field({ type: SloTargetsRef, resolve: (spec) => spec.slo }),
    experienceClass: t.field({ type: ExperienceClassEnum, resolve: (spec) => spec.experienceClass }),
    requestsPerSecond: t.exposeFloat('requestsPerSecond', { description: 'Peak load the plan is for.' }),
    loadDerivation: t.exposeString('loadDerivation', { description: 'How the peak load was worked out.' }),
    users: t.exposeInt('users', { nullable: true }),
    requestsPerUserPerMinute: t.exposeFloat('requestsPerUserPerMinute', { nullable: true }),
    headroomPercent: t.exposeFloat('headroomPercent'),
    priority: t.field({ type: PriorityEnum, resolve: (spec) => spec.priority }),
    gpuTypes: t.exposeStringList('gpuTypes'),
    excludedGpuTypes: t.exposeStringList('excludedGpuTypes'),
    maxGpus: t.exposeInt('maxGpus', { nullable: true }),
    maxMonthlyCostUsd: t.exposeFloat('maxMonthlyCostUsd', { nullable: true }),
    approvedOnly: t.exposeBoolean('approvedOnly'),
    minQualityScore: t.exposeFloat('minQualityScore', { nullable: true }),
    sources: t.field({ type: [BenchmarkSourceEnum], resolve: (spec) => spec.sources }),
    limit: t.exposeInt('limit'),
    fitCluster: t.exposeBoolean('fitCluster'),
    gpuMemoryUtilization: t.exposeFloat('gpuMemoryUtilization'),
    priceList: t.exposeString('priceList', { nullable: true }),
    priceDate: t.exposeString('priceDate', { nullable: true }),
    pricingModel: t.field({ type: PricingModelEnum, nullable: true, resolve: (spec) => spec.pricingModel }),
    domains: t.exposeStringList('domains'),
    notes: t.exposeStringList('notes'),
    source: t.field({ type: IntentSourceEnum, resolve: (spec) => spec.source }),
  }),
});
