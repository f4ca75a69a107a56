import { randomUUID } from 'node:crypto';
import { nowTimestamp, type FakeClusterState } from './store.js';
import type { Json } from './status.js';

/**
 * GPU nodes and workload pods for the cluster-inventory tests: nodes labelled the way NVIDIA GPU feature
 * discovery (`nvidia.com/gpu.product`, `nvidia.com/gpu.count`) or AMD's node labeller
 * (`amd.com/gpu.product-name`) label them, with allocatable GPUs; pods bound to a node with GPU requests.
 */

export interface FakeNodeSpec {
  name: string;
  /** The product label's value, e.g. "NVIDIA-H100-80GB-HBM3" or "AMD_Instinct_MI300X_OAM". */
  product?: string;
  gpus: number;
  vendor?: 'nvidia' | 'amd';
  unschedulable?: boolean;
  ready?: boolean;
  labels?: Record<string, string>;
}

export interface FakeGpuPodSpec {
  namespace: string;
  name: string;
  nodeName: string | null;
  gpus: number;
  vendor?: 'nvidia' | 'amd';
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** Request the GPUs through `limits` only (extended resources: the limit is the request). */
  limitsOnly?: boolean;
}

export function nodeObject(spec: FakeNodeSpec): Json {
  const vendor = spec.vendor ?? 'nvidia';
  const resource = `${vendor}.com/gpu`;
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    ...(spec.product
      ? vendor === 'nvidia'
        ? { 'nvidia.com/gpu.product': spec.product, 'nvidia.com/gpu.count': String(spec.gpus) }
        : { 'amd.com/gpu.product-name': spec.product }
      : {}),
    ...spec.labels,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: spec.name, uid: randomUUID(), creationTimestamp: nowTimestamp(), labels },
    spec: spec.unschedulable ? { unschedulable: true } : {},
    status: {
      capacity: { cpu: '96', memory: '1056Gi', pods: '110', [resource]: String(spec.gpus) },
      allocatable: { cpu: '95', memory: '1030Gi', pods: '110', [resource]: String(spec.gpus) },
      conditions: [
        {
          type: 'Ready',
          status: spec.ready === false ? 'False' : 'True',
          reason: spec.ready === false ? 'KubeletNotReady' : 'KubeletReady',
          lastTransitionTime: nowTimestamp(),
        },
      ],
    },
  };
}

export function gpuPodObject(spec: FakeGpuPodSpec): Json {
  const resource = `${spec.vendor ?? 'nvidia'}.com/gpu`;
  const amount = String(spec.gpus);
  const resources = spec.limitsOnly
    ? { limits: { [resource]: amount } }
    : { requests: { [resource]: amount, cpu: '4' }, limits: { [resource]: amount } };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      uid: randomUUID(),
      creationTimestamp: nowTimestamp(),
      labels: { app: spec.name },
    },
    spec: {
      ...(spec.nodeName ? { nodeName: spec.nodeName } : {}),
      containers: [{ name: 'main', image: 'busybox', resources }],
    },
    status: { phase: spec.phase ?? (spec.nodeName ? 'Running' : 'Pending') },
  };
}

export function addNode(state: FakeClusterState, spec: FakeNodeSpec): void {
  state.recordNode(state.nodesByName.has(spec.name) ? 'MODIFIED' : 'ADDED', nodeObject(spec));
}

export function removeNode(state: FakeClusterState, name: string): void {
  const node = state.nodesByName.get(name);
  if (node) state.recordNode('DELETED', node);
}

export function addGpuPod(state: FakeClusterState, spec: FakeGpuPodSpec): void {
  const key = `${spec.namespace}/${spec.name}`;
  state.recordPod(state.podsByKey.has(key) ? 'MODIFIED' : 'ADDED', gpuPodObject(spec));
}

export function removePod(state: FakeClusterState, namespace: string, name: string): void {
  const pod = state.podsByKey.get(`${namespace}/${name}`);
  if (pod) state.recordPod('DELETED', pod);
}
