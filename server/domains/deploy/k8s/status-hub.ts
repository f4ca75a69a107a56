import type { K8sClient } from './client.js';
import { streamDeploymentStatus, type DeploymentStatusStream } from './pod-watcher.js';
import type { DeploymentStatusSnapshot, K8sError } from '../types.js';

type Listener = (status: DeploymentStatusSnapshot) => void;

interface Watch {
  stream: DeploymentStatusStream;
  listeners: Set<Listener>;
}

/**
 * One Kubernetes pod watch per deployment, shared by every subscriber in this process: the first
 * subscriber starts it, the last one to leave stops it. New subscribers get the latest status at once.
 */
export class DeploymentStatusHub {
  private readonly watches = new Map<number, Watch>();

  constructor(private readonly onError: (deploymentId: number, error: K8sError) => void = () => undefined) {}

  subscribe(
    client: K8sClient,
    deployment: { id: number; namespace: string; desiredReplicas: number },
    listener: Listener,
  ): () => void {
    let watch = this.watches.get(deployment.id);
    if (!watch) {
      const listeners = new Set<Listener>();
      const stream = streamDeploymentStatus({
        client,
        namespace: deployment.namespace,
        labelSelector: `compass.io/deployment-id=${deployment.id}`,
        desiredReplicas: deployment.desiredReplicas,
        onStatus: (status) => listeners.forEach((l) => l(status)),
        onError: (error) => this.onError(deployment.id, error),
      });
      watch = { stream, listeners };
      this.watches.set(deployment.id, watch);
    }
    watch.listeners.add(listener);
    const current = watch.stream.current();
    if (current) listener(current);
    const active = watch;
    return () => {
      active.listeners.delete(listener);
      if (active.listeners.size === 0) {
        active.stream.stop();
        this.watches.delete(deployment.id);
      }
    };
  }

  /** Watches currently open (for tests and metrics). */
  size(): number {
    return this.watches.size;
  }

  stopAll(): void {
    for (const watch of this.watches.values()) watch.stream.stop();
    this.watches.clear();
  }
}
