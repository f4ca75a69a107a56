import path from 'node:path';
import type { PrismaClient } from '../../db/clients.js';
import { migrationState } from '../../db/migrate.js';
import { projectRoot } from '../../config.js';

export interface HealthReport {
  ok: boolean;
  database: { reachable: boolean; latencyMs: number | null; error: string | null };
  migrations: { applied: number; pending: string[] };
  settings: Record<string, string>;
}

const SETTINGS = [
  'server_version',
  'shared_buffers',
  'work_mem',
  'max_connections',
  'statement_timeout',
] as const;
const MIGRATIONS_DIR = path.join(projectRoot, 'prisma', 'migrations');

/** Database reachability, migration state and a settings snapshot (docs/operations.md). */
export async function checkHealth(prisma: PrismaClient): Promise<HealthReport> {
  const started = performance.now();
  try {
    const rows = await prisma.$queryRawUnsafe<{ name: string; setting: string }[]>(
      `SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`,
      [...SETTINGS],
    );
    const latencyMs = performance.now() - started;
    const migrations = await migrationState(
      (sql) => prisma.$queryRawUnsafe<{ migration_name: string }[]>(sql),
      MIGRATIONS_DIR,
    );
    return {
      ok: migrations.pending.length === 0,
      database: { reachable: true, latencyMs, error: null },
      migrations: { applied: migrations.applied.length, pending: migrations.pending },
      settings: Object.fromEntries(rows.map((row) => [row.name, row.setting])),
    };
  } catch (error) {
    return {
      ok: false,
      database: { reachable: false, latencyMs: null, error: summarizeDbError(error) },
      migrations: { applied: 0, pending: [] },
      settings: {},
    };
  }
}

function summarizeDbError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 200);
}
