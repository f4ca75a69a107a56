import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getPod, listEvents, listNodes, listPods, watchNodes, watchPods } from './core.js';
import { handleCustomObject, RESOURCE_TYPES } from './custom-objects.js';
import { writeKubeconfig } from './kubeconfig.js';
import {
  addGpuPod,
  addNode,
  removeNode,
  removePod,
  type FakeGpuPodSpec,
  type FakeNodeSpec,
} from './nodes.js';
import { DEFAULT_TIMELINE, PodController, type PodTimeline } from './pods.js';
import { SelectorError } from './selectors.js';
import { HttpStatusError, REASONS, statusBody, type Json } from './status.js';
import { FakeClusterState } from './store.js';

export type { FakeGpuPodSpec, FakeNodeSpec } from './nodes.js';
export type { PodTimeline } from './pods.js';
export type { FakeClusterState, RequestRecord } from './store.js';

/**
 * An in-process fake Kubernetes API server speaking the real REST + watch protocol for what Compass
 * uses (see docs/deployments.md, "The fake API server"), so the real @kubernetes/client-node can be
 * tested against it through a real kubeconfig file.
 */

export interface FakeK8sOptions {
  /** Bearer token the kubeconfig carries and the server requires (401 otherwise). Random by default. */
  token?: string;
  /** Default namespace of the kubeconfig context. */
  namespace?: string;
  podTimeline?: Partial<PodTimeline>;
  /** Extra admission checks; messages become 422 Invalid causes (e.g. plug in a CRD schema validator). */
  validateBody?: (object: Json, kind: string) => string[];
  /** Pod watch events kept for `?resourceVersion=` resumes (default 2000); older ones answer 410 Expired. */
  watchHistory?: number;
  /** Where `…/{pods|services}/{name}:{port}/proxy/…` goes (see ProxyResolver); none by default. */
  proxy?: ProxyResolver;
}

/**
 * The upstream base URL for an API-server proxy request (e.g. a simulator's `http://127.0.0.1:port`),
 * or null when nothing listens there (answered 503, like a Service without endpoints).
 */
export type ProxyResolver = (target: {
  kind: 'pods' | 'services';
  namespace: string;
  name: string;
  port: string;
}) => string | null;

export interface FailureOptions {
  /** How many requests fail (default 1; Infinity until clearFailures()). */
  times?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only requests whose path matches. */
  path?: RegExp;
}

export interface FakeK8s {
  url: string;
  kubeconfigPath: string;
  token: string;
  state: FakeClusterState;
  /** Timeline for pods created from now on. */
  setPodTimeline(timeline: Partial<PodTimeline>): void;
  /** Starts the pods held in Pending by `startAfterMs: null`; returns how many. */
  releasePods(): number;
  /** Replaces where proxy requests go. */
  setProxy(resolver: ProxyResolver | null): void;
  /** Makes the next matching request(s) fail with this status and a proper Status body. */
  failNext(status: number, reason?: string, options?: FailureOptions): void;
  clearFailures(): void;
  /** Closes every open pod and node watch ('end': clean end of stream, 'destroy': reset connection). */
  dropWatches(mode?: 'end' | 'destroy'): number;
  /** Adds (or replaces) a GPU node labelled like GPU feature discovery / AMD's node labeller would. */
  addNode(spec: FakeNodeSpec): void;
  removeNode(name: string): void;
  /** Adds (or replaces) a pod bound to a node (or Pending) that requests GPUs. */
  addGpuPod(spec: FakeGpuPodSpec): void;
  removePod(namespace: string, name: string): void;
  openWatches(): number;
  close(): Promise<void>;
}

interface FailureRule {
  status: number;
  reason: string;
  remaining: number;
  method?: string;
  path?: RegExp;
}

const MAX_BODY = 5 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY)
        reject(new HttpStatusError(413, 'request entity too large', 'RequestEntityTooLarge'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function forbiddenMessage(method: string, pathname: string): string {
  const verb =
    { GET: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[method] ?? 'access';
  const m = /^\/apis?\/(?:([^/]+)\/)?[^/]+\/namespaces\/([^/]+)\/([^/]+)/.exec(pathname);
  const group = m?.[1] && pathname.startsWith('/apis/') ? m[1] : '';
  const resource = m?.[3] ?? 'resource';
  return `${resource}${group ? `.${group}` : ''} is forbidden: User "system:serviceaccount:compass:compass" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${m?.[2] ?? ''}"`;
}

/** Relays a GET upstream and its answer back, as the API server's proxy does. */
async function forward(target: string, res: ServerResponse): Promise<number> {
  let upstream: Response;
  try {
    upstream = await fetch(target, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new HttpStatusError(
      503,
      `error trying to reach service: ${(error as Error).message}`,
      'ServiceUnavailable',
    );
  }
  const body = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, {
    'Content-Type': upstream.headers.get('content-type') ?? 'application/octet-stream',
    'Content-Length': body.length,
  });
  res.end(body);
  return upstream.status;
}

export async function startFakeK8s(options: FakeK8sOptions = {}): Promise<FakeK8s> {
  const token = options.token ?? randomBytes(16).toString('hex');
  const state = new FakeClusterState(options.watchHistory);
  let timeline: PodTimeline = { ...DEFAULT_TIMELINE, ...options.podTimeline };
  const pods = new PodController(state, () => timeline);
  const failures: FailureRule[] = [];
  const ctx = { state, pods, validateBody: options.validateBody };
  let proxy: ProxyResolver | null = options.proxy ?? null;

  function takeFailure(method: string, pathname: string): FailureRule | null {
    const rule = failures.find(
      (r) => (!r.method || r.method === method) && (!r.path || r.path.test(pathname)),
    );
    if (!rule) return null;
    rule.remaining -= 1;
    if (rule.remaining <= 0) failures.splice(failures.indexOf(rule), 1);
    return rule;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    if (req.headers.authorization !== `Bearer ${token}`) {
      sendJson(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return 401;
    }
    const failure = takeFailure(method, url.pathname);
    if (failure) {
      const message =
        failure.status === 403 ? forbiddenMessage(method, url.pathname) : `fake failure: ${failure.reason}`;
      sendJson(res, failure.status, statusBody(failure.status, message, failure.reason));
      return failure.status;
    }
    const query = url.searchParams;
    const parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);

    // Cluster-wide reads: /api/v1/nodes and /api/v1/pods (every namespace).
    if (url.pathname === '/api/v1/nodes' || url.pathname === '/api/v1/pods') {
      if (method !== 'GET')
        throw new HttpStatusError(405, `method ${method} is not supported by the fake`, 'MethodNotAllowed');
      const watch = query.get('watch') === 'true' || query.get('watch') === '1';
      if (url.pathname === '/api/v1/nodes') {
        if (watch) watchNodes(state, query, res);
        else sendJson(res, 200, listNodes(state, query));
      } else if (watch) watchPods(state, null, query, res);
      else sendJson(res, 200, listPods(state, null, query));
      return 200;
    }
    if (url.pathname === '/version') {
      sendJson(res, 200, {
        major: '1',
        minor: '31',
        gitVersion: 'v1.31.0-compass-fake',
        platform: 'linux/amd64',
      });
      return 200;
    }
    // /api/v1/namespaces/{ns}/{pods|services}/{name}[:{port}]/proxy/{path…}
    if (
      parts[0] === 'api' &&
      parts[1] === 'v1' &&
      parts[2] === 'namespaces' &&
      (parts[4] === 'pods' || parts[4] === 'services') &&
      parts[5] &&
      parts[6] === 'proxy'
    ) {
      if (method !== 'GET')
        throw new HttpStatusError(405, `method ${method} is not supported by the fake`, 'MethodNotAllowed');
      const [name, port = ''] = (parts[5] as string).split(':');
      const kind = parts[4];
      if (kind === 'pods') getPod(state, parts[3] as string, name as string); // 404 for an unknown pod
      const base = proxy?.({ kind, namespace: parts[3] as string, name: name as string, port }) ?? null;
      if (!base)
        throw new HttpStatusError(
          503,
          `no endpoints available for ${kind} "${parts[5]}"`,
          'ServiceUnavailable',
        );
      return forward(`${base.replace(/\/+$/, '')}/${parts.slice(7).join('/')}${url.search}`, res);
    }
    // /api/v1/namespaces/{ns}/{pods|events}[/{name}]
    if (
      parts[0] === 'api' &&
      parts[1] === 'v1' &&
      parts[2] === 'namespaces' &&
      parts[3] &&
      parts.length <= 6
    ) {
      const namespace = parts[3];
      const resource = parts[4];
      if (method !== 'GET')
        throw new HttpStatusError(405, `method ${method} is not supported by the fake`, 'MethodNotAllowed');
      if (resource === 'pods' && parts.length === 5) {
        const watch = query.get('watch');
        if (watch === 'true' || watch === '1') {
          watchPods(state, namespace, query, res);
          return 200;
        }
        sendJson(res, 200, listPods(state, namespace, query));
        return 200;
      }
      if (resource === 'pods' && parts[5]) {
        sendJson(res, 200, getPod(state, namespace, parts[5]));
        return 200;
      }
      if (resource === 'events' && parts.length === 5) {
        sendJson(res, 200, listEvents(state, namespace, query));
        return 200;
      }
    }
    // /apis/{group}/{version}/namespaces/{ns}/{plural}[/{name}]
    if (
      parts[0] === 'apis' &&
      parts[3] === 'namespaces' &&
      parts[4] &&
      (parts.length === 6 || parts.length === 7)
    ) {
      const type = RESOURCE_TYPES.find(
        (t) => t.group === parts[1] && t.version === parts[2] && t.plural === parts[5],
      );
      if (type) {
        const result = handleCustomObject(ctx, {
          method,
          type,
          namespace: parts[4],
          name: parts[6] ?? null,
          query,
          contentType: req.headers['content-type'] ?? '',
          body,
        });
        sendJson(res, result.status, result.body);
        return result.status;
      }
    }
    throw new HttpStatusError(404, 'the server could not find the requested resource', 'NotFound');
  }

  const server = http.createServer((req, res) => {
    const record = (status: number) =>
      state.requests.push({
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0] ?? '/',
        query: Object.fromEntries(new URL(req.url ?? '/', 'http://fake').searchParams),
        contentType: req.headers['content-type'] ?? null,
        status,
      });
    handle(req, res).then(record, (error: unknown) => {
      let status = 500;
      let body = statusBody(500, 'internal error in the fake API server', 'InternalError');
      if (error instanceof HttpStatusError) {
        status = error.code;
        body = statusBody(error.code, error.message, error.reason ?? REASONS[error.code], error.details);
      } else if (error instanceof SelectorError) {
        status = 400;
        body = statusBody(400, `unable to parse requirement: ${error.message}`, 'BadRequest');
      }
      if (!res.headersSent) sendJson(res, status, body);
      else res.end();
      record(status);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'compass-fake-k8s-'));
  const kubeconfigPath = await writeKubeconfig(dir, url, token, options.namespace ?? 'compass');

  const dropWatches = (mode: 'end' | 'destroy' = 'end'): number => {
    const watchers = [...state.podWatchers, ...state.nodeWatchers];
    for (const watcher of watchers) watcher.end(mode);
    return watchers.length;
  };

  return {
    url,
    kubeconfigPath,
    token,
    state,
    setPodTimeline(next) {
      timeline = { ...timeline, ...next };
    },
    releasePods: () => pods.release(),
    setProxy(resolver) {
      proxy = resolver;
    },
    failNext(status, reason, failureOptions = {}) {
      failures.push({
        status,
        reason: reason ?? REASONS[status] ?? 'Unknown',
        remaining: failureOptions.times ?? 1,
        method: failureOptions.method,
        path: failureOptions.path,
      });
    },
    clearFailures() {
      failures.length = 0;
    },
    dropWatches,
    addNode: (spec) => addNode(state, spec),
    removeNode: (name) => removeNode(state, name),
    addGpuPod: (spec) => addGpuPod(state, spec),
    removePod: (namespace, name) => removePod(state, namespace, name),
    openWatches: () => state.podWatchers.size + state.nodeWatchers.size,
    async close() {
      pods.stop();
      dropWatches('end');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
