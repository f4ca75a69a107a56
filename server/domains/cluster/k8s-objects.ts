/** Kubernetes Node and Pod objects → the facts the cluster inventory needs (no client types leak out). */
import { podGpuRequests, type NodeFacts, type PodFacts } from './core/inventory.js';

type Obj = Record<string, unknown>;

function rec(value: unknown): Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {};
}

function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(value))) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number') out[k] = String(v);
  }
  return out;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function normalizeNode(object: unknown): NodeFacts {
  const node = rec(object);
  const metadata = rec(node.metadata);
  const status = rec(node.status);
  const conditions = Array.isArray(status.conditions) ? status.conditions.map(rec) : [];
  const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
  return {
    name: str(metadata.name),
    labels: strings(metadata.labels),
    allocatable: strings(status.allocatable),
    schedulable: ready && rec(node.spec).unschedulable !== true,
  };
}

type Resources = { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };

function containers(value: unknown): Resources[] {
  if (!Array.isArray(value)) return [];
  return value.map((c) => {
    const resources = rec(rec(c).resources);
    return { resources: { requests: strings(resources.requests), limits: strings(resources.limits) } };
  });
}

export function normalizeGpuPod(object: unknown): PodFacts {
  const pod = rec(object);
  const metadata = rec(pod.metadata);
  const spec = rec(pod.spec);
  const nodeName = str(spec.nodeName);
  return {
    namespace: str(metadata.namespace),
    name: str(metadata.name),
    nodeName: nodeName === '' ? null : nodeName,
    phase: str(rec(pod.status).phase) || 'Unknown',
    gpus: podGpuRequests(containers(spec.containers), containers(spec.initContainers)),
  };
}
