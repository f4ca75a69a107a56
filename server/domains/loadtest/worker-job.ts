import type { Liquid } from 'liquidjs';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseInput } from '../../kernel/validation.js';
import { createTemplateEngine } from '../deploy/render/render.js';
import {
  isImageName,
  isImageTag,
  isLabelValue,
  isQuantity,
  isRfc1123Label,
  isRfc1123Subdomain,
} from '../deploy/render/k8s-names.js';
import { RECIPE_LIMITS } from './recipe.js';

/**
 * The Kubernetes Indexed Job that runs a multi-worker run's shards as pods
 * (templates/benchmark-workers-job.yaml.liquid, docs/benchmark-runner.md "Kubernetes Indexed Job"):
 * completions = parallelism = workers, pod i runs the worker for shard i (JOB_COMPLETION_INDEX).
 * The rendered YAML is parsed and checked against the batch/v1 Job fields it must have before it is
 * returned, as every Compass manifest is.
 */

const secretRef = z.strictObject({
  name: z.string().refine(isRfc1123Subdomain, 'a Secret name (RFC 1123 subdomain)'),
  key: z.string().regex(/^[-._a-zA-Z0-9]{1,253}$/, 'a Secret key (letters, digits, - . _)'),
});

export const workerJobInputSchema = z.strictObject({
  namespace: z.string().refine(isRfc1123Label, 'a namespace (RFC 1123 label)').default('default'),
  /** The Compass image, e.g. ghcr.io/acme/compass:1.4.0 (the Dockerfile's `server` stage). */
  image: z
    .string()
    .max(500)
    .refine((value) => {
      const at = value.lastIndexOf(':');
      const name = at > value.lastIndexOf('/') ? value.slice(0, at) : value;
      return isImageName(name) && (name === value || isImageTag(value.slice(name.length + 1)));
    }, 'an image reference, e.g. ghcr.io/acme/compass:1.4.0'),
  /** Secret holding DATABASE_URL (the database every Compass process shares). */
  databaseSecret: secretRef.default({ name: 'compass-database', key: 'url' }),
  /** Secret holding COMPASS_SECRET_KEY (opens the recipe's sealed API key and headers). */
  secretKeySecret: secretRef.default({ name: 'compass-secret-key', key: 'key' }),
  cpu: z.string().refine(isQuantity, 'a CPU quantity, e.g. 1 or 500m').default('1'),
  memory: z.string().refine(isQuantity, 'a memory quantity, e.g. 1Gi').default('1Gi'),
  ttlSeconds: z.number().int().min(0).max(604_800).default(3_600),
});
export type WorkerJobInput = z.input<typeof workerJobInputSchema>;

/** The batch/v1 Job fields the manifest must have (what the test and the renderer check). */
export const indexedJobShape = z.object({
  apiVersion: z.literal('batch/v1'),
  kind: z.literal('Job'),
  metadata: z.object({
    name: z.string().refine(isRfc1123Subdomain),
    namespace: z.string().refine(isRfc1123Label),
    labels: z.record(z.string(), z.string().refine(isLabelValue)),
  }),
  spec: z.object({
    completionMode: z.literal('Indexed'),
    completions: z.number().int().min(1),
    parallelism: z.number().int().min(1),
    backoffLimit: z.number().int().min(0),
    ttlSecondsAfterFinished: z.number().int().min(0),
    template: z.object({
      metadata: z.object({ labels: z.record(z.string(), z.string()) }),
      spec: z.object({
        restartPolicy: z.enum(['Never', 'OnFailure']),
        containers: z
          .array(
            z.object({
              name: z.string().refine(isRfc1123Label),
              image: z.string().min(1),
              command: z.array(z.string()),
              env: z.array(
                z.union([
                  z.strictObject({ name: z.string(), value: z.string() }),
                  z.strictObject({
                    name: z.string(),
                    valueFrom: z.strictObject({
                      secretKeyRef: z.strictObject({ name: z.string(), key: z.string() }),
                    }),
                  }),
                ]),
              ),
              resources: z.object({
                requests: z.record(z.string(), z.string().refine(isQuantity)),
                limits: z.record(z.string(), z.string().refine(isQuantity)),
              }),
            }),
          )
          .length(1),
      }),
    }),
  }),
});
export type IndexedJob = z.infer<typeof indexedJobShape>;

export function workerJobName(runId: number): string {
  return `compass-run-${runId}-workers`;
}

/** The Indexed Job manifest (YAML) of a run split across `workers` shards. */
export async function renderWorkerJob(
  run: { id: number; workers: number },
  input: WorkerJobInput,
  engine: Liquid = createTemplateEngine(),
): Promise<string> {
  const values = parseInput(workerJobInputSchema, input);
  if (!(Number.isInteger(run.workers) && run.workers >= 1 && run.workers <= RECIPE_LIMITS.workers)) {
    throw new RangeError(`run ${run.id} has ${run.workers} workers`);
  }
  const name = workerJobName(run.id);
  const yaml = await engine.renderFile('benchmark-workers-job.yaml.liquid', {
    ...values,
    name,
    workers: run.workers,
    runIdText: String(run.id),
    labels: [
      { key: 'app.kubernetes.io/managed-by', value: 'compass' },
      { key: 'app.kubernetes.io/component', value: 'benchmark-worker' },
      { key: 'compass.io/run-id', value: String(run.id) },
    ],
  });
  const job = indexedJobShape.parse(parse(yaml));
  if (
    job.spec.completions !== run.workers ||
    job.spec.parallelism !== run.workers ||
    job.metadata.name !== name ||
    job.metadata.namespace !== values.namespace
  ) {
    throw new Error('rendered Job does not match its input');
  }
  return yaml;
}
