/**
 * Cluster GPU inventory from nodes and pods (pure): each node's GPU type from its product label, its
 * allocatable GPUs, the GPUs its running pods request, and what is free per type. A replica's GPUs must
 * sit on one node (tensor parallelism does not span nodes), so fitting counts per node.
 */
import {
  GPU_PRODUCT_LABELS,
  GPU_RESOURCES,
  matchGpuProduct,
  type GpuNames,
} from '../../catalog/core/gpu-product.js';

export interface NodeFacts {
  name: string;
  labels: Record<string, string>;
  allocatable: Record<string, string>;
  /** Cordoned (spec.unschedulable) or not Ready: its free GPUs are not offered. */
  schedulable: boolean;
}

export interface PodFacts {
  namespace: string;
  name: string;
  nodeName: string | null;
  phase: string;
  /** Effective GPU request per resource (see podGpuRequests). */
  gpus: Record<string, number>;
}

export interface InventoryNode {
  name: string;
  gpuType: string | null;
  productLabel: string | null;
  resource: string | null;
  allocatable: number;
  requested: number;
  /** allocatable − requested, 0 when the node is not schedulable. */
  free: number;
  schedulable: boolean;
  note: string | null;
}

export interface InventoryGpuType {
  gpuType: string;
  nodes: number;
  allocatable: number;
  requested: number;
  free: number;
  /** Free GPUs per schedulable node, largest first. */
  freePerNode: number[];
}

export interface ClusterInventory {
  gpuTypes: InventoryGpuType[];
  nodes: InventoryNode[];
}

/** A Kubernetes quantity of a countable extended resource ("8"); anything else counts 0. */
export function gpuQuantity(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

interface ContainerResources {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/**
 * A pod's effective request of each GPU resource, as the scheduler counts it: the larger of the sum over
 * containers and the largest init container. Extended resources cannot be overcommitted, so a limit alone
 * is the request.
 */
export function podGpuRequests(
  containers: readonly ContainerResources[],
  initContainers: readonly ContainerResources[] = [],
): Record<string, number> {
  const of = (c: ContainerResources, r: string) =>
    gpuQuantity(c.resources?.requests?.[r] ?? c.resources?.limits?.[r]);
  const out: Record<string, number> = {};
  for (const r of GPU_RESOURCES) {
    const sum = containers.reduce((acc, c) => acc + of(c, r), 0);
    const init = initContainers.reduce((acc, c) => Math.max(acc, of(c, r)), 0);
    const total = Math.max(sum, init);
    if (total > 0) out[r] = total;
  }
  return out;
}

function productLabelOf(labels: Record<string, string>): string | null {
  for (const key of GPU_PRODUCT_LABELS) {
    const value = labels[key];
    if (value) return value;
  }
  return null;
}

const FINISHED = new Set(['Succeeded', 'Failed']);

export function summarizeInventory(
  nodes: readonly NodeFacts[],
  pods: readonly PodFacts[],
  gpus: readonly GpuNames[],
): ClusterInventory {
  const requestedByNode = new Map<string, Record<string, number>>();
  for (const pod of pods) {
    if (!pod.nodeName || FINISHED.has(pod.phase)) continue;
    const sum = requestedByNode.get(pod.nodeName) ?? {};
    for (const [r, n] of Object.entries(pod.gpus)) sum[r] = (sum[r] ?? 0) + n;
    requestedByNode.set(pod.nodeName, sum);
  }
  const inventoryNodes: InventoryNode[] = [];
  for (const node of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const resource = GPU_RESOURCES.find((r) => gpuQuantity(node.allocatable[r]) > 0) ?? null;
    const productLabel = productLabelOf(node.labels);
    if (!resource && !productLabel) continue; // not a GPU node
    const allocatable = resource ? gpuQuantity(node.allocatable[resource]) : 0;
    const requested = resource ? (requestedByNode.get(node.name)?.[resource] ?? 0) : 0;
    let gpuType: string | null = null;
    let note: string | null = null;
    if (!productLabel) note = `no ${GPU_PRODUCT_LABELS.slice(0, 2).join(' or ')} label`;
    else {
      const match = matchGpuProduct(productLabel, gpus);
      if (match.kind === 'MATCHED') gpuType = match.gpuType;
      else note = match.reason;
    }
    if (!resource && note === null) note = 'no allocatable GPUs';
    if (!node.schedulable)
      note = note ? `${note}; not schedulable` : 'not schedulable (cordoned or not Ready)';
    inventoryNodes.push({
      name: node.name,
      gpuType,
      productLabel,
      resource,
      allocatable,
      requested,
      free: node.schedulable ? Math.max(0, allocatable - requested) : 0,
      schedulable: node.schedulable,
      note,
    });
  }
  const byType = new Map<string, InventoryGpuType>();
  for (const node of inventoryNodes) {
    if (!node.gpuType) continue;
    const entry = byType.get(node.gpuType) ?? {
      gpuType: node.gpuType,
      nodes: 0,
      allocatable: 0,
      requested: 0,
      free: 0,
      freePerNode: [],
    };
    entry.nodes += 1;
    entry.allocatable += node.allocatable;
    entry.requested += node.requested;
    entry.free += node.free;
    if (node.free > 0) entry.freePerNode.push(node.free);
    byType.set(node.gpuType, entry);
  }
  const gpuTypes = [...byType.values()].sort((a, b) => a.gpuType.localeCompare(b.gpuType));
  for (const t of gpuTypes) t.freePerNode.sort((a, b) => b - a);
  return { gpuTypes, nodes: inventoryNodes };
}
