import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.js';

export type { PrismaClient };

export interface PoolSettings {
  /** Shows up in pg_stat_activity, so the two workloads can be told apart. */
  applicationName: string;
  size: number;
  statementTimeoutMs: number;
}

export interface DatabaseClients {
  /** Interactive API traffic: small statement timeout. */
  api: PrismaClient;
  /** Background work (imports, runners, ingestion): its own pool so it never starves API reads. */
  worker: PrismaClient;
  apiPool: pg.Pool;
  workerPool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

export function createPool(url: string, settings: PoolSettings): pg.Pool {
  return new pg.Pool({
    connectionString: url,
    max: settings.size,
    application_name: settings.applicationName,
    statement_timeout: settings.statementTimeoutMs,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
}

export function createPrismaClient(pool: pg.Pool, onQuery?: (sql: string) => void): PrismaClient {
  const adapter = new PrismaPg(pool);
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => onQuery(event.query));
  return client;
}

export function createDatabaseClients(
  url: string,
  pools: { api: PoolSettings; worker: PoolSettings },
  onQuery?: (sql: string) => void,
): DatabaseClients {
  const apiPool = createPool(url, pools.api);
  const workerPool = createPool(url, pools.worker);
  // A dropped connection (e.g. PostgreSQL restarting) must not crash the process.
  apiPool.on('error', () => undefined);
  workerPool.on('error', () => undefined);
  const api = createPrismaClient(apiPool, onQuery);
  const worker = createPrismaClient(workerPool);
  return {
    api,
    worker,
    apiPool,
    workerPool,
    url,
    async close() {
      await Promise.allSettled([api.$disconnect(), worker.$disconnect()]);
      await Promise.allSettled([apiPool.end(), workerPool.end()]);
    },
  };
}
