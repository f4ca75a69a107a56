import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/**
 * Applies prisma/migrations/<stamp>_<name>/migration.sql in order, keeping Prisma's own bookkeeping
 * table (`_prisma_migrations`, sha256 checksums) so `prisma migrate deploy` elsewhere agrees with us.
 * A session advisory lock makes concurrent servers wait instead of migrating twice.
 */

const MIGRATION_LOCK_KEY = 7_420_117_001;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationState {
  applied: string[];
  pending: string[];
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const BOOKKEEPING_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function migrate(
  databaseUrl: string,
  migrationsDir: string,
): Promise<MigrationState & { newlyApplied: string[] }> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'compass-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(BOOKKEEPING_DDL);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const applied = new Map(rows.map((row) => [row.migration_name, row]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const row = applied.get(migration.name);
      if (row) {
        if (row.finished_at === null) {
          throw new MigrationError(
            `migration ${migration.name} started earlier but never finished`,
            migration.name,
          );
        }
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… ≠ ${migration.checksum.slice(0, 12)}…); add a new migration instead`,
            migration.name,
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(
          `migration ${migration.name} failed: ${(error as Error).message}`,
          migration.name,
        );
      }
      newlyApplied.push(migration.name);
    }
    return { applied: migrations.map((m) => m.name), pending: [], newlyApplied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** Which migrations the database has, without changing anything (for /readyz and `health`). */
export async function migrationState(
  query: (sql: string) => Promise<{ migration_name: string }[]>,
  migrationsDir: string,
): Promise<MigrationState> {
  const migrations = await readMigrations(migrationsDir);
  let appliedNames = new Set<string>();
  try {
    const rows = await query(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    appliedNames = new Set(rows.map((row) => row.migration_name));
  } catch {
    // No bookkeeping table yet: everything is pending.
  }
  return {
    applied: migrations.filter((m) => appliedNames.has(m.name)).map((m) => m.name),
    pending: migrations.filter((m) => !appliedNames.has(m.name)).map((m) => m.name),
  };
}
