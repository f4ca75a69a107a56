import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The key recipe secrets are sealed with: COMPASS_SECRET_KEY (32 bytes as 64 hex characters or
 * base64), else a key file (COMPASS_SECRET_KEY_FILE, default .compass/secret.key) generated on first
 * use with mode 0600. Every server and worker of one installation must share it.
 */
export function resolveSecretKey(fromEnv: string | undefined, keyFile: string): Buffer {
  if (fromEnv) return decodeKey(fromEnv, 'COMPASS_SECRET_KEY');
  try {
    return decodeKey(readFileSync(keyFile, 'utf8').trim(), keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(keyFile), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch {
    // Another process created it first: use theirs.
    return decodeKey(readFileSync(keyFile, 'utf8').trim(), keyFile);
  }
}

function decodeKey(text: string, source: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new Error(`${source}: the secret key must be 32 bytes (64 hex characters or base64)`);
  return key;
}

let processKey: Buffer | null = null;
/** Where no key was configured (tests in one process): one random key per process. */
export function processSecretKey(): Buffer {
  processKey ??= randomBytes(32);
  return processKey;
}
