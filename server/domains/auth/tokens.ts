import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from '../../db/clients.js';
import { parseInput } from '../../kernel/validation.js';
import type { Role } from '../../db/generated/prisma/client.js';

export type { Role };

/** Roles in increasing power; a role may do everything the ones before it may. */
export const ROLES: readonly Role[] = ['VIEWER', 'OPERATOR', 'ADMIN'];

export function roleAtLeast(role: Role | null, required: Role): boolean {
  return role !== null && ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const NAME_RULE = 'name must be 1–100 characters';
/** A token's name (what `compass token list` shows), trimmed. */
const tokenName = z
  .string({ error: NAME_RULE })
  .transform((name) => name.trim())
  .refine((name) => name.length >= 1 && name.length <= 100, { error: NAME_RULE });

/** A new API token: shown once; only its sha256 is stored. */
export async function createApiToken(
  prisma: PrismaClient,
  rawName: string,
  role: Role,
): Promise<{ token: string; id: number }> {
  const name = parseInput(tokenName, rawName, 'name');
  const token = `cmp_${randomBytes(32).toString('base64url')}`;
  const record = await prisma.apiToken.create({
    data: { name, role, tokenHash: hashToken(token), prefix: token.slice(0, 10) },
  });
  return { token, id: record.id };
}

export async function revokeApiToken(prisma: PrismaClient, id: number): Promise<boolean> {
  const result = await prisma.apiToken.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return result.count > 0;
}

export async function activeTokenCount(prisma: PrismaClient): Promise<number> {
  return prisma.apiToken.count({ where: { revokedAt: null } });
}

export interface Principal {
  tokenId: number;
  role: Role;
  name: string;
}

/** Reads `Bearer <token>`; returns the principal, or null for no/unknown/revoked tokens. */
export async function authenticate(
  prisma: PrismaClient,
  authorization: string | null | undefined,
): Promise<Principal | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const record = await prisma.apiToken.findUnique({ where: { tokenHash: hashToken(match[1]!) } });
  if (!record || record.revokedAt) return null;
  // Last use is bookkeeping: at most one write a minute per token, never awaited on the request path.
  if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 60_000) {
    void prisma.apiToken
      .update({ where: { id: record.id }, data: { lastUsedAt: new Date() } })
      .catch(() => undefined);
  }
  return { tokenId: record.id, role: record.role, name: record.name };
}
