import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultResources,
  formatCpu,
  formatMemory,
  maxModelLength,
  shmSizeLimit,
} from '../../server/domains/deploy/defaults.js';
import {
  buildDeploymentManifests,
  createTemplateEngine,
  DEFAULT_TEMPLATES_DIR,
  renderManifestYaml,
  toTemplateValues,
} from '../../server/domains/deploy/render/render.js';
import { validateDeploymentInput } from '../../server/domains/deploy/validate/validate.js';
import type { DeploymentInput, KubeObject } from '../../server/domains/deploy/types.js';
import { ALLOWED_NAMESPACES, at, parseDocs, simulatorInput, vllmInput } from './deploy-fixtures.js';

async function build(input: DeploymentInput): Promise<{ yaml: string; objects: KubeObject[] }> {
  const result = await buildDeploymentManifests(input, { allowedNamespaces: ALLOWED_NAMESPACES });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.manifests;
}

function predictorContainer(isvc: unknown): Record<string, unknown> {
  return at(isvc, 'spec', 'predictor', 'containers', 0) as Record<string, unknown>;
}

describe('defaults (hand-worked)', () => {
  it('max model length is prompt + output rounded up to 1024, capped by the context window', () => {
    expect(maxModelLength(512, 256, 131072)).toBe(1024); // 768 → 1024
    expect(maxModelLength(1024, 1024, 131072)).toBe(2048); // exactly 2048
    expect(maxModelLength(4096, 512, 131072)).toBe(5120); // 4608 → 5120
    expect(maxModelLength(10240, 1536, 131072)).toBe(12288); // 11776 → 12288
    expect(maxModelLength(4096, 512, 4700)).toBe(4700); // 4608 fits, 5120 capped at 4700
    expect(maxModelLength(10240, 1536, 8192)).toBeNull(); // 11776 > 8192
  });

  it('formats quantities and sizes resources per GPU', () => {
    expect([formatCpu(250), formatCpu(2000), formatCpu(1500)]).toEqual(['250m', '2', '1500m']);
    expect([formatMemory(512), formatMemory(12288), formatMemory(1536)]).toEqual(['512Mi', '12Gi', '1536Mi']);
    expect(defaultResources('VLLM', 4)).toEqual({
      cpuRequestMillis: 8000,
      cpuLimitMillis: 16000,
      memoryRequestMi: 49152,
      memoryLimitMi: 98304,
    });
    expect(defaultResources('SIMULATOR', 8).cpuRequestMillis).toBe(250);
    expect([shmSizeLimit(1), shmSizeLimit(4), shmSizeLimit(8)]).toEqual(['2Gi', '8Gi', '16Gi']);
  });
});

describe('vLLM InferenceService', () => {
  it('renders one RawDeployment InferenceService with vLLM args, GPU limits, selector and toleration', async () => {
    const { yaml, objects } = await build(vllmInput());
    expect(objects).toHaveLength(1);
    const isvc = objects[0];
    expect(isvc?.apiVersion).toBe('serving.kserve.io/v1beta1');
    expect(isvc?.kind).toBe('InferenceService');
    expect(isvc?.metadata).toMatchObject({ name: 'llama-70b-chat', namespace: 'compass' });
    expect(isvc?.metadata.annotations?.['serving.kserve.io/deploymentMode']).toBe('RawDeployment');
    const container = predictorContainer(isvc);
    expect(container.image).toBe('vllm/vllm-openai:v0.10.2');
    expect(container.args).toEqual([
      '--model',
      'meta-llama/Llama-3.1-70B-Instruct',
      '--port',
      '8080',
      '--tensor-parallel-size=4',
      '--max-model-len=5120',
      '--gpu-memory-utilization=0.9',
    ]);
    expect(container.resources).toEqual({
      requests: { cpu: '8', memory: '48Gi', 'nvidia.com/gpu': 4 },
      limits: { cpu: '16', memory: '96Gi', 'nvidia.com/gpu': 4 },
    });
    expect(at(isvc, 'spec', 'predictor', 'nodeSelector')).toEqual({
      'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
    });
    expect(at(isvc, 'spec', 'predictor', 'tolerations')).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(at(isvc, 'spec', 'predictor', 'minReplicas')).toBe(2);
    expect(at(isvc, 'spec', 'predictor', 'maxReplicas')).toBe(2);
    expect(at(isvc, 'spec', 'predictor', 'volumes', 0, 'emptyDir')).toEqual({
      medium: 'Memory',
      sizeLimit: '8Gi',
    });
    expect(yaml).not.toContain('scaleMetric');
  });

  it('uses amd.com/gpu, the AMD node label key and the ROCm image for AMD GPUs', async () => {
    const { objects } = await build(
      vllmInput({
        gpu: { type: 'MI300X', nodeSelectorLabel: 'AMD-Instinct-MI300X', vendor: 'AMD' },
        gpuCount: 8,
      }),
    );
    const container = predictorContainer(objects[0]);
    expect(container.image).toBe('rocm/vllm:latest');
    expect(at(container, 'resources', 'limits')).toEqual({ cpu: '32', memory: '192Gi', 'amd.com/gpu': 8 });
    expect(at(objects[0], 'spec', 'predictor', 'nodeSelector')).toEqual({
      'amd.com/gpu.product-name': 'AMD-Instinct-MI300X',
    });
    expect(at(objects[0], 'spec', 'predictor', 'tolerations', 0, 'key')).toBe('amd.com/gpu');
    expect(JSON.stringify(objects)).not.toContain('nvidia.com');
  });

  it('adds --dtype, --quantization and the HF token only when set', async () => {
    const { objects } = await build(
      vllmInput({
        vllm: {
          dtype: 'bfloat16',
          quantization: 'fp8',
          gpuMemoryUtilization: 0.85,
          hfTokenSecretName: 'hf-token',
        },
      }),
    );
    const container = predictorContainer(objects[0]);
    expect((container.args as string[]).slice(-4)).toEqual([
      '--max-model-len=5120',
      '--gpu-memory-utilization=0.85',
      '--dtype=bfloat16',
      '--quantization=fp8',
    ]);
    expect(container.env).toEqual([
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } },
    ]);
  });

  it('SERVING_RUNTIME style renders a ServingRuntime first and a model.modelFormat vLLM predictor', async () => {
    const { objects } = await build(vllmInput({ vllm: { predictorStyle: 'SERVING_RUNTIME' } }));
    expect(objects.map((o) => o.kind)).toEqual(['ServingRuntime', 'InferenceService']);
    expect(objects[0]?.metadata.name).toBe('llama-70b-chat-vllm');
    expect(at(objects[0], 'spec', 'supportedModelFormats')).toEqual([{ name: 'vLLM', autoSelect: true }]);
    const model = at(objects[1], 'spec', 'predictor', 'model') as Record<string, unknown>;
    expect(model.modelFormat).toEqual({ name: 'vLLM' });
    expect(model.runtime).toBe('llama-70b-chat-vllm');
    expect(model.storageUri).toBe('hf://meta-llama/Llama-3.1-70B-Instruct');
    expect(model.args).toEqual([
      '--served-model-name=meta-llama/Llama-3.1-70B-Instruct',
      '--tensor-parallel-size=4',
      '--max-model-len=5120',
      '--gpu-memory-utilization=0.9',
    ]);
    expect(at(objects[1], 'spec', 'predictor', 'containers')).toBeUndefined();
  });

  it('renders KServe autoscaling (scaleMetric/scaleTarget) and KEDA autoscaling', async () => {
    const kserve = await build(
      vllmInput({
        replicas: { min: 1, max: 4 },
        autoscaling: { kind: 'KSERVE', metric: 'concurrency', target: 8 },
      }),
    );
    const p = at(kserve.objects[0], 'spec', 'predictor') as Record<string, unknown>;
    expect([p.minReplicas, p.maxReplicas, p.scaleMetric, p.scaleTarget]).toEqual([1, 4, 'concurrency', 8]);
    expect(kserve.objects[0]?.metadata.annotations?.['serving.kserve.io/autoscalerClass']).toBe('hpa');

    const keda = await build(
      vllmInput({
        replicas: { min: 1, max: 6 },
        autoscaling: {
          kind: 'KEDA',
          prometheusUrl: 'http://prometheus.monitoring:9090',
          metric: 'num_requests_waiting',
          target: 0.5,
        },
      }),
    );
    expect(keda.objects[0]?.metadata.annotations?.['serving.kserve.io/autoscalerClass']).toBe('keda');
    expect(at(keda.objects[0], 'spec', 'predictor', 'autoScaling', 'metrics', 0, 'external')).toEqual({
      metric: {
        backend: 'prometheus',
        serverAddress: 'http://prometheus.monitoring:9090',
        query: 'sum(vllm:num_requests_waiting{namespace="compass",pod=~"llama-70b-chat-predictor-.*"})',
      },
      target: { type: 'Value', value: '0.5' },
    });
  });

  it('adds a ServiceMonitor selecting the predictor service when asked', async () => {
    const { objects } = await build(vllmInput({ serviceMonitor: true }));
    expect(objects.map((o) => o.kind)).toEqual(['InferenceService', 'ServiceMonitor']);
    expect(objects[1]?.metadata.name).toBe('llama-70b-chat-metrics');
    expect(at(objects[1], 'spec', 'selector')).toEqual({
      matchLabels: { 'serving.kserve.io/inferenceservice': 'llama-70b-chat' },
    });
    expect(at(objects[1], 'spec', 'endpoints', 0)).toEqual({
      targetPort: 8080,
      path: '/metrics',
      interval: '15s',
    });
  });

  it('labels every object and the pod template with managed-by, the deployment id and extra labels', async () => {
    const { objects } = await build(
      vllmInput({
        vllm: { predictorStyle: 'SERVING_RUNTIME' },
        serviceMonitor: true,
        extraLabels: { team: 'search', 'example.com/cost-center': 'cc-42' },
      }),
    );
    const expected = {
      'app.kubernetes.io/managed-by': 'compass',
      'compass.io/deployment-id': 'dep-7f3a',
      team: 'search',
      'example.com/cost-center': 'cc-42',
    };
    expect(objects).toHaveLength(3);
    for (const object of objects) expect(object.metadata.labels).toEqual(expected);
    const isvc = objects.find((o) => o.kind === 'InferenceService');
    expect(at(isvc, 'spec', 'predictor', 'labels')).toEqual(expected);
  });
});

describe('simulator InferenceService', () => {
  it('runs the simulator image with calibration args and no GPU, node selector or toleration', async () => {
    const { objects } = await build(simulatorInput());
    expect(objects).toHaveLength(1);
    const container = predictorContainer(objects[0]);
    expect(container.image).toBe('compass-simulator:latest');
    expect(container.args).toEqual([
      '--model',
      'meta-llama/Llama-3.1-70B-Instruct',
      '--port',
      '8080',
      '--prefill-ms-per-token',
      '0.12',
      '--decode-base-ms',
      '9.5',
      '--decode-ms-per-seq',
      '0.35',
      '--max-num-seqs',
      '256',
    ]);
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    });
    const predictor = at(objects[0], 'spec', 'predictor') as Record<string, unknown>;
    expect(predictor.nodeSelector).toBeUndefined();
    expect(predictor.tolerations).toBeUndefined();
    expect(JSON.stringify(objects)).not.toMatch(/nvidia\.com\/gpu|amd\.com\/gpu/);
    expect(objects[0]?.metadata.annotations?.['compass.io/mode']).toBe('SIMULATOR');
  });

  it('omits --max-num-seqs when the calibration has none and honours an image override', async () => {
    const { objects } = await build(
      simulatorInput({
        simulator: {
          image: 'registry.example.com:5000/compass/simulator',
          imageTag: '1.2.3',
          calibration: { prefillMsPerToken: 0.1, decodeBaseMs: 10, decodeMsPerSeq: 0.2, maxNumSeqs: null },
        },
      }),
    );
    const container = predictorContainer(objects[0]);
    expect(container.image).toBe('registry.example.com:5000/compass/simulator:1.2.3');
    expect(container.args).not.toContain('--max-num-seqs');
  });
});

describe('image registry for air-gapped clusters', () => {
  const mirror = { allowedNamespaces: ALLOWED_NAMESPACES, imageRegistry: 'mirror.internal:5000/hub' };

  it('pulls the default vLLM image (container and ServingRuntime) and the simulator from the mirror', async () => {
    const container = await buildDeploymentManifests(vllmInput(), mirror);
    if (!container.ok) throw new Error(JSON.stringify(container.errors));
    expect(predictorContainer(container.manifests.objects[0]).image).toBe(
      'mirror.internal:5000/hub/vllm/vllm-openai:v0.10.2',
    );
    const runtime = await buildDeploymentManifests(
      vllmInput({ vllm: { predictorStyle: 'SERVING_RUNTIME' } }),
      mirror,
    );
    if (!runtime.ok) throw new Error(JSON.stringify(runtime.errors));
    expect(at(runtime.manifests.objects[0], 'spec', 'containers', 0, 'image')).toBe(
      'mirror.internal:5000/hub/vllm/vllm-openai:v0.10.2',
    );
    const simulator = await buildDeploymentManifests(simulatorInput(), mirror);
    if (!simulator.ok) throw new Error(JSON.stringify(simulator.errors));
    expect(predictorContainer(simulator.manifests.objects[0]).image).toBe(
      'mirror.internal:5000/hub/compass-simulator:latest',
    );
  });

  it('keeps an image that names its own registry, and every image as written without a mirror', async () => {
    const own = await buildDeploymentManifests(
      vllmInput({ vllm: { image: 'ghcr.io/acme/vllm', imageTag: '0.11.0' } }),
      mirror,
    );
    if (!own.ok) throw new Error(JSON.stringify(own.errors));
    expect(predictorContainer(own.manifests.objects[0]).image).toBe('ghcr.io/acme/vllm:0.11.0');
    const { objects } = await build(vllmInput());
    expect(predictorContainer(objects[0]).image).toBe('vllm/vllm-openai:v0.10.2');
  });
});

describe('template engine safety', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  function tempTemplates(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compass-templates-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  it('no shipped template uses the raw filter or raw tag', () => {
    const files = fs.readdirSync(DEFAULT_TEMPLATES_DIR).filter((f) => f.endsWith('.liquid'));
    expect(files.sort()).toEqual([
      'benchmark-workers-job.yaml.liquid',
      'inferenceservice-simulator.yaml.liquid',
      'inferenceservice-vllm.yaml.liquid',
      'servicemonitor.yaml.liquid',
      'servingruntime-vllm.yaml.liquid',
    ]);
    for (const file of files) {
      const text = fs.readFileSync(path.join(DEFAULT_TEMPLATES_DIR, file), 'utf8');
      expect(text, file).not.toMatch(/\|\s*raw\b|\{%-?\s*raw\b/);
    }
  });

  it('escapes by default, rejects the raw filter, unknown variables, unknown filters and object output', async () => {
    const engine = createTemplateEngine(tempTemplates({}));
    await expect(engine.parseAndRender('v: {{ s }}', { s: 'a\nb: c' })).resolves.toBe('v: "a\\nb: c"');
    await expect(engine.parseAndRender('v: {{ s | raw }}', { s: 'x' })).rejects.toThrow(
      /raw filter is disabled/,
    );
    await expect(engine.parseAndRender('v: {{ missing }}', {})).rejects.toThrow(/undefined variable/);
    await expect(engine.parseAndRender('v: {{ s | nosuchfilter }}', { s: 'x' })).rejects.toThrow(
      /undefined filter/,
    );
    await expect(engine.parseAndRender('v: {{ o }}', { o: { a: 1 } })).rejects.toThrow(
      /only strings, numbers and booleans/,
    );
  });

  it('a template referencing an unknown variable makes the build fail with RENDER_FAILED', async () => {
    const dir = tempTemplates({ 'inferenceservice-vllm.yaml.liquid': 'kind: {{ notAValue }}\n' });
    const result = await buildDeploymentManifests(vllmInput(), {
      allowedNamespaces: ALLOWED_NAMESPACES,
      engine: createTemplateEngine(dir),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.code).toBe('RENDER_FAILED');
  });

  it('a template that drops a document or the identity labels is caught by output validation', async () => {
    const dir = tempTemplates({
      'inferenceservice-vllm.yaml.liquid':
        'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: {{ name }}\n',
    });
    const result = await buildDeploymentManifests(vllmInput(), {
      allowedNamespaces: ALLOWED_NAMESPACES,
      engine: createTemplateEngine(dir),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.code)).toContain('INVALID_MANIFEST');
  });

  it('renderManifestYaml output parses to the same objects buildDeploymentManifests returns', async () => {
    const checked = validateDeploymentInput(vllmInput(), { allowedNamespaces: ALLOWED_NAMESPACES });
    if (!checked.ok) throw new Error('fixture invalid');
    const yamlText = await renderManifestYaml(toTemplateValues(checked.value));
    const built = await build(vllmInput());
    expect(parseDocs(yamlText)).toEqual(built.objects);
    expect(built.yaml).toBe(yamlText);
  });
});
