import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import {
  formatCpu,
  formatMemory,
  GPU_NODE_SELECTOR_KEYS,
  GPU_RESOURCE_NAMES,
  PREDICTOR_PORT,
  shmSizeLimit,
} from '../defaults.js';
import { escapeYamlValue, UnsafeTemplateValueError } from './escape.js';
import { imageReference } from './image-reference.js';
import { validateDeploymentInput, type InputValidationOptions } from '../validate/validate.js';
import {
  validateRenderedManifests,
  type ExpectedDocument,
  type ManifestExpectation,
} from '../validate/manifest.js';
import {
  DEPLOYMENT_ID_LABEL,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  type BuildResult,
  type DeploymentInput,
  type KeyValue,
  type ResolvedDeployment,
  type TemplateValues,
} from '../types.js';

/** `templates/` at the repository root. */
export const DEFAULT_TEMPLATES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'templates',
);

export type TemplateName =
  'servingruntime-vllm' | 'inferenceservice-vllm' | 'inferenceservice-simulator' | 'servicemonitor';

const TEMPLATE_DOCUMENTS: Record<TemplateName, { apiVersion: string; kind: string }> = {
  'servingruntime-vllm': { apiVersion: 'serving.kserve.io/v1alpha1', kind: 'ServingRuntime' },
  'inferenceservice-vllm': { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' },
  'inferenceservice-simulator': { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' },
  servicemonitor: { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
};

/**
 * The liquid engine every manifest is rendered with: every output is escaped (escape.ts), the `raw`
 * filter that would bypass escaping throws, unknown variables and filters are errors, and only own
 * properties of the values are visible.
 */
export function createTemplateEngine(templatesDir: string = DEFAULT_TEMPLATES_DIR): Liquid {
  const engine = new Liquid({
    root: [templatesDir],
    partials: [templatesDir],
    layouts: [templatesDir],
    extname: '.liquid',
    outputEscape: escapeYamlValue,
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    cache: true,
  });
  engine.registerFilter('raw', () => {
    throw new UnsafeTemplateValueError('the raw filter is disabled: every value must be escaped');
  });
  return engine;
}

let sharedEngine: Liquid | null = null;
function defaultEngine(): Liquid {
  sharedEngine ??= createTemplateEngine();
  return sharedEngine;
}

/** Which templates a deployment renders, in apply order. */
export function templatesFor(
  values: Pick<TemplateValues, 'vllm' | 'simulator' | 'serviceMonitor'>,
): TemplateName[] {
  const names: TemplateName[] = [];
  if (values.simulator) names.push('inferenceservice-simulator');
  else {
    if (values.vllm?.runtimeName) names.push('servingruntime-vllm');
    names.push('inferenceservice-vllm');
  }
  if (values.serviceMonitor) names.push('servicemonitor');
  return names;
}

export function runtimeNameFor(name: string): string {
  return `${name}-vllm`;
}

export function serviceMonitorNameFor(name: string): string {
  return `${name}-metrics`;
}

/** The identity labels every object and the pod template carry, then the caller's extra labels. */
export function labelsFor(deployment: Pick<ResolvedDeployment, 'deploymentId' | 'extraLabels'>): KeyValue[] {
  return [
    { key: MANAGED_BY_LABEL, value: MANAGED_BY_VALUE },
    { key: DEPLOYMENT_ID_LABEL, value: deployment.deploymentId },
    ...Object.entries(deployment.extraLabels).map(([key, value]) => ({ key, value })),
  ];
}

/** Maps a validated deployment to the flat values the templates see. Pure. */
export function toTemplateValues(d: ResolvedDeployment, imageRegistry: string | null = null): TemplateValues {
  const vllmMode = d.mode === 'VLLM';
  const annotations: KeyValue[] = [
    { key: 'compass.io/mode', value: d.mode },
    { key: 'compass.io/model', value: d.model.hfRepo },
    { key: 'compass.io/gpu-type', value: d.gpu.type },
    { key: 'compass.io/gpu-count', value: String(d.gpuCount) },
    { key: 'compass.io/max-model-len', value: String(d.maxModelLen) },
  ];
  if (d.description !== null) annotations.push({ key: 'compass.io/description', value: d.description });
  const scaling = d.autoscaling;
  return {
    name: d.name,
    namespace: d.namespace,
    labels: labelsFor(d),
    annotations,
    model: { hfRepo: d.model.hfRepo, storageUri: `hf://${d.model.hfRepo}` },
    gpuCount: d.gpuCount,
    gpu: vllmMode
      ? {
          resourceName: GPU_RESOURCE_NAMES[d.gpu.vendor],
          nodeSelectorKey: GPU_NODE_SELECTOR_KEYS[d.gpu.vendor],
          nodeSelectorValue: d.gpu.nodeSelectorLabel,
        }
      : null,
    replicas: { ...d.replicas },
    autoscalerClass: scaling === null ? null : scaling.kind === 'KEDA' ? 'keda' : 'hpa',
    kserveScaling: scaling?.kind === 'KSERVE' ? { metric: scaling.metric, target: scaling.target } : null,
    keda:
      scaling?.kind === 'KEDA'
        ? {
            serverAddress: scaling.prometheusUrl,
            query: `sum(vllm:${scaling.metric}{namespace="${d.namespace}",pod=~"${d.name}-predictor-.*"})`,
            // A quantity string: the CRD's int-or-string rejects fractional numbers like 0.5.
            target: String(scaling.target),
          }
        : null,
    resources: {
      cpuRequest: formatCpu(d.resources.cpuRequestMillis),
      cpuLimit: formatCpu(d.resources.cpuLimitMillis),
      memoryRequest: formatMemory(d.resources.memoryRequestMi),
      memoryLimit: formatMemory(d.resources.memoryLimitMi),
    },
    vllm: vllmMode
      ? {
          image: imageReference(d.vllm.image, d.vllm.imageTag, imageRegistry),
          maxModelLen: d.maxModelLen,
          gpuMemoryUtilization: d.vllm.gpuMemoryUtilization,
          dtype: d.vllm.dtype,
          quantization: d.vllm.quantization,
          runtimeName: d.vllm.predictorStyle === 'SERVING_RUNTIME' ? runtimeNameFor(d.name) : null,
          hfTokenSecretName: d.vllm.hfTokenSecretName,
          shmSizeLimit: shmSizeLimit(d.gpuCount),
        }
      : null,
    simulator:
      !vllmMode && d.simulator
        ? {
            image: imageReference(d.simulator.image, d.simulator.imageTag, imageRegistry),
            prefillMsPerToken: d.simulator.calibration.prefillMsPerToken,
            decodeBaseMs: d.simulator.calibration.decodeBaseMs,
            decodeMsPerSeq: d.simulator.calibration.decodeMsPerSeq,
            maxNumSeqs: d.simulator.calibration.maxNumSeqs,
          }
        : null,
    serviceMonitor: d.serviceMonitor ? { name: serviceMonitorNameFor(d.name) } : null,
    port: PREDICTOR_PORT,
  };
}

/**
 * Renders the templates for these values into one multi-document YAML stream (`---` between documents).
 * No validation here: `buildDeploymentManifests` is the entry point; this is exposed so tests can show
 * that escaping alone keeps hostile values inert.
 */
export async function renderManifestYaml(
  values: TemplateValues,
  engine: Liquid = defaultEngine(),
): Promise<string> {
  const docs: string[] = [];
  for (const name of templatesFor(values)) {
    const text = await engine.renderFile(`${name}.yaml.liquid`, values as unknown as Record<string, unknown>);
    docs.push(`${text.trim()}\n`);
  }
  return docs.join('---\n');
}

/** What the rendered YAML must contain for these values (see validate-manifest.ts). */
export function expectationFor(
  values: TemplateValues,
  d: Pick<ResolvedDeployment, 'deploymentId' | 'mode' | 'model' | 'gpuCount' | 'namespace'>,
  allowedNamespaces: readonly string[],
): ManifestExpectation {
  const documents: ExpectedDocument[] = templatesFor(values).map((template) => {
    const doc = TEMPLATE_DOCUMENTS[template];
    const name =
      template === 'servingruntime-vllm'
        ? (values.vllm?.runtimeName ?? '')
        : template === 'servicemonitor'
          ? (values.serviceMonitor?.name ?? '')
          : values.name;
    return { ...doc, name };
  });
  return {
    allowedNamespaces,
    namespace: d.namespace,
    deploymentId: d.deploymentId,
    documents,
    mode: d.mode,
    gpuCount: d.gpuCount,
    gpuResourceName: values.gpu?.resourceName ?? null,
    gpuNodeSelectorKey: values.gpu?.nodeSelectorKey ?? null,
    hfRepo: d.model.hfRepo,
    runtimeName: values.vllm?.runtimeName ?? null,
  };
}

export interface BuildOptions extends InputValidationOptions {
  /** A custom engine (e.g. another templates directory); defaults to templates/ of this repository. */
  engine?: Liquid;
  /** A mirror registry for images that name none (see image-reference.ts); null = as written. */
  imageRegistry?: string | null;
}

/**
 * Input → validated input → template values → rendered YAML → parsed and validated objects. Nothing is
 * returned unless both validations pass; a dry run shows `manifests.yaml`, an apply sends `objects`.
 */
export async function buildDeploymentManifests(
  input: DeploymentInput,
  options: BuildOptions,
): Promise<BuildResult> {
  const checked = validateDeploymentInput(input, options);
  if (!checked.ok) return checked;
  return renderDeployment(checked.value, options);
}

/** An input already validated (`validateDeploymentInput`) → rendered YAML → parsed and validated objects. */
export async function renderDeployment(
  resolved: ResolvedDeployment,
  options: BuildOptions,
): Promise<BuildResult> {
  const values = toTemplateValues(resolved, options.imageRegistry ?? null);
  let yamlText: string;
  try {
    yamlText = await renderManifestYaml(values, options.engine);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    return {
      ok: false,
      errors: [{ code: 'RENDER_FAILED', field: 'templates', message: `rendering failed: ${reason}` }],
    };
  }
  const result = validateRenderedManifests(
    yamlText,
    expectationFor(values, resolved, options.allowedNamespaces),
  );
  if (!result.ok) return result;
  return {
    ok: true,
    manifests: { yaml: yamlText, objects: result.objects, maxModelLen: resolved.maxModelLen },
  };
}
