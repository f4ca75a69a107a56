/** The optional API token (servers with auth on), kept in localStorage so a reload keeps it. */
const KEY = 'compass.apiToken';

export function readToken(): string {
  try {
    return window.localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function writeToken(token: string): void {
  try {
    if (token) window.localStorage.setItem(KEY, token);
    else window.localStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the token lives until the page closes.
  }
}
