import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 21 #1 over real HTTP: an open (every caller is admin) server on loopback, attacked the ways
 * a web page can reach it — form posts, cross-origin fetch, WebSocket, DNS rebinding (a foreign Host).
 * Each attempt tries to mint an admin token; none may, and the token count must not change.
 */

let server: TestServer;
let port: number;
const ALLOWED = 'https://dash.example';
const EVIL = 'http://evil.example:8000';
const MINT = 'mutation { createApiToken(name: "stolen", role: ADMIN) { token } }';
const READ = '{ trafficProfiles { name } }';

beforeAll(async () => {
  server = await startTestServer({
    authMode: 'open',
    metrics: true,
    access: { allowedOrigins: [ALLOWED], allowedHosts: ['compass.lan'] },
  });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with any headers (fetch may not set Host), straight to the server's socket. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const json = (query: string) => JSON.stringify({ query });
const tokenCount = () => server.clients.api.apiToken.count();
const codeOf = (response: RawResponse): unknown =>
  (JSON.parse(response.body) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions
    ?.code;

describe('what counts as a GraphQL request', () => {
  it('refuses form, multipart and text/plain posts with 415 and a typed error, running nothing', async () => {
    const before = await tokenCount();
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(MINT)}`],
      [
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${json(MINT)}\r\n--x--\r\n`,
      ],
      ['text/plain', json(MINT)],
      ['text/plain; charset=UTF-8', json(MINT)],
      ['text/plain; x=application/json', json(MINT)],
      ['application/graphql', MINT],
    ];
    for (const [type, body] of bodies) {
      const response = await raw('/graphql', { method: 'POST', headers: { 'content-type': type }, body });
      expect(response.status, type).toBe(415);
      expect(codeOf(response), type).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await tokenCount()).toBe(before);
  });

  it('runs JSON and graphql-response+json posts; GET only queries, and only with the CSRF header', async () => {
    for (const type of ['application/json', 'application/graphql-response+json']) {
      const response = await raw('/graphql', {
        method: 'POST',
        headers: { 'content-type': type },
        body: json(READ),
      });
      expect(response.status, type).toBe(200);
      expect(response.body).toContain('trafficProfiles');
    }
    const before = await tokenCount();
    const query = `/graphql?query=${encodeURIComponent(READ)}`;
    expect((await raw(query)).status).toBe(403);
    expect((await raw(query, { headers: { 'content-type': 'text/plain' } })).status).toBe(403);
    expect((await raw(query, { headers: { 'x-graphql-yoga-csrf': '1' } })).status).toBe(200);
    const mutation = await raw(`/graphql?query=${encodeURIComponent(MINT)}`, {
      headers: { 'x-graphql-yoga-csrf': '1' },
    });
    expect(mutation.status).toBe(405);
    expect(await tokenCount()).toBe(before);
  });
});

describe('CORS', () => {
  it('refuses a foreign origin’s preflight and request, with no CORS headers', async () => {
    const before = await tokenCount();
    const preflight = await raw('/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const post = await raw('/graphql', {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/json' },
      body: json(MINT),
    });
    expect(post.status).toBe(403);
    expect(codeOf(post)).toBe('FORBIDDEN');
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    for (const origin of ['null', `http://127.0.0.1:${port + 1}`, `http://localhost:${port}`]) {
      const response = await raw('/graphql', {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: json(MINT),
      });
      expect(response.status, origin).toBe(403);
    }
    expect(await tokenCount()).toBe(before);
  });

  it('answers the same origin without CORS headers, and a listed origin with exactly that origin', async () => {
    const same = await raw('/graphql', {
      method: 'POST',
      headers: { origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' },
      body: json(READ),
    });
    expect(same.status).toBe(200);
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await raw('/graphql', {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const listed = await raw('/graphql', {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json' },
      body: json(READ),
    });
    expect(listed.status).toBe(200);
    expect(listed.headers['access-control-allow-origin']).toBe(ALLOWED);
  });
});

describe('Host allow-list (DNS rebinding)', () => {
  it('refuses a foreign Host on every route, and accepts the loopback names and listed hosts', async () => {
    const before = await tokenCount();
    for (const path of ['/graphql', '/healthz', '/metrics', '/']) {
      const response = await raw(path, {
        method: path === '/graphql' ? 'POST' : 'GET',
        headers: {
          host: `evil.example:${port}`,
          origin: `http://evil.example:${port}`,
          'content-type': 'application/json',
        },
        body: path === '/graphql' ? json(MINT) : undefined,
      });
      expect(response.status, path).toBe(403);
      expect(codeOf(response), path).toBe('FORBIDDEN');
    }
    expect(await tokenCount()).toBe(before);
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `compass.lan:${port}`]) {
      expect((await raw('/healthz', { headers: { host } })).status, host).toBe(200);
    }
  });
});

describe('WebSocket upgrades', () => {
  /** Opens a graphql-ws socket and runs `query` once; resolves with the result, or how it was refused. */
  function overWebSocket(
    query: string,
    options: { origin?: string; host?: string },
  ): Promise<{ refused: number } | { result: unknown }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', {
        ...(options.origin ? { origin: options.origin } : {}),
        headers: options.host ? { host: options.host } : {},
      });
      socket.on('unexpected-response', (_request, response) => {
        resolve({ refused: response.statusCode ?? 0 });
        socket.terminate();
      });
      socket.on('error', reject);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { type: string; payload?: unknown };
        if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        } else if (message.type === 'next' || message.type === 'error') {
          resolve({ result: message.payload });
          socket.close();
        }
      });
    });
  }

  it('refuses a foreign Origin or Host before the handshake', async () => {
    const before = await tokenCount();
    expect(await overWebSocket(MINT, { origin: EVIL })).toEqual({ refused: 401 });
    expect(await overWebSocket(MINT, { origin: 'null' })).toEqual({ refused: 401 });
    expect(await overWebSocket(MINT, { host: `evil.example:${port}` })).toEqual({ refused: 401 });
    expect(
      await overWebSocket(MINT, { host: `evil.example:${port}`, origin: `http://evil.example:${port}` }),
    ).toEqual({ refused: 401 });
    expect(await tokenCount()).toBe(before);
  });

  it('accepts the same origin, a listed origin, and a client that sends no Origin', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, ALLOWED, undefined]) {
      const outcome = await overWebSocket(READ, { origin });
      expect(JSON.stringify(outcome), String(origin)).toContain('trafficProfiles');
    }
  });
});
