/**
 * Which browser-reachable requests may drive the server (pure decisions; http-app.ts applies them).
 * Threat: a web page on another origin, or one that rebinds its DNS name to 127.0.0.1, calling a
 * local Compass whose open mode treats every caller as admin.
 */
import type { AccessConfig } from '../config.js';

export interface AccessPolicy {
  allowedOrigins: ReadonlySet<string>;
  /** Null: any Host (the server is not bound to loopback, so DNS rebinding gains nothing). */
  allowedHosts: readonly HostRule[] | null;
}

interface HostRule {
  hostname: string;
  /** Null: any port. '' is the default port (80), as in URL.port. */
  port: string | null;
}

/** The media types that carry a GraphQL request; forms and text/plain never do (no preflight). */
const GRAPHQL_MEDIA_TYPES = new Set(['application/json', 'application/graphql-response+json']);

export function isLoopbackAddress(host: string): boolean {
  const bare = host
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/^::ffff:/, '');
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** The origin of an http(s) URL without path, or null when `value` is not one. */
export function normalizeOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== ''))
    return null;
  return url.origin;
}

/** A Host header (or allow-list entry) split as a URL would: lowercase hostname, port '' for 80. */
function parseHost(value: string): { hostname: string; port: string } | null {
  if (!value || /[/?#@\s\\]/.test(value)) return null;
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port };
  } catch {
    return null;
  }
}

export function accessPolicy(bindHost: string, port: number, config: AccessConfig): AccessPolicy {
  const allowedOrigins = new Set(
    config.allowedOrigins.map(normalizeOrigin).filter((o): o is string => o !== null),
  );
  if (!isLoopbackAddress(bindHost)) return { allowedOrigins, allowedHosts: null };
  const boundPort = port === 80 ? '' : String(port);
  const rules: HostRule[] = ['localhost', '127.0.0.1', '[::1]'].map((hostname) => ({
    hostname,
    port: boundPort,
  }));
  for (const entry of config.allowedHosts) {
    const parsed = parseHost(entry);
    if (!parsed) continue;
    rules.push({ hostname: parsed.hostname, port: /:\d+$/.test(entry) ? parsed.port : null });
  }
  return { allowedOrigins, allowedHosts: rules };
}

export function isHostAllowed(host: string | undefined, policy: AccessPolicy): boolean {
  if (policy.allowedHosts === null) return true;
  const parsed = host === undefined ? null : parseHost(host);
  if (!parsed) return false;
  return policy.allowedHosts.some(
    (rule) => rule.hostname === parsed.hostname && (rule.port === null || rule.port === parsed.port),
  );
}

/**
 * A request's Origin is acceptable when absent (not a browser, or a same-origin GET), the page's
 * origin is the server itself (same host and port as the Host header), or it is listed. `null`
 * (sandboxed frames, file: pages) never is.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  policy: AccessPolicy,
): boolean {
  if (origin === undefined) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === null) return false;
  if (policy.allowedOrigins.has(normalized)) return true;
  const self = host === undefined ? null : parseHost(host);
  if (!self) return false;
  const page = new URL(normalized);
  // The scheme is not compared: behind a TLS terminator the page is https, the request reaches us as http.
  return page.hostname === self.hostname && page.port === self.port;
}

/** Listed origins get CORS headers (exact origin, never a wildcard); same-origin needs none. */
export function corsOriginFor(origin: string | undefined, policy: AccessPolicy): string | null {
  if (origin === undefined) return null;
  const normalized = normalizeOrigin(origin);
  return normalized !== null && policy.allowedOrigins.has(normalized) ? normalized : null;
}

export type RequestVerdict =
  | { ok: true }
  | { ok: false; status: 415 | 405; code: 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_ALLOWED'; message: string };

/** The media type of a Content-Type header, lowercased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | null {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : null;
}

/**
 * Which /graphql requests reach the GraphQL engine: POSTs with a JSON body (a browser must preflight
 * them), GETs (queries only, enforced by yoga) and preflights. A form, multipart or text/plain body
 * (which a page on any origin can send without asking) is refused before it is parsed.
 */
export function graphqlRequestVerdict(method: string, contentType: string | undefined): RequestVerdict {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS') return { ok: true };
  if (upper !== 'POST') {
    return {
      ok: false,
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `${upper} is not allowed on /graphql`,
    };
  }
  const media = mediaTypeOf(contentType);
  if (media !== null && GRAPHQL_MEDIA_TYPES.has(media)) return { ok: true };
  return {
    ok: false,
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: `a GraphQL POST must be application/json or application/graphql-response+json (got ${media ?? 'none'})`,
  };
}
