/**
 * Samples in PostgreSQL: raw scrapes, one-minute rollups (a pod's last snapshot of the minute, with the
 * minute's mean gauges), and the retention that keeps both bounded.
 */
import type { PrismaClient } from '../../db/clients.js';
import type { Prisma } from '../../db/generated/prisma/client.js';
import { decodeSnapshot, encodeSnapshot, rollUp, type StoredSnapshot } from './core/snapshot-codec.js';
import type { PodSnapshot } from './core/vllm-snapshot.js';
import type { PodSeries } from './core/window.js';

export interface ScrapedPod {
  pod: string;
  snapshot: PodSnapshot;
}

export async function insertSamples(prisma: PrismaClient, deploymentId: number, scraped: ScrapedPod[]) {
  if (scraped.length === 0) return;
  await prisma.deploymentMetricSample.createMany({
    data: scraped.map((s) => ({
      deploymentId,
      pod: s.pod,
      scrapedAt: new Date(s.snapshot.t),
      snapshot: encodeSnapshot(s.snapshot) as unknown as Prisma.InputJsonValue,
    })),
  });
}

function group(rows: { pod: string; t: number; snapshot: unknown }[]): PodSeries[] {
  const byPod = new Map<string, PodSnapshot[]>();
  for (const row of rows) {
    const list = byPod.get(row.pod) ?? [];
    list.push(decodeSnapshot(row.snapshot as StoredSnapshot, row.t));
    byPod.set(row.pod, list);
  }
  return [...byPod].map(([pod, snapshots]) => ({ pod, snapshots }));
}

/** Raw samples with from < t ≤ to, per pod, oldest first. */
export async function loadRawSeries(prisma: PrismaClient, deploymentId: number, from: number, to: number) {
  const rows = await prisma.deploymentMetricSample.findMany({
    where: { deploymentId, scrapedAt: { gt: new Date(from), lte: new Date(to) } },
    orderBy: { scrapedAt: 'asc' },
    select: { pod: true, scrapedAt: true, snapshot: true },
  });
  return group(rows.map((r) => ({ pod: r.pod, t: r.scrapedAt.getTime(), snapshot: r.snapshot })));
}

/** Rollups with from < minute ≤ to; a rollup's time is the end of its minute. */
export async function loadRollupSeries(prisma: PrismaClient, deploymentId: number, from: number, to: number) {
  const rows = await prisma.deploymentMetricRollup.findMany({
    where: { deploymentId, minute: { gt: new Date(from - 60_000), lte: new Date(to - 60_000) } },
    orderBy: { minute: 'asc' },
    select: { pod: true, minute: true, snapshot: true },
  });
  return group(rows.map((r) => ({ pod: r.pod, t: r.minute.getTime() + 60_000, snapshot: r.snapshot })));
}

const MINUTE = 60_000;

/**
 * Rolls up every completed minute of raw samples after the deployment's last rollup. Idempotent
 * (the primary key skips minutes already there), so any instance may run it.
 */
export async function rollUpCompletedMinutes(prisma: PrismaClient, deploymentId: number, now: number) {
  const last = await prisma.deploymentMetricRollup.findFirst({
    where: { deploymentId },
    orderBy: { minute: 'desc' },
    select: { minute: true },
  });
  const end = Math.floor(now / MINUTE) * MINUTE;
  const start = last ? last.minute.getTime() + MINUTE : 0;
  if (start >= end) return 0;
  const rows = await prisma.deploymentMetricSample.findMany({
    where: { deploymentId, scrapedAt: { gte: new Date(start), lt: new Date(end) } },
    orderBy: { scrapedAt: 'asc' },
    select: { pod: true, scrapedAt: true, snapshot: true },
  });
  const minutes = new Map<string, { pod: string; minute: number; snapshots: PodSnapshot[] }>();
  for (const row of rows) {
    const t = row.scrapedAt.getTime();
    const minute = Math.floor(t / MINUTE) * MINUTE;
    const key = `${row.pod}\u0000${minute}`;
    const entry = minutes.get(key) ?? { pod: row.pod, minute, snapshots: [] };
    entry.snapshots.push(decodeSnapshot(row.snapshot as unknown as StoredSnapshot, t));
    minutes.set(key, entry);
  }
  const data = [...minutes.values()].map((m) => ({
    deploymentId,
    pod: m.pod,
    minute: new Date(m.minute),
    samples: m.snapshots.length,
    snapshot: encodeSnapshot(rollUp(m.snapshots) as PodSnapshot) as unknown as Prisma.InputJsonValue,
  }));
  if (data.length === 0) return 0;
  const { count } = await prisma.deploymentMetricRollup.createMany({ data, skipDuplicates: true });
  return count;
}

export async function applyRetention(
  prisma: PrismaClient,
  now: number,
  retention: { rawMs: number; rollupMs: number },
) {
  const [raw, rollups] = await Promise.all([
    prisma.deploymentMetricSample.deleteMany({
      where: { scrapedAt: { lt: new Date(now - retention.rawMs) } },
    }),
    prisma.deploymentMetricRollup.deleteMany({
      where: { minute: { lt: new Date(now - retention.rollupMs) } },
    }),
  ]);
  return { raw: raw.count, rollups: rollups.count };
}
