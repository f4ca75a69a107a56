import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { createLogger } from '../logger.js';

/**
 * Runs `fn` on the database itself, resolved exactly as the server resolves it (DATABASE_URL →
 * POSTGRES_DSN → the embedded server, joined if it is already running). For commands that cannot or
 * should not go through the API: the first admin token, and bulk imports larger than a request body.
 */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(), createLogger('warn'));
  try {
    return await fn(db);
  } finally {
    await db.shutdown();
  }
}
