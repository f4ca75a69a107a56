/**
 * The cluster's GPU inventory, kept current the way an informer does: list nodes and pods once, then
 * watch both from the listed resourceVersion and apply every event. A query reads the kept state (no
 * API call) while both watches run and the last list is younger than the TTL; otherwise — first use, a
 * dropped watch, the TTL passed, or `refresh` — it lists again. Concurrent queries share one re-list.
 */
import type { K8sClient, WatchHandle } from '../deploy/k8s/client.js';
import type { K8sError } from '../deploy/types.js';
import {
  summarizeInventory,
  type ClusterInventory,
  type NodeFacts,
  type PodFacts,
} from './core/inventory.js';
import type { GpuNames } from '../catalog/core/gpu-product.js';

export interface InventorySnapshot extends ClusterInventory {
  server: string;
  /** When the state was last listed, and whether watches have kept it current since. */
  listedAt: Date;
  watching: boolean;
}

export interface InventoryCacheOptions {
  ttlMs?: number;
  now?: () => number;
  onWatchError?: (error: K8sError) => void;
}

export const DEFAULT_INVENTORY_TTL_MS = 60_000;

export class ClusterInventoryCache {
  private nodes = new Map<string, NodeFacts>();
  private pods = new Map<string, PodFacts>();
  private listedAt = 0;
  private watches: WatchHandle[] = [];
  private broken = true;
  private inflight: Promise<void> | null = null;
  private closed = false;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly client: K8sClient,
    private readonly options: InventoryCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_INVENTORY_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  get server(): string {
    return this.client.server;
  }

  /** Throws K8sClientError when the cluster cannot be listed. */
  async snapshot(gpus: readonly GpuNames[], options: { refresh?: boolean } = {}): Promise<InventorySnapshot> {
    const stale = this.broken || this.now() - this.listedAt > this.ttlMs;
    if (options.refresh || stale) await this.relist();
    return {
      ...summarizeInventory([...this.nodes.values()], [...this.pods.values()], gpus),
      server: this.client.server,
      listedAt: new Date(this.listedAt),
      watching: !this.broken,
    };
  }

  close(): void {
    this.closed = true;
    this.stopWatches();
  }

  private relist(): Promise<void> {
    this.inflight ??= this.doRelist().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private stopWatches(): void {
    for (const w of this.watches) w.abort();
    this.watches = [];
  }

  private async doRelist(): Promise<void> {
    this.stopWatches();
    const [nodeList, podList] = await Promise.all([this.client.listNodes(), this.client.listAllPods()]);
    this.nodes = new Map(nodeList.items.map((n) => [n.name, n]));
    this.pods = new Map(podList.items.map((p) => [`${p.namespace}/${p.name}`, p]));
    this.listedAt = this.now();
    if (this.closed) return;
    this.broken = false;
    const fail = (error: K8sError) => {
      if (this.broken) return;
      this.broken = true;
      this.options.onWatchError?.(error);
    };
    try {
      this.watches = await Promise.all([
        this.client.watchNodes(
          (e) => {
            if (e.type === 'DELETED') this.nodes.delete(e.object.name);
            else this.nodes.set(e.object.name, e.object);
          },
          fail,
          { resourceVersion: nodeList.resourceVersion ?? undefined },
        ),
        this.client.watchAllPods(
          (e) => {
            const key = `${e.object.namespace}/${e.object.name}`;
            if (e.type === 'DELETED') this.pods.delete(key);
            else this.pods.set(key, e.object);
          },
          fail,
          { resourceVersion: podList.resourceVersion ?? undefined },
        ),
      ]);
    } catch (error) {
      this.broken = true;
      throw error;
    }
  }
}
