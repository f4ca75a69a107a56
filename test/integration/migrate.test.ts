import { readdirSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, migrationState } from '../../server/db/migrate.js';
import { createEmptyDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let dir: string;
const ALL = readdirSync('prisma/migrations').sort();

beforeAll(async () => {
  db = await createEmptyDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'compass-migrations-'));
  await cp('prisma/migrations', dir, { recursive: true });
});

afterAll(async () => {
  await db.drop();
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('migrator', () => {
  it('applies every migration once, even when two servers start at the same time', async () => {
    const [a, b] = await Promise.all([migrate(db.url, dir), migrate(db.url, dir)]);
    expect([...a.newlyApplied, ...b.newlyApplied].sort()).toEqual(ALL);
    // One server applied everything; the other waited on the advisory lock and found nothing to do.
    expect([a.newlyApplied.length, b.newlyApplied.length].sort()).toEqual([0, ALL.length]);
    const rows = await query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM _prisma_migrations',
    );
    expect(rows).toHaveLength(ALL.length);
    expect(rows[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    const state = await migrationState((sql) => query(sql), dir);
    expect(state).toEqual({ applied: ALL, pending: [] });
  });

  it('reports a new migration as pending, then applies it', async () => {
    await mkdir(path.join(dir, '20261124000000_add_note'));
    await writeFile(
      path.join(dir, '20261124000000_add_note', 'migration.sql'),
      'CREATE TABLE "note" ("id" INTEGER);',
    );
    expect((await migrationState((sql) => query(sql), dir)).pending).toEqual(['20261124000000_add_note']);
    expect((await migrate(db.url, dir)).newlyApplied).toEqual(['20261124000000_add_note']);
  });

  it('fails loudly when an applied migration was edited', async () => {
    await writeFile(
      path.join(dir, '20261124000000_add_note', 'migration.sql'),
      'CREATE TABLE "note" ("id" BIGINT);',
    );
    await expect(migrate(db.url, dir)).rejects.toThrow(
      /20261124000000_add_note was changed after it was applied/,
    );
  });

  it('rolls back a failing migration and records nothing', async () => {
    await mkdir(path.join(dir, '20261125000000_broken'));
    await writeFile(
      path.join(dir, '20261125000000_broken', 'migration.sql'),
      'CREATE TABLE "half" ("id" INTEGER); SELECT * FROM missing_table;',
    );
    await writeFile(
      path.join(dir, '20261124000000_add_note', 'migration.sql'),
      'CREATE TABLE "note" ("id" INTEGER);',
    );
    await expect(migrate(db.url, dir)).rejects.toThrow(/20261125000000_broken failed/);
    expect(await query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half'`)).toHaveLength(0);
    expect(
      await query(`SELECT 1 FROM _prisma_migrations WHERE migration_name = '20261125000000_broken'`),
    ).toHaveLength(0);
  });
});
