import { createHash, randomUUID } from 'node:crypto';
import { nowTimestamp, type FakeClusterState } from './store.js';
import type { Json } from './status.js';

/**
 * What KServe + the kubelet would do for an InferenceService in RawDeployment mode, on a timer: create
 * `minReplicas` predictor pods (labels of the InferenceService and its pod template copied), move them
 * Pending → Running (not ready) → Ready, emit watch events and Kubernetes Events, and mark the
 * InferenceService Ready. Other outcomes: a crash loop, an image pull failure, unschedulable.
 */

export interface PodTimeline {
  /** Pending (scheduled, container creating) → Running, not ready; null = Pending until `releasePods()`. */
  startAfterMs: number | null;
  /** Running → Ready (vLLM loading weights). */
  readyAfterMs: number;
  outcome: 'ready' | 'crashloop' | 'imagepull' | 'unschedulable';
  /** After the InferenceService is deleted, how long a pod stays Terminating (0: gone at once). */
  terminateAfterMs: number;
}

export const DEFAULT_TIMELINE: PodTimeline = {
  startAfterMs: 40,
  readyAfterMs: 80,
  outcome: 'ready',
  terminateAfterMs: 0,
};

export const ISVC_LABEL = 'serving.kserve.io/inferenceservice';

function meta(object: Json): Json {
  return object.metadata as Json;
}

function rec(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(value))) if (typeof v === 'string') out[k] = v;
  return out;
}

export function desiredReplicas(isvc: Json): number {
  const min = rec(rec(isvc.spec).predictor).minReplicas;
  return typeof min === 'number' && Number.isInteger(min) && min >= 0 ? Math.min(min, 50) : 1;
}

function predictorImage(isvc: Json): string {
  const predictor = rec(rec(isvc.spec).predictor);
  const containers = Array.isArray(predictor.containers) ? predictor.containers : [];
  const image = rec(containers[0]).image;
  return typeof image === 'string' ? image : 'kserve/runtime:latest';
}

function condition(type: string, status: 'True' | 'False', reason?: string, message?: string): Json {
  return {
    type,
    status,
    lastTransitionTime: nowTimestamp(),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

export class PodController {
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>();
  private readonly held = new Map<string, PodTimeline>();
  private counter = 0;

  constructor(
    private readonly state: FakeClusterState,
    private readonly timeline: () => PodTimeline,
  ) {}

  private isvcPods(namespace: string, name: string, includeTerminating = false): Json[] {
    return [...this.state.podsByKey.values()].filter((pod) => {
      const m = meta(pod);
      return (
        m.namespace === namespace &&
        stringMap(m.labels)[ISVC_LABEL] === name &&
        (includeTerminating || m.deletionTimestamp === undefined)
      );
    });
  }

  private later(podKey: string, ms: number, fn: () => void): void {
    const set = this.timers.get(podKey) ?? new Set<NodeJS.Timeout>();
    this.timers.set(podKey, set);
    const timer = setTimeout(() => {
      set.delete(timer);
      fn();
    }, ms);
    set.add(timer);
  }

  private cancel(podKey: string): void {
    for (const timer of this.timers.get(podKey) ?? []) clearTimeout(timer);
    this.timers.delete(podKey);
  }

  /** Mutates the live pod (if it still exists) and records a MODIFIED event. */
  private update(podKey: string, change: (pod: Json) => void): Json | null {
    const pod = this.state.podsByKey.get(podKey);
    if (!pod || meta(pod).deletionTimestamp !== undefined) return null;
    change(pod);
    this.state.recordPod('MODIFIED', pod);
    return pod;
  }

  /** Creates or removes pods so the InferenceService has `minReplicas` live ones. */
  reconcile(isvc: Json): void {
    const m = meta(isvc);
    const namespace = String(m.namespace);
    const name = String(m.name);
    const pods = this.isvcPods(namespace, name);
    const want = desiredReplicas(isvc);
    for (let i = pods.length; i < want; i += 1) this.createPod(isvc);
    for (const pod of pods.slice(want)) this.removePod(pod);
    this.refreshIsvcStatus(namespace, name);
  }

  deleteFor(namespace: string, name: string): void {
    for (const pod of this.isvcPods(namespace, name, true)) this.removePod(pod);
  }

  stop(): void {
    for (const key of [...this.timers.keys()]) this.cancel(key);
  }

  private createPod(isvc: Json): void {
    const m = meta(isvc);
    const name = String(m.name);
    const namespace = String(m.namespace);
    const predictor = rec(rec(isvc.spec).predictor);
    const hash = createHash('sha1').update(`${namespace}/${name}`).digest('hex').slice(0, 10);
    this.counter += 1;
    const podName = `${name}-predictor-${hash}-${this.counter.toString(36).padStart(5, '0')}`;
    const key = `${namespace}/${podName}`;
    const timeline = this.timeline();
    const labels = {
      ...stringMap(m.labels),
      ...stringMap(predictor.labels),
      [ISVC_LABEL]: name,
      component: 'predictor',
      app: `isvc.${name}-predictor`,
    };
    const pod: Json = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: podName, namespace, uid: randomUUID(), creationTimestamp: nowTimestamp(), labels },
      spec: {
        containers: [{ name: 'kserve-container', image: predictorImage(isvc) }],
        nodeSelector: stringMap(predictor.nodeSelector),
      },
      status: { phase: 'Pending', qosClass: 'Burstable', conditions: [] as Json[] },
    };
    const status = pod.status as Json;
    if (timeline.outcome === 'unschedulable') {
      status.conditions = [
        condition(
          'PodScheduled',
          'False',
          'Unschedulable',
          '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
        ),
      ];
      this.state.recordPod('ADDED', pod);
      this.state.recordEvent(
        pod,
        'Warning',
        'FailedScheduling',
        '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.',
      );
      return;
    }
    (pod.spec as Json).nodeName = 'fake-gpu-node-1';
    status.conditions = [
      condition('PodScheduled', 'True'),
      condition('Ready', 'False', 'ContainersNotReady', 'containers with unready status: [kserve-container]'),
    ];
    status.containerStatuses = [
      {
        name: 'kserve-container',
        image: predictorImage(isvc),
        ready: false,
        restartCount: 0,
        started: false,
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ];
    this.state.recordPod('ADDED', pod);
    this.state.recordEvent(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${namespace}/${podName} to fake-gpu-node-1`,
    );
    if (timeline.startAfterMs === null) this.held.set(key, timeline);
    else this.later(key, timeline.startAfterMs, () => this.start(key, timeline));
  }

  /** Starts every pod held in Pending (`startAfterMs: null`); returns how many. */
  release(): number {
    const held = [...this.held];
    this.held.clear();
    for (const [key, timeline] of held) this.start(key, timeline);
    return held.length;
  }

  private start(key: string, timeline: PodTimeline): void {
    if (timeline.outcome === 'imagepull') {
      const pod = this.update(key, (p) => {
        const cs = ((p.status as Json).containerStatuses as Json[])[0] as Json;
        cs.state = {
          waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${String(cs.image)}"` },
        };
      });
      if (pod) this.state.recordEvent(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      return;
    }
    const pod = this.update(key, (p) => {
      const status = p.status as Json;
      status.phase = 'Running';
      status.startTime = nowTimestamp();
      status.podIP = '10.0.0.10';
      const cs = (status.containerStatuses as Json[])[0] as Json;
      cs.started = true;
      cs.state = { running: { startedAt: nowTimestamp() } };
    });
    if (!pod) return;
    this.state.recordEvent(pod, 'Normal', 'Pulled', 'Container image already present on machine');
    this.state.recordEvent(pod, 'Normal', 'Started', 'Started container kserve-container');
    if (timeline.outcome === 'crashloop')
      this.later(key, timeline.readyAfterMs, () => this.crash(key, timeline));
    else this.later(key, timeline.readyAfterMs, () => this.ready(key));
  }

  private ready(key: string): void {
    const pod = this.update(key, (p) => {
      const status = p.status as Json;
      status.conditions = [
        condition('PodScheduled', 'True'),
        condition('Initialized', 'True'),
        condition('ContainersReady', 'True'),
        condition('Ready', 'True'),
      ];
      const cs = (status.containerStatuses as Json[])[0] as Json;
      cs.ready = true;
    });
    if (pod)
      this.refreshIsvcStatus(String(meta(pod).namespace), stringMap(meta(pod).labels)[ISVC_LABEL] ?? '');
  }

  private crash(key: string, timeline: PodTimeline): void {
    const pod = this.update(key, (p) => {
      const cs = ((p.status as Json).containerStatuses as Json[])[0] as Json;
      cs.restartCount = Number(cs.restartCount) + 1;
      cs.ready = false;
      cs.lastState = { terminated: { exitCode: 1, reason: 'Error', finishedAt: nowTimestamp() } };
      cs.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: 'back-off 10s restarting failed container=kserve-container',
        },
      };
    });
    if (!pod) return;
    this.state.recordEvent(
      pod,
      'Warning',
      'BackOff',
      'Back-off restarting failed container kserve-container',
    );
    this.later(key, Math.max(timeline.readyAfterMs, 20) * 2, () => this.crash(key, timeline));
  }

  private removePod(pod: Json): void {
    const m = meta(pod);
    const key = `${String(m.namespace)}/${String(m.name)}`;
    this.cancel(key);
    const { terminateAfterMs } = this.timeline();
    const live = this.state.podsByKey.get(key);
    if (!live) return;
    this.state.recordEvent(live, 'Normal', 'Killing', 'Stopping container kserve-container');
    if (terminateAfterMs <= 0) {
      this.state.recordPod('DELETED', live);
      return;
    }
    meta(live).deletionTimestamp = nowTimestamp();
    this.state.recordPod('MODIFIED', live);
    this.later(key, terminateAfterMs, () => {
      const still = this.state.podsByKey.get(key);
      if (still) this.state.recordPod('DELETED', still);
    });
  }

  /** Ready=True on the InferenceService once enough of its pods are ready. */
  private refreshIsvcStatus(namespace: string, name: string): void {
    const key = this.state.objectKey('inferenceservices', namespace, name);
    const isvc = this.state.customObjects.get(key);
    if (!isvc) return;
    const ready = this.isvcPods(namespace, name).filter((p) =>
      ((p.status as Json).conditions as Json[]).some((c) => c.type === 'Ready' && c.status === 'True'),
    ).length;
    const isReady = ready >= desiredReplicas(isvc);
    const current = rec(isvc.status);
    const wasReady =
      Array.isArray(current.conditions) &&
      current.conditions.some((c: Json) => c.type === 'Ready' && c.status === 'True');
    if (current.conditions && wasReady === isReady) return;
    isvc.status = {
      url: `http://${name}-predictor.${namespace}.svc.cluster.local`,
      address: { url: `http://${name}-predictor.${namespace}.svc.cluster.local` },
      conditions: [
        isReady
          ? condition('Ready', 'True')
          : condition('Ready', 'False', 'PredictorNotReady', `${ready} ready pods`),
      ],
    };
    meta(isvc).resourceVersion = this.state.nextResourceVersion();
    if (isReady)
      this.state.recordEvent(isvc, 'Normal', 'InferenceServiceReady', `InferenceService [${name}] is Ready`);
  }
}
