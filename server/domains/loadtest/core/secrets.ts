import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A recipe's API key and header values are secrets (docs/benchmark-runner.md "Secrets"): stored
 * sealed with AES-256-GCM (`enc:v1:<iv>:<tag>:<ciphertext>`, base64url), opened only by the worker
 * that sends them, and shown everywhere else as `***` plus at most the last 4 characters.
 */

const PREFIX = 'enc:v1:';

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

export function sealSecret(value: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return `${PREFIX}${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${data.toString('base64url')}`;
}

/** Throws when the value was sealed with another key or tampered with. */
export function openSecret(value: string, key: Buffer): string {
  if (!isSealed(value)) return value;
  const [iv, tag, data] = value.slice(PREFIX.length).split(':');
  if (iv === undefined || tag === undefined || data === undefined) throw new Error('malformed sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** `***` and, for values of 12 characters or more, their last 4; sealed values show only `***`. */
export function redactSecret(value: string): string {
  if (isSealed(value) || value.length < 12) return '***';
  return `***${value.slice(-4)}`;
}

interface WithTarget {
  target?: { apiKey?: string; password?: string; headers?: Record<string, string> } & Record<string, unknown>;
}

function mapSecrets<T extends WithTarget>(recipe: T, fn: (value: string) => string): T {
  const target = recipe.target;
  if (
    !target ||
    (target.apiKey === undefined && target.headers === undefined && target.password === undefined)
  )
    return recipe;
  return {
    ...recipe,
    target: {
      ...target,
      ...(target.apiKey === undefined ? {} : { apiKey: fn(target.apiKey) }),
      ...(target.password === undefined ? {} : { password: fn(target.password) }),
      ...(target.headers === undefined
        ? {}
        : { headers: Object.fromEntries(Object.entries(target.headers).map(([k, v]) => [k, fn(v)])) }),
    },
  };
}

export const sealRecipe = <T extends WithTarget>(recipe: T, key: Buffer): T =>
  mapSecrets(recipe, (v) => (isSealed(v) ? v : sealSecret(v, key)));
export const openRecipe = <T extends WithTarget>(recipe: T, key: Buffer): T =>
  mapSecrets(recipe, (v) => openSecret(v, key));
/** For responses, exports and logs; also covers rows stored in plain text before sealing existed. */
export const redactRecipe = <T extends WithTarget>(recipe: T): T => mapSecrets(recipe, redactSecret);
