/**
 * Whether requests need tokens. `open` serves everyone as ADMIN and is only allowed on a loopback
 * address; `tokens` requires `Authorization: Bearer <token>` (HTTP) or `connectionParams.authorization`
 * (graphql-ws). `auto` (the default) is `tokens` as soon as one token exists, else `open`.
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
