import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from '../../server/db/embedded-postgres.js';
import pg from 'pg';

/**
 * The PostgreSQL the tests run against: the server named by DATABASE_URL when set (CI runs the suite
 * once that way against the machine's PostgreSQL), else a throw-away embedded server.
 */
export interface TestPostgres {
  /** A URL to a maintenance database on that server, used to create and drop test databases. */
  adminUrl: string;
  kind: 'external' | 'embedded';
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.DATABASE_URL ?? process.env.POSTGRES_DSN;
  if (external) return { adminUrl: external, kind: 'external', stop: async () => undefined };
  return startThrowawayPostgres({ dirPrefix: 'compass-test-pg-', settings: { max_connections: '300' } });
}

/**
 * A throw-away embedded PostgreSQL (temporary data directory, free port, pg_stat_statements, no
 * fsync) for the test suite and the benches; `settings` adds or overrides server settings.
 */
export async function startThrowawayPostgres(options: {
  dirPrefix: string;
  settings?: Record<string, string>;
}): Promise<TestPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), options.dirPrefix));
  const port = await freePort();
  const settings: Record<string, string> = {
    shared_preload_libraries: 'pg_stat_statements',
    fsync: 'off',
    ...options.settings,
  };
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    kind: 'embedded',
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
