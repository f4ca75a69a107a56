import { existsSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { createK8sClient, loadKubeConfig, type K8sClient } from './k8s/client.js';
import { DeploymentStatusHub } from './k8s/status-hub.js';
import { ClusterInventoryCache } from '../cluster/inventory-cache.js';
import type { Logger } from '../../logger.js';

/** What the deployment domain needs at run time: a cluster client (when configured), policy, the watch hub. */
export interface DeploymentRuntime {
  client: K8sClient | null;
  allowedNamespaces: string[];
  /** Base URL used by testInference instead of the in-cluster service (e.g. a port-forward). */
  endpointOverride: string | null;
  /** Mirror registry for images that name none (COMPASS_IMAGE_REGISTRY); null = pull as written. */
  imageRegistry: string | null;
  hub: DeploymentStatusHub;
  /** The cluster's GPU inventory (nodes and pods, watched); null without a cluster. */
  inventory: ClusterInventoryCache | null;
}

export function createDeploymentRuntime(options: {
  kubeconfigPath: string | null;
  inCluster: boolean;
  allowedNamespaces: string[];
  endpointOverride: string | null;
  imageRegistry?: string | null;
  requestTimeoutMs?: number;
  inventoryTtlMs?: number;
  /** Where watch failures go (each retry, backing off 0.5 s → 30 s); absent = silent. */
  logger?: Logger;
}): DeploymentRuntime {
  let kubeconfig: KubeConfig | null = null;
  if (options.kubeconfigPath && existsSync(options.kubeconfigPath))
    kubeconfig = loadKubeConfig(options.kubeconfigPath);
  else if (options.inCluster) kubeconfig = loadKubeConfig();
  const client = kubeconfig
    ? createK8sClient(kubeconfig, { requestTimeoutMs: options.requestTimeoutMs ?? 10_000 })
    : null;
  return {
    client,
    inventory: client ? new ClusterInventoryCache(client, { ttlMs: options.inventoryTtlMs }) : null,
    allowedNamespaces: options.allowedNamespaces,
    endpointOverride: options.endpointOverride,
    imageRegistry: options.imageRegistry ?? null,
    hub: new DeploymentStatusHub((deploymentId, error) =>
      options.logger?.warn(
        { deploymentId, k8sCode: error.code, reason: error.message },
        'deployment status watch failed; retrying',
      ),
    ),
  };
}
