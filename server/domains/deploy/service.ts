import { z } from 'zod';
import type { DeploymentMode } from '../../kernel/enums.js';
import { orDefault, parseInput } from '../../kernel/validation.js';
import { sendTestPrompt, type InferenceResult } from './test-inference.js';
import type { PrismaClient } from '../../db/clients.js';
import type { Deployment, Prisma } from '../../db/generated/prisma/client.js';
import { DomainError } from '../../kernel/errors.js';
import { fitSimulatorParams } from '../knowledge/core/simulator-fit.js';
import { curveCalibrationRows } from '../knowledge/simulator-calibration.js';
import { K8sClientError, type K8sClient } from './k8s/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { renderDeployment } from './render/render.js';
import { validateDeploymentInput } from './validate/validate.js';
import type { DeploymentRuntime } from './runtime.js';
import { CREATE_DEFAULTS } from './defaults.js';
import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './types.js';
import { gpuNamed } from '../catalog/core/gpu-name.js';
import type {
  AppliedObject,
  DeploymentKnobs,
  DeployValidationError,
  KubeObject,
  SimulatorCalibration,
} from './types.js';

/** A recommendation to deploy, its ids already decoded by the transport. */
export interface RecommendationTarget {
  modelId: number;
  gpuId: number;
  gpuCount: number;
  replicas: number;
  monthlyCostUsd?: number | null;
}

/** An explicit configuration, model and GPU by name. */
export interface ConfigTarget {
  modelHfRepo: string;
  gpuType: string;
  gpuCount: number;
  minReplicas?: number | null;
  maxReplicas?: number | null;
}

/** What a caller asks for; every left-out field gets `CREATE_DEFAULTS` (or the namespace allow-list's first). */
export interface CreateDeploymentRequest {
  recommendation?: RecommendationTarget | null;
  config?: ConfigTarget | null;
  name: string;
  namespace?: string | null;
  mode?: DeploymentMode | null;
  promptTokens?: number | null;
  outputTokens?: number | null;
  maxReplicas?: number | null;
  description?: string | null;
  dryRun?: boolean | null;
  knobs?: DeploymentKnobs;
}

export interface CreateDeploymentInput {
  name: string;
  namespace: string;
  mode: DeploymentMode;
  dryRun: boolean;
  modelId: number;
  gpuId: number;
  gpuCount: number;
  minReplicas: number;
  maxReplicas: number;
  promptTokens: number;
  outputTokens: number;
  description: string | null;
  /** What the deployment came from (a recommendation's numbers), kept on the record. */
  origin: Record<string, unknown>;
  knobs: DeploymentKnobs;
}

export interface CreateDeploymentResult {
  deployment: Deployment | null;
  manifests: string | null;
  errors: DeployValidationError[];
}

function k8sFailure(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof K8sClientError) {
    const code =
      error.code === 'K8S_FORBIDDEN' || error.code === 'K8S_UNAUTHORIZED'
        ? 'FORBIDDEN'
        : error.code === 'K8S_CONFLICT'
          ? 'CONFLICT'
          : error.code === 'K8S_INVALID'
            ? 'BAD_USER_INPUT'
            : 'UPSTREAM_ERROR';
    return new DomainError(code, `Kubernetes: ${error.message}`, {
      k8sCode: error.code,
      ...(error.status ? { status: error.status } : {}),
    });
  }
  return new DomainError(
    'UPSTREAM_ERROR',
    `Kubernetes: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/** The simulator mode's latencies come from the chosen config's own benchmark curve. */
async function calibrationFor(
  prisma: PrismaClient,
  input: CreateDeploymentInput,
): Promise<SimulatorCalibration> {
  const rows = await curveCalibrationRows(prisma, {
    modelId: input.modelId,
    gpuId: input.gpuId,
    hardwareCount: input.gpuCount,
    promptTokens: input.promptTokens,
    outputTokens: input.outputTokens,
  });
  if (rows.length === 0)
    return { prefillMsPerToken: 0.03, decodeBaseMs: 7, decodeMsPerSeq: 0.1, maxNumSeqs: null };
  const params = fitSimulatorParams(rows);
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    prefillMsPerToken: round(params.prefillMsPerToken),
    decodeBaseMs: round(params.decodeBaseMs),
    decodeMsPerSeq: round(params.decodeMsPerRunningSeq),
    maxNumSeqs: null,
  };
}

type ResolvedTarget = Pick<
  CreateDeploymentInput,
  'modelId' | 'gpuId' | 'gpuCount' | 'minReplicas' | 'maxReplicas' | 'origin'
>;

async function resolveTarget(
  prisma: PrismaClient,
  request: CreateDeploymentRequest,
): Promise<ResolvedTarget> {
  const { recommendation, config } = request;
  if (recommendation && config) {
    throw new DomainError('BAD_USER_INPUT', 'give either recommendation or config, not both', {
      argument: 'input',
    });
  }
  if (recommendation) {
    return {
      modelId: recommendation.modelId,
      gpuId: recommendation.gpuId,
      gpuCount: recommendation.gpuCount,
      minReplicas: recommendation.replicas,
      maxReplicas: request.maxReplicas ?? recommendation.replicas,
      origin: { recommendation },
    };
  }
  if (config) {
    const model = await prisma.model.findUnique({ where: { hfRepo: config.modelHfRepo.toLowerCase() } });
    if (!model)
      throw new DomainError('BAD_USER_INPUT', `unknown model "${config.modelHfRepo}"`, {
        argument: 'input.config.modelHfRepo',
      });
    const gpu = await prisma.gpu.findFirst({ where: gpuNamed(config.gpuType) });
    if (!gpu)
      throw new DomainError('BAD_USER_INPUT', `unknown GPU "${config.gpuType}"`, {
        argument: 'input.config.gpuType',
      });
    const minReplicas = config.minReplicas ?? CREATE_DEFAULTS.minReplicas;
    return {
      modelId: model.id,
      gpuId: gpu.id,
      gpuCount: config.gpuCount,
      minReplicas,
      maxReplicas: config.maxReplicas ?? request.maxReplicas ?? minReplicas,
      origin: { config },
    };
  }
  throw new DomainError('BAD_USER_INPUT', 'give a recommendation or a config to deploy', {
    argument: 'input',
  });
}

/** A request as the API receives it: target resolved, defaults filled in, then `createDeployment`. */
export async function createDeploymentFromRequest(
  prisma: PrismaClient,
  runtime: DeploymentRuntime,
  request: CreateDeploymentRequest,
): Promise<CreateDeploymentResult & { dryRun: boolean }> {
  const target = await resolveTarget(prisma, request);
  const dryRun = request.dryRun ?? CREATE_DEFAULTS.dryRun;
  const result = await createDeployment(prisma, runtime, {
    ...target,
    name: request.name,
    namespace: request.namespace ?? runtime.allowedNamespaces[0] ?? 'compass',
    mode: request.mode ?? CREATE_DEFAULTS.mode,
    dryRun,
    promptTokens: request.promptTokens ?? CREATE_DEFAULTS.promptTokens,
    outputTokens: request.outputTokens ?? CREATE_DEFAULTS.outputTokens,
    description: request.description ?? null,
    knobs: request.knobs ?? {},
  });
  return { ...result, dryRun };
}

/**
 * One owner per cluster object: an object of the same kind and name that Compass does not manage (no
 * `app.kubernetes.io/managed-by: compass` label) is someone else's and is never replaced.
 */
async function refuseForeignObjects(client: K8sClient, objects: readonly KubeObject[]): Promise<void> {
  for (const object of objects) {
    const live = await client.get(object);
    if (live && live.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
      throw new DomainError(
        'CONFLICT',
        `${object.kind} ${object.metadata.namespace}/${object.metadata.name} already exists and is not managed by Compass`,
        { argument: 'input.name' },
      );
    }
  }
}

export function serviceUrl(name: string, namespace: string): string {
  return `http://${name}-predictor.${namespace}.svc.cluster.local:8080`;
}

/**
 * Renders and validates the manifests; with dryRun that is all. Otherwise the record is written first
 * (PENDING), then the objects are applied, and the record says what happened (APPLIED, or FAILED with
 * the cluster's reason) — never half-hidden.
 */
export async function createDeployment(
  prisma: PrismaClient,
  runtime: DeploymentRuntime,
  input: CreateDeploymentInput,
): Promise<CreateDeploymentResult> {
  const [model, gpu] = await Promise.all([
    prisma.model.findUnique({ where: { id: input.modelId } }),
    prisma.gpu.findUnique({ where: { id: input.gpuId } }),
  ]);
  if (!model) throw new DomainError('NOT_FOUND', `no model ${input.modelId}`, { argument: 'input.modelId' });
  if (!gpu) throw new DomainError('NOT_FOUND', `no GPU ${input.gpuId}`, { argument: 'input.gpuId' });
  const calibration = input.mode === 'SIMULATOR' ? await calibrationFor(prisma, input) : null;

  const options = { allowedNamespaces: runtime.allowedNamespaces, imageRegistry: runtime.imageRegistry };
  // Validated once, with a placeholder id, so bad input never creates a record; the record's id is
  // swapped in for the real render (a decimal id is always a valid label value).
  const checked = validateDeploymentInput(
    {
      deploymentId: '0',
      name: input.name,
      namespace: input.namespace,
      mode: input.mode,
      model: { hfRepo: model.hfRepo, contextWindow: model.contextWindow },
      traffic: { promptTokens: input.promptTokens, outputTokens: input.outputTokens },
      gpu: {
        type: gpu.type,
        nodeSelectorLabel: gpu.nodeSelectorLabel,
        vendor: gpu.vendor === 'AMD' ? 'AMD' : 'NVIDIA',
      },
      gpuCount: input.gpuCount,
      replicas: { min: input.minReplicas, max: input.maxReplicas },
      ...(calibration ? { simulator: { calibration } } : {}),
      description: input.description,
      ...input.knobs,
    },
    options,
  );
  if (!checked.ok) return { deployment: null, manifests: null, errors: checked.errors };
  const build = (deploymentId: string) => renderDeployment({ ...checked.value, deploymentId }, options);

  const preview = await build('0');
  if (!preview.ok) return { deployment: null, manifests: null, errors: preview.errors };
  if (input.dryRun) return { deployment: null, manifests: preview.manifests.yaml, errors: [] };
  if (!runtime.client) {
    throw new DomainError(
      'UPSTREAM_ERROR',
      'no Kubernetes cluster is configured (set KUBECONFIG, or run in a cluster); use dryRun to get the manifests',
    );
  }

  const existing = await prisma.deployment.findFirst({
    where: {
      namespace: input.namespace,
      name: input.name,
      state: { in: ['PENDING', 'APPLIED', 'DELETING'] },
    },
  });
  if (existing)
    throw new DomainError(
      'CONFLICT',
      `deployment ${input.namespace}/${input.name} already exists (id ${existing.id})`,
      { argument: 'input.name' },
    );

  const conflict = () =>
    new DomainError('CONFLICT', `deployment ${input.namespace}/${input.name} already exists`, {
      argument: 'input.name',
    });
  // The partial unique index (one live record per namespace/name) settles concurrent creates.
  const record = await prisma.deployment
    .create({
      data: {
        name: input.name,
        namespace: input.namespace,
        mode: input.mode,
        modelId: model.id,
        gpuId: gpu.id,
        gpuCount: input.gpuCount,
        minReplicas: input.minReplicas,
        maxReplicas: input.maxReplicas,
        config: { ...input, origin: input.origin, calibration } as unknown as Prisma.InputJsonValue,
        manifests: '',
        endpointUrl: runtime.endpointOverride ?? serviceUrl(input.name, input.namespace),
      },
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? conflict() : error;
    });
  const built = await build(String(record.id));
  if (!built.ok) {
    const failed = await prisma.deployment.update({
      where: { id: record.id },
      data: { state: 'FAILED', message: built.errors.map((e) => e.message).join('; ') },
    });
    return { deployment: failed, manifests: null, errors: built.errors };
  }
  try {
    await refuseForeignObjects(runtime.client, built.manifests.objects);
    const applied = await runtime.client.apply(built.manifests.objects);
    const deployment = await prisma.deployment.update({
      where: { id: record.id },
      data: {
        state: 'APPLIED',
        manifests: built.manifests.yaml,
        appliedObjects: applied as unknown as Prisma.InputJsonValue,
        message: null,
      },
    });
    return { deployment, manifests: built.manifests.yaml, errors: [] };
  } catch (error) {
    const failure = k8sFailure(error);
    await prisma.deployment.update({
      where: { id: record.id },
      data: { state: 'FAILED', manifests: built.manifests.yaml, message: failure.message },
    });
    throw failure;
  }
}

/**
 * The namespace allow-list is checked on every write, not only at creation: a deployment whose namespace
 * was dropped from COMPASS_NAMESPACES since is no longer Compass's to touch (delete, prompt).
 */
export function assertNamespaceStillAllowed(
  deployment: { id: number; namespace: string },
  runtime: Pick<DeploymentRuntime, 'allowedNamespaces'>,
): void {
  if (runtime.allowedNamespaces.includes(deployment.namespace)) return;
  throw new DomainError(
    'FORBIDDEN',
    `deployment ${deployment.id} is in namespace ${deployment.namespace}, which is no longer allowed (allowed: ${runtime.allowedNamespaces.join(', ')})`,
    { reason: 'NAMESPACE_NOT_ALLOWED', namespace: deployment.namespace },
  );
}

export async function deleteDeployment(
  prisma: PrismaClient,
  runtime: DeploymentRuntime,
  id: number,
): Promise<Deployment> {
  const deployment = await prisma.deployment.findUnique({ where: { id } });
  if (!deployment || deployment.state === 'DELETED')
    throw new DomainError('NOT_FOUND', `no deployment ${id}`, { argument: 'id' });
  assertNamespaceStillAllowed(deployment, runtime);
  const applied = (deployment.appliedObjects ?? []) as unknown as AppliedObject[];
  const objects: KubeObject[] = applied.map((o) => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: { name: o.name, namespace: o.namespace },
  }));
  if (objects.length > 0) {
    if (!runtime.client) throw new DomainError('UPSTREAM_ERROR', 'no Kubernetes cluster is configured');
    await prisma.deployment.update({ where: { id }, data: { state: 'DELETING' } });
    try {
      await runtime.client.delete(objects);
    } catch (error) {
      const failure = k8sFailure(error);
      await prisma.deployment.update({
        where: { id },
        data: { state: deployment.state, message: `delete failed: ${failure.message}` },
      });
      throw failure;
    }
  }
  return prisma.deployment.update({
    where: { id },
    data: { state: 'DELETED', deletedAt: new Date(), message: null },
  });
}

const PROMPT_RULE = 'prompt must be 1–20,000 characters';
const MAX_TOKENS_RULE = 'maxTokens must be within 1–4096';

/** testInference's prompt and answer length (default 64 tokens). */
const testPromptArgs = z.object({
  prompt: z.string({ error: PROMPT_RULE }).min(1, { error: PROMPT_RULE }).max(20_000, { error: PROMPT_RULE }),
  maxTokens: orDefault(
    z
      .int({ error: MAX_TOKENS_RULE })
      .min(1, { error: MAX_TOKENS_RULE })
      .max(4096, { error: MAX_TOKENS_RULE }),
    64,
  ),
});

/** One prompt to a live deployment's OpenAI-compatible endpoint (testInference). */
export async function testDeployment(
  prisma: PrismaClient,
  runtime: DeploymentRuntime,
  id: number,
  args: z.input<typeof testPromptArgs>,
): Promise<InferenceResult> {
  const deployment = await prisma.deployment.findUnique({ where: { id }, include: { model: true } });
  if (!deployment || deployment.state === 'DELETED')
    throw new DomainError('NOT_FOUND', 'no such deployment', { argument: 'deploymentId' });
  assertNamespaceStillAllowed(deployment, runtime);
  const { prompt, maxTokens } = parseInput(testPromptArgs, args);
  const endpoint = runtime.endpointOverride ?? deployment.endpointUrl;
  if (!endpoint) throw new DomainError('UPSTREAM_ERROR', 'the deployment has no endpoint');
  return sendTestPrompt(endpoint, deployment.model?.hfRepo ?? null, prompt, maxTokens);
}
