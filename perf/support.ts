import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seedKnowledgeBase } from '../server/domains/catalog/seed.js';
import { createDatabaseClients, createPool, type DatabaseClients } from '../server/db/clients.js';
import { migrate } from '../server/db/migrate.js';
import { createLogger } from '../server/logger.js';
import { databaseUrl, startThrowawayPostgres, withAdmin } from '../test/helpers/postgres.js';
import { startServerProcess, type ServerProcess } from '../test/helpers/process.js';

/** The PostgreSQL server a bench uses: DATABASE_URL's server when set, else a throw-away embedded one. */
export interface BenchPostgres {
  /** A maintenance database on that server, for CREATE/DROP DATABASE. */
  adminUrl: string;
  kind: 'external' | 'embedded';
  stop(): Promise<void>;
}

export async function benchPostgres(): Promise<BenchPostgres> {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: external, kind: 'external', stop: async () => undefined };
  return startThrowawayPostgres({
    dirPrefix: 'compass-bench-pg-',
    settings: {
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '200',
      shared_buffers: '512MB',
      max_wal_size: '4GB',
    },
  });
}

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new database on the bench server, migrated (and seeded unless `seed: false`); dropped afterwards. */
export async function scratchDatabase(
  postgres: BenchPostgres,
  options: { seed?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = `compass_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin(postgres.adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(postgres.adminUrl, name);
  await migrate(url, path.resolve('prisma/migrations'));
  if (options.seed ?? true) {
    const pool = createPool(url, { applicationName: 'compass-bench-seed', size: 2, statementTimeoutMs: 0 });
    try {
      await seedKnowledgeBase(pool, createLogger('warn'));
    } finally {
      await pool.end();
    }
  }
  return {
    url,
    name,
    drop: () =>
      withAdmin(postgres.adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => undefined),
  };
}

/** Prisma clients and pools on a database, sized like the server's. */
export function benchClients(url: string): DatabaseClients {
  return createDatabaseClients(url, {
    api: { applicationName: 'compass-api', size: 10, statementTimeoutMs: 60_000 },
    worker: { applicationName: 'compass-worker', size: 4, statementTimeoutMs: 600_000 },
  });
}

/** A seeded database with clients: a scratch database on DATABASE_URL's server or on an embedded one. */
export async function benchDatabase(): Promise<{
  url: string;
  clients: DatabaseClients;
  stop(): Promise<void>;
}> {
  const postgres = await benchPostgres();
  const database = await scratchDatabase(postgres);
  const clients = benchClients(database.url);
  return {
    url: database.url,
    clients,
    stop: async () => {
      await clients.close();
      await database.drop();
      await postgres.stop();
    },
  };
}

/** `2 cores, 23.5 GiB, Node v20.20.2, PostgreSQL 18.1 (embedded)` and the load average. */
export async function machineLine(url?: string, kind?: BenchPostgres['kind']): Promise<string> {
  let database = '';
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!
      .server_version;
    await client.end();
    database = `, PostgreSQL ${version.split(' ')[0]} (${kind})`;
  }
  return (
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}` +
    `${database}; ${loadAverageLine()}`
  );
}

export function loadAverageLine(): string {
  return `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** CPU seconds (user + system) and resident memory of a process, from /proc (Linux). */
export function processUsage(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssMb: rssKb / 1024 };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = (sorted.length - 1) * q;
  const low = Math.floor(index);
  const high = Math.ceil(index);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (index - low);
}

export function timingsSummary(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
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

/** A bench's heading: what it measures and where. */
export function heading(title: string): string {
  return `\n## ${title}\n\n`;
}

export function verdict(met: boolean): string {
  return met ? 'MET' : 'MISSED';
}

/** A Compass server in its own process: test/helpers/process.ts's, so benches and tests start it alike. */
export type CompassProcess = ServerProcess;

export function startCompassProcess(
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<CompassProcess> {
  return startServerProcess(env, { nodeArgs });
}
