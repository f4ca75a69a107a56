import { SloTargetsRef } from '../../catalog/schema.js';
import { builder } from '../../../graphql/builder.js';
import { BenchmarkSourceEnum } from '../../../graphql/enums.js';
import {
  CONFIDENCE_LEVELS,
  confidenceOf,
  restsOnModelOnly,
  TRUST_WARNING_CODES,
  trustWarning,
  type TrustWarning,
} from '../core/confidence.js';
import { resolveSpec } from '../spec.js';
import { DeploymentSpecInputRef, DeploymentSpecRef } from './spec.js';
import { recommendForSpec, type RecommendationResult } from '../service.js';
import type { RecommendationEvidence, RecommendationOut, RejectedOut } from '../types.js';

const ConfidenceEnum = builder.enumType('Confidence', {
  description:
    'What a recommendation rests on: MEASURED (Compass runs), IMPORTED (your measurements), CALIBRATED (the ' +
    'synthetic model fitted to measured rows), SYNTHETIC (the model alone), ESTIMATED (a fit for a profile ' +
    'without exact rows).',
  values: CONFIDENCE_LEVELS,
});

const recommendationConfidence = (r: RecommendationOut) =>
  confidenceOf({ source: r.source, estimated: r.estimated });

const TrustWarningCodeEnum = builder.enumType('TrustWarningCode', {
  description:
    'Why a recommendation is not to be trusted as it stands: MODEL_ONLY (synthetic or calibrated rows only), ' +
    'ESTIMATED (no exact benchmark of the profile), THIN_MEASUREMENTS (measured at fewer than 3 load levels).',
  values: TRUST_WARNING_CODES,
});

const TrustWarningRef = builder.objectRef<TrustWarning>('TrustWarning');
TrustWarningRef.implement({
  description:
    'What the Plan screen warns about a recommendation, and why; benchmark the config to clear it.',
  fields: (t) => ({
    code: t.field({ type: TrustWarningCodeEnum, resolve: (w) => w.code }),
    message: t.exposeString('message'),
  }),
});

const EvidenceRef = builder.objectRef<
  RecommendationEvidence & { confidence: ReturnType<typeof confidenceOf> }
>('RecommendationEvidence');
EvidenceRef.implement({
  description: 'How much lies behind a recommendation’s numbers (docs/recommendations.md "Confidence").',
  fields: (t) => ({
    rowCount: t.exposeInt('rowCount', {
      description:
        "Rows of the trusted source for this config at the spec's profile (estimates: estimated rows).",
    }),
    feasibleRowCount: t.exposeInt('feasibleRowCount', {
      description: 'Of those, the rows within the targets (a near miss: the relaxed targets).',
    }),
    outranked: t.field({
      type: [BenchmarkSourceEnum],
      description: 'Sources that also had rows for this config but were outranked by the trusted one.',
      resolve: (e) => [...e.outranked],
    }),
    restsOnMeasurement: t.boolean({
      description:
        'False when the numbers come from the performance model or an estimate, not a measurement.',
      resolve: (e) => !restsOnModelOnly(e.confidence),
    }),
  }),
});

const NearMissRef = builder.objectRef<NonNullable<RecommendationOut['nearMiss']>>('NearMiss');
NearMissRef.implement({
  description: 'The target a near miss misses at its lightest load, and by how much.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    gapPercent: t.exposeFloat('gapPercent'),
  }),
});

const ClusterFitRef = builder.objectRef<NonNullable<RecommendationOut['cluster']>>('ClusterFit');
ClusterFitRef.implement({
  description: 'With fitCluster: the free GPUs of the type before and after this plan.',
  fields: (t) => ({
    gpuType: t.exposeString('gpuType'),
    free: t.exposeInt('free', { description: 'Free GPUs of the type before this plan.' }),
    placeableReplicas: t.exposeInt('placeableReplicas', {
      description: "Replicas of this GPU count the nodes' free GPUs hold (a replica stays on one node).",
    }),
    freeAfter: t.exposeInt('freeAfter', { description: 'Free GPUs of the type left after this plan.' }),
  }),
});

const RecommendationRef = builder.objectRef<RecommendationOut>('Recommendation');
RecommendationRef.implement({
  description: 'A (model, GPU, GPU count) configuration that meets the SLOs, with its capacity plan.',
  fields: (t) => ({
    rank: t.exposeInt('rank'),
    model: t.prismaField({
      type: 'Model',
      resolve: async (_query, rec, _args, ctx) => (await ctx.loaders.modelById.load(rec.modelId))!,
    }),
    gpu: t.prismaField({
      type: 'Gpu',
      resolve: async (_query, rec, _args, ctx) => (await ctx.loaders.gpuById.load(rec.gpuId))!,
    }),
    gpuCount: t.exposeInt('gpuCount'),
    replicas: t.exposeInt('replicas'),
    totalGpus: t.exposeInt('totalGpus'),
    monthlyCostUsd: t.exposeFloat('monthlyCostUsd', {
      description: 'Monthly cost in `currency`: USD unless the spec names a price list in another currency.',
    }),
    currency: t.exposeString('currency', {
      description: 'ISO 4217 code of the cost, as the price list gives it.',
    }),
    priceSource: t.exposeString('priceSource', {
      nullable: true,
      description:
        "The price list entry behind the cost (list, pricing model, provider, region, date); null for the catalog's price.",
    }),
    perReplicaCapacityRps: t.exposeFloat('perReplicaCapacityRps'),
    perReplicaLoadRps: t.exposeFloat('perReplicaLoadRps'),
    predicted: t.field({
      type: SloTargetsRef,
      description: 'p95s at the real per-replica load.',
      resolve: (r) => r.predicted,
    }),
    sloMargins: t.field({
      type: SloTargetsRef,
      description: '(target − predicted) / target.',
      resolve: (r) => r.sloMargins,
    }),
    score: t.exposeFloat('score', { nullable: true, description: 'BALANCED score in [0, 1].' }),
    source: t.field({ type: BenchmarkSourceEnum, resolve: (r) => r.source }),
    estimated: t.exposeBoolean('estimated'),
    confidence: t.field({
      type: ConfidenceEnum,
      description:
        'From the rows behind the numbers; SYNTHETIC and ESTIMATED rest on no measurement of this config.',
      resolve: recommendationConfidence,
    }),
    evidence: t.field({
      type: EvidenceRef,
      resolve: (r) => ({ ...r.evidence, confidence: recommendationConfidence(r) }),
    }),
    trustWarning: t.field({
      type: TrustWarningRef,
      nullable: true,
      description:
        'Set when the numbers rest only on synthetic or estimated rows, or on fewer than 3 measured rows; null when measured.',
      resolve: async (r, _args, ctx) => {
        const [model, gpu] = await Promise.all([
          ctx.loaders.modelById.load(r.modelId),
          ctx.loaders.gpuById.load(r.gpuId),
        ]);
        return trustWarning({
          confidence: recommendationConfidence(r),
          config: `${model?.hfRepo ?? `model ${r.modelId}`} on ${r.gpuCount} × ${gpu?.type ?? `GPU ${r.gpuId}`}`,
          profile: r.evidence.profile,
          rowCount: r.evidence.rowCount,
          estimatedFromProfiles: r.evidence.estimatedFromProfiles,
          roofline: r.evidence.roofline,
        });
      },
    }),
    nearMiss: t.field({ type: NearMissRef, nullable: true, resolve: (r) => r.nearMiss ?? null }),
    cluster: t.field({ type: ClusterFitRef, nullable: true, resolve: (r) => r.cluster ?? null }),
    explanation: t.exposeString('explanation'),
    benchmarksUsed: t.prismaField({
      type: ['Benchmark'],
      description: 'The rows behind the numbers (for estimates: the rows the fit used).',
      resolve: async (_query, rec, _args, ctx) => {
        const rows = await ctx.loaders.benchmarkById.loadMany(rec.benchmarkIdsUsed.filter((id) => id > 0));
        return rows.flatMap((row) => (row === null || row instanceof Error ? [] : [row]));
      },
    }),
  }),
});

const RejectedConfigRef = builder.objectRef<RejectedOut>('RejectedConfig');
RejectedConfigRef.implement({
  fields: (t) => ({
    model: t.prismaField({
      type: 'Model',
      resolve: async (_q, r, _a, ctx) => (await ctx.loaders.modelById.load(r.modelId))!,
    }),
    gpu: t.prismaField({
      type: 'Gpu',
      resolve: async (_q, r, _a, ctx) => (await ctx.loaders.gpuById.load(r.gpuId))!,
    }),
    gpuCount: t.exposeInt('gpuCount'),
    code: t.exposeString('code'),
    reason: t.exposeString('reason'),
  }),
});

const RecommendationResultRef = builder.objectRef<RecommendationResult>('RecommendationResult');
RecommendationResultRef.implement({
  fields: (t) => ({
    spec: t.field({ type: DeploymentSpecRef, resolve: (r) => ({ ...r.spec, source: 'RULES' as const }) }),
    recommendations: t.field({ type: [RecommendationRef], resolve: (r) => r.output.recommendations }),
    nearMisses: t.field({ type: [RecommendationRef], resolve: (r) => r.output.nearMisses }),
    rejected: t.field({
      type: [RejectedConfigRef],
      args: { first: t.arg.int({ required: false, description: 'At most this many (default all).' }) },
      resolve: (r, args) =>
        args.first != null ? r.output.rejected.slice(0, Math.max(0, args.first)) : r.output.rejected,
    }),
    rejectedCount: t.int({ resolve: (r) => r.output.rejected.length }),
    estimated: t.exposeBoolean('estimated', {
      description: 'True when no exact benchmarks exist for the profile.',
    }),
    explanation: t.string({ resolve: (r) => r.output.explanation }),
  }),
});

builder.queryField('recommend', (t) =>
  t.field({
    type: RecommendationResultRef,
    description: 'Ranked, explained configurations for a spec (docs/recommendations.md).',
    args: { spec: t.arg({ type: DeploymentSpecInputRef, required: true }) },
    resolve: async (_root, args, ctx) => {
      const spec = await resolveSpec(ctx.prisma, args.spec);
      return recommendForSpec(ctx.prisma, ctx.loaders, spec, {
        inventory: ctx.deployments.inventory,
        sql: ctx.apiSql ?? null,
      });
    },
  }),
);
