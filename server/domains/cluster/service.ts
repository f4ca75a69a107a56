import type { PrismaClient } from '../../db/clients.js';
import { DomainError } from '../../kernel/errors.js';
import type { GpuNames } from '../catalog/core/gpu-product.js';
import { K8sClientError } from '../deploy/k8s/client.js';
import type { ClusterGpuCapacity } from '../recommend/types.js';
import type { ClusterInventoryCache, InventorySnapshot } from './inventory-cache.js';

export type InventoryResult =
  | { connected: true; snapshot: InventorySnapshot }
  | { connected: false; server: string | null; message: string };

export const NO_CLUSTER_MESSAGE =
  'no Kubernetes cluster is configured (set KUBECONFIG, or run in a cluster): Compass plans over the whole GPU catalog';

/** The names a node's GPU product label may use, for every GPU type of the catalog. */
export function catalogGpuNames(prisma: PrismaClient): Promise<GpuNames[]> {
  return prisma.gpu.findMany({
    select: { type: true, aliases: true, nodeSelectorLabel: true, vramGb: true },
    orderBy: { type: 'asc' },
  });
}

/** The cluster's GPUs, or why there is no answer: never throws for a missing or unreachable cluster. */
export async function clusterInventory(
  prisma: PrismaClient,
  cache: ClusterInventoryCache | null,
  options: { refresh?: boolean } = {},
): Promise<InventoryResult> {
  if (!cache) return { connected: false, server: null, message: NO_CLUSTER_MESSAGE };
  try {
    return { connected: true, snapshot: await cache.snapshot(await catalogGpuNames(prisma), options) };
  } catch (error) {
    if (!(error instanceof K8sClientError)) throw error;
    return {
      connected: false,
      server: cache.server,
      message: `cannot read the cluster's nodes and pods: ${error.message} (${error.code})`,
    };
  }
}

export interface FreeGpus {
  byType: Map<string, ClusterGpuCapacity>;
  /** One line for the result's explanation: where the numbers come from. */
  summary: string;
}

/** Free GPUs per catalog GPU type, for recommend(fitCluster); a typed error when there is no cluster. */
export async function freeGpusByType(
  prisma: PrismaClient,
  cache: ClusterInventoryCache | null,
): Promise<FreeGpus> {
  const result = await clusterInventory(prisma, cache);
  if (!result.connected) {
    throw new DomainError('UPSTREAM_ERROR', `fitCluster: ${result.message}`, { argument: 'spec.fitCluster' });
  }
  const { snapshot } = result;
  const free = snapshot.gpuTypes.map((t) => `${t.free} of ${t.allocatable} ${t.gpuType}`).join(', ');
  return {
    byType: new Map(snapshot.gpuTypes.map((t) => [t.gpuType, { free: t.free, freePerNode: t.freePerNode }])),
    summary:
      `Fitted to the cluster at ${snapshot.server} (listed ${snapshot.listedAt.toISOString()}` +
      `${snapshot.watching ? ', kept current by watches' : ''}): free ${free || 'no GPUs'}.`,
  };
}
