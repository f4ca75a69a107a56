import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import {
  accessPolicy,
  corsOriginFor,
  graphqlRequestVerdict,
  isHostAllowed,
  isLoopbackAddress,
  isOriginAllowed,
  normalizeOrigin,
} from '../../server/graphql/access.js';

const NONE = { allowedOrigins: [], allowedHosts: [] };

describe('Host allow-list', () => {
  it('accepts only the loopback names with the bound port when bound to loopback', () => {
    const policy = accessPolicy('127.0.0.1', 4000, NONE);
    for (const host of ['localhost:4000', '127.0.0.1:4000', '[::1]:4000', 'LOCALHOST:4000']) {
      expect(isHostAllowed(host, policy), host).toBe(true);
    }
    for (const host of [
      'evil.example:4000', // DNS rebinding: the page's own name, now resolving to 127.0.0.1
      'localhost:4001',
      'localhost',
      '127.0.0.2:4000',
      'localhost.evil.example:4000',
      'localhost:4000@evil.example',
      '',
      undefined,
    ]) {
      expect(isHostAllowed(host, policy), String(host)).toBe(false);
    }
  });

  it('treats port 80 as the default port, as browsers omit it', () => {
    const policy = accessPolicy('::1', 80, NONE);
    expect(isHostAllowed('localhost', policy)).toBe(true);
    expect(isHostAllowed('[::1]', policy)).toBe(true);
    expect(isHostAllowed('localhost:8080', policy)).toBe(false);
  });

  it('adds COMPASS_ALLOWED_HOSTS: a bare name on any port, name:port on that port', () => {
    const policy = accessPolicy('127.0.0.1', 4000, {
      allowedOrigins: [],
      allowedHosts: ['compass.lan', 'box.lan:8443'],
    });
    expect(isHostAllowed('compass.lan:4000', policy)).toBe(true);
    expect(isHostAllowed('Compass.LAN', policy)).toBe(true);
    expect(isHostAllowed('box.lan:8443', policy)).toBe(true);
    expect(isHostAllowed('box.lan:4000', policy)).toBe(false);
    expect(isHostAllowed('other.lan:4000', policy)).toBe(false);
  });

  it('checks no Host when not bound to loopback (rebinding to a public address gains nothing)', () => {
    const policy = accessPolicy('0.0.0.0', 4000, NONE);
    expect(isHostAllowed('anything.example', policy)).toBe(true);
    expect(isHostAllowed(undefined, policy)).toBe(true);
  });

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(host), host).toBe(true);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'localhost.example']) {
      expect(isLoopbackAddress(host), host).toBe(false);
    }
  });
});

describe('Origin rules', () => {
  const policy = accessPolicy('127.0.0.1', 4000, {
    allowedOrigins: ['https://dash.example'],
    allowedHosts: [],
  });

  it('allows no Origin (not a browser) and the server’s own origin', () => {
    expect(isOriginAllowed(undefined, '127.0.0.1:4000', policy)).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:4000', '127.0.0.1:4000', policy)).toBe(true);
    expect(isOriginAllowed('http://localhost:4000', 'localhost:4000', policy)).toBe(true);
    // Behind a TLS terminator: the page is https, the Host the same.
    expect(isOriginAllowed('https://compass.example', 'compass.example', policy)).toBe(true);
  });

  it('refuses any other origin, null, and malformed values', () => {
    for (const origin of [
      'http://127.0.0.1:5555',
      'http://localhost:4000', // a different name is a different origin
      'http://evil.example',
      'null',
      'file://',
      'http://127.0.0.1:4000/path',
      'javascript:alert(1)',
      '',
    ]) {
      expect(isOriginAllowed(origin, '127.0.0.1:4000', policy), origin).toBe(false);
    }
    expect(isOriginAllowed('http://127.0.0.1:4000', undefined, policy)).toBe(false);
  });

  it('allows listed origins and grants CORS to them only, never echoing another', () => {
    expect(isOriginAllowed('https://dash.example', '127.0.0.1:4000', policy)).toBe(true);
    expect(corsOriginFor('https://dash.example', policy)).toBe('https://dash.example');
    expect(corsOriginFor('https://DASH.example/', policy)).toBe('https://dash.example');
    expect(corsOriginFor('https://evil.example', policy)).toBeNull();
    expect(corsOriginFor('http://127.0.0.1:4000', policy)).toBeNull();
    expect(corsOriginFor(undefined, policy)).toBeNull();
  });

  it('normalises origins', () => {
    expect(normalizeOrigin('http://a.example:80')).toBe('http://a.example');
    expect(normalizeOrigin('https://a.example/')).toBe('https://a.example');
    expect(normalizeOrigin('https://a.example/x')).toBeNull();
    expect(normalizeOrigin('ftp://a.example')).toBeNull();
    expect(normalizeOrigin('*')).toBeNull();
  });
});

describe('which /graphql requests count', () => {
  it('takes JSON POSTs, GETs and preflights', () => {
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/graphql-response+json',
    ]) {
      expect(graphqlRequestVerdict('POST', type), type).toEqual({ ok: true });
    }
    expect(graphqlRequestVerdict('GET', undefined)).toEqual({ ok: true });
    expect(graphqlRequestVerdict('OPTIONS', undefined)).toEqual({ ok: true });
  });

  it('refuses what a form or a no-cors fetch can send, with 415', () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
      'text/plain; application/json',
      'text/plain;charset=UTF-8',
      'application/graphql',
      'application/jsonx',
      undefined,
    ]) {
      const verdict = graphqlRequestVerdict('POST', type);
      expect(verdict, String(type)).toMatchObject({ ok: false, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expect(graphqlRequestVerdict('PUT', 'application/json')).toMatchObject({ ok: false, status: 405 });
  });
});

describe('configuration', () => {
  it('reads COMPASS_ALLOWED_ORIGINS and COMPASS_ALLOWED_HOSTS as comma lists', () => {
    const config = loadConfig({
      COMPASS_ALLOWED_ORIGINS: 'https://dash.example, http://localhost:5173/',
      COMPASS_ALLOWED_HOSTS: 'Compass.lan,box.lan:8443',
    });
    expect(config.access).toEqual({
      allowedOrigins: ['https://dash.example', 'http://localhost:5173'],
      allowedHosts: ['compass.lan', 'box.lan:8443'],
    });
    expect(loadConfig({}).access).toEqual({ allowedOrigins: [], allowedHosts: [] });
  });

  it('refuses a wildcard or a URL with a path as an allowed origin', () => {
    expect(() => loadConfig({ COMPASS_ALLOWED_ORIGINS: '*' })).toThrow(/exact origin/);
    expect(() => loadConfig({ COMPASS_ALLOWED_ORIGINS: 'https://a.example/app' })).toThrow(/exact origin/);
    expect(() => loadConfig({ COMPASS_ALLOWED_HOSTS: 'a.example/x' })).toThrow(/host name/);
  });
});
