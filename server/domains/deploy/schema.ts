import { DEPLOYMENT_MODES } from '../../kernel/enums.js';
import { Repeater } from 'graphql-yoga';
import { builder } from '../../graphql/builder.js';
import { DomainError } from '../../kernel/errors.js';
import { decodeNumericId } from '../../graphql/ids.js';
import type { Context } from '../../graphql/context.js';
import { createDeployment, deleteDeployment } from './service.js';
import { sendTestPrompt, type InferenceResult } from './test-inference.js';
import type { DeployValidationError, DeploymentStatusSnapshot, PodStatusSummary } from './types.js';
import { gpuNamed } from '../catalog/core/gpu-name.js';

const DeploymentModeEnum = builder.enumType('DeploymentMode', { values: DEPLOYMENT_MODES });
const DeploymentStateEnum = builder.enumType('DeploymentState', {
  description: "The record's lifecycle; the cluster's live view is the deploymentStatus subscription.",
  values: ['PENDING', 'APPLIED', 'FAILED', 'DELETING', 'DELETED'] as const,
});
const DeploymentPhaseEnum = builder.enumType('DeploymentPhase', {
  values: ['PENDING', 'PROGRESSING', 'READY', 'FAILED', 'DELETED'] as const,
});

builder.prismaNode('Deployment', {
  id: { field: 'id' },
  fields: (t) => ({
    name: t.exposeString('name'),
    namespace: t.exposeString('namespace'),
    mode: t.expose('mode', { type: DeploymentModeEnum }),
    state: t.expose('state', { type: DeploymentStateEnum }),
    model: t.relation('model', { nullable: true }),
    gpu: t.relation('gpu', { nullable: true }),
    gpuCount: t.exposeInt('gpuCount'),
    minReplicas: t.exposeInt('minReplicas'),
    maxReplicas: t.exposeInt('maxReplicas'),
    manifests: t.exposeString('manifests'),
    endpointUrl: t.exposeString('endpointUrl', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
    config: t.expose('config', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true }),
  }),
});

const DeployErrorRef = builder.objectRef<DeployValidationError>('DeploymentError');
DeployErrorRef.implement({
  description: 'Why the manifests were rejected; nothing was applied.',
  fields: (t) => ({
    code: t.exposeString('code'),
    field: t.string({ nullable: true, resolve: (e) => e.field ?? null }),
    message: t.exposeString('message'),
  }),
});

const CreatePayload = builder.objectRef<{
  deploymentId: number | null;
  manifests: string | null;
  errors: DeployValidationError[];
  dryRun: boolean;
}>('CreateDeploymentPayload');
CreatePayload.implement({
  fields: (t) => ({
    deployment: t.prismaField({
      type: 'Deployment',
      nullable: true,
      resolve: (query, p, _a, ctx) =>
        p.deploymentId === null
          ? null
          : ctx.prisma.deployment.findUnique({ ...query, where: { id: p.deploymentId } }),
    }),
    manifests: t.exposeString('manifests', {
      nullable: true,
      description: 'The rendered, validated YAML (all documents).',
    }),
    dryRun: t.exposeBoolean('dryRun'),
    errors: t.field({ type: [DeployErrorRef], resolve: (p) => p.errors }),
  }),
});

const DeletePayload = builder.objectRef<{ deploymentId: number }>('DeleteDeploymentPayload');
DeletePayload.implement({
  fields: (t) => ({
    deployment: t.prismaField({
      type: 'Deployment',
      resolve: (query, p, _a, ctx) =>
        ctx.prisma.deployment.findUniqueOrThrow({ ...query, where: { id: p.deploymentId } }),
    }),
  }),
});

const RecommendationChoice = builder.inputType('DeploymentRecommendationInput', {
  description: 'A recommendation to deploy (its model, GPU, count and replicas).',
  fields: (t) => ({
    modelId: t.id({ required: true }),
    gpuId: t.id({ required: true }),
    gpuCount: t.int({ required: true }),
    replicas: t.int({ required: true }),
    monthlyCostUsd: t.float({ required: false }),
  }),
});

const ExplicitConfig = builder.inputType('DeploymentConfigInput', {
  description: 'An explicit configuration (model repo and GPU type by name).',
  fields: (t) => ({
    modelHfRepo: t.string({ required: true }),
    gpuType: t.string({ required: true }),
    gpuCount: t.int({ required: true }),
    minReplicas: t.int({ required: false, defaultValue: 1 }),
    maxReplicas: t.int({ required: false }),
  }),
});

const CreateInput = builder.inputType('CreateDeploymentInput', {
  fields: (t) => ({
    recommendation: t.field({ type: RecommendationChoice, required: false }),
    config: t.field({ type: ExplicitConfig, required: false }),
    name: t.string({ required: true }),
    namespace: t.string({
      required: false,
      description: 'Default: the first allowed namespace (COMPASS_NAMESPACES).',
    }),
    mode: t.field({ type: DeploymentModeEnum, required: false, defaultValue: 'VLLM' }),
    promptTokens: t.int({ required: false, defaultValue: 512 }),
    outputTokens: t.int({ required: false, defaultValue: 256 }),
    maxReplicas: t.int({ required: false }),
    description: t.string({ required: false }),
    dryRun: t.boolean({ required: false, defaultValue: false }),
  }),
});

const PodStatusRef = builder.objectRef<PodStatusSummary>('PodStatus');
PodStatusRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    phase: t.exposeString('phase'),
    ready: t.exposeBoolean('ready'),
    restarts: t.exposeInt('restarts'),
    reason: t.exposeString('reason', { nullable: true }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

type StatusEvent = DeploymentStatusSnapshot & { deploymentId: number };
const DeploymentStatusRef = builder.objectRef<StatusEvent>('DeploymentStatus');
DeploymentStatusRef.implement({
  fields: (t) => ({
    deploymentId: t.id({ resolve: (s) => String(s.deploymentId) }),
    phase: t.field({ type: DeploymentPhaseEnum, resolve: (s) => s.phase }),
    readyReplicas: t.exposeInt('readyReplicas'),
    desiredReplicas: t.exposeInt('desiredReplicas'),
    pods: t.field({ type: [PodStatusRef], resolve: (s) => s.pods }),
    message: t.exposeString('message', { nullable: true }),
  }),
});

const InferenceResultRef = builder.objectRef<InferenceResult>('InferenceResult');
InferenceResultRef.implement({
  fields: (t) => ({
    text: t.exposeString('text'),
    ttftMs: t.exposeFloat('ttftMs', { nullable: true }),
    totalMs: t.exposeFloat('totalMs'),
    outputTokens: t.exposeInt('outputTokens'),
    endpoint: t.exposeString('endpoint'),
  }),
});

async function resolveTarget(ctx: Context, input: typeof CreateInput.$inferInput) {
  if (input.recommendation && input.config) {
    throw new DomainError('BAD_USER_INPUT', 'give either recommendation or config, not both', {
      argument: 'input',
    });
  }
  if (input.recommendation) {
    const r = input.recommendation;
    return {
      modelId: decodeNumericId(r.modelId, 'Model', 'input.recommendation.modelId'),
      gpuId: decodeNumericId(r.gpuId, 'Gpu', 'input.recommendation.gpuId'),
      gpuCount: r.gpuCount,
      minReplicas: r.replicas,
      maxReplicas: input.maxReplicas ?? r.replicas,
      origin: { recommendation: r },
    };
  }
  if (input.config) {
    const c = input.config;
    const model = await ctx.prisma.model.findUnique({ where: { hfRepo: c.modelHfRepo.toLowerCase() } });
    if (!model)
      throw new DomainError('BAD_USER_INPUT', `unknown model "${c.modelHfRepo}"`, {
        argument: 'input.config.modelHfRepo',
      });
    const gpu = await ctx.prisma.gpu.findFirst({
      where: gpuNamed(c.gpuType),
    });
    if (!gpu)
      throw new DomainError('BAD_USER_INPUT', `unknown GPU "${c.gpuType}"`, {
        argument: 'input.config.gpuType',
      });
    const minReplicas = c.minReplicas ?? 1;
    return {
      modelId: model.id,
      gpuId: gpu.id,
      gpuCount: c.gpuCount,
      minReplicas,
      maxReplicas: c.maxReplicas ?? input.maxReplicas ?? minReplicas,
      origin: { config: c },
    };
  }
  throw new DomainError('BAD_USER_INPUT', 'give a recommendation or a config to deploy', {
    argument: 'input',
  });
}

builder.queryFields((t) => ({
  deployments: t.prismaConnection({
    type: 'Deployment',
    cursor: 'id',
    totalCount: (_root, _args, ctx) => ctx.prisma.deployment.count({ where: { state: { not: 'DELETED' } } }),
    description: 'Deployments, newest first (deleted ones are left out).',
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.deployment.findMany({
        ...query,
        where: { state: { not: 'DELETED' } },
        orderBy: { id: 'desc' },
      }),
  }),
  deployment: t.prismaField({
    type: 'Deployment',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.deployment.findUnique({
        ...query,
        where: { id: decodeNumericId(args.id, 'Deployment', 'id') },
      }),
  }),
}));

builder.mutationFields((t) => ({
  createDeployment: t.field({
    type: CreatePayload,
    description: 'Renders and validates KServe + vLLM (or simulator) manifests; applies them unless dryRun.',
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const target = await resolveTarget(ctx, input);
      const result = await createDeployment(ctx.prisma, ctx.deployments, {
        ...target,
        name: input.name,
        namespace: input.namespace ?? ctx.deployments.allowedNamespaces[0] ?? 'compass',
        mode: input.mode ?? 'VLLM',
        dryRun: input.dryRun ?? false,
        promptTokens: input.promptTokens ?? 512,
        outputTokens: input.outputTokens ?? 256,
        description: input.description ?? null,
      });
      return {
        deploymentId: result.deployment?.id ?? null,
        manifests: result.manifests,
        errors: result.errors,
        dryRun: input.dryRun ?? false,
      };
    },
  }),
  deleteDeployment: t.field({
    type: DeletePayload,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => ({
      deploymentId: (
        await deleteDeployment(ctx.prisma, ctx.deployments, decodeNumericId(args.id, 'Deployment', 'id'))
      ).id,
    }),
  }),
  testInference: t.field({
    type: InferenceResultRef,
    description:
      "Sends a prompt to the deployment's OpenAI-compatible endpoint and reports TTFT and total latency.",
    args: {
      deploymentId: t.arg.id({ required: true }),
      prompt: t.arg.string({ required: true }),
      maxTokens: t.arg.int({ required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const deployment = await ctx.prisma.deployment.findUnique({
        where: { id: decodeNumericId(args.deploymentId, 'Deployment', 'deploymentId') },
        include: { model: true },
      });
      if (!deployment || deployment.state === 'DELETED')
        throw new DomainError('NOT_FOUND', 'no such deployment', { argument: 'deploymentId' });
      if (args.prompt.length === 0 || args.prompt.length > 20_000)
        throw new DomainError('BAD_USER_INPUT', 'prompt must be 1–20,000 characters', { argument: 'prompt' });
      const maxTokens = args.maxTokens ?? 64;
      if (maxTokens < 1 || maxTokens > 4096)
        throw new DomainError('BAD_USER_INPUT', 'maxTokens must be within 1–4096', { argument: 'maxTokens' });
      const endpoint = ctx.deployments.endpointOverride ?? deployment.endpointUrl;
      if (!endpoint) throw new DomainError('UPSTREAM_ERROR', 'the deployment has no endpoint');
      return sendTestPrompt(endpoint, deployment.model?.hfRepo ?? null, args.prompt, maxTokens);
    },
  }),
}));

const TERMINAL_PHASES = new Set(['DELETED']);

builder.subscriptionField('deploymentStatus', (t) =>
  t.field({
    type: DeploymentStatusRef,
    description: 'Live pod status: one shared Kubernetes watch per deployment; ends when it is deleted.',
    args: { deploymentId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, ctx) => {
      const id = decodeNumericId(args.deploymentId, 'Deployment', 'deploymentId');
      const deployment = await ctx.prisma.deployment.findUnique({ where: { id } });
      if (!deployment)
        throw new DomainError('NOT_FOUND', `no deployment ${id}`, { argument: 'deploymentId' });
      const client = ctx.deployments.client;
      if (!client) throw new DomainError('UPSTREAM_ERROR', 'no Kubernetes cluster is configured');
      return new Repeater<StatusEvent>(async (push, stop) => {
        if (deployment.state === 'DELETED') {
          await push({
            deploymentId: id,
            phase: 'DELETED',
            readyReplicas: 0,
            desiredReplicas: 0,
            pods: [],
            message: 'deleted',
          });
          stop();
          return;
        }
        let sawPods = false;
        const unsubscribe = ctx.deployments.hub.subscribe(
          client,
          { id, namespace: deployment.namespace, desiredReplicas: deployment.minReplicas },
          (status) => {
            if (status.pods.length > 0) sawPods = true;
            void push({ ...status, deploymentId: id });
            // Pods gone after having existed, and the record says deleted: the deployment is over.
            if (TERMINAL_PHASES.has(status.phase) || (sawPods && status.pods.length === 0)) {
              void ctx.prisma.deployment
                .findUnique({ where: { id }, select: { state: true } })
                .then((row) => {
                  if (!row || row.state === 'DELETED' || row.state === 'DELETING') stop();
                });
            }
          },
        );
        await stop;
        unsubscribe();
      });
    },
    resolve: (event) => event,
  }),
);
