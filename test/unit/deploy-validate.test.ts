import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  isHfRepoId,
  isImageName,
  isImageTag,
  isLabelValue,
  isQualifiedName,
  isQuantity,
  isRfc1035Label,
  isRfc1123Label,
} from '../../server/domains/deploy/render/k8s-names.js';
import {
  buildDeploymentManifests,
  expectationFor,
  toTemplateValues,
} from '../../server/domains/deploy/render/render.js';
import type { DeploymentInput, DeployValidationError } from '../../server/domains/deploy/types.js';
import {
  validateDeploymentInput,
  validateRenderedManifests,
} from '../../server/domains/deploy/validate/validate.js';
import type { ManifestExpectation } from '../../server/domains/deploy/validate/manifest.js';
import { ALLOWED_NAMESPACES, parseDocs, simulatorInput, vllmInput, type Json } from './deploy-fixtures.js';

const options = { allowedNamespaces: ALLOWED_NAMESPACES };

function codes(errors: DeployValidationError[]): string[] {
  return errors.map((e) => `${e.code}@${e.field}`);
}

function inputErrors(input: DeploymentInput): string[] {
  const result = validateDeploymentInput(input, options);
  return result.ok ? [] : codes(result.errors);
}

describe('Kubernetes name rules', () => {
  it('RFC 1123 / 1035 labels', () => {
    expect(['a', 'abc-1', '0abc', 'a'.repeat(63)].map(isRfc1123Label)).toEqual([true, true, true, true]);
    expect(
      ['', 'A', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(64), 'ｄｅｐｌｏｙ', 'a\n'].map(isRfc1123Label),
    ).toEqual(Array(9).fill(false));
    expect([isRfc1035Label('abc'), isRfc1035Label('0abc')]).toEqual([true, false]);
  });

  it('label values, qualified names, quantities, images, model ids', () => {
    expect(['', 'a', 'A.b_c-d', 'x'.repeat(63)].map(isLabelValue)).toEqual([true, true, true, true]);
    expect(['-a', 'a-', 'a b', 'x'.repeat(64), 'a/b', 'é'].map(isLabelValue)).toEqual(Array(6).fill(false));
    expect(['app', 'compass.io/deployment-id', 'a.b.c/d_e'].map(isQualifiedName)).toEqual([true, true, true]);
    expect(['', '/a', 'a/', 'A.B/c', 'a/b/c', 'a b'].map(isQualifiedName)).toEqual(Array(6).fill(false));
    expect(['1', '250m', '16Gi', '0.5', '1e3', 4].map(isQuantity)).toEqual(Array(6).fill(true));
    expect(['', '1 Gi', 'Gi', '1.5.2', 1.5].map(isQuantity)).toEqual(Array(5).fill(false));
    expect(
      ['vllm/vllm-openai', 'rocm/vllm', 'registry.example.com:5000/a/b', 'busybox'].map(isImageName),
    ).toEqual(Array(4).fill(true));
    expect(['Vllm/x', 'a//b', 'a:tag', 'a b'].map(isImageName)).toEqual(Array(4).fill(false));
    expect([isImageTag('v0.10.2'), isImageTag('latest'), isImageTag('.x'), isImageTag('a:b')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(['meta-llama/Llama-3.1-8B-Instruct', 'gpt2', 'Qwen/Qwen2.5-7B-Instruct'].map(isHfRepoId)).toEqual(
      Array(3).fill(true),
    );
    expect(['', '/x', 'a/b/c', '../etc', 'a/..', 'a b', 'a/b\n'].map(isHfRepoId)).toEqual(
      Array(7).fill(false),
    );
  });
});

describe('input validation', () => {
  it('accepts the fixtures and fills in defaults', () => {
    const result = validateDeploymentInput(vllmInput(), options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.maxModelLen).toBe(5120);
    expect(result.value.resources.cpuRequestMillis).toBe(8000);
    expect(result.value.vllm).toMatchObject({
      image: 'vllm/vllm-openai',
      predictorStyle: 'CONTAINER',
      dtype: null,
    });
    expect(result.value.serviceMonitor).toBe(false);
    expect(validateDeploymentInput(simulatorInput(), options).ok).toBe(true);
  });

  it.each([
    ['name with capitals', { name: 'Llama' }, 'INVALID_NAME@name'],
    ['name starting with a digit (Service names are DNS-1035)', { name: '7b-chat' }, 'INVALID_NAME@name'],
    ['name of 54 chars (no room for -predictor)', { name: 'a'.repeat(54) }, 'INVALID_NAME@name'],
    ['namespace not an RFC 1123 label', { namespace: 'Compass' }, 'INVALID_NAME@namespace'],
    ['namespace not in the allow-list', { namespace: 'kube-system' }, 'NAMESPACE_NOT_ALLOWED@namespace'],
    ['deployment id not a label value', { deploymentId: 'a b' }, 'INVALID_LABEL@deploymentId'],
    ['gpuCount 3', { gpuCount: 3 }, 'INVALID_GPU_COUNT@gpuCount'],
    ['gpuCount 0', { gpuCount: 0 }, 'INVALID_GPU_COUNT@gpuCount'],
    ['gpuCount 16', { gpuCount: 16 }, 'INVALID_GPU_COUNT@gpuCount'],
    ['replicas min > max', { replicas: { min: 3, max: 2 } }, 'INVALID_REPLICAS@replicas'],
    ['replicas 0', { replicas: { min: 0, max: 2 } }, 'INVALID_REPLICAS@replicas'],
    ['replicas 101', { replicas: { min: 1, max: 101 } }, 'INVALID_REPLICAS@replicas'],
    [
      'model id with spaces',
      { model: { hfRepo: 'meta llama', contextWindow: 8192 } },
      'INVALID_MODEL@model.hfRepo',
    ],
    [
      'context window 0',
      { model: { hfRepo: 'gpt2', contextWindow: 0 } },
      'INVALID_MODEL@model.contextWindow',
    ],
    [
      'profile longer than the context',
      { model: { hfRepo: 'gpt2', contextWindow: 1024 } },
      'CONTEXT_TOO_SMALL@traffic',
    ],
    [
      'request above limit',
      {
        resources: {
          cpuRequestMillis: 4000,
          cpuLimitMillis: 2000,
          memoryRequestMi: 1024,
          memoryLimitMi: 2048,
        },
      },
      'INVALID_RESOURCES@resources.cpu',
    ],
    [
      'negative memory',
      {
        resources: { cpuRequestMillis: 1000, cpuLimitMillis: 2000, memoryRequestMi: -1, memoryLimitMi: 2048 },
      },
      'INVALID_RESOURCES@resources.memory',
    ],
    ['image tag with a colon', { vllm: { imageTag: 'v1:evil' } }, 'INVALID_IMAGE@vllm.imageTag'],
    [
      'gpu memory utilisation 1.5',
      { vllm: { gpuMemoryUtilization: 1.5 } },
      'INVALID_VALUE@vllm.gpuMemoryUtilization',
    ],
    [
      'reserved extra label',
      { extraLabels: { 'compass.io/deployment-id': 'other' } },
      'INVALID_LABEL@extraLabels.compass.io/deployment-id',
    ],
    [
      'extra label overriding managed-by',
      { extraLabels: { 'app.kubernetes.io/managed-by': 'helm' } },
      'INVALID_LABEL@extraLabels.app.kubernetes.io/managed-by',
    ],
    [
      'KEDA URL with credentials',
      {
        autoscaling: {
          kind: 'KEDA',
          prometheusUrl: 'http://u:p@prom:9090',
          metric: 'num_requests_running',
          target: 2,
        },
      },
      'INVALID_VALUE@autoscaling.prometheusUrl',
    ],
    [
      'unknown scale metric',
      { autoscaling: { kind: 'KSERVE', metric: 'gpu', target: 2 } },
      'INVALID_VALUE@autoscaling.metric',
    ],
    ['description with NUL', { description: 'a\u0000b' }, 'INVALID_VALUE@description'],
  ] as [string, Partial<DeploymentInput>, string][])('rejects %s', (_label, overrides, expected) => {
    expect(inputErrors(vllmInput(overrides))).toContain(expected);
  });

  it('simulator mode needs calibration parameters', () => {
    expect(inputErrors(vllmInput({ mode: 'SIMULATOR' }))).toContain('INVALID_VALUE@simulator.calibration');
  });

  it('collects every error, not only the first', () => {
    const errors = inputErrors(
      vllmInput({ name: 'BAD', namespace: 'kube-system', gpuCount: 3, replicas: { min: 5, max: 1 } }),
    );
    expect(errors).toEqual([
      'INVALID_NAME@name',
      'NAMESPACE_NOT_ALLOWED@namespace',
      'INVALID_GPU_COUNT@gpuCount',
      'INVALID_REPLICAS@replicas',
    ]);
  });

  it('checks across fields run beside failing fields, each error where its field stands', () => {
    const errors = inputErrors(
      vllmInput({
        name: 'BAD',
        mode: 'SIMULATOR',
        model: { hfRepo: 'gpt2', contextWindow: 1024 },
        gpu: { type: 'H100', nodeSelectorLabel: 'x', vendor: 'INTEL' as 'AMD' },
        resources: {
          cpuRequestMillis: 4000,
          cpuLimitMillis: 2000,
          memoryRequestMi: 4096,
          memoryLimitMi: 2048,
        },
        description: 'a\u0000b',
      }),
    );
    expect(errors).toEqual([
      'INVALID_NAME@name',
      'CONTEXT_TOO_SMALL@traffic',
      'INVALID_VALUE@gpu.vendor',
      'INVALID_RESOURCES@resources.cpu',
      'INVALID_RESOURCES@resources.memory',
      'INVALID_VALUE@simulator.calibration',
      'INVALID_VALUE@description',
    ]);
  });

  it('survives untyped garbage without throwing', () => {
    const garbage = { name: 42, namespace: null, model: 'x', gpu: [], gpuCount: '4', replicas: 'many' };
    const result = validateDeploymentInput(garbage as unknown as DeploymentInput, options);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.length).toBeGreaterThanOrEqual(6);
  });
});

describe('output validation (defence in depth)', () => {
  async function rendered(
    input: DeploymentInput = vllmInput(),
  ): Promise<{ yaml: string; expect: ManifestExpectation }> {
    const checked = validateDeploymentInput(input, options);
    if (!checked.ok) throw new Error('fixture invalid');
    const values = toTemplateValues(checked.value);
    const result = await buildDeploymentManifests(input, options);
    if (!result.ok) throw new Error('fixture did not build');
    return { yaml: result.manifests.yaml, expect: expectationFor(values, checked.value, ALLOWED_NAMESPACES) };
  }

  /** Re-serialises the parsed documents after `mutate`, then validates. */
  async function tampered(mutate: (docs: Json[]) => void, input?: DeploymentInput): Promise<string[]> {
    const { yaml, expect: expectation } = await rendered(input);
    const docs = parseDocs(yaml) as Json[];
    mutate(docs);
    const text = docs.map((d) => stringify(d)).join('---\n');
    const result = validateRenderedManifests(text, expectation);
    return result.ok ? [] : result.errors.map((e) => e.code);
  }

  function predictor(docs: Json[]): Json {
    return ((docs[0] as Json).spec as Json).predictor as Json;
  }

  function container(docs: Json[]): Json {
    return (predictor(docs).containers as Json[])[0] as Json;
  }

  it('accepts what the templates render', async () => {
    const { yaml, expect: expectation } = await rendered();
    expect(validateRenderedManifests(yaml, expectation).ok).toBe(true);
  });

  it('rejects an extra document, an empty stream, duplicate keys and aliases', async () => {
    const { yaml, expect: expectation } = await rendered();
    const check = (text: string) => {
      const r = validateRenderedManifests(text, expectation);
      return r.ok ? 'ok' : `${r.errors[0]?.code}: ${r.errors[0]?.message}`;
    };
    expect(check(`${yaml}---\napiVersion: v1\nkind: Secret\n`)).toBe(
      'INVALID_MANIFEST: expected exactly 1 YAML document(s), found 2',
    );
    expect(check(`${yaml}---\n`)).toMatch(/found 2/);
    expect(check('')).toMatch(/^INVALID_MANIFEST/);
    expect(
      check(yaml.replace('  namespace: "compass"\n', '  namespace: "compass"\n  namespace: "compass"\n')),
    ).toMatch(/^INVALID_MANIFEST: document 1 is not valid YAML: DUPLICATE_KEY/);
    expect(
      check(yaml.replace('  name: "llama-70b-chat"', '  name: &n "llama-70b-chat"\n  generateName: *n')),
    ).toBe('INVALID_MANIFEST: document 1 uses YAML aliases');
    expect(check(yaml.replace('  namespace: "compass"', '  namespace: !custom "compass"'))).toBe(
      'INVALID_MANIFEST: document 1 is not valid YAML: TAG_RESOLVE_FAILED',
    );
  });

  it('rejects a wrong namespace, a foreign or missing identity label and unexpected fields', async () => {
    expect(await tampered((d) => (((d[0] as Json).metadata as Json).namespace = 'kube-system'))).toContain(
      'NAMESPACE_NOT_ALLOWED',
    );
    expect(await tampered((d) => (((d[0] as Json).metadata as Json).namespace = 'compass-dev'))).toContain(
      'INVALID_MANIFEST',
    );
    expect(await tampered((d) => delete (predictor(d).labels as Json)['compass.io/deployment-id'])).toEqual([
      'INVALID_MANIFEST',
    ]);
    expect(await tampered((d) => ((((d[0] as Json).metadata as Json).labels as Json).team = 'a b'))).toEqual([
      'INVALID_LABEL',
    ]);
    expect(await tampered((d) => ((d[0] as Json).status = { phase: 'x' }))).toEqual(['INVALID_MANIFEST']);
    expect(await tampered((d) => (((d[0] as Json).metadata as Json).name = 'Evil'))).toEqual([
      'INVALID_NAME',
    ]);
  });

  it('rejects GPU counts outside {1,2,4,8}, GPU/TP mismatches and bad resources', async () => {
    expect(
      await tampered((d) => {
        (container(d).resources as { limits: Json }).limits['nvidia.com/gpu'] = 3;
      }),
    ).toContain('INVALID_GPU_COUNT');
    expect(
      await tampered((d) => {
        (container(d).resources as { limits: Json }).limits['nvidia.com/gpu'] = 2;
      }),
    ).toContain('INVALID_GPU_COUNT');
    expect(
      await tampered((d) => {
        (container(d).args as string[])[4] = '--tensor-parallel-size=8';
      }),
    ).toEqual(['INVALID_MANIFEST']);
    expect(
      await tampered((d) => {
        (container(d).resources as { requests: Json }).requests.cpu = '-1';
      }),
    ).toEqual(['INVALID_RESOURCES']);
    expect(
      await tampered((d) => {
        (container(d).resources as { requests: Json }).requests.memory = '0Gi';
      }),
    ).toEqual(['INVALID_RESOURCES']);
    expect(await tampered((d) => (predictor(d).minReplicas = 0))).toEqual(['INVALID_REPLICAS']);
    expect(await tampered((d) => (predictor(d).maxReplicas = 1))).toEqual(['INVALID_REPLICAS']);
  });

  it('rejects GPUs or a node selector in a simulator manifest', async () => {
    expect(
      await tampered((d) => {
        (container(d).resources as { limits: Json }).limits['nvidia.com/gpu'] = 1;
      }, simulatorInput()),
    ).toEqual(['INVALID_RESOURCES']);
    expect(
      await tampered(
        (d) => (predictor(d).nodeSelector = { 'nvidia.com/gpu.product': 'NVIDIA-L4' }),
        simulatorInput(),
      ),
    ).toEqual(['INVALID_MANIFEST']);
  });
});
