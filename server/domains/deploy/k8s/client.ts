import {
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  KubeConfig,
  ServerConfiguration,
  type Configuration,
  type Middleware,
} from '@kubernetes/client-node';
import { normalizeGpuPod, normalizeNode } from '../../cluster/k8s-objects.js';
import type { NodeFacts, PodFacts } from '../../cluster/core/inventory.js';
import { K8sClientError, toK8sError } from './errors.js';
import { normalizeEvent, normalizePod } from './pod-info.js';
import { openWatch, type WatchHandle } from './watch.js';
import type {
  AppliedObject,
  DeletedObject,
  EventInfo,
  K8sError,
  KubeObject,
  PodList,
  PodWatchEvent,
  WatchEventType,
} from '../types.js';

export type { WatchHandle } from './watch.js';

export { K8sClientError, toK8sError } from './errors.js';

/**
 * Applies, reads, watches and deletes Compass's objects through @kubernetes/client-node. Every failure
 * is thrown as a K8sClientError with a typed code (see k8s-errors.ts); every request has a timeout so an
 * unreachable cluster fails fast instead of hanging.
 */

export interface K8sClientOptions {
  /** Per-request timeout, also the time a watch may take to connect. Default 10 s. */
  requestTimeoutMs?: number;
  /** Recorded by the API server as the writer of the fields. Default `compass`. */
  fieldManager?: string;
}

export interface ApplyOptions {
  /** Server-side dry run (`dryRun=All`): validated and defaulted by the API server, nothing stored. */
  dryRun?: boolean;
}

export interface K8sClient {
  /** The API server URL (for logs). */
  readonly server: string;
  /** Creates each object in order; an existing one is replaced (get + replace with its resourceVersion). */
  apply(objects: readonly KubeObject[], options?: ApplyOptions): Promise<AppliedObject[]>;
  /** The live object, or null when it does not exist. */
  get(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): Promise<KubeObject | null>;
  /** Deletes in reverse apply order; objects already gone count as deleted: false (idempotent). */
  delete(objects: readonly KubeObject[]): Promise<DeletedObject[]>;
  listPods(namespace: string, labelSelector: string): Promise<PodList>;
  /**
   * Streams pod events. `onError` is called at most once, when the watch ends for any reason other than
   * `abort()`: a dropped connection is `K8S_WATCH_CLOSED`, so the caller can re-list and watch again.
   */
  watchPods(
    namespace: string,
    labelSelector: string,
    onEvent: (event: PodWatchEvent) => void,
    onError: (error: K8sError) => void,
    options?: { resourceVersion?: string },
  ): Promise<WatchHandle>;
  listEvents(namespace: string, fieldSelector?: string): Promise<EventInfo[]>;
  /** Every node (cluster scope), as the inventory needs it. */
  listNodes(): Promise<WatchedList<NodeFacts>>;
  /** Pods of every namespace that have not finished (phase not Succeeded/Failed). */
  listAllPods(): Promise<WatchedList<PodFacts>>;
  watchNodes(
    onEvent: (event: WatchedEvent<NodeFacts>) => void,
    onError: (error: K8sError) => void,
    options?: { resourceVersion?: string },
  ): Promise<WatchHandle>;
  watchAllPods(
    onEvent: (event: WatchedEvent<PodFacts>) => void,
    onError: (error: K8sError) => void,
    options?: { resourceVersion?: string },
  ): Promise<WatchHandle>;
  /**
   * GET through the API server's proxy to a pod's or a service's port
   * (`/api/v1/namespaces/{ns}/{pods|services}/{name}:{port}/proxy/{path}`): the body as text.
   */
  proxyGet(target: ProxyTarget): Promise<string>;
}

export interface ProxyTarget {
  kind: 'pod' | 'service';
  namespace: string;
  name: string;
  port: number | string;
  /** Without the leading slash, e.g. `metrics`. */
  path: string;
}

export interface WatchedList<T> {
  items: T[];
  /** Start a watch from here to miss nothing. */
  resourceVersion: string | null;
}

export interface WatchedEvent<T> {
  type: WatchEventType;
  object: T;
}

/** Pods that can hold GPUs: the scheduler frees a finished pod's resources. */
const ACTIVE_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

interface CustomResource {
  group: string;
  version: string;
  plural: string;
}

/** The custom resources Compass renders (see templates/). */
export const CUSTOM_RESOURCES: Record<string, CustomResource> = {
  'serving.kserve.io/v1beta1/InferenceService': {
    group: 'serving.kserve.io',
    version: 'v1beta1',
    plural: 'inferenceservices',
  },
  'serving.kserve.io/v1alpha1/ServingRuntime': {
    group: 'serving.kserve.io',
    version: 'v1alpha1',
    plural: 'servingruntimes',
  },
  'monitoring.coreos.com/v1/ServiceMonitor': {
    group: 'monitoring.coreos.com',
    version: 'v1',
    plural: 'servicemonitors',
  },
};

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A KubeConfig from an explicit file, else the library's default chain: `KUBECONFIG`, `~/.kube/config`,
 * then the in-cluster service account.
 */
export function loadKubeConfig(kubeconfigPath?: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (kubeconfigPath) kc.loadFromFile(kubeconfigPath);
    else kc.loadFromDefault();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new K8sClientError({
      code: 'K8S_ERROR',
      message: `cannot load the kubeconfig${kubeconfigPath ? ` ${kubeconfigPath}` : ''}${typeof code === 'string' ? ` (${code})` : ''}`,
    });
  }
  if (!kc.getCurrentCluster())
    throw new K8sClientError({ code: 'K8S_ERROR', message: 'the kubeconfig has no current cluster' });
  return kc;
}

function timeoutMiddleware(ms: number): Middleware {
  return {
    pre: async (context) => {
      context.setSignal(AbortSignal.timeout(ms));
      return context;
    },
    post: async (response) => response,
  };
}

function resourceFor(object: Pick<KubeObject, 'apiVersion' | 'kind'>): CustomResource {
  const resource = CUSTOM_RESOURCES[`${object.apiVersion}/${object.kind}`];
  if (!resource) {
    throw new K8sClientError({
      code: 'K8S_INVALID',
      message: `unsupported object kind ${object.apiVersion} ${object.kind}`,
    });
  }
  return resource;
}

function namespaceOf(object: Pick<KubeObject, 'metadata'>): string {
  const namespace = object.metadata.namespace;
  if (!namespace)
    throw new K8sClientError({
      code: 'K8S_INVALID',
      message: `object ${object.metadata.name} has no namespace`,
    });
  return namespace;
}

function asObject(value: unknown): KubeObject {
  return value as KubeObject;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof K8sClientError ? error.status : toK8sError(error).status;
}

export function createK8sClient(kubeconfig: KubeConfig, options: K8sClientOptions = {}): K8sClient {
  const cluster = kubeconfig.getCurrentCluster();
  if (!cluster)
    throw new K8sClientError({ code: 'K8S_ERROR', message: 'the kubeconfig has no current cluster' });
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fieldManager = options.fieldManager ?? 'compass';
  const configuration: Configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeconfig },
    promiseMiddleware: [timeoutMiddleware(timeoutMs)],
  });
  const custom = new CustomObjectsApi(configuration);
  const core = new CoreV1Api(configuration);

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw new K8sClientError(toK8sError(error, timeoutMs));
    }
  }

  async function getObject(
    object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>,
  ): Promise<KubeObject | null> {
    const { group, version, plural } = resourceFor(object);
    const namespace = namespaceOf(object);
    try {
      return asObject(
        await call(() =>
          custom.getNamespacedCustomObject({ group, version, namespace, plural, name: object.metadata.name }),
        ),
      );
    } catch (error) {
      if (error instanceof K8sClientError && error.code === 'K8S_NOT_FOUND') return null;
      throw error;
    }
  }

  async function applyOne(object: KubeObject, dryRun: boolean): Promise<AppliedObject> {
    const { group, version, plural } = resourceFor(object);
    const namespace = namespaceOf(object);
    const name = object.metadata.name;
    const common = { group, version, namespace, plural, dryRun: dryRun ? 'All' : undefined, fieldManager };
    const result = (action: AppliedObject['action'], live: KubeObject): AppliedObject => ({
      kind: object.kind,
      apiVersion: object.apiVersion,
      name,
      namespace,
      action,
      dryRun,
      resourceVersion: live.metadata?.resourceVersion ?? null,
      uid: live.metadata?.uid ?? null,
      object: live,
    });
    try {
      return result(
        'created',
        asObject(await call(() => custom.createNamespacedCustomObject({ ...common, body: object }))),
      );
    } catch (error) {
      if (statusOf(error) !== 409) throw error;
    }
    // It exists: replace it, carrying the live resourceVersion; one retry if it changed in between.
    for (let attempt = 0; ; attempt += 1) {
      const live = await getObject(object);
      if (!live)
        return result(
          'created',
          asObject(await call(() => custom.createNamespacedCustomObject({ ...common, body: object }))),
        );
      const body = {
        ...object,
        metadata: { ...object.metadata, resourceVersion: live.metadata.resourceVersion },
      };
      try {
        return result(
          'replaced',
          asObject(await call(() => custom.replaceNamespacedCustomObject({ ...common, name, body }))),
        );
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 1) throw error;
      }
    }
  }

  return {
    server: cluster.server,

    async apply(objects, applyOptions = {}) {
      const applied: AppliedObject[] = [];
      for (const object of objects) applied.push(await applyOne(object, applyOptions.dryRun ?? false));
      return applied;
    },

    get: getObject,

    async delete(objects) {
      const deleted: DeletedObject[] = [];
      for (const object of [...objects].reverse()) {
        const { group, version, plural } = resourceFor(object);
        const namespace = namespaceOf(object);
        const name = object.metadata.name;
        try {
          await call(() =>
            custom.deleteNamespacedCustomObject({
              group,
              version,
              namespace,
              plural,
              name,
              propagationPolicy: 'Background',
            }),
          );
          deleted.push({ kind: object.kind, name, namespace, deleted: true });
        } catch (error) {
          if (!(error instanceof K8sClientError) || error.code !== 'K8S_NOT_FOUND') throw error;
          deleted.push({ kind: object.kind, name, namespace, deleted: false });
        }
      }
      return deleted;
    },

    async listPods(namespace, labelSelector) {
      const list = await call(() => core.listNamespacedPod({ namespace, labelSelector }));
      return { pods: list.items.map(normalizePod), resourceVersion: list.metadata?.resourceVersion ?? null };
    },

    watchPods(namespace, labelSelector, onEvent, onError, watchOptions = {}) {
      return openWatch(
        kubeconfig,
        timeoutMs,
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
        { labelSelector, resourceVersion: watchOptions.resourceVersion },
        normalizePod,
        (type, pod) => onEvent({ type, pod }),
        onError,
      );
    },

    async listNodes() {
      const list = await call(() => core.listNode({}));
      return {
        items: list.items.map(normalizeNode),
        resourceVersion: list.metadata?.resourceVersion ?? null,
      };
    },

    async listAllPods() {
      const list = await call(() => core.listPodForAllNamespaces({ fieldSelector: ACTIVE_PODS }));
      return {
        items: list.items.map(normalizeGpuPod),
        resourceVersion: list.metadata?.resourceVersion ?? null,
      };
    },

    watchNodes(onEvent, onError, watchOptions = {}) {
      return openWatch(
        kubeconfig,
        timeoutMs,
        '/api/v1/nodes',
        { resourceVersion: watchOptions.resourceVersion },
        normalizeNode,
        (type, object) => onEvent({ type, object }),
        onError,
      );
    },

    watchAllPods(onEvent, onError, watchOptions = {}) {
      return openWatch(
        kubeconfig,
        timeoutMs,
        '/api/v1/pods',
        { fieldSelector: ACTIVE_PODS, resourceVersion: watchOptions.resourceVersion },
        normalizeGpuPod,
        (type, object) => onEvent({ type, object }),
        onError,
      );
    },

    async listEvents(namespace, fieldSelector) {
      const list = await call(() => core.listNamespacedEvent({ namespace, fieldSelector }));
      return list.items
        .map(normalizeEvent)
        .sort((a, b) => (a.lastTimestamp ?? '').localeCompare(b.lastTimestamp ?? ''));
    },

    async proxyGet(target) {
      const params = {
        name: `${target.name}:${target.port}`,
        namespace: target.namespace,
        path: target.path,
      };
      return call(() =>
        target.kind === 'pod'
          ? core.connectGetNamespacedPodProxyWithPath(params)
          : core.connectGetNamespacedServiceProxyWithPath(params),
      );
    },
  };
}
