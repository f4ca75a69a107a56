import type { DeploymentStatusSnapshot, PodInfo, PodStatusSummary } from '../types.js';

/**
 * Pods of one deployment + the replicas it wants → the deployment's phase. Pure.
 *
 *   DELETED      the deployment was deleted (caller says so)
 *   READY        ready pods ≥ desired replicas
 *   FAILED       not ready, and some pod is in a state that will not fix itself (Failed phase,
 *                CrashLoopBackOff, image pull errors, bad container config)
 *   PENDING      no pod yet, or every pod still Pending (scheduling, pulling, creating)
 *   PROGRESSING  otherwise: pods are running but not all ready yet (vLLM loading weights)
 *
 * Terminating pods are listed but never counted as ready.
 */

export const FATAL_WAITING_REASONS: readonly string[] = [
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
];

export function isPodReady(pod: PodInfo): boolean {
  if (pod.terminating) return false;
  const ready = pod.conditions.find((c) => c.type === 'Ready');
  if (ready) return ready.status === 'True';
  return pod.phase === 'Running' && pod.containers.length > 0 && pod.containers.every((c) => c.ready);
}

function isPodFailed(pod: PodInfo): boolean {
  if (pod.terminating) return false;
  if (pod.phase === 'Failed') return true;
  return pod.containers.some(
    (c) => c.state === 'waiting' && c.reason !== null && FATAL_WAITING_REASONS.includes(c.reason),
  );
}

/** The most telling reason/message of a pod: a container's, else the pod's, else why it is unscheduled. */
function podReason(pod: PodInfo): { reason: string | null; message: string | null } {
  const container =
    pod.containers.find(
      (c) => c.state === 'waiting' && c.reason !== null && FATAL_WAITING_REASONS.includes(c.reason),
    ) ??
    pod.containers.find((c) => c.state === 'terminated' && c.reason !== null && c.exitCode !== 0) ??
    pod.containers.find((c) => c.state === 'waiting' && c.reason !== null);
  if (container) return { reason: container.reason, message: container.message };
  if (pod.reason) return { reason: pod.reason, message: pod.message };
  const unscheduled = pod.conditions.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) return { reason: unscheduled.reason, message: unscheduled.message };
  const notReady = pod.conditions.find((c) => c.type === 'Ready' && c.status === 'False' && c.reason);
  if (notReady && pod.phase === 'Running') return { reason: notReady.reason, message: notReady.message };
  return { reason: null, message: null };
}

export function summarizePod(pod: PodInfo): PodStatusSummary {
  const { reason, message } = podReason(pod);
  return {
    name: pod.name,
    phase: pod.terminating ? 'Terminating' : pod.phase,
    ready: isPodReady(pod),
    restarts: pod.containers.reduce((sum, c) => sum + c.restartCount, 0),
    reason,
    message,
  };
}

function describe(pod: PodStatusSummary): string {
  const detail = [pod.reason, pod.message].filter((s): s is string => s !== null).join(': ');
  return detail ? `pod ${pod.name}: ${detail}` : `pod ${pod.name} is ${pod.phase}`;
}

export function deploymentStatus(
  pods: readonly PodInfo[],
  desiredReplicas: number,
  options: { deleted?: boolean } = {},
): DeploymentStatusSnapshot {
  const sorted = [...pods].sort((a, b) => a.name.localeCompare(b.name));
  const summaries = sorted.map(summarizePod);
  const desired = Math.max(0, Math.floor(desiredReplicas));
  if (options.deleted) {
    return {
      phase: 'DELETED',
      readyReplicas: 0,
      desiredReplicas: desired,
      pods: summaries,
      message: 'deployment deleted',
    };
  }
  const active = sorted.filter((p) => !p.terminating);
  const readyReplicas = active.filter(isPodReady).length;
  const counts = `${readyReplicas}/${desired} replicas ready`;
  const snapshot = (phase: DeploymentStatusSnapshot['phase'], message: string): DeploymentStatusSnapshot => ({
    phase,
    readyReplicas,
    desiredReplicas: desired,
    pods: summaries,
    message,
  });

  if (readyReplicas >= desired) return snapshot('READY', counts);
  const failed = active.filter(isPodFailed).map(summarizePod);
  if (failed[0]) return snapshot('FAILED', `${counts}; ${describe(failed[0])}`);
  if (active.length === 0) return snapshot('PENDING', `${counts}; waiting for pods to be created`);
  if (active.every((p) => p.phase === 'Pending')) {
    const blocked = active.map(summarizePod).find((p) => p.reason !== null);
    return snapshot('PENDING', blocked ? `${counts}; ${describe(blocked)}` : `${counts}; pods are pending`);
  }
  return snapshot('PROGRESSING', counts);
}
