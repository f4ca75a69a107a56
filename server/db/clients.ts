import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PoolSaturatedError } from './errors.js';
import { PrismaClient } from './generated/prisma/client.js';

export type { PrismaClient };

export interface PoolSettings {
  /** Shows up in pg_stat_activity, so the two workloads can be told apart. */
  applicationName: string;
  size: number;
  statementTimeoutMs: number;
  /**
   * How long a query waits for a connection when all `size` are busy before failing with
   * PoolSaturatedError (OVERLOADED), so a saturated pool sheds load instead of queueing without bound.
   * Also bounds opening a new connection. Default DEFAULT_ACQUIRE_TIMEOUT_MS.
   */
  acquireTimeoutMs?: number;
}

export const DEFAULT_ACQUIRE_TIMEOUT_MS = 2_000;

export interface DatabaseClients {
  /** Interactive API traffic: small statement timeout. */
  api: PrismaClient;
  /** Background work (imports, runners, ingestion): its own pool so it never starves API reads. */
  worker: PrismaClient;
  apiPool: pg.Pool;
  workerPool: pg.Pool;
  /** Hand-written reads on the API pool, reported to the same query log as the API's Prisma client. */
  apiSql: SqlReader;
  url: string;
  close(): Promise<void>;
}

// pg-pool's wording when a queued checkout waits longer than connectionTimeoutMillis.
const QUEUE_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

type ConnectCallback = (
  err: Error | undefined,
  client: pg.PoolClient | undefined,
  done: (release?: unknown) => void,
) => void;

/**
 * A pg Pool whose queue-wait timeout is told apart from an unreachable database: when the wait ran out
 * while connections to PostgreSQL were open (all busy), the error is a PoolSaturatedError; with none
 * open (e.g. every attempt to connect hanging) pg's own error is kept and reads as unavailable.
 */
class BoundedPool extends pg.Pool {
  #open = 0;

  constructor(
    config: pg.PoolConfig,
    private readonly acquireTimeoutMs: number,
  ) {
    super(config);
    this.on('connect', () => {
      this.#open += 1;
    });
    this.on('remove', () => {
      this.#open -= 1;
    });
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (callback === undefined) {
      return super.connect().catch((error: unknown) => {
        throw this.classify(error);
      });
    }
    super.connect((error, client, done) => callback(error ? this.classify(error) : error, client, done));
  }

  private classify<E>(error: E): E | PoolSaturatedError {
    const queueTimeout = error instanceof Error && error.message === QUEUE_TIMEOUT_MESSAGE;
    return queueTimeout && this.#open > 0 ? new PoolSaturatedError(this.acquireTimeoutMs) : error;
  }
}

export function createPool(url: string, settings: PoolSettings): pg.Pool {
  const acquireTimeoutMs = settings.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS;
  return new BoundedPool(
    {
      connectionString: url,
      max: settings.size,
      application_name: settings.applicationName,
      statement_timeout: settings.statementTimeoutMs,
      connectionTimeoutMillis: acquireTimeoutMs,
      idleTimeoutMillis: 30_000,
    },
    acquireTimeoutMs,
  );
}

export function createPrismaClient(pool: pg.Pool, onQuery?: (sql: string) => void): PrismaClient {
  const adapter = new PrismaPg(pool);
  if (!onQuery) return new PrismaClient({ adapter });
  const client = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => onQuery(event.query));
  return client;
}

/**
 * A parameterised statement straight on a pool, rows as arrays: for the few read paths whose Prisma
 * result mapping dominated their cost (docs/performance.md). Errors are node-postgres's own, which
 * server/db/errors.ts classifies as it does Prisma's wrappings.
 */
export interface SqlReader {
  rows(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
}

export function createSqlReader(pool: pg.Pool, onQuery?: (sql: string) => void): SqlReader {
  return {
    async rows(sql, params) {
      onQuery?.(sql);
      const result = await pool.query<unknown[]>({ text: sql, values: [...params], rowMode: 'array' });
      return result.rows;
    },
  };
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
    apiSql: createSqlReader(apiPool, onQuery),
    url,
    async close() {
      await Promise.allSettled([api.$disconnect(), worker.$disconnect()]);
      await Promise.allSettled([apiPool.end(), workerPool.end()]);
    },
  };
}
