/**
 * Whether requests need tokens. `open` serves tokenless callers as ADMIN (a caller with a token gets its
 * token's role) and is only allowed on a loopback address; `tokens` requires `Authorization: Bearer
 * <token>` (HTTP) or `connectionParams.authorization` (graphql-ws). `auto` (the default) is `tokens` as
 * soon as one token exists, else `open`, and follows the token table while the server runs (gate.ts).
 */
export type AuthSetting = 'auto' | 'open' | 'tokens';
export type AuthMode = 'open' | 'tokens';

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class UnsafeBindError extends Error {}

export function resolveAuthMode(setting: AuthSetting, host: string, activeTokens: number): AuthMode {
  const mode: AuthMode = setting === 'auto' ? (activeTokens > 0 ? 'tokens' : 'open') : setting;
  if (mode === 'open' && !isLoopback(host)) {
    throw new UnsafeBindError(
      `refusing to serve ${host} without authentication: create a token (npm run compass -- token create --role admin) ` +
        'or bind to 127.0.0.1',
    );
  }
  if (mode === 'tokens' && activeTokens === 0) {
    throw new UnsafeBindError(
      'COMPASS_AUTH=tokens but no API token exists: create one with `compass token create`',
    );
  }
  return mode;
}

/**
 * The mode after the token table changed to `activeTokens` active tokens. Only `auto` moves. Revoking the
 * last token reopens a loopback server only: anywhere else the server stays closed (nobody can call it
 * until `compass token create`), since reopening would hand admin to the network.
 */
export function nextAuthMode(
  setting: AuthSetting,
  host: string,
  current: AuthMode,
  activeTokens: number,
): AuthMode {
  if (setting !== 'auto') return setting;
  if (activeTokens > 0) return 'tokens';
  return isLoopback(host) ? 'open' : current;
}

/**
 * A caller's role: its token's role when it sent a valid one; tokenless callers are ADMIN on an open
 * server and nobody otherwise. A token that was sent but is unknown or revoked never falls back to ADMIN.
 */
export function callerRole<R extends string>(
  mode: AuthMode,
  sentToken: boolean,
  tokenRole: R | null,
  admin: R,
): R | null {
  if (tokenRole !== null) return tokenRole;
  return mode === 'open' && !sentToken ? admin : null;
}

export type SubscriptionVerdict = 'keep' | 'unauthenticated' | 'forbidden';

/**
 * Whether a live subscription may go on after the token table changed. `opened` is how it was
 * authorised; `current` is its token's row now (null: deleted). Tokenless subscriptions live only while
 * the server is open; a revoked token's subscriptions end; so do those whose token lost rank.
 */
export function recheckSubscription<R extends string>(
  mode: AuthMode,
  opened: { tokenId: number | null; role: R },
  current: { role: R; revoked: boolean } | null,
  rank: (role: R) => number,
): SubscriptionVerdict {
  if (opened.tokenId === null) return mode === 'open' ? 'keep' : 'unauthenticated';
  if (current === null || current.revoked) return 'unauthenticated';
  return rank(current.role) < rank(opened.role) ? 'forbidden' : 'keep';
}
