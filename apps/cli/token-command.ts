import { createApiToken, revokeApiToken, type Role } from '../../server/domains/auth/tokens.js';
import { withDatabase } from '../../server/runtime.js';

// `compass token create|revoke|list` works on the database directly: the first admin token cannot be
// asked for over an API that needs one.

export function createToken(name: string, role: Role): Promise<number> {
  return withDatabase(async (db) => {
    const { token, id } = await createApiToken(db.api, name, role);
    process.stdout.write(
      `created token #${id} (${role}) "${name}":\n\n  ${token}\n\nStore it now: it is not shown again.\n`,
    );
    return 0;
  });
}

export function revokeToken(id: number): Promise<number> {
  return withDatabase(async (db) => {
    const revoked = await revokeApiToken(db.api, id);
    process.stdout.write(revoked ? `revoked token #${id}\n` : `no active token #${id}\n`);
    return revoked ? 0 : 1;
  });
}

export function listTokens(): Promise<number> {
  return withDatabase(async (db) => {
    const tokens = await db.api.apiToken.findMany({ orderBy: { id: 'asc' } });
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
      process.stdout.write(`#${t.id}\t${t.role}\t${t.prefix}…\t${t.name}\t${state}\n`);
    }
    return 0;
  });
}
