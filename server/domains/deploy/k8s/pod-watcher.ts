import type { K8sClient, WatchHandle } from './client.js';
import { toK8sError } from './errors.js';
import { deploymentStatus } from './pod-status.js';
import type { DeploymentStatusSnapshot, K8sError, PodInfo } from '../types.js';

/**
 * A deployment's live status for a subscription: list the pods, watch from the list's
 * resourceVersion, fold events into the pod set and emit a DeploymentStatusSnapshot whenever it changes.
 * When the watch drops (or the API is briefly unreachable, or the resourceVersion expired) it re-lists
 * and watches again with exponential back-off, so a subscriber sees no gap and no stale pods.
 */

export interface DeploymentStatusStreamOptions {
  client: K8sClient;
  namespace: string;
  labelSelector: string;
  desiredReplicas: number;
  onStatus: (status: DeploymentStatusSnapshot) => void;
  /** Every failure; the stream keeps retrying until stop(). */
  onError?: (error: K8sError) => void;
  /** First retry delay (doubles up to maxReconnectDelayMs). Default 500 ms. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

export interface DeploymentStatusStream {
  stop(): void;
  /** The last emitted status (null before the first list). */
  current(): DeploymentStatusSnapshot | null;
  /** How many times the stream has (re)connected; 1 after the first successful list + watch. */
  connections(): number;
}

export function streamDeploymentStatus(options: DeploymentStatusStreamOptions): DeploymentStatusStream {
  const { client, namespace, labelSelector } = options;
  const baseDelay = options.reconnectDelayMs ?? 500;
  const maxDelay = options.maxReconnectDelayMs ?? 30_000;
  let delay = baseDelay;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let handle: WatchHandle | null = null;
  let last: DeploymentStatusSnapshot | null = null;
  let lastJson = '';
  let connections = 0;
  const pods = new Map<string, PodInfo>();

  const publish = (status: DeploymentStatusSnapshot): void => {
    const json = JSON.stringify(status);
    if (json === lastJson) return;
    lastJson = json;
    last = status;
    options.onStatus(status);
  };

  const emit = (): void => publish(deploymentStatus([...pods.values()], options.desiredReplicas));

  const emitUnreachable = (error: K8sError): void => {
    const known = deploymentStatus([...pods.values()], options.desiredReplicas);
    const answer = error.status ? `${error.status}${error.reason ? ` ${error.reason}` : ''}: ` : '';
    publish({
      ...known,
      message: `Kubernetes API unreachable (${answer}${error.message}); retrying — last known pods shown`,
    });
  };

  const retry = (error: K8sError): void => {
    if (stopped) return;
    options.onError?.(error);
    handle?.abort();
    handle = null;
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, maxDelay);
  };

  const connect = async (): Promise<void> => {
    if (stopped) return;
    try {
      const list = await client.listPods(namespace, labelSelector);
      if (stopped) return;
      pods.clear();
      for (const pod of list.pods) pods.set(pod.name, pod);
      emit();
      let failed = false;
      const watch = await client.watchPods(
        namespace,
        labelSelector,
        (event) => {
          delay = baseDelay;
          if (event.type === 'DELETED') pods.delete(event.pod.name);
          else pods.set(event.pod.name, event.pod);
          emit();
        },
        (error) => {
          failed = true;
          retry(error);
        },
        { resourceVersion: list.resourceVersion ?? undefined },
      );
      if (stopped || failed) {
        watch.abort();
        return;
      }
      handle = watch;
      connections += 1;
    } catch (error) {
      const k8sError = toK8sError(error);
      // The API itself failed (not just a dropped watch): say so, beside the last pods we know of.
      if (!stopped) emitUnreachable(k8sError);
      retry(k8sError);
    }
  };

  void connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      handle?.abort();
      handle = null;
    },
    current: () => last,
    connections: () => connections,
  };
}
