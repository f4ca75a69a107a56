import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { statusToK8sError, toK8sError } from './errors.js';
import type { K8sError, WatchEventType } from '../types.js';

export interface WatchHandle {
  /** Stops the watch; `onError` is not called after this. */
  abort(): void;
}

/**
 * One Kubernetes watch (`?watch=true` on a list path) through the client's Watch class, with the
 * contract every Compass watch keeps: `onError` is called at most once, when the watch ends for any
 * reason other than `abort()` — a dropped connection is `K8S_WATCH_CLOSED`, an `ERROR` event (e.g. 410
 * Gone) its Status, no answer within `timeoutMs` `K8S_UNREACHABLE` — so the caller can re-list.
 */
export async function openWatch<T>(
  kubeconfig: KubeConfig,
  timeoutMs: number,
  path: string,
  params: Record<string, unknown>,
  normalize: (object: unknown) => T,
  onEvent: (type: WatchEventType, object: T) => void,
  onError: (error: K8sError) => void,
): Promise<WatchHandle> {
  let stopped = false;
  let reported = false;
  let controller: AbortController | null = null;
  const report = (error: K8sError): void => {
    if (stopped || reported) return;
    reported = true;
    onError(error);
  };
  const started = new Watch(kubeconfig)
    .watch(
      path,
      { ...params, allowWatchBookmarks: false },
      (type: string, object: unknown) => {
        if (stopped || reported) return;
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') onEvent(type, normalize(object));
        else if (type === 'ERROR') {
          // e.g. 410 Gone: the resourceVersion is too old; the caller re-lists.
          report(statusToK8sError(undefined, object));
          controller?.abort();
        }
      },
      (error: unknown) => {
        if (!error) {
          report({ code: 'K8S_WATCH_CLOSED', message: 'the Kubernetes API server closed the watch' });
          return;
        }
        const mapped = toK8sError(error, timeoutMs);
        // A network error once the stream was open is a dropped watch, not an unreachable server.
        report(
          controller !== null && mapped.code === 'K8S_UNREACHABLE'
            ? { code: 'K8S_WATCH_CLOSED', message: `the watch connection was lost (${mapped.message})` }
            : mapped,
        );
      },
    )
    .then((c) => {
      controller = c;
      if (stopped || reported) c.abort();
      return c;
    })
    .catch((error: unknown) => {
      report(toK8sError(error, timeoutMs));
      return null;
    });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const first = await Promise.race([started, timedOut]);
  clearTimeout(timer);
  if (first === null && controller === null && !reported) {
    report({ code: 'K8S_UNREACHABLE', message: `the Kubernetes API did not answer within ${timeoutMs} ms` });
  }
  return {
    abort() {
      stopped = true;
      (controller as AbortController | null)?.abort();
    },
  };
}
