import type { PrismaClient } from '../../db/clients.js';
import type { ProfiledRow } from './core/estimate.js';

/**
 * Candidate rows of a traffic profile, cached per process and keyed by the knowledge base's
 * `benchmarks_version` (bumped by a trigger on every write to `benchmarks`), so a what-if query costs
 * one one-row read plus the planning arithmetic. The version is read before the rows: a write that
 * lands in between makes the next request refetch, never serve stale rows.
 */
export class CandidateCache {
  private readonly entries = new Map<string, { version: string; rows: ProfiledRow[] }>();

  constructor(private readonly maxEntries = 32) {}

  async get(prisma: PrismaClient, key: string, fetch: () => Promise<ProfiledRow[]>): Promise<ProfiledRow[]> {
    const version = await currentVersion(prisma);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.rows;
    }
    const rows = await fetch();
    this.entries.set(key, { version, rows });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return rows;
  }
}

async function currentVersion(prisma: PrismaClient): Promise<string> {
  const rows = await prisma.$queryRawUnsafe<{ value: string }[]>(
    `SELECT value FROM kb_meta WHERE key = 'benchmarks_version'`,
  );
  return rows[0]?.value ?? '0';
}

export const candidateCache = new CandidateCache();
