import { randomUUID } from 'node:crypto';
import type { Json } from './status.js';

/**
 * The fake cluster's state: custom objects, pods, events, one resourceVersion counter (like etcd's
 * revision), a bounded history of pod watch events (so `?resourceVersion=` can resume a watch) and the
 * open pod watches.
 */

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface PodWatcher {
  /** null: every namespace (`/api/v1/pods`, `/api/v1/nodes`). */
  namespace: string | null;
  matches(pod: Json): boolean;
  send(type: WatchEventType | 'ERROR', object: Json): void;
  end(mode: 'end' | 'destroy'): void;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  status: number;
}

export function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function meta(object: Json): Json {
  return object.metadata as Json;
}

export class FakeClusterState {
  private revision = 0;
  /** Pod watch events kept for resuming watches (like etcd compaction, older ones are gone). */
  constructor(private readonly historyLimit = 2000) {}

  readonly customObjects = new Map<string, Json>();
  readonly podsByKey = new Map<string, Json>();
  readonly eventList: Json[] = [];
  readonly podHistory: { rv: number; type: WatchEventType; object: Json }[] = [];
  readonly podWatchers = new Set<PodWatcher>();
  readonly nodesByName = new Map<string, Json>();
  readonly nodeHistory: { rv: number; type: WatchEventType; object: Json }[] = [];
  readonly nodeWatchers = new Set<PodWatcher>();
  readonly requests: RequestRecord[] = [];

  nextResourceVersion(): string {
    this.revision += 1;
    return String(this.revision);
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  private evictedUpTo = 0;
  private nodeEvictedUpTo = 0;

  /** Like oldestResumable, for node watches. */
  get oldestResumableNode(): number {
    return this.nodeEvictedUpTo;
  }

  /** Oldest resourceVersion a watch can resume from: older ones may miss evicted events (410 Expired). */
  get oldestResumable(): number {
    return this.evictedUpTo;
  }

  // ---- custom objects -----------------------------------------------------------------------------

  objectKey(plural: string, namespace: string, name: string): string {
    return `${plural}/${namespace}/${name}`;
  }

  objects(plural?: string, namespace?: string): Json[] {
    return [...this.customObjects.entries()]
      .filter(([key]) => {
        const [p, ns] = key.split('/');
        return (plural === undefined || p === plural) && (namespace === undefined || ns === namespace);
      })
      .map(([, object]) => structuredClone(object));
  }

  // ---- pods ---------------------------------------------------------------------------------------

  pods(namespace?: string): Json[] {
    return [...this.podsByKey.values()]
      .filter((pod) => namespace === undefined || meta(pod).namespace === namespace)
      .map((pod) => structuredClone(pod));
  }

  /** Stores a pod change with a new resourceVersion and tells matching watches. */
  recordPod(type: WatchEventType, pod: Json): void {
    const rv = this.nextResourceVersion();
    meta(pod).resourceVersion = rv;
    const key = `${String(meta(pod).namespace)}/${String(meta(pod).name)}`;
    if (type === 'DELETED') this.podsByKey.delete(key);
    else this.podsByKey.set(key, pod);
    const snapshot = structuredClone(pod);
    this.podHistory.push({ rv: Number(rv), type, object: snapshot });
    if (this.podHistory.length > this.historyLimit)
      this.evictedUpTo = this.podHistory.shift()?.rv ?? this.evictedUpTo;
    for (const watcher of this.podWatchers) {
      if (
        (watcher.namespace === null || watcher.namespace === meta(pod).namespace) &&
        watcher.matches(snapshot)
      )
        watcher.send(type, snapshot);
    }
  }

  // ---- nodes (cluster-scoped) ---------------------------------------------------------------------

  nodes(): Json[] {
    return [...this.nodesByName.values()].map((node) => structuredClone(node));
  }

  /** Stores a node change with a new resourceVersion and tells node watches (history kept like pods'). */
  recordNode(type: WatchEventType, node: Json): void {
    const rv = this.nextResourceVersion();
    meta(node).resourceVersion = rv;
    const name = String(meta(node).name);
    if (type === 'DELETED') this.nodesByName.delete(name);
    else this.nodesByName.set(name, node);
    const snapshot = structuredClone(node);
    this.nodeHistory.push({ rv: Number(rv), type, object: snapshot });
    if (this.nodeHistory.length > this.historyLimit)
      this.nodeEvictedUpTo = this.nodeHistory.shift()?.rv ?? this.nodeEvictedUpTo;
    for (const watcher of this.nodeWatchers) if (watcher.matches(snapshot)) watcher.send(type, snapshot);
  }

  // ---- events -------------------------------------------------------------------------------------

  events(namespace?: string): Json[] {
    return this.eventList
      .filter((e) => namespace === undefined || meta(e).namespace === namespace)
      .map((e) => structuredClone(e));
  }

  recordEvent(involved: Json, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const m = meta(involved);
    const namespace = String(m.namespace);
    const name = String(m.name);
    const existing = this.eventList.find((e) => {
      const io = e.involvedObject as Json;
      return io.name === name && io.kind === involved.kind && e.reason === reason && e.message === message;
    });
    const now = nowTimestamp();
    if (existing) {
      existing.count = Number(existing.count) + 1;
      existing.lastTimestamp = now;
      meta(existing).resourceVersion = this.nextResourceVersion();
      return;
    }
    this.eventList.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${name}.${randomUUID().replace(/-/g, '').slice(0, 16)}`,
        namespace,
        uid: randomUUID(),
        resourceVersion: this.nextResourceVersion(),
        creationTimestamp: now,
      },
      involvedObject: { apiVersion: involved.apiVersion, kind: involved.kind, name, namespace, uid: m.uid },
      reason,
      message,
      type,
      source: { component: involved.kind === 'Pod' ? 'kubelet' : 'fake-controller' },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: involved.kind === 'Pod' ? 'kubelet' : 'fake-controller',
    });
  }
}
