import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedKnowledgeBase } from '../../server/domains/catalog/seed.js';
import { createPool } from '../../server/db/clients.js';
import { migrate } from '../../server/db/migrate.js';
import { createLogger } from '../../server/logger.js';
import { databaseUrl, startTestPostgres, withAdmin } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplateDatabase: string;
    pgKind: 'external' | 'embedded';
  }
}

/**
 * One PostgreSQL for the whole run, with a migrated and seeded template database; each test file
 * clones it (CREATE DATABASE … TEMPLATE) so files stay isolated and start in milliseconds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startTestPostgres();
  const template = `compass_tpl_${process.pid}_${Date.now().toString(36)}`;
  await withAdmin(postgres.adminUrl, (client) => client.query(`CREATE DATABASE "${template}"`));
  const url = databaseUrl(postgres.adminUrl, template);
  await migrate(url, path.resolve('prisma/migrations'));
  const pool = createPool(url, {
    applicationName: 'compass-test-seed',
    size: 2,
    statementTimeoutMs: 300_000,
  });
  try {
    await seedKnowledgeBase(pool, createLogger('warn'));
  } finally {
    await pool.end();
  }
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgTemplateDatabase', template);
  project.provide('pgKind', postgres.kind);
  return async () => {
    await withAdmin(postgres.adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`),
    );
    await postgres.stop();
  };
}
