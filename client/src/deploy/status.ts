import type { DeploymentStatusSubscription as StatusEvent } from '../gql/graphql.js';

/** What the live deployment view keeps of the `deploymentStatus` subscription. Pure. */

export type Status = StatusEvent['deploymentStatus'];

export interface Watch {
  latest: Status | null;
  /** Messages as they changed, newest first. */
  events: { at: string; text: string }[];
}

/** The server's message without the "N/M replicas ready" the page already shows; null when nothing is left. Pure. */
export function extraMessage(message: string | null): string | null {
  const rest = (message ?? '').replace(/^\d+\/\d+ replicas ready;?\s*/, '').trim();
  return rest === '' ? null : rest;
}

/** Folds each status event into the latest state plus a short log of what changed (newest first). Pure. */
export function foldStatus(watch: Watch, status: Status, at: Date): Watch {
  const podLines = status.pods
    .filter((p) => p.reason || p.message)
    .map((p) => `${p.name}: ${[p.reason, p.message].filter(Boolean).join(': ')}`);
  // The server's message repeats the pods' reasons; keep it only when the pods say nothing.
  const extra = extraMessage(status.message);
  const lines = podLines.length > 0 || extra === null ? podLines : [extra];
  const previous = watch.latest;
  const phaseChanged = previous?.phase !== status.phase || previous.readyReplicas !== status.readyReplicas;
  const recent = new Set(watch.events.slice(0, 10).map((e) => e.text));
  const added = [
    ...(phaseChanged ? [`${status.phase}: ${status.readyReplicas}/${status.desiredReplicas} ready`] : []),
    ...lines.filter((line) => !recent.has(line)),
  ].map((text) => ({ at: at.toLocaleTimeString('en-US'), text }));
  return { latest: status, events: [...added.reverse(), ...watch.events].slice(0, 30) };
}
