import path from 'node:path';
import { redactDsn, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createDatabaseClients, type DatabaseClients } from './clients.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';

export interface Database extends DatabaseClients {
  /** Closes pools and, for the embedded server, stops PostgreSQL. */
  shutdown(): Promise<void>;
}

/** Resolves the DSN (DATABASE_URL → POSTGRES_DSN → embedded), migrates, and opens the two pools. */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  let url = config.database.url;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (url === null) {
    const embedded = await startEmbeddedPostgres({
      dataDir: config.embedded.dataDir,
      port: config.embedded.port,
      logger,
    });
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  logger.info({ source: config.database.kind, dsn: redactDsn(url) }, 'using PostgreSQL');
  try {
    const result = await migrate(url, path.join(config.projectRoot, 'prisma', 'migrations'));
    if (result.newlyApplied.length > 0) logger.info({ applied: result.newlyApplied }, 'migrations applied');
  } catch (error) {
    if (stopEmbedded) await stopEmbedded();
    throw error;
  }
  const clients = createDatabaseClients(url, {
    api: { applicationName: 'compass-api', ...config.pools.api },
    worker: { applicationName: 'compass-worker', ...config.pools.worker },
  });
  return {
    ...clients,
    async shutdown() {
      await clients.close();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}
