import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gpus } from '../../server/domains/catalog/seed-data/gpus.js';
import {
  compileCrd,
  CrdSchemaError,
  crdIssuesToErrors,
  loadCrdValidator,
  type CrdValidator,
} from '../../server/domains/deploy/validate/crd-schema.js';
import { buildDeploymentManifests } from '../../server/domains/deploy/render/render.js';
import type { DeploymentInput, KubeObject } from '../../server/domains/deploy/types.js';
import { ALLOWED_NAMESPACES, simulatorInput, vllmInput } from './deploy-fixtures.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const ISVC_CRD = path.resolve(repoRoot, '..', 'shared', 'k8s', 'serving.kserve.io_inferenceservices.yaml');
const SR_CRD = path.resolve(repoRoot, '..', 'shared', 'k8s', 'serving.kserve.io_servingruntimes.yaml');
const haveIsvcCrd = fs.existsSync(ISVC_CRD);
const haveSrCrd = fs.existsSync(SR_CRD);
if (!haveIsvcCrd || !haveSrCrd) {
  console.warn(
    `[deploy-crd-schema] skipping KServe CRD tests: file missing (${haveIsvcCrd ? SR_CRD : ISVC_CRD})`,
  );
}
const missing = (file: string, exists: boolean) =>
  exists ? '' : ` [SKIPPED: ${path.basename(file)} missing]`;

async function objectsFor(input: DeploymentInput): Promise<KubeObject[]> {
  const result = await buildDeploymentManifests(input, { allowedNamespaces: ALLOWED_NAMESPACES });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.manifests.objects;
}

/** A small CRD exercising the Kubernetes schema extensions; always available. */
const demoCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  spec: {
    group: 'example.com',
    names: { kind: 'Widget', plural: 'widgets' },
    versions: [
      { name: 'v1alpha1', served: true, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: {
                    'x-kubernetes-int-or-string': true,
                    anyOf: [{ type: 'integer' }, { type: 'string' }],
                  },
                  bare: { 'x-kubernetes-int-or-string': true },
                  replicas: { type: 'integer', format: 'int32' },
                  ports: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['port', 'protocol'],
                    items: {
                      type: 'object',
                      properties: { port: { type: 'integer' }, protocol: { type: 'string' } },
                    },
                  },
                  tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
                  free: {
                    type: 'object',
                    'x-kubernetes-preserve-unknown-fields': true,
                    properties: { a: { type: 'string' } },
                  },
                  mode: { type: 'string', enum: ['a', 'b'] },
                  rules: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a > 0' }] },
                },
              },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

function widget(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec, ...extra };
}

describe('CRD schema validation (Kubernetes extensions)', () => {
  const crd = compileCrd(demoCrd);
  const issues = (object: unknown) => crd.validate(object).map((i) => `${i.path} ${i.message}`);

  it('picks the storage version and reads names', () => {
    expect([crd.group, crd.kind, crd.plural, crd.version]).toEqual([
      'example.com',
      'Widget',
      'widgets',
      'v1',
    ]);
    expect(compileCrd(demoCrd, { version: 'v1alpha1' }).version).toBe('v1alpha1');
    expect(() => compileCrd(demoCrd, { version: 'v2' })).toThrow(CrdSchemaError);
    expect(() => compileCrd({ kind: 'ConfigMap' })).toThrow(CrdSchemaError);
  });

  it('x-kubernetes-int-or-string accepts integers and strings only', () => {
    expect(issues(widget({ size: 3 }))).toEqual([]);
    expect(issues(widget({ size: '3Gi', bare: 'x' }))).toEqual([]);
    expect(issues(widget({ size: 1, bare: 2 }))).toEqual([]);
    expect(issues(widget({ size: 1, bare: 1.5 }))).toContain('/spec/bare must be an integer or a string');
    expect(issues(widget({ size: true }))).toContain('/spec/size must be an integer or a string');
  });

  it('formats, required fields, enums and types', () => {
    expect(issues(widget({ size: 1, replicas: 2 ** 31 }))).toContain(
      '/spec/replicas must match format "int32"',
    );
    expect(issues(widget({}))).toContain("/spec must have required property 'size'");
    expect(issues(widget({ size: 1, mode: 'c' }))).toContain('/spec/mode must be one of ["a","b"]');
    expect(issues(widget({ size: 1, tags: 'x' }))).toContain('/spec/tags must be array');
  });

  it('list-type map and set require unique keys / items', () => {
    const ports = [
      { port: 80, protocol: 'TCP' },
      { port: 80, protocol: 'UDP' },
    ];
    expect(issues(widget({ size: 1, ports }))).toEqual([]);
    expect(issues(widget({ size: 1, ports: [...ports, { port: 80, protocol: 'TCP' }] }))).toContain(
      '/spec/ports list items must be unique',
    );
    expect(issues(widget({ size: 1, tags: ['a', 'b', 'a'] }))).toContain(
      '/spec/tags list items must be unique',
    );
  });

  it('rejects unknown fields unless preserved, and ignores status (a subresource)', () => {
    expect(issues(widget({ size: 1, sise: 2 }))).toEqual(['/spec unknown field "sise"']);
    expect(issues(widget({ size: 1, free: { anything: { goes: 1 } } }))).toEqual([]);
    expect(issues(widget({ size: 1 }, { status: { whatever: 1 } }))).toEqual([]);
    expect(issues(widget({ size: 1 }, { extra: 1 }))).toEqual(['/ unknown field "extra"']);
    const lenient = compileCrd(demoCrd, { unknownFields: 'allow' });
    expect(lenient.validate(widget({ size: 1, sise: 2 }))).toEqual([]);
  });

  it('maps issues to typed SCHEMA_VIOLATION errors', () => {
    expect(crdIssuesToErrors('Widget', crd.validate(widget({ size: true })))[0]).toEqual({
      code: 'SCHEMA_VIOLATION',
      field: 'Widget.spec.size',
      message: '/spec/size must be integer',
    });
  });
});

describe('rendered manifests against the KServe CRDs', () => {
  let isvc: CrdValidator;
  let sr: CrdValidator;
  beforeAll(() => {
    if (haveIsvcCrd) isvc = loadCrdValidator(ISVC_CRD);
    if (haveSrCrd) sr = loadCrdValidator(SR_CRD);
  }, 60_000);

  const expectedTypes = [
    'L4',
    'A10G',
    'A100-40',
    'A100-80',
    'H100',
    'H200',
    'B200',
    'MI300X',
    'L40',
    'L40S',
    'L20',
    'B100',
  ];

  it('the GPU catalog covers every GPU type the deployment tests promise', () => {
    expect(gpus.map((g) => g.type).sort()).toEqual([...expectedTypes].sort());
  });

  it.skipIf(!haveIsvcCrd)(
    `every GPU type × GPU count (1, 2, 4, 8) renders an InferenceService the KServe CRD accepts${missing(ISVC_CRD, haveIsvcCrd)}`,
    async () => {
      let validated = 0;
      for (const gpu of gpus) {
        for (const gpuCount of [1, 2, 4, 8]) {
          const input = vllmInput({
            gpu: { type: gpu.type, nodeSelectorLabel: gpu.nodeSelectorLabel, vendor: gpu.vendor },
            gpuCount,
          });
          const [object] = await objectsFor(input);
          expect(object?.kind).toBe('InferenceService');
          expect(isvc.validate(object), `${gpu.type} x${gpuCount}`).toEqual([]);
          const limits = (
            object?.spec as {
              predictor: { containers: { resources: { limits: Record<string, unknown> } }[] };
            }
          ).predictor.containers[0]?.resources.limits;
          expect(limits?.[gpu.vendor === 'AMD' ? 'amd.com/gpu' : 'nvidia.com/gpu']).toBe(gpuCount);
          validated += 1;
        }
      }
      expect(validated).toBe(48);
      console.log(
        `[deploy-crd-schema] ${validated} InferenceServices (12 GPU types × 4 counts) valid against ${path.basename(ISVC_CRD)} ${isvc.version}`,
      );
    },
  );

  it.skipIf(!haveIsvcCrd || !haveSrCrd)(
    `every variant (ServingRuntime style, simulator, autoscaling, dtype/quantization) passes the CRDs${missing(SR_CRD, haveSrCrd && haveIsvcCrd)}`,
    async () => {
      const variants: [string, DeploymentInput][] = [
        [
          'serving runtime',
          vllmInput({ vllm: { predictorStyle: 'SERVING_RUNTIME', hfTokenSecretName: 'hf-token' } }),
        ],
        ['simulator', simulatorInput()],
        [
          'simulator + KEDA',
          simulatorInput({
            replicas: { min: 1, max: 5 },
            autoscaling: {
              kind: 'KEDA',
              prometheusUrl: 'http://prom:9090',
              metric: 'num_requests_running',
              target: 0.5,
            },
          }),
        ],
        [
          'kserve autoscaling',
          vllmInput({
            replicas: { min: 1, max: 8 },
            autoscaling: { kind: 'KSERVE', metric: 'concurrency', target: 16 },
          }),
        ],
        [
          'dtype + quantization + extras',
          vllmInput({
            vllm: { dtype: 'half', quantization: 'awq' },
            extraLabels: { team: 'a' },
            description: 'x: y\n---',
          }),
        ],
        [
          'custom resources',
          vllmInput({
            resources: {
              cpuRequestMillis: 1500,
              cpuLimitMillis: 3000,
              memoryRequestMi: 1536,
              memoryLimitMi: 4096,
            },
          }),
        ],
      ];
      for (const [label, input] of variants) {
        for (const object of await objectsFor(input)) {
          if (object.kind === 'InferenceService') expect(isvc.validate(object), label).toEqual([]);
          if (object.kind === 'ServingRuntime') expect(sr.validate(object), label).toEqual([]);
        }
      }
    },
  );

  it.skipIf(!haveIsvcCrd)(
    `the KServe CRD rejects manifests with wrong types or unknown fields${missing(ISVC_CRD, haveIsvcCrd)}`,
    async () => {
      const [object] = await objectsFor(vllmInput());
      const broken = structuredClone(object) as unknown as { spec: { predictor: Record<string, unknown> } };
      broken.spec.predictor.minReplicas = '2';
      const container = (broken.spec.predictor.containers as Record<string, unknown>[])[0] as Record<
        string,
        unknown
      >;
      (container.resources as { limits: Record<string, unknown> }).limits.cpu = 1.5;
      (broken.spec.predictor.tolerations as Record<string, unknown>[]).push({ key: 'x', operatr: 'Exists' });
      broken.spec.predictor.scaleMetric = 'gpu';
      const found = isvc.validate(broken).map((i) => `${i.path} ${i.message}`);
      expect(found).toContain('/spec/predictor/minReplicas must be integer');
      expect(found).toContain(
        '/spec/predictor/containers/0/resources/limits/cpu must be an integer or a string',
      );
      expect(found).toContain('/spec/predictor/tolerations/1 unknown field "operatr"');
      expect(found).toContain(
        '/spec/predictor/scaleMetric must be one of ["cpu","memory","concurrency","rps"]',
      );
    },
  );
});
