import type { PrismaClient } from '../../db/clients.js';
import type { ProfiledRow } from './core/estimate.js';
import type { ConfigEvidence } from './core/evidence.js';
import type { SelectedSummary } from './core/sql-evidence.js';

/**
 * What a recommendation reads from the knowledge base, cached per process and keyed by its
 * `benchmarks_version` (bumped by a trigger on every write to `benchmarks`), so a repeated query costs
 * one one-row read plus the planning arithmetic. The version is read (`benchmarksVersion`) before
 * anything it keys: a write that lands in between makes the next request refetch, never serve stale rows.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; value: T }>();

  constructor(private readonly maxEntries = 32) {}

  async get(version: string, key: string, fetch: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = await fetch();
    this.entries.set(key, { version, value });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

export async function benchmarksVersion(prisma: PrismaClient): Promise<string> {
  const rows = await prisma.$queryRawUnsafe<{ value: string }[]>(
    `SELECT value FROM kb_meta WHERE key = 'benchmarks_version'`,
  );
  return rows[0]?.value ?? '0';
}

/** Every candidate row of a profile (the ROWS path and the estimate's training rows). */
export const candidateCache = new VersionedCache<ProfiledRow[]>();

/** Per profile, sources and targets: each config's summary of its most trusted source (SQL path, step 1). */
export const summaryCache = new VersionedCache<SelectedSummary[]>();

/** Per profile, sources, targets, load and headroom: each config's evidence from its summary and the rows step 2 fetched (SQL path). */
export const evidenceRowsCache = new VersionedCache<readonly ConfigEvidence[]>(64);
