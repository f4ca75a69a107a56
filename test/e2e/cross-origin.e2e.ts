import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startCompass, type Child } from './harness.js';

/**
 * Issue 21 #1 in real Chromium: a default `npm start` (open mode, every caller is admin, loopback) and
 * a hostile page on another origin (a second HTTP server, `evil.test`) that tries every route a web
 * page has — form posts, cross-site fetch with credentials, a no-cors fetch, a WebSocket — and a page
 * whose name was rebound to 127.0.0.1 after it loaded (DNS rebinding: the browser calls it
 * same-origin). None may mint an admin token or read an answer.
 */

let compass: Child;
let hostile: http.Server;
let browser: Browser;
let context: BrowserContext;
let evilUrl: string;
let compassPort: number;

type Attack =
  | 'formUrlencoded'
  | 'formMultipart'
  | 'formTextPlain'
  | 'fetchMint'
  | 'fetchRead'
  | 'noCorsMint'
  | 'webSocket';

/** The attacker's script: `target` is Compass as the page sees it ('' = its own origin, after rebinding). */
function attackScript(target: string, wsTarget: string): string {
  return `
const TARGET = ${JSON.stringify(target)};
const WS_TARGET = ${JSON.stringify(wsTarget)};
const MINT = 'mutation { createApiToken(name: "stolen", role: ADMIN) { token } }';
const READ = '{ apiTokens { name } trafficProfiles { name } }';
function submitForm(enctype, fields) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink' + Math.random().toString(36).slice(2);
    document.body.appendChild(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = TARGET + '/graphql';
    form.enctype = enctype;
    form.target = frame.name;
    for (const [name, value] of fields) {
      const input = document.createElement('input');
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    document.body.appendChild(form);
    frame.addEventListener('load', () => resolve('submitted'));
    form.submit();
  });
}
async function tryFetch(init) {
  try {
    const response = await fetch(TARGET + '/graphql', init);
    return 'read ' + response.status + ' ' + (await response.text());
  } catch (error) {
    return 'blocked: ' + error;
  }
}
const json = (query) => JSON.stringify({ query });
window.attacks = {
  formUrlencoded: () => submitForm('application/x-www-form-urlencoded', [['query', MINT]]),
  formMultipart: () =>
    submitForm('multipart/form-data', [['operations', json(MINT)], ['map', '{}']]),
  // The classic JSON-in-text/plain form: name + "=" + value is a JSON object.
  formTextPlain: () =>
    submitForm('text/plain', [['{"query":' + JSON.stringify(MINT) + ',"x":"', '"}']]),
  fetchMint: () =>
    tryFetch({ method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: json(MINT) }),
  fetchRead: () =>
    tryFetch({ method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: json(READ) }),
  noCorsMint: () => tryFetch({ method: 'POST', mode: 'no-cors', credentials: 'include', body: json(MINT) }),
  webSocket: () =>
    new Promise((resolve) => {
      const socket = new WebSocket(WS_TARGET, 'graphql-transport-ws');
      const timer = setTimeout(() => resolve('no answer'), 5000);
      socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      socket.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.type === 'connection_ack') {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: MINT } }));
        } else {
          clearTimeout(timer);
          resolve('read ' + event.data);
          socket.close();
        }
      };
      socket.onerror = () => { clearTimeout(timer); resolve('blocked: socket error'); };
      socket.onclose = (event) => { clearTimeout(timer); resolve('blocked: closed ' + event.code); };
    }),
};`;
}

/** Tokens as a non-browser client sees them (open mode: no Origin, loopback Host, admin). */
async function tokenNames(): Promise<string[]> {
  const response = await fetch(`${compass.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ apiTokens { name } }' }),
  });
  const body = (await response.json()) as { data?: { apiTokens: { name: string }[] } };
  if (!body.data) throw new Error(`apiTokens failed: ${JSON.stringify(body)}`);
  return body.data.apiTokens.map((token) => token.name);
}

async function run(page: Page, attack: Attack): Promise<string> {
  return page.evaluate((name) => {
    const attacks = (window as unknown as { attacks: Record<string, () => Promise<string>> }).attacks;
    return attacks[name]!();
  }, attack);
}

beforeAll(async () => {
  compass = await startCompass();
  compassPort = Number(new URL(compass.url).port);
  hostile = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const script = attackScript(compass.url, `ws://127.0.0.1:${compassPort}/graphql`);
    res.end(`<!doctype html><title>definitely not an attack</title><body><script>${script}</script></body>`);
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://evil.test:${(hostile.address() as AddressInfo).port}/`;
  browser = await launchBrowser(['evil.test', 'rebind.test']);
  context = await browser.newContext();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => hostile?.close(resolve));
  await compass?.stop();
});

describe('a page on another origin', () => {
  let page: Page;
  beforeAll(async () => {
    page = await context.newPage();
    await page.goto(evilUrl);
  });

  const attacks: Attack[] = [
    'formUrlencoded',
    'formMultipart',
    'formTextPlain',
    'fetchMint',
    'fetchRead',
    'noCorsMint',
    'webSocket',
  ];
  for (const attack of attacks) {
    it(`cannot mint a token or read data: ${attack}`, async () => {
      const before = await tokenNames();
      const outcome = await run(page, attack);
      expect(outcome).not.toMatch(/cmp_|trafficProfiles|apiTokens/);
      if (attack.startsWith('fetch') || attack === 'webSocket') expect(outcome).toMatch(/^blocked/);
      expect(await tokenNames()).toEqual(before);
    });
  }
});

describe('a page whose name is rebound to 127.0.0.1 (same origin in the browser’s eyes)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await context.newPage();
    // The attacker's script arrived with the first answer for rebind.test; the name now resolves to
    // 127.0.0.1, so the page (whatever Compass answered for it) and its calls are same-origin to the browser.
    // (A document fulfilled by the test instead would count as public, and Chromium's private-network
    // rule would block its calls before the server saw them.)
    await page.goto(`http://rebind.test:${compassPort}/`);
    await page.addScriptTag({ content: attackScript('', `ws://rebind.test:${compassPort}/graphql`) });
  });

  for (const attack of ['fetchMint', 'fetchRead', 'formUrlencoded', 'webSocket'] as const) {
    it(`is refused by the Host check: ${attack}`, async () => {
      const before = await tokenNames();
      const outcome = await run(page, attack);
      expect(outcome).not.toMatch(/cmp_|trafficProfiles|apiTokens/);
      if (attack.startsWith('fetch')) expect(outcome).toMatch(/^read 403 .*FORBIDDEN/);
      if (attack === 'webSocket') expect(outcome).toMatch(/^blocked/);
      expect(await tokenNames()).toEqual(before);
    });
  }
});

describe('the server’s own origin', () => {
  it('reads and mutates with the same script', async () => {
    const page = await context.newPage();
    await page.goto(`${compass.url}/`);
    await page.addScriptTag({ content: attackScript('', `ws://127.0.0.1:${compassPort}/graphql`) });
    // The positive control: from the server's own origin the same script does run, so the refusals
    // above are the server's doing, not the browser's. (It mints the only token, last: from then on
    // the server asks for tokens.)
    expect(await run(page, 'fetchRead')).toMatch(/^read 200 .*trafficProfiles/);
    expect(await run(page, 'webSocket')).toMatch(/^read .*"type":"next".*"token":"cmp_/);
  });
});
