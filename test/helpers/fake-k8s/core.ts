import type { ServerResponse } from 'node:http';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { HttpStatusError, statusBody, type Json } from './status.js';
import type { FakeClusterState, PodWatcher, WatchEventType } from './store.js';

/** Core v1 reads Compass uses: pods (list, get, watch; one namespace or all), nodes (list, watch), events (list). */

function labelsOf(object: Json): Record<string, string> {
  const labels = (object.metadata as Json).labels;
  return typeof labels === 'object' && labels !== null ? (labels as Record<string, string>) : {};
}

function byName(a: Json, b: Json): number {
  return String((a.metadata as Json).name).localeCompare(String((b.metadata as Json).name));
}

/** `namespace` null lists every namespace (`/api/v1/pods`). */
export function listPods(state: FakeClusterState, namespace: string | null, query: URLSearchParams): Json {
  const matchesLabels = parseLabelSelector(query.get('labelSelector'));
  const matchesFields = parseFieldSelector(query.get('fieldSelector'));
  const items = state
    .pods(namespace ?? undefined)
    .filter((pod) => matchesLabels(labelsOf(pod)) && matchesFields(pod))
    .sort(byName);
  return { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: state.resourceVersion }, items };
}

export function getPod(state: FakeClusterState, namespace: string, name: string): Json {
  const pod = state.podsByKey.get(`${namespace}/${name}`);
  if (!pod) throw new HttpStatusError(404, `pods "${name}" not found`, 'NotFound', { name, kind: 'pods' });
  return structuredClone(pod);
}

export function listEvents(state: FakeClusterState, namespace: string, query: URLSearchParams): Json {
  const matchesFields = parseFieldSelector(query.get('fieldSelector'));
  const items = state.events(namespace).filter(matchesFields);
  return { apiVersion: 'v1', kind: 'EventList', metadata: { resourceVersion: state.resourceVersion }, items };
}

/** What a watch streams: namespaced pods (one namespace or all) or cluster-scoped nodes. */
interface WatchSource {
  watchers: Set<PodWatcher>;
  history: { rv: number; type: WatchEventType; object: Json }[];
  oldestResumable: number;
  current: () => Json[];
}

function podSource(state: FakeClusterState, namespace: string | null): WatchSource {
  return {
    watchers: state.podWatchers,
    history: state.podHistory,
    oldestResumable: state.oldestResumable,
    current: () => state.pods(namespace ?? undefined),
  };
}

function nodeSource(state: FakeClusterState): WatchSource {
  return {
    watchers: state.nodeWatchers,
    history: state.nodeHistory,
    oldestResumable: state.oldestResumableNode,
    current: () => state.nodes(),
  };
}

/**
 * `?watch=true`: newline-delimited JSON watch events. Without a resourceVersion (or "0") the current
 * pods come first as ADDED; with one, history after it is replayed (410 Expired when compacted).
 * `namespace` null watches every namespace (`/api/v1/pods`).
 */
export function watchPods(
  state: FakeClusterState,
  namespace: string | null,
  query: URLSearchParams,
  res: ServerResponse,
): PodWatcher {
  return openWatch(podSource(state, namespace), namespace, query, res);
}

/** `/api/v1/nodes?watch=true`, with the same replay rules as pods. */
export function watchNodes(state: FakeClusterState, query: URLSearchParams, res: ServerResponse): PodWatcher {
  return openWatch(nodeSource(state), null, query, res);
}

function openWatch(
  source: WatchSource,
  namespace: string | null,
  query: URLSearchParams,
  res: ServerResponse,
): PodWatcher {
  const matchesLabels = parseLabelSelector(query.get('labelSelector'));
  const matchesFields = parseFieldSelector(query.get('fieldSelector'));
  const matches = (object: Json) => matchesLabels(labelsOf(object)) && matchesFields(object);
  const inScope = (object: Json) => namespace === null || (object.metadata as Json).namespace === namespace;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  let open = true;
  const watcher: PodWatcher = {
    namespace,
    matches,
    send(type: WatchEventType | 'ERROR', object: Json) {
      if (open) res.write(`${JSON.stringify({ type, object })}\n`);
    },
    end(mode) {
      if (!open) return;
      open = false;
      source.watchers.delete(watcher);
      if (mode === 'destroy') res.destroy();
      else res.end();
    },
  };
  res.on('close', () => {
    open = false;
    source.watchers.delete(watcher);
  });

  const rv = query.get('resourceVersion');
  if (rv && rv !== '0') {
    const from = Number(rv);
    if (!Number.isInteger(from) || from < source.oldestResumable) {
      watcher.send(
        'ERROR',
        statusBody(410, `too old resource version: ${rv} (${source.oldestResumable})`, 'Expired'),
      );
      watcher.end('end');
      return watcher;
    }
    for (const entry of source.history) {
      if (entry.rv > from && inScope(entry.object) && matches(entry.object)) {
        watcher.send(entry.type, entry.object);
      }
    }
  } else {
    for (const object of source.current().filter(matches).sort(byName)) watcher.send('ADDED', object);
  }
  source.watchers.add(watcher);
  const timeoutSeconds = Number(query.get('timeoutSeconds'));
  if (Number.isFinite(timeoutSeconds) && timeoutSeconds > 0) {
    const timer = setTimeout(() => watcher.end('end'), timeoutSeconds * 1000);
    res.on('close', () => clearTimeout(timer));
  }
  return watcher;
}

export function listNodes(state: FakeClusterState, query: URLSearchParams): Json {
  const matchesLabels = parseLabelSelector(query.get('labelSelector'));
  const matchesFields = parseFieldSelector(query.get('fieldSelector'));
  const items = state
    .nodes()
    .filter((node) => matchesLabels(labelsOf(node)) && matchesFields(node))
    .sort(byName);
  return { apiVersion: 'v1', kind: 'NodeList', metadata: { resourceVersion: state.resourceVersion }, items };
}
