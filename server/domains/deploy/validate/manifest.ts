import { parseAllDocuments } from 'yaml';
import {
  describeValue,
  isLabelValue,
  isQualifiedName,
  isQuantity,
  isRfc1123Label,
} from '../render/k8s-names.js';
import {
  ALLOWED_GPU_COUNTS,
  DEPLOYMENT_ID_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  MAX_REPLICAS,
  type DeployErrorCode,
  type DeploymentMode,
  type DeployValidationError,
  type KubeObject,
} from '../types.js';

/**
 * Output validation (defence in depth): the rendered YAML is parsed as a stream and each document is
 * checked against what the input said it should be — the exact number and kinds of documents, names,
 * namespace, identity labels, replicas, resources and GPUs. Whatever a value did while being rendered,
 * a manifest that does not match the expectation is never returned, let alone applied.
 */

export interface ExpectedDocument {
  apiVersion: string;
  kind: string;
  name: string;
}

export interface ManifestExpectation {
  allowedNamespaces: readonly string[];
  namespace: string;
  deploymentId: string;
  /** In order; a value must never be able to add, drop or reorder a document. */
  documents: ExpectedDocument[];
  mode: DeploymentMode;
  gpuCount: number;
  /** `nvidia.com/gpu` or `amd.com/gpu` in VLLM mode. */
  gpuResourceName: string | null;
  /** Node selector key the GPU product label must appear under in VLLM mode. */
  gpuNodeSelectorKey: string | null;
  hfRepo: string;
  /** Name of the ServingRuntime an InferenceService with a `model` predictor must reference. */
  runtimeName: string | null;
}

export type ManifestValidationResult =
  { ok: true; objects: KubeObject[] } | { ok: false; errors: DeployValidationError[] };

const SCALE_METRICS = ['cpu', 'memory', 'concurrency', 'rps'];

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

class Checker {
  readonly errors: DeployValidationError[] = [];
  constructor(private readonly prefix: string) {}
  fail(code: DeployErrorCode, path: string, message: string): void {
    this.errors.push({ code, field: path ? `${this.prefix}.${path}` : this.prefix, message });
  }
  onlyKeys(obj: Json, allowed: string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key))
        this.fail('INVALID_MANIFEST', path, `unexpected field ${describeValue(key)}`);
    }
  }
}

export function validateRenderedManifests(
  yamlText: string,
  expect: ManifestExpectation,
): ManifestValidationResult {
  const parsed = parseStream(yamlText, expect.documents.length);
  if (!parsed.ok) return parsed;
  const errors: DeployValidationError[] = [];
  parsed.values.forEach((value, index) => {
    const doc = expect.documents[index];
    if (doc) errors.push(...checkDocument(value, doc, expect));
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, objects: parsed.values as KubeObject[] };
}

function parseStream(
  yamlText: string,
  expectedCount: number,
): { ok: true; values: unknown[] } | { ok: false; errors: DeployValidationError[] } {
  const invalid = (message: string) => ({
    ok: false as const,
    errors: [{ code: 'INVALID_MANIFEST' as const, field: 'manifest', message }],
  });
  const docs = parseAllDocuments(yamlText, { uniqueKeys: true, strict: true, merge: false, version: '1.2' });
  if (!Array.isArray(docs)) return invalid('the rendered manifest is empty');
  if (docs.length !== expectedCount) {
    return invalid(`expected exactly ${expectedCount} YAML document(s), found ${docs.length}`);
  }
  const values: unknown[] = [];
  for (const [i, doc] of docs.entries()) {
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) return invalid(`document ${i + 1} is not valid YAML: ${problem.code}`);
    try {
      // Templates never use anchors or aliases; any alias means something was injected.
      values.push(doc.toJS({ maxAliasCount: 0 }));
    } catch {
      return invalid(`document ${i + 1} uses YAML aliases`);
    }
  }
  return { ok: true, values };
}

function checkDocument(
  value: unknown,
  doc: ExpectedDocument,
  expect: ManifestExpectation,
): DeployValidationError[] {
  const c = new Checker(doc.kind);
  if (!isRecord(value)) {
    c.fail('INVALID_MANIFEST', '', 'document is not a mapping');
    return c.errors;
  }
  c.onlyKeys(value, ['apiVersion', 'kind', 'metadata', 'spec'], '');
  if (value.apiVersion !== doc.apiVersion)
    c.fail('INVALID_MANIFEST', 'apiVersion', `expected ${doc.apiVersion}`);
  if (value.kind !== doc.kind)
    c.fail('INVALID_MANIFEST', 'kind', `expected kind ${doc.kind}, found ${describeValue(value.kind)}`);
  checkMetadata(c, value.metadata, doc, expect);
  if (!isRecord(value.spec)) {
    c.fail('INVALID_MANIFEST', 'spec', 'spec is required');
    return c.errors;
  }
  if (doc.kind === 'InferenceService') checkInferenceService(c, value, expect);
  if (doc.kind === 'ServingRuntime') checkServingRuntime(c, value.spec, expect);
  if (doc.kind === 'ServiceMonitor') checkServiceMonitor(c, value.spec);
  return c.errors;
}

function checkMetadata(
  c: Checker,
  metadata: unknown,
  doc: ExpectedDocument,
  expect: ManifestExpectation,
): void {
  if (!isRecord(metadata)) {
    c.fail('INVALID_MANIFEST', 'metadata', 'metadata is required');
    return;
  }
  c.onlyKeys(metadata, ['name', 'namespace', 'labels', 'annotations'], 'metadata');
  const { name, namespace } = metadata;
  if (typeof name !== 'string' || !isRfc1123Label(name)) {
    c.fail('INVALID_NAME', 'metadata.name', `name ${describeValue(name)} is not a valid RFC 1123 label`);
  } else if (name !== doc.name) {
    c.fail('INVALID_MANIFEST', 'metadata.name', `expected name ${describeValue(doc.name)}`);
  }
  if (typeof namespace !== 'string' || !isRfc1123Label(namespace)) {
    c.fail(
      'INVALID_NAME',
      'metadata.namespace',
      `namespace ${describeValue(namespace)} is not a valid RFC 1123 label`,
    );
  } else if (!expect.allowedNamespaces.includes(namespace)) {
    c.fail(
      'NAMESPACE_NOT_ALLOWED',
      'metadata.namespace',
      `namespace ${describeValue(namespace)} is not allowed`,
    );
  } else if (namespace !== expect.namespace) {
    c.fail('INVALID_MANIFEST', 'metadata.namespace', `expected namespace ${describeValue(expect.namespace)}`);
  }
  checkIdentityLabels(c, metadata.labels, 'metadata.labels', expect);
  if (metadata.annotations !== undefined) {
    if (!isRecord(metadata.annotations))
      c.fail('INVALID_MANIFEST', 'metadata.annotations', 'annotations must be a mapping');
    else {
      for (const [key, val] of Object.entries(metadata.annotations)) {
        if (!isQualifiedName(key))
          c.fail(
            'INVALID_MANIFEST',
            'metadata.annotations',
            `annotation key ${describeValue(key)} is invalid`,
          );
        if (typeof val !== 'string')
          c.fail('INVALID_MANIFEST', `metadata.annotations.${key}`, 'annotation values must be strings');
      }
    }
  }
}

function checkIdentityLabels(c: Checker, labels: unknown, path: string, expect: ManifestExpectation): void {
  if (!isRecord(labels)) {
    c.fail('INVALID_MANIFEST', path, 'labels are required');
    return;
  }
  for (const [key, val] of Object.entries(labels)) {
    if (!isQualifiedName(key)) c.fail('INVALID_LABEL', path, `label key ${describeValue(key)} is invalid`);
    if (typeof val !== 'string' || !isLabelValue(val)) {
      c.fail(
        'INVALID_LABEL',
        `${path}.${key}`,
        `label value ${describeValue(val)} is invalid (≤ 63 chars: letters, digits, '-', '_', '.')`,
      );
    }
  }
  if (labels[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE)
    c.fail('INVALID_MANIFEST', path, `label ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} is required`);
  if (labels[DEPLOYMENT_ID_LABEL] !== expect.deploymentId) {
    c.fail('INVALID_MANIFEST', path, `label ${DEPLOYMENT_ID_LABEL} must be the deployment id`);
  }
}

function checkInferenceService(c: Checker, isvc: Json, expect: ManifestExpectation): void {
  const annotations =
    isRecord(isvc.metadata) && isRecord(isvc.metadata.annotations) ? isvc.metadata.annotations : {};
  if (annotations['serving.kserve.io/deploymentMode'] !== 'RawDeployment') {
    c.fail(
      'INVALID_MANIFEST',
      'metadata.annotations',
      'serving.kserve.io/deploymentMode must be RawDeployment',
    );
  }
  const spec = isvc.spec as Json;
  c.onlyKeys(spec, ['predictor'], 'spec');
  const p = spec.predictor;
  if (!isRecord(p)) {
    c.fail('INVALID_MANIFEST', 'spec.predictor', 'predictor is required');
    return;
  }
  const { minReplicas, maxReplicas } = p;
  if (
    !isInt(minReplicas, 1, MAX_REPLICAS) ||
    !isInt(maxReplicas, 1, MAX_REPLICAS) ||
    minReplicas > maxReplicas
  ) {
    c.fail(
      'INVALID_REPLICAS',
      'spec.predictor',
      `replicas must satisfy 1 ≤ minReplicas ≤ maxReplicas ≤ ${MAX_REPLICAS}`,
    );
  }
  if (p.scaleMetric !== undefined && !SCALE_METRICS.includes(p.scaleMetric as string)) {
    c.fail(
      'INVALID_MANIFEST',
      'spec.predictor.scaleMetric',
      `scale metric must be one of ${SCALE_METRICS.join(', ')}`,
    );
  }
  if (p.scaleTarget !== undefined && !isInt(p.scaleTarget, 1, 2 ** 31 - 1)) {
    c.fail('INVALID_MANIFEST', 'spec.predictor.scaleTarget', 'scale target must be a positive integer');
  }
  checkIdentityLabels(c, p.labels, 'spec.predictor.labels', expect);

  const hasContainers = p.containers !== undefined;
  const hasModel = p.model !== undefined;
  if (hasContainers === hasModel) {
    c.fail('INVALID_MANIFEST', 'spec.predictor', 'exactly one of containers or model is required');
    return;
  }
  let container: Json;
  if (hasContainers) {
    if (!Array.isArray(p.containers) || p.containers.length !== 1 || !isRecord(p.containers[0])) {
      c.fail('INVALID_MANIFEST', 'spec.predictor.containers', 'exactly one predictor container is expected');
      return;
    }
    container = p.containers[0];
    if (typeof container.name !== 'string' || typeof container.image !== 'string' || container.image === '') {
      c.fail('INVALID_MANIFEST', 'spec.predictor.containers[0]', 'container name and image are required');
    }
  } else {
    if (!isRecord(p.model)) {
      c.fail('INVALID_MANIFEST', 'spec.predictor.model', 'model must be a mapping');
      return;
    }
    container = p.model;
    const format = container.modelFormat;
    if (!isRecord(format) || format.name !== 'vLLM')
      c.fail('INVALID_MANIFEST', 'spec.predictor.model.modelFormat', 'modelFormat.name must be vLLM');
    if (container.runtime !== expect.runtimeName)
      c.fail(
        'INVALID_MANIFEST',
        'spec.predictor.model.runtime',
        'runtime must be the rendered ServingRuntime',
      );
  }
  const where = hasContainers ? 'spec.predictor.containers[0]' : 'spec.predictor.model';
  const args = checkArgs(c, container.args, `${where}.args`);
  const modelArg = hasContainers ? argValue(args, '--model') : argValue(args, '--served-model-name');
  if (modelArg !== expect.hfRepo)
    c.fail('INVALID_MANIFEST', `${where}.args`, 'the model argument must be the requested model id');
  const gpus = checkResources(c, container.resources, `${where}.resources`);

  if (expect.mode === 'VLLM') {
    const limit = expect.gpuResourceName ? gpus.limits[expect.gpuResourceName] : undefined;
    if (!isInt(limit, 1, 8) || !ALLOWED_GPU_COUNTS.includes(limit)) {
      c.fail(
        'INVALID_GPU_COUNT',
        `${where}.resources.limits`,
        `GPU limit must be one of ${ALLOWED_GPU_COUNTS.join(', ')}`,
      );
    } else if (limit !== expect.gpuCount) {
      c.fail(
        'INVALID_GPU_COUNT',
        `${where}.resources.limits`,
        `GPU limit ${limit} differs from the requested ${expect.gpuCount}`,
      );
    }
    if (argValue(args, '--tensor-parallel-size') !== String(expect.gpuCount)) {
      c.fail('INVALID_MANIFEST', `${where}.args`, '--tensor-parallel-size must equal the GPU count');
    }
    const selector = p.nodeSelector;
    const product =
      isRecord(selector) && expect.gpuNodeSelectorKey ? selector[expect.gpuNodeSelectorKey] : undefined;
    if (typeof product !== 'string') {
      c.fail('INVALID_MANIFEST', 'spec.predictor.nodeSelector', 'a GPU node selector is required');
    } else if (product === '' || !isLabelValue(product)) {
      c.fail(
        'INVALID_LABEL',
        'spec.predictor.nodeSelector',
        `node selector value ${describeValue(product)} is not a valid label value`,
      );
    }
  } else {
    if (gpus.requestsGpu)
      c.fail('INVALID_RESOURCES', `${where}.resources`, 'simulator deployments must not request GPUs');
    if (p.nodeSelector !== undefined)
      c.fail(
        'INVALID_MANIFEST',
        'spec.predictor.nodeSelector',
        'simulator deployments have no node selector',
      );
  }
}

function checkArgs(c: Checker, args: unknown, path: string): string[] {
  if (!Array.isArray(args) || !args.every((a): a is string => typeof a === 'string')) {
    c.fail('INVALID_MANIFEST', path, 'args must be a list of strings');
    return [];
  }
  return args;
}

/** Value of `--flag=value` or `--flag value`; null when absent. */
export function argValue(args: readonly string[], flag: string): string | null {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === flag) return args[i + 1] ?? null;
    if (arg.startsWith(`${flag}=`)) return arg.slice(flag.length + 1);
  }
  return null;
}

/** Checks requests/limits; returns the GPU quantities found (keys ending in `/gpu`). */
function checkResources(
  c: Checker,
  resources: unknown,
  path: string,
): { requestsGpu: boolean; limits: Record<string, unknown> } {
  if (!isRecord(resources) || !isRecord(resources.requests) || !isRecord(resources.limits)) {
    c.fail('INVALID_RESOURCES', path, 'resources.requests and resources.limits are required');
    return { requestsGpu: false, limits: {} };
  }
  let requestsGpu = false;
  for (const part of ['requests', 'limits'] as const) {
    const map = resources[part] as Json;
    for (const key of ['cpu', 'memory']) {
      if (map[key] === undefined) c.fail('INVALID_RESOURCES', `${path}.${part}`, `${key} is required`);
    }
    for (const [key, val] of Object.entries(map)) {
      if (key.endsWith('/gpu')) requestsGpu = true;
      // A valid quantity's leading number carries its sign and magnitude ("500m" → 500, "0Gi" → 0).
      const positive = typeof val === 'number' ? val > 0 : typeof val === 'string' && parseFloat(val) > 0;
      if ((typeof val !== 'string' && typeof val !== 'number') || !isQuantity(val) || !positive) {
        c.fail(
          'INVALID_RESOURCES',
          `${path}.${part}.${key}`,
          `${describeValue(val)} is not a positive quantity`,
        );
      }
    }
  }
  return { requestsGpu, limits: resources.limits as Json };
}

function checkServingRuntime(c: Checker, spec: Json, expect: ManifestExpectation): void {
  const formats = spec.supportedModelFormats;
  if (!Array.isArray(formats) || !formats.some((f) => isRecord(f) && f.name === 'vLLM')) {
    c.fail(
      'INVALID_MANIFEST',
      'spec.supportedModelFormats',
      'the runtime must support the vLLM model format',
    );
  }
  if (!Array.isArray(spec.containers) || spec.containers.length !== 1 || !isRecord(spec.containers[0])) {
    c.fail('INVALID_MANIFEST', 'spec.containers', 'exactly one runtime container is expected');
    return;
  }
  const container = spec.containers[0];
  if (typeof container.image !== 'string' || container.image === '')
    c.fail('INVALID_MANIFEST', 'spec.containers[0].image', 'image is required');
  checkArgs(c, container.args, 'spec.containers[0].args');
  if (expect.mode !== 'VLLM')
    c.fail('INVALID_MANIFEST', 'spec', 'a ServingRuntime is only rendered in VLLM mode');
}

function checkServiceMonitor(c: Checker, spec: Json): void {
  if (!isRecord(spec.selector)) c.fail('INVALID_MANIFEST', 'spec.selector', 'selector is required');
  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0)
    c.fail('INVALID_MANIFEST', 'spec.endpoints', 'at least one endpoint is required');
}
