import { z } from 'zod';
import type { ParsePayload } from 'zod/v4/core';
import { DEPLOYMENT_MODES } from '../../../kernel/enums.js';
import {
  DEFAULT_SIMULATOR_IMAGE,
  defaultResources,
  defaultVllmSettings,
  maxModelLength,
} from '../defaults.js';
import {
  describeValue,
  isHfRepoId,
  isImageName,
  isImageTag,
  isLabelValue,
  isQualifiedName,
  isRfc1035Label,
  isRfc1123Label,
  isRfc1123Subdomain,
} from '../render/k8s-names.js';
import {
  ALLOWED_GPU_COUNTS,
  GPU_VENDORS,
  KEDA_METRICS,
  KSERVE_SCALE_METRICS,
  MAX_DEPLOYMENT_NAME_LENGTH,
  MAX_REPLICAS,
  VLLM_DTYPES,
  VLLM_PREDICTOR_STYLES,
  VLLM_QUANTIZATIONS,
  type DeployErrorCode,
  type DeployValidationError,
  type ReplicaRange,
  type ResolvedDeployment,
  type ResourceSpec,
  type TrafficShape,
} from '../types.js';

/**
 * A DeploymentInput as one zod schema (built per allow-list): every field is checked at run time (callers
 * may hand over untyped data), every problem is collected, and the output is the ResolvedDeployment with
 * the defaults of defaults.ts filled in. Each issue carries its DeployErrorCode in `params.code`.
 *
 * Field checks never abort (zod's `abort: false`), so one bad field does not hide the next; a check that
 * needs other fields to be valid first (request ≤ limit, min ≤ max, the profile against the context
 * window, the simulator section in SIMULATOR mode) runs `when` those fields have no issue.
 */

const MAX_DESCRIPTION_LENGTH = 1024;
const MAX_EXTRA_LABELS = 16;
const GPU_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const RESERVED_LABEL_PREFIXES = ['compass.io/', 'serving.kserve.io/', 'kubernetes.io/', 'k8s.io/'];
const RESERVED_LABEL_KEYS = ['app.kubernetes.io/managed-by', 'app', 'component'];

type Path = readonly PropertyKey[];

/** Issue options: the domain's code, a message (from the offending value), never aborting. */
function coded(code: DeployErrorCode, message: string | ((input: unknown) => string), path?: Path) {
  return {
    abort: false,
    params: { code },
    error: (issue: { input?: unknown }) => (typeof message === 'string' ? message : message(issue.input)),
    ...(path ? { path: [...path] } : {}),
  };
}

function overlaps(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Runs a check only when none of `paths` (relative to the checked value) has an issue yet. */
function once(...paths: Path[]) {
  return {
    when: (payload: ParsePayload) =>
      !payload.issues.some((issue) => paths.some((path) => overlaps(issue.path ?? [], path))),
  };
}

/** Runs a check only when the value itself passed its first check (an object, say): its parts are checked one by one. */
const gated = {
  when: (payload: ParsePayload) => !payload.issues.some((issue) => (issue.path ?? []).length === 0),
};

/** A value `test` accepts, typed as T; `message` names the value it got. */
function valid<T>(
  test: (value: unknown) => boolean,
  code: DeployErrorCode,
  message: (input: unknown) => string,
) {
  return z.custom<T>(test, coded(code, message));
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isInt = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const isNumberIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const isString = (value: unknown): value is string => typeof value === 'string';

/** C0/C1 control characters other than tab and newline (NUL, ESC, …; bidi marks are not controls). */
function hasControlChars(text: string): boolean {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if ((code < 0x20 && ch !== '\t' && ch !== '\n') || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

function isSafeHttpUrl(value: unknown): boolean {
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

function reservedLabelKey(key: string): boolean {
  if (RESERVED_LABEL_KEYS.includes(key)) return true;
  const prefix = key.includes('/') ? `${key.split('/')[0] ?? ''}/` : '';
  return RESERVED_LABEL_PREFIXES.some((p) => prefix === p || prefix.endsWith(`.${p}`));
}

const imageName = valid<string>(
  (v) => isString(v) && isImageName(v),
  'INVALID_IMAGE',
  (v) => `image ${describeValue(v)} is not a valid image name`,
);
const imageTag = valid<string>(
  (v) => isString(v) && isImageTag(v),
  'INVALID_IMAGE',
  (v) => `image tag ${describeValue(v)} is not a valid tag`,
);

const modelSchema = z.object(
  {
    hfRepo: valid<string>(
      (v) => isString(v) && isHfRepoId(v),
      'INVALID_MODEL',
      (v) =>
        `model id ${describeValue(v)} is not a Hugging Face repository id (org/name of letters, digits, '.', '_', '-')`,
    ),
    contextWindow: valid<number>(
      (v) => isInt(v, 1, 10_000_000),
      'INVALID_MODEL',
      (v) => `context window ${describeValue(v)} must be a positive integer`,
    ),
  },
  { error: 'model is required' },
);

const trafficSchema = z.custom<TrafficShape>(
  (v) => isRecord(v) && isInt(v.promptTokens, 1, 10_000_000) && isInt(v.outputTokens, 1, 10_000_000),
  coded('INVALID_VALUE', 'traffic.promptTokens and traffic.outputTokens must be positive integers'),
);

const gpuSchema = z.object(
  {
    type: valid<string>(
      (v) => isString(v) && GPU_TYPE.test(v),
      'INVALID_VALUE',
      (v) => `GPU type ${describeValue(v)} is not a catalog GPU type`,
    ),
    nodeSelectorLabel: valid<string>(
      (v) => isString(v) && v !== '' && isLabelValue(v),
      'INVALID_LABEL',
      (v) => `GPU node label ${describeValue(v)} is not a valid label value`,
    ),
    vendor: z.enum(GPU_VENDORS, {
      error: (issue) => `GPU vendor ${describeValue(issue.input)} must be NVIDIA or AMD`,
    }),
  },
  { error: 'gpu is required' },
);

const replicasSchema = z
  .custom<ReplicaRange>(
    (v) => isRecord(v) && isInt(v.min, 1, MAX_REPLICAS) && isInt(v.max, 1, MAX_REPLICAS),
    coded('INVALID_REPLICAS', `replicas.min and replicas.max must be integers from 1 to ${MAX_REPLICAS}`),
  )
  .refine((r) => r.min <= r.max, {
    ...coded('INVALID_REPLICAS', (r) => {
      const range = r as ReplicaRange;
      return `replicas.min (${range.min}) must not exceed replicas.max (${range.max})`;
    }),
    ...once([]),
  });

const millicores = (v: unknown) => isInt(v, 1, 512_000);
const mebibytes = (v: unknown) => isInt(v, 1, 4 * 1024 * 1024);

const resourcesSchema = z
  .custom<ResourceSpec>(isRecord, coded('INVALID_RESOURCES', 'resources must be an object'))
  .refine((r) => millicores(r.cpuRequestMillis) && millicores(r.cpuLimitMillis), {
    ...coded(
      'INVALID_RESOURCES',
      'CPU request and limit must be positive integers (millicores, ≤ 512 cores)',
      ['cpu'],
    ),
    ...gated,
  })
  .refine((r) => mebibytes(r.memoryRequestMi) && mebibytes(r.memoryLimitMi), {
    ...coded('INVALID_RESOURCES', 'memory request and limit must be positive integers (MiB, ≤ 4 TiB)', [
      'memory',
    ]),
    ...gated,
  })
  .superRefine((r, ctx) => {
    const over = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message, params: { code: 'INVALID_RESOURCES' } });
    if (r.cpuRequestMillis > r.cpuLimitMillis) over('cpu', 'CPU request must not exceed the limit');
    if (r.memoryRequestMi > r.memoryLimitMi) over('memory', 'memory request must not exceed the limit');
  }, once([]))
  .transform((r): ResourceSpec => ({
    cpuRequestMillis: r.cpuRequestMillis,
    cpuLimitMillis: r.cpuLimitMillis,
    memoryRequestMi: r.memoryRequestMi,
    memoryLimitMi: r.memoryLimitMi,
  }));

const autoscalingSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('KSERVE'),
      metric: z.enum(KSERVE_SCALE_METRICS, {
        error: (issue) =>
          `scale metric ${describeValue(issue.input)} must be concurrency, rps, cpu or memory`,
      }),
      target: valid<number>(
        (v) => isInt(v, 1, 100_000),
        'INVALID_VALUE',
        () => 'scale target must be a positive integer',
      ),
    }),
    z.object({
      kind: z.literal('KEDA'),
      metric: z.enum(KEDA_METRICS, {
        error: (issue) =>
          `KEDA metric ${describeValue(issue.input)} must be num_requests_running or num_requests_waiting`,
      }),
      target: valid<number>(
        (v) => isNumberIn(v, 0.001, 100_000),
        'INVALID_VALUE',
        () => 'KEDA target must be a positive number',
      ),
      prometheusUrl: valid<string>(
        isSafeHttpUrl,
        'INVALID_VALUE',
        (v) => `Prometheus URL ${describeValue(v)} must be an http(s) URL without credentials`,
      ),
    }),
  ],
  {
    error: (issue) =>
      isRecord(issue.input)
        ? `autoscaling kind ${describeValue(issue.input.kind)} must be KSERVE or KEDA`
        : 'autoscaling must be an object',
  },
);

/** The caller's vLLM settings; what it leaves out comes from the vendor's defaults (see `resolve`). */
const vllmSchema = z.object(
  {
    image: imageName.optional(),
    imageTag: imageTag.optional(),
    gpuMemoryUtilization: valid<number>(
      (v) => isNumberIn(v, 0.05, 1),
      'INVALID_VALUE',
      () => 'GPU memory utilisation must be a number in (0.05, 1]',
    ).optional(),
    dtype: z
      .enum(VLLM_DTYPES, {
        error: (issue) => `dtype ${describeValue(issue.input)} must be one of ${VLLM_DTYPES.join(', ')}`,
      })
      .nullable()
      .optional(),
    quantization: z
      .enum(VLLM_QUANTIZATIONS, {
        error: (issue) =>
          `quantization ${describeValue(issue.input)} must be one of ${VLLM_QUANTIZATIONS.join(', ')}`,
      })
      .nullable()
      .optional(),
    predictorStyle: z
      .enum(VLLM_PREDICTOR_STYLES, { error: 'predictor style must be CONTAINER or SERVING_RUNTIME' })
      .optional(),
    hfTokenSecretName: z
      .custom<string>(
        (v) => isString(v) && isRfc1123Subdomain(v),
        coded('INVALID_NAME', (v) => `secret name ${describeValue(v)} is not a valid name`),
      )
      .nullable()
      .optional(),
  },
  { error: 'vllm settings must be an object' },
);

const calibrationMs = (key: string) =>
  valid<number>(
    (v) => isNumberIn(v, 0, 60_000),
    'INVALID_VALUE',
    () => `${key} must be a number from 0 to 60000 ms`,
  );

/** Read only in SIMULATOR mode; a missing section reads as one without calibration. */
const simulatorSchema = z.preprocess(
  (value) => (isRecord(value) ? value : {}),
  z.object({
    image: imageName.nullish(),
    imageTag: imageTag.nullish(),
    calibration: z.object(
      {
        prefillMsPerToken: calibrationMs('prefillMsPerToken'),
        decodeBaseMs: calibrationMs('decodeBaseMs'),
        decodeMsPerSeq: calibrationMs('decodeMsPerSeq'),
        maxNumSeqs: valid<number>(
          (v) => isInt(v, 1, 65_536),
          'INVALID_VALUE',
          () => 'maxNumSeqs must be a positive integer',
        ).nullish(),
      },
      { error: 'simulator mode needs calibration parameters' },
    ),
  }),
);

const extraLabelsSchema = z
  .custom<Record<string, string>>(
    isRecord,
    coded('INVALID_LABEL', 'extraLabels must be an object of string values'),
  )
  .superRefine((labels, ctx) => {
    const entries = Object.entries(labels as Record<string, unknown>);
    const issue = (path: string, message: string) =>
      ctx.addIssue({
        code: 'custom',
        path: path === '' ? [] : [path],
        message,
        params: { code: 'INVALID_LABEL' },
      });
    if (entries.length > MAX_EXTRA_LABELS) issue('', `at most ${MAX_EXTRA_LABELS} extra labels`);
    for (const [key, value] of entries) {
      if (!isQualifiedName(key)) {
        issue(describeValue(key), `label key ${describeValue(key)} is not a valid qualified name`);
      } else if (reservedLabelKey(key)) {
        issue(key, `label key ${describeValue(key)} is reserved`);
      } else if (!isString(value) || !isLabelValue(value)) {
        issue(
          key,
          `label value ${describeValue(value)} is not valid (≤ 63 chars: letters, digits, '-', '_', '.')`,
        );
      }
    }
  }, gated);

export interface InputSchemaOptions {
  /** Namespaces Compass may deploy to (COMPASS_NAMESPACES, parsed by the config). */
  allowedNamespaces: readonly string[];
}

/** The fields one by one; `deploymentInputSchema` adds the checks across fields and the defaults. */
function fieldsSchema(allowed: readonly string[]) {
  return z.object(
    {
      deploymentId: valid<string>(
        (v) => isString(v) && v !== '' && isLabelValue(v),
        'INVALID_LABEL',
        (v) =>
          `deployment id ${describeValue(v)} is not a valid label value (≤ 63 chars: letters, digits, '-', '_', '.')`,
      ),
      name: valid<string>(
        (v) => isString(v) && v.length <= MAX_DEPLOYMENT_NAME_LENGTH && isRfc1035Label(v),
        'INVALID_NAME',
        (v) =>
          `name ${describeValue(v)} must be ≤ ${MAX_DEPLOYMENT_NAME_LENGTH} chars of lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`,
      ),
      namespace: valid<string>(
        (v) => isString(v) && isRfc1123Label(v),
        'INVALID_NAME',
        (v) => `namespace ${describeValue(v)} is not a valid RFC 1123 label`,
      ).refine((ns) => allowed.includes(ns), {
        ...coded(
          'NAMESPACE_NOT_ALLOWED',
          (v) => `namespace ${describeValue(v)} is not allowed (allowed: ${allowed.join(', ')})`,
        ),
        ...once([]),
      }),
      mode: z.enum(DEPLOYMENT_MODES, {
        error: (issue) => `mode ${describeValue(issue.input)} must be VLLM or SIMULATOR`,
      }),
      model: modelSchema,
      traffic: trafficSchema,
      gpu: gpuSchema,
      gpuCount: valid<number>(
        (v) => isInt(v, 1, 8) && ALLOWED_GPU_COUNTS.includes(v),
        'INVALID_GPU_COUNT',
        (v) => `GPU count ${describeValue(v)} must be one of ${ALLOWED_GPU_COUNTS.join(', ')}`,
      ),
      replicas: replicasSchema,
      resources: resourcesSchema.nullish(),
      autoscaling: autoscalingSchema.nullish(),
      vllm: vllmSchema.nullish(),
      simulator: z.unknown().optional(),
      serviceMonitor: z.boolean({ error: 'serviceMonitor must be a boolean' }).optional(),
      description: z
        .custom<string>(
          (v) => isString(v) && v.length <= MAX_DESCRIPTION_LENGTH && !hasControlChars(v),
          coded(
            'INVALID_VALUE',
            `description must be text of at most ${MAX_DESCRIPTION_LENGTH} characters without control characters`,
          ),
        )
        .nullish(),
      extraLabels: extraLabelsSchema.nullish(),
    },
    { error: 'the deployment input must be an object' },
  );
}

type CheckedFields = z.output<ReturnType<typeof fieldsSchema>>;

/** The issue's DeployErrorCode: its own, else (zod's type and enum issues) the section's. */
function deployErrorCode(issue: { code: string; path: Path; params?: unknown }): DeployErrorCode {
  const own = isRecord(issue.params) ? issue.params.code : undefined;
  if (typeof own === 'string') return own as DeployErrorCode;
  return SECTION_CODES[String(issue.path[0])] ?? 'INVALID_VALUE';
}

const SECTION_CODES: Partial<Record<string, DeployErrorCode>> = {
  model: 'INVALID_MODEL',
  resources: 'INVALID_RESOURCES',
  extraLabels: 'INVALID_LABEL',
};

const FIELD_ORDER: readonly string[] = Object.keys(fieldsSchema([]).shape);
const fieldRank = (error: DeployValidationError) => FIELD_ORDER.indexOf(error.field.split('.')[0] ?? '');

/**
 * The issues as the domain's errors, in the input's field order (a check across fields, run after the
 * fields, reports where the field it names stands).
 */
export function deployErrorsOf(error: z.ZodError): DeployValidationError[] {
  return error.issues
    .map((issue) => ({
      code: deployErrorCode(issue),
      field: issue.path.map(String).join('.'),
      message: issue.message,
    }))
    .sort((a, b) => fieldRank(a) - fieldRank(b));
}

export function deploymentInputSchema(options: InputSchemaOptions) {
  return fieldsSchema(options.allowedNamespaces)
    .superRefine(
      (input, ctx) => {
        const { promptTokens, outputTokens } = input.traffic;
        const contextWindow = input.model.contextWindow;
        if (maxModelLength(promptTokens, outputTokens, contextWindow) === null) {
          ctx.addIssue({
            code: 'custom',
            path: ['traffic'],
            params: { code: 'CONTEXT_TOO_SMALL' },
            message: `prompt + output tokens (${promptTokens + outputTokens}) exceed the model's context window (${contextWindow})`,
          });
        }
      },
      once(['traffic'], ['model', 'contextWindow']),
    )
    .superRefine(
      (input, ctx) => {
        if (input.mode !== 'SIMULATOR') return;
        const simulator = simulatorSchema.safeParse(input.simulator);
        if (simulator.success) return;
        for (const issue of simulator.error.issues) {
          const path = ['simulator', ...issue.path];
          ctx.addIssue({
            code: 'custom',
            path,
            message: issue.message,
            params: { code: deployErrorCode({ ...issue, path }) },
          });
        }
      },
      once(['mode']),
    )
    .transform((input): ResolvedDeployment => resolve(input));
}

/** Defaults (defaults.ts) for what the caller left out; runs only on a fully valid input. */
function resolve(input: CheckedFields): ResolvedDeployment {
  const { model, traffic, gpu, gpuCount } = input;
  const simulator = input.mode === 'SIMULATOR' ? simulatorSchema.parse(input.simulator) : null;
  const vllmGiven = Object.fromEntries(Object.entries(input.vllm ?? {}).filter(([, v]) => v !== undefined));
  return {
    deploymentId: input.deploymentId,
    name: input.name,
    namespace: input.namespace,
    mode: input.mode,
    model: { hfRepo: model.hfRepo, contextWindow: model.contextWindow },
    traffic: { promptTokens: traffic.promptTokens, outputTokens: traffic.outputTokens },
    gpu: { type: gpu.type, nodeSelectorLabel: gpu.nodeSelectorLabel, vendor: gpu.vendor },
    gpuCount,
    replicas: { min: input.replicas.min, max: input.replicas.max },
    resources: input.resources ?? defaultResources(input.mode, gpuCount),
    autoscaling: input.autoscaling ?? null,
    vllm: { ...defaultVllmSettings(gpu.vendor), ...vllmGiven },
    simulator: simulator && {
      image: simulator.image ?? DEFAULT_SIMULATOR_IMAGE.image,
      imageTag: simulator.imageTag ?? DEFAULT_SIMULATOR_IMAGE.imageTag,
      calibration: { ...simulator.calibration, maxNumSeqs: simulator.calibration.maxNumSeqs ?? null },
    },
    serviceMonitor: input.serviceMonitor ?? false,
    description: input.description ?? null,
    extraLabels: input.extraLabels ?? {},
    // Non-null: the profile was checked against the context window above.
    maxModelLen: maxModelLength(traffic.promptTokens, traffic.outputTokens, model.contextWindow) ?? 0,
  };
}
