/**
 * One scrape round of one deployment: which endpoints to read (each ready pod through the API server's
 * pod proxy, the predictor Service through its proxy, or a configured URL), then fetch and parse. Pods
 * are scraped one by one rather than through the Service because a Service proxy answers from a
 * random pod each time, and rate() over counters from different pods is meaningless.
 */
import type { K8sClient } from '../deploy/k8s/client.js';
import { K8sClientError } from '../deploy/k8s/errors.js';
import type { PodInfo } from '../deploy/types.js';
import { ExpositionError, parseExposition } from './core/exposition.js';
import { looksLikeVllm, toPodSnapshot } from './core/vllm-snapshot.js';
import type { ScrapedPod } from './store.js';
import type { ObserveConfig } from './types.js';

export interface ScrapeTarget {
  id: number;
  name: string;
  namespace: string;
}

export interface ScrapeRound {
  scraped: ScrapedPod[];
  errors: string[];
  /** Bytes of exposition text read. */
  bytes: number;
}

/** vLLM's OpenAI server (and the simulator) listen on 8080 in Compass's manifests; KServe's Service on 80. */
const POD_PORT = 8080;
const SERVICE_PORT = 80;
const MAX_BYTES = 8 * 1024 * 1024;

function isReady(pod: PodInfo): boolean {
  return (
    !pod.terminating &&
    pod.phase === 'Running' &&
    pod.conditions.some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

function fillTemplate(template: string, target: ScrapeTarget): string {
  return template
    .replaceAll('{name}', encodeURIComponent(target.name))
    .replaceAll('{namespace}', encodeURIComponent(target.namespace))
    .replaceAll('{id}', String(target.id));
}

async function fetchUrl(url: string, timeoutMs: number): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

function describe(error: unknown): string {
  if (error instanceof ExpositionError) return `not Prometheus text: ${error.message.slice(0, 120)}`;
  if (error instanceof K8sClientError) return error.message;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timed out';
  return error instanceof Error ? error.message : String(error);
}

export async function scrapeDeployment(
  target: ScrapeTarget,
  client: K8sClient | null,
  config: Pick<ObserveConfig, 'target' | 'metricsUrl' | 'intervalMs'>,
  now: () => number = Date.now,
): Promise<ScrapeRound> {
  const timeoutMs = Math.max(1_000, Math.min(10_000, config.intervalMs * 2));
  const endpoints: { pod: string; read: () => Promise<string> }[] = [];
  const errors: string[] = [];
  if (config.metricsUrl) {
    const url = fillTemplate(config.metricsUrl, target);
    endpoints.push({ pod: 'endpoint', read: () => fetchUrl(url, timeoutMs) });
  } else if (!client) {
    return {
      scraped: [],
      errors: ['no Kubernetes cluster is configured and no COMPASS_OBSERVE_METRICS_URL'],
      bytes: 0,
    };
  } else if (config.target === 'service') {
    const name = `${target.name}-predictor`;
    endpoints.push({
      pod: name,
      read: () =>
        client.proxyGet({
          kind: 'service',
          namespace: target.namespace,
          name,
          port: SERVICE_PORT,
          path: 'metrics',
        }),
    });
  } else {
    try {
      const { pods } = await client.listPods(target.namespace, `compass.io/deployment-id=${target.id}`);
      for (const pod of pods.filter(isReady))
        endpoints.push({
          pod: pod.name,
          read: () =>
            client.proxyGet({
              kind: 'pod',
              namespace: target.namespace,
              name: pod.name,
              port: POD_PORT,
              path: 'metrics',
            }),
        });
    } catch (error) {
      return { scraped: [], errors: [`listing pods: ${describe(error)}`], bytes: 0 };
    }
  }
  let bytes = 0;
  const results = await Promise.all(
    endpoints.map(async (endpoint): Promise<ScrapedPod | null> => {
      try {
        const text = await endpoint.read();
        bytes += text.length;
        if (text.length > MAX_BYTES) throw new Error(`answer larger than ${MAX_BYTES} bytes`);
        const snapshot = toPodSnapshot(parseExposition(text), now());
        if (!looksLikeVllm(snapshot)) throw new Error('no vLLM metrics in the answer');
        return { pod: endpoint.pod, snapshot };
      } catch (error) {
        errors.push(`${endpoint.pod}: ${describe(error)}`);
        return null;
      }
    }),
  );
  return { scraped: results.filter((r): r is ScrapedPod => r !== null), errors, bytes };
}
