import { existsSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { createK8sClient, loadKubeConfig, type K8sClient } from './k8s/client.js';
import { DeploymentStatusHub } from './k8s/status-hub.js';

/** What the deployment domain needs at run time: a cluster client (when configured), policy, the watch hub. */
export interface DeploymentRuntime {
  client: K8sClient | null;
  allowedNamespaces: string[];
  /** Base URL used by testInference instead of the in-cluster service (e.g. a port-forward). */
  endpointOverride: string | null;
  hub: DeploymentStatusHub;
}

export function createDeploymentRuntime(options: {
  kubeconfigPath: string | null;
  inCluster: boolean;
  allowedNamespaces: string[];
  endpointOverride: string | null;
  requestTimeoutMs?: number;
}): DeploymentRuntime {
  let kubeconfig: KubeConfig | null = null;
  if (options.kubeconfigPath && existsSync(options.kubeconfigPath))
    kubeconfig = loadKubeConfig(options.kubeconfigPath);
  else if (options.inCluster) kubeconfig = loadKubeConfig();
  return {
    client: kubeconfig
      ? createK8sClient(kubeconfig, { requestTimeoutMs: options.requestTimeoutMs ?? 10_000 })
      : null,
    allowedNamespaces: options.allowedNamespaces,
    endpointOverride: options.endpointOverride,
    hub: new DeploymentStatusHub(),
  };
}
