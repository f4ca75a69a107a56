import { maxModelLength } from '../defaults.js';
import {
  describeValue,
  isHfRepoId,
  isLabelValue,
  isRfc1035Label,
  isRfc1123Label,
} from '../render/k8s-names.js';
import {
  ALLOWED_GPU_COUNTS,
  MAX_DEPLOYMENT_NAME_LENGTH,
  MAX_REPLICAS,
  type DeploymentInput,
  type DeployValidationError,
  type ResolvedDeployment,
} from '../types.js';
import {
  checkAutoscaling,
  checkExtraLabels,
  checkResources,
  checkSimulator,
  checkVllm,
  Collector,
  isInt,
  isRecord,
} from './parts.js';

export { validateRenderedManifests, type ManifestExpectation } from './manifest.js';

/**
 * Input validation, before anything is rendered: every field of a DeploymentInput is checked at run time
 * (callers may hand over untyped data), all errors are collected, and defaults are filled in.
 */

export interface InputValidationOptions {
  /** Namespaces Compass may deploy to (COMPASS_NAMESPACES, parsed by the config). */
  allowedNamespaces: readonly string[];
}

export type InputValidationResult =
  { ok: true; value: ResolvedDeployment } | { ok: false; errors: DeployValidationError[] };

const MAX_DESCRIPTION_LENGTH = 1024;
const GPU_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** C0/C1 control characters other than tab and newline (NUL, ESC, …; bidi marks are not controls). */
function hasControlChars(text: string): boolean {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && ch !== '\t' && ch !== '\n') || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

export function validateDeploymentInput(
  input: DeploymentInput,
  options: InputValidationOptions,
): InputValidationResult {
  const c = new Collector();
  const raw: unknown = input;
  if (!isRecord(raw)) {
    return {
      ok: false,
      errors: [{ code: 'INVALID_VALUE', field: '', message: 'the deployment input must be an object' }],
    };
  }

  const { deploymentId, name, namespace, mode } = input;
  if (typeof deploymentId !== 'string' || deploymentId === '' || !isLabelValue(deploymentId)) {
    c.add(
      'INVALID_LABEL',
      'deploymentId',
      `deployment id ${describeValue(deploymentId)} is not a valid label value (≤ 63 chars: letters, digits, '-', '_', '.')`,
    );
  }
  if (typeof name !== 'string' || name.length > MAX_DEPLOYMENT_NAME_LENGTH || !isRfc1035Label(name)) {
    c.add(
      'INVALID_NAME',
      'name',
      `name ${describeValue(name)} must be ≤ ${MAX_DEPLOYMENT_NAME_LENGTH} chars of lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`,
    );
  }
  if (typeof namespace !== 'string' || !isRfc1123Label(namespace)) {
    c.add('INVALID_NAME', 'namespace', `namespace ${describeValue(namespace)} is not a valid RFC 1123 label`);
  } else if (!options.allowedNamespaces.includes(namespace)) {
    c.add(
      'NAMESPACE_NOT_ALLOWED',
      'namespace',
      `namespace ${describeValue(namespace)} is not allowed (allowed: ${options.allowedNamespaces.join(', ')})`,
    );
  }
  if (mode !== 'VLLM' && mode !== 'SIMULATOR') {
    c.add('INVALID_VALUE', 'mode', `mode ${describeValue(mode)} must be VLLM or SIMULATOR`);
  }

  const model: unknown = input.model;
  let hfRepo = '';
  let contextWindow = 0;
  if (!isRecord(model)) {
    c.add('INVALID_MODEL', 'model', 'model is required');
  } else {
    if (typeof model.hfRepo !== 'string' || !isHfRepoId(model.hfRepo)) {
      c.add(
        'INVALID_MODEL',
        'model.hfRepo',
        `model id ${describeValue(model.hfRepo)} is not a Hugging Face repository id (org/name of letters, digits, '.', '_', '-')`,
      );
    } else hfRepo = model.hfRepo;
    if (!isInt(model.contextWindow, 1, 10_000_000)) {
      c.add(
        'INVALID_MODEL',
        'model.contextWindow',
        `context window ${describeValue(model.contextWindow)} must be a positive integer`,
      );
    } else contextWindow = model.contextWindow;
  }

  const traffic: unknown = input.traffic;
  let maxModelLen = 0;
  if (
    !isRecord(traffic) ||
    !isInt(traffic.promptTokens, 1, 10_000_000) ||
    !isInt(traffic.outputTokens, 1, 10_000_000)
  ) {
    c.add(
      'INVALID_VALUE',
      'traffic',
      'traffic.promptTokens and traffic.outputTokens must be positive integers',
    );
  } else if (contextWindow > 0) {
    const len = maxModelLength(traffic.promptTokens, traffic.outputTokens, contextWindow);
    if (len === null) {
      c.add(
        'CONTEXT_TOO_SMALL',
        'traffic',
        `prompt + output tokens (${traffic.promptTokens + traffic.outputTokens}) exceed the model's context window (${contextWindow})`,
      );
    } else maxModelLen = len;
  }

  const gpu: unknown = input.gpu;
  let vendor: 'NVIDIA' | 'AMD' = 'NVIDIA';
  if (!isRecord(gpu)) {
    c.add('INVALID_VALUE', 'gpu', 'gpu is required');
  } else {
    if (typeof gpu.type !== 'string' || !GPU_TYPE.test(gpu.type)) {
      c.add('INVALID_VALUE', 'gpu.type', `GPU type ${describeValue(gpu.type)} is not a catalog GPU type`);
    }
    if (
      typeof gpu.nodeSelectorLabel !== 'string' ||
      gpu.nodeSelectorLabel === '' ||
      !isLabelValue(gpu.nodeSelectorLabel)
    ) {
      c.add(
        'INVALID_LABEL',
        'gpu.nodeSelectorLabel',
        `GPU node label ${describeValue(gpu.nodeSelectorLabel)} is not a valid label value`,
      );
    }
    if (gpu.vendor !== 'NVIDIA' && gpu.vendor !== 'AMD') {
      c.add('INVALID_VALUE', 'gpu.vendor', `GPU vendor ${describeValue(gpu.vendor)} must be NVIDIA or AMD`);
    } else vendor = gpu.vendor;
  }
  if (!isInt(input.gpuCount, 1, 8) || !ALLOWED_GPU_COUNTS.includes(input.gpuCount)) {
    c.add(
      'INVALID_GPU_COUNT',
      'gpuCount',
      `GPU count ${describeValue(input.gpuCount)} must be one of ${ALLOWED_GPU_COUNTS.join(', ')}`,
    );
  }

  const replicas: unknown = input.replicas;
  if (!isRecord(replicas) || !isInt(replicas.min, 1, MAX_REPLICAS) || !isInt(replicas.max, 1, MAX_REPLICAS)) {
    c.add(
      'INVALID_REPLICAS',
      'replicas',
      `replicas.min and replicas.max must be integers from 1 to ${MAX_REPLICAS}`,
    );
  } else if (replicas.min > replicas.max) {
    c.add(
      'INVALID_REPLICAS',
      'replicas',
      `replicas.min (${replicas.min}) must not exceed replicas.max (${replicas.max})`,
    );
  }

  const gpuCount = typeof input.gpuCount === 'number' ? input.gpuCount : 1;
  const resources = checkResources(c, input.resources, mode === 'SIMULATOR' ? 'SIMULATOR' : 'VLLM', gpuCount);
  const autoscaling = checkAutoscaling(c, input.autoscaling);
  const vllm = checkVllm(c, input.vllm, vendor);
  const simulator = mode === 'SIMULATOR' ? checkSimulator(c, input.simulator) : null;

  if (input.serviceMonitor !== undefined && typeof input.serviceMonitor !== 'boolean') {
    c.add('INVALID_VALUE', 'serviceMonitor', 'serviceMonitor must be a boolean');
  }
  const description = input.description ?? null;
  if (
    description !== null &&
    (typeof description !== 'string' ||
      description.length > MAX_DESCRIPTION_LENGTH ||
      hasControlChars(description))
  ) {
    c.add(
      'INVALID_VALUE',
      'description',
      `description must be text of at most ${MAX_DESCRIPTION_LENGTH} characters without control characters`,
    );
  }
  const extraLabels = checkExtraLabels(c, input.extraLabels);

  if (c.errors.length > 0) return { ok: false, errors: c.errors };
  return {
    ok: true,
    value: {
      deploymentId,
      name,
      namespace,
      mode,
      model: { hfRepo, contextWindow },
      traffic: { promptTokens: input.traffic.promptTokens, outputTokens: input.traffic.outputTokens },
      gpu: { type: input.gpu.type, nodeSelectorLabel: input.gpu.nodeSelectorLabel, vendor },
      gpuCount,
      replicas: { min: input.replicas.min, max: input.replicas.max },
      resources,
      autoscaling,
      vllm,
      simulator,
      serviceMonitor: input.serviceMonitor ?? false,
      description,
      extraLabels,
      maxModelLen,
    },
  };
}
