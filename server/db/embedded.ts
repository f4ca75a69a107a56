import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from './embedded-postgres.js';
import pg from 'pg';
import type { Logger } from '../logger.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Real PostgreSQL binaries from the `embedded-postgres` package, with data kept under `dataDir` so the
 * knowledge base survives restarts. `pg_stat_statements` is preloaded for query insights.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger: Logger;
  persistent?: boolean;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port, logger } = options;
  await mkdir(path.dirname(dataDir), { recursive: true });
  const credentials = await loadOrCreateCredentials(`${dataDir}.credentials.json`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: credentials.user,
    password: credentials.password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => logger.trace({ embedded: String(message) }, 'embedded postgres'),
    onError: (message: unknown) => logger.debug({ embedded: String(message) }, 'embedded postgres'),
  });
  const adminUrl = `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
  const url = adminUrl.replace(/\/postgres$/, '/compass');
  // Another Compass process (a running server, or the CLI next to it) already runs this data dir: share it.
  if (existsSync(path.join(dataDir, 'postmaster.pid')) && (await answers(url))) {
    logger.info({ dataDir }, 'embedded PostgreSQL already running; connecting to it');
    return { url, stop: async () => undefined };
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(server, 'compass');
  return { url, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(server: EmbeddedPostgres, name: string): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials: Credentials = { user: 'compass', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}
