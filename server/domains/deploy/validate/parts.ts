import type { DeploymentMode } from '../../../kernel/enums.js';
import { DEFAULT_SIMULATOR_IMAGE, defaultResources, defaultVllmSettings } from '../defaults.js';
import {
  describeValue,
  isImageName,
  isImageTag,
  isLabelValue,
  isQualifiedName,
  isRfc1123Subdomain,
} from '../render/k8s-names.js';
import {
  ALLOWED_GPU_COUNTS,
  VLLM_DTYPES,
  VLLM_QUANTIZATIONS,
  type AutoscalingInput,
  type DeployErrorCode,
  type DeployValidationError,
  type ResourceSpec,
  type SimulatorSettings,
  type VllmSettings,
} from '../types.js';

/** Input validation of the optional sections of a DeploymentInput (see validate.ts), defaults filled in. */

const MAX_EXTRA_LABELS = 16;
const RESERVED_LABEL_PREFIXES = ['compass.io/', 'serving.kserve.io/', 'kubernetes.io/', 'k8s.io/'];
const RESERVED_LABEL_KEYS = ['app.kubernetes.io/managed-by', 'app', 'component'];

export class Collector {
  readonly errors: DeployValidationError[] = [];
  add(code: DeployErrorCode, field: string, message: string): void {
    this.errors.push({ code, field, message });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

export function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

function reservedLabelKey(key: string): boolean {
  if (RESERVED_LABEL_KEYS.includes(key)) return true;
  const prefix = key.includes('/') ? `${key.split('/')[0] ?? ''}/` : '';
  return RESERVED_LABEL_PREFIXES.some((p) => prefix === p || prefix.endsWith(`.${p}`));
}

export function checkResources(
  c: Collector,
  value: unknown,
  mode: DeploymentMode,
  gpuCount: number,
): ResourceSpec {
  const fallback = defaultResources(mode, ALLOWED_GPU_COUNTS.includes(gpuCount) ? gpuCount : 1);
  if (value === undefined || value === null) return fallback;
  if (!isRecord(value)) {
    c.add('INVALID_RESOURCES', 'resources', 'resources must be an object');
    return fallback;
  }
  const cpuOk = isInt(value.cpuRequestMillis, 1, 512_000) && isInt(value.cpuLimitMillis, 1, 512_000);
  const memOk =
    isInt(value.memoryRequestMi, 1, 4 * 1024 * 1024) && isInt(value.memoryLimitMi, 1, 4 * 1024 * 1024);
  if (!cpuOk)
    c.add(
      'INVALID_RESOURCES',
      'resources.cpu',
      'CPU request and limit must be positive integers (millicores, ≤ 512 cores)',
    );
  if (!memOk)
    c.add(
      'INVALID_RESOURCES',
      'resources.memory',
      'memory request and limit must be positive integers (MiB, ≤ 4 TiB)',
    );
  if (!cpuOk || !memOk) return fallback;
  const spec = value as unknown as ResourceSpec;
  if (spec.cpuRequestMillis > spec.cpuLimitMillis)
    c.add('INVALID_RESOURCES', 'resources.cpu', 'CPU request must not exceed the limit');
  if (spec.memoryRequestMi > spec.memoryLimitMi)
    c.add('INVALID_RESOURCES', 'resources.memory', 'memory request must not exceed the limit');
  return { ...spec };
}

export function checkAutoscaling(c: Collector, value: unknown): AutoscalingInput | null {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) {
    c.add('INVALID_VALUE', 'autoscaling', 'autoscaling must be an object');
    return null;
  }
  if (value.kind === 'KSERVE') {
    if (!['concurrency', 'rps', 'cpu', 'memory'].includes(value.metric as string)) {
      c.add(
        'INVALID_VALUE',
        'autoscaling.metric',
        `scale metric ${describeValue(value.metric)} must be concurrency, rps, cpu or memory`,
      );
    }
    if (!isInt(value.target, 1, 100_000))
      c.add('INVALID_VALUE', 'autoscaling.target', 'scale target must be a positive integer');
    return value as unknown as AutoscalingInput;
  }
  if (value.kind === 'KEDA') {
    if (!['num_requests_running', 'num_requests_waiting'].includes(value.metric as string)) {
      c.add(
        'INVALID_VALUE',
        'autoscaling.metric',
        `KEDA metric ${describeValue(value.metric)} must be num_requests_running or num_requests_waiting`,
      );
    }
    if (!isNumberIn(value.target, 0.001, 100_000))
      c.add('INVALID_VALUE', 'autoscaling.target', 'KEDA target must be a positive number');
    if (!isSafeHttpUrl(value.prometheusUrl)) {
      c.add(
        'INVALID_VALUE',
        'autoscaling.prometheusUrl',
        `Prometheus URL ${describeValue(value.prometheusUrl)} must be an http(s) URL without credentials`,
      );
    }
    return value as unknown as AutoscalingInput;
  }
  c.add(
    'INVALID_VALUE',
    'autoscaling.kind',
    `autoscaling kind ${describeValue(value.kind)} must be KSERVE or KEDA`,
  );
  return null;
}

function isSafeHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048 || !/^[\x21-\x7e]+$/.test(value)) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

export function checkVllm(c: Collector, value: unknown, vendor: 'NVIDIA' | 'AMD'): VllmSettings {
  const settings = defaultVllmSettings(vendor);
  if (value === undefined || value === null) return settings;
  if (!isRecord(value)) {
    c.add('INVALID_VALUE', 'vllm', 'vllm settings must be an object');
    return settings;
  }
  const merged = { ...settings, ...(value as Partial<VllmSettings>) };
  if (typeof merged.image !== 'string' || !isImageName(merged.image)) {
    c.add('INVALID_IMAGE', 'vllm.image', `image ${describeValue(merged.image)} is not a valid image name`);
  }
  if (typeof merged.imageTag !== 'string' || !isImageTag(merged.imageTag)) {
    c.add('INVALID_IMAGE', 'vllm.imageTag', `image tag ${describeValue(merged.imageTag)} is not a valid tag`);
  }
  if (!isNumberIn(merged.gpuMemoryUtilization, 0.05, 1)) {
    c.add(
      'INVALID_VALUE',
      'vllm.gpuMemoryUtilization',
      'GPU memory utilisation must be a number in (0.05, 1]',
    );
  }
  if (merged.dtype !== null && !VLLM_DTYPES.includes(merged.dtype)) {
    c.add(
      'INVALID_VALUE',
      'vllm.dtype',
      `dtype ${describeValue(merged.dtype)} must be one of ${VLLM_DTYPES.join(', ')}`,
    );
  }
  if (merged.quantization !== null && !VLLM_QUANTIZATIONS.includes(merged.quantization)) {
    c.add(
      'INVALID_VALUE',
      'vllm.quantization',
      `quantization ${describeValue(merged.quantization)} must be one of ${VLLM_QUANTIZATIONS.join(', ')}`,
    );
  }
  if (merged.predictorStyle !== 'CONTAINER' && merged.predictorStyle !== 'SERVING_RUNTIME') {
    c.add('INVALID_VALUE', 'vllm.predictorStyle', 'predictor style must be CONTAINER or SERVING_RUNTIME');
  }
  if (
    merged.hfTokenSecretName !== null &&
    (typeof merged.hfTokenSecretName !== 'string' || !isRfc1123Subdomain(merged.hfTokenSecretName))
  ) {
    c.add(
      'INVALID_NAME',
      'vllm.hfTokenSecretName',
      `secret name ${describeValue(merged.hfTokenSecretName)} is not a valid name`,
    );
  }
  return merged;
}

export function checkSimulator(c: Collector, value: unknown): SimulatorSettings | null {
  if (!isRecord(value) || !isRecord(value.calibration)) {
    c.add('INVALID_VALUE', 'simulator.calibration', 'simulator mode needs calibration parameters');
    return null;
  }
  const image = value.image ?? DEFAULT_SIMULATOR_IMAGE.image;
  const imageTag = value.imageTag ?? DEFAULT_SIMULATOR_IMAGE.imageTag;
  if (typeof image !== 'string' || !isImageName(image))
    c.add('INVALID_IMAGE', 'simulator.image', `image ${describeValue(image)} is not a valid image name`);
  if (typeof imageTag !== 'string' || !isImageTag(imageTag))
    c.add('INVALID_IMAGE', 'simulator.imageTag', `image tag ${describeValue(imageTag)} is not a valid tag`);
  const cal = value.calibration;
  for (const key of ['prefillMsPerToken', 'decodeBaseMs', 'decodeMsPerSeq'] as const) {
    if (!isNumberIn(cal[key], 0, 60_000))
      c.add('INVALID_VALUE', `simulator.calibration.${key}`, `${key} must be a number from 0 to 60000 ms`);
  }
  const maxNumSeqs = cal.maxNumSeqs ?? null;
  if (maxNumSeqs !== null && !isInt(maxNumSeqs, 1, 65_536)) {
    c.add('INVALID_VALUE', 'simulator.calibration.maxNumSeqs', 'maxNumSeqs must be a positive integer');
  }
  return {
    image: image as string,
    imageTag: imageTag as string,
    calibration: {
      prefillMsPerToken: cal.prefillMsPerToken as number,
      decodeBaseMs: cal.decodeBaseMs as number,
      decodeMsPerSeq: cal.decodeMsPerSeq as number,
      maxNumSeqs: maxNumSeqs as number | null,
    },
  };
}

export function checkExtraLabels(c: Collector, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    c.add('INVALID_LABEL', 'extraLabels', 'extraLabels must be an object of string values');
    return {};
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_EXTRA_LABELS)
    c.add('INVALID_LABEL', 'extraLabels', `at most ${MAX_EXTRA_LABELS} extra labels`);
  const labels: Record<string, string> = {};
  for (const [key, val] of entries) {
    if (!isQualifiedName(key)) {
      c.add(
        'INVALID_LABEL',
        `extraLabels.${describeValue(key)}`,
        `label key ${describeValue(key)} is not a valid qualified name`,
      );
    } else if (reservedLabelKey(key)) {
      c.add('INVALID_LABEL', `extraLabels.${key}`, `label key ${describeValue(key)} is reserved`);
    } else if (typeof val !== 'string' || !isLabelValue(val)) {
      c.add(
        'INVALID_LABEL',
        `extraLabels.${key}`,
        `label value ${describeValue(val)} is not valid (≤ 63 chars: letters, digits, '-', '_', '.')`,
      );
    } else labels[key] = val;
  }
  return labels;
}
