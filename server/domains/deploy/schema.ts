import { DEPLOYMENT_MODES } from '../../kernel/enums.js';
import { Repeater } from 'graphql-yoga';
import { builder } from '../../graphql/builder.js';
import { DomainError } from '../../kernel/errors.js';
import { decodeNumericId } from '../../graphql/ids.js';
import { CREATE_DEFAULTS } from './defaults.js';
import {
  createDeploymentFromRequest,
  deleteDeployment,
  testDeployment,
  type CreateDeploymentRequest,
} from './service.js';
import type { InferenceResult } from './test-inference.js';
import {
  VLLM_PREDICTOR_STYLES,
  type DeploymentKnobs,
  type DeployValidationError,
  type DeploymentStatusSnapshot,
  type PodStatusSummary,
} from './types.js';

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
    minReplicas: t.int({ required: false, defaultValue: CREATE_DEFAULTS.minReplicas }),
    maxReplicas: t.int({ required: false }),
  }),
});

const ResourcesInput = builder.inputType('DeploymentResourcesInput', {
  description: 'CPU and memory per replica. Default: 2 cores / 12 GiB requested per GPU, limits twice that.',
  fields: (t) => ({
    cpuRequestMillis: t.int({ required: true }),
    cpuLimitMillis: t.int({ required: true }),
    memoryRequestMi: t.int({ required: true }),
    memoryLimitMi: t.int({ required: true }),
  }),
});

const AutoscalerKindEnum = builder.enumType('AutoscalerKind', {
  description:
    "KSERVE: KServe's scaleMetric/scaleTarget (HPA); KEDA: a ScaledObject on a vLLM Prometheus metric.",
  values: ['KSERVE', 'KEDA'] as const,
});
const AUTOSCALING_METRICS = {
  CONCURRENCY: 'concurrency',
  RPS: 'rps',
  CPU: 'cpu',
  MEMORY: 'memory',
  NUM_REQUESTS_RUNNING: 'num_requests_running',
  NUM_REQUESTS_WAITING: 'num_requests_waiting',
} as const;
const AutoscalingMetricEnum = builder.enumType('AutoscalingMetric', {
  description:
    'KSERVE takes CONCURRENCY, RPS, CPU or MEMORY; KEDA takes NUM_REQUESTS_RUNNING or NUM_REQUESTS_WAITING.',
  values: Object.keys(AUTOSCALING_METRICS) as (keyof typeof AUTOSCALING_METRICS)[],
});
const AutoscalingInputType = builder.inputType('DeploymentAutoscalingInput', {
  fields: (t) => ({
    kind: t.field({ type: AutoscalerKindEnum, required: true }),
    metric: t.field({ type: AutoscalingMetricEnum, required: true }),
    target: t.float({ required: true, description: 'KSERVE: a positive integer; KEDA: a positive number.' }),
    prometheusUrl: t.string({ required: false, description: 'KEDA only: http(s), no credentials.' }),
  }),
});

const VllmPredictorStyleEnum = builder.enumType('VllmPredictorStyle', {
  description:
    'CONTAINER: one predictor container running vLLM; SERVING_RUNTIME: a ServingRuntime + model format vLLM.',
  values: VLLM_PREDICTOR_STYLES,
});
const VllmInput = builder.inputType('VllmSettingsInput', {
  description: 'vLLM serving settings; every field left out keeps its default (docs/deployments.md).',
  fields: (t) => ({
    image: t.string({ required: false }),
    imageTag: t.string({ required: false }),
    gpuMemoryUtilization: t.float({ required: false, description: '(0.05, 1]; default 0.9.' }),
    dtype: t.string({ required: false, description: 'auto, half, float16, bfloat16 or float32.' }),
    quantization: t.string({
      required: false,
      description: 'awq, gptq, fp8, bitsandbytes, compressed-tensors or marlin.',
    }),
    predictorStyle: t.field({ type: VllmPredictorStyleEnum, required: false }),
    hfTokenSecretName: t.string({
      required: false,
      description: 'A Secret with key `token` holding a Hugging Face token (gated models).',
    }),
  }),
});

const LabelInput = builder.inputType('DeploymentLabelInput', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string({ required: true }) }),
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
    mode: t.field({ type: DeploymentModeEnum, required: false, defaultValue: CREATE_DEFAULTS.mode }),
    promptTokens: t.int({ required: false, defaultValue: CREATE_DEFAULTS.promptTokens }),
    outputTokens: t.int({ required: false, defaultValue: CREATE_DEFAULTS.outputTokens }),
    maxReplicas: t.int({ required: false }),
    description: t.string({ required: false }),
    dryRun: t.boolean({ required: false, defaultValue: CREATE_DEFAULTS.dryRun }),
    resources: t.field({ type: ResourcesInput, required: false }),
    autoscaling: t.field({ type: AutoscalingInputType, required: false }),
    vllm: t.field({ type: VllmInput, required: false }),
    labels: t.field({
      type: [LabelInput],
      required: false,
      description:
        'Extra labels on every object and pod (at most 16; compass.io/ and serving.kserve.io/ are reserved).',
    }),
    serviceMonitor: t.boolean({
      required: false,
      description: 'Also render a Prometheus Operator ServiceMonitor for the predictor.',
    }),
  }),
});

type CreateInputValue = typeof CreateInput.$inferInput;

/** GraphQL input → the domain's knobs: enums to their manifest spellings, labels to a map, nulls dropped. */
function knobsOf(input: CreateInputValue): DeploymentKnobs {
  const knobs: DeploymentKnobs = {};
  if (input.resources) knobs.resources = input.resources;
  if (input.autoscaling) {
    const a = input.autoscaling;
    knobs.autoscaling = {
      kind: a.kind,
      metric: AUTOSCALING_METRICS[a.metric],
      target: a.target,
      prometheusUrl: a.prometheusUrl ?? null,
    };
  }
  if (input.vllm) {
    knobs.vllm = Object.fromEntries(
      Object.entries(input.vllm).filter(([, value]) => value !== null && value !== undefined),
    ) as DeploymentKnobs['vllm'];
  }
  if (input.labels) knobs.extraLabels = Object.fromEntries(input.labels.map((l) => [l.key, l.value]));
  if (input.serviceMonitor !== null && input.serviceMonitor !== undefined)
    knobs.serviceMonitor = input.serviceMonitor;
  return knobs;
}

function requestOf(input: CreateInputValue): CreateDeploymentRequest {
  const r = input.recommendation;
  return {
    ...input,
    recommendation: r
      ? {
          ...r,
          modelId: decodeNumericId(r.modelId, 'Model', 'input.recommendation.modelId'),
          gpuId: decodeNumericId(r.gpuId, 'Gpu', 'input.recommendation.gpuId'),
        }
      : null,
    knobs: knobsOf(input),
  };
}

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
      const result = await createDeploymentFromRequest(ctx.prisma, ctx.deployments, requestOf(input));
      return {
        deploymentId: result.deployment?.id ?? null,
        manifests: result.manifests,
        errors: result.errors,
        dryRun: result.dryRun,
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
    resolve: (_root, args, ctx) =>
      testDeployment(
        ctx.prisma,
        ctx.deployments,
        decodeNumericId(args.deploymentId, 'Deployment', 'deploymentId'),
        args,
      ),
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
