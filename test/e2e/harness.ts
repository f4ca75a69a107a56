import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Helpers of the browser tests: build the client, run the real server (and the simulator), drive Chromium. */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// As on an air-gapped network: no name resolves but the loopback, so a stray fetch fails at once.
const RESOLVE_NOTHING = 'MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `npm run build:client`, so the server serves what this checkout's client/src says. */
export function buildClient(): void {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const result = spawnSync('npm', ['run', 'build:client'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`build:client failed:\n${result.stdout}\n${result.stderr}`);
}

export interface Child {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Spawns a command in its own process group and waits for `ready` in its output. */
async function spawnUntil(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  url: string,
  timeoutMs: number,
): Promise<Child> {
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    // The whole group: npx → tsx → node.
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(output)) {
    if (child.exitCode !== null)
      throw new Error(`${args.join(' ')} exited early (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${args.join(' ')} not ready in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, output: () => output, stop };
}

/** A directory for `startCompass`'s embedded PostgreSQL, reachable by initdb's user when run as root. */
export async function makeDataDir(): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'compass-e2e-'));
  await chmod(dataDir, 0o755);
  return dataDir;
}

/**
 * The real server (`npx tsx server/main.ts`) on a free port over an embedded PostgreSQL: a fresh one
 * removed on stop, or the one in `dataDir` (kept, so a second start sees the first one's data).
 */
export async function startCompass(
  extraEnv: Record<string, string> = {},
  keptDataDir?: string,
): Promise<Child> {
  const dataDir = keptDataDir ?? (await makeDataDir());
  const port = await freePort();
  const pgPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    COMPASS_DATA_DIR: path.join(dataDir, 'pgdata'),
    COMPASS_EMBEDDED_PG_PORT: String(pgPort),
    COMPASS_RESULTS_DIR: path.join(dataDir, 'results'),
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.POSTGRES_DSN;
  const removeData = async () => {
    if (keptDataDir === undefined) await removeDir(dataDir);
  };
  let child: Child;
  try {
    child = await spawnUntil(
      'npx',
      ['tsx', 'server/main.ts'],
      env,
      /Compass is up/,
      `http://127.0.0.1:${port}`,
      180_000,
    );
  } catch (error) {
    await removeData();
    throw error;
  }
  return {
    ...child,
    stop: async () => {
      await child.stop();
      await removeData();
    },
  };
}

/** PostgreSQL may still be flushing as it exits: retry the removal for a few seconds. */
export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
}

/** The GPU-free vLLM simulator serving `model` (on `port`, else a free one); `extraArgs` tune its latency model. */
export async function startSimulator(model: string, port?: number, extraArgs: string[] = []): Promise<Child> {
  port ??= await freePort();
  return spawnUntil(
    'npx',
    ['tsx', 'apps/simulator/main.ts', '--model', model, '--port', String(port), ...extraArgs],
    { ...process.env, LOG_LEVEL: 'info' },
    /simulator serving/,
    `http://127.0.0.1:${port}`,
    60_000,
  );
}

/** Chromium; `namesToLoopback` are host names resolved to 127.0.0.1 (an attacker's, in the security test). */
export function launchBrowser(namesToLoopback: string[] = []): Promise<Browser> {
  const rules = [...namesToLoopback.map((name) => `MAP ${name} 127.0.0.1`), RESOLVE_NOTHING].join(', ');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=${rules}`],
  });
}

export interface OpenedPage {
  browser: Browser;
  page: Page;
  /** Requests and WebSockets to any origin but `origin` (the air-gap rule), for the whole run. */
  offOrigin: string[];
  /** Uncaught errors of the page. */
  pageErrors: string[];
}

/** Chromium with one page at `viewport`, recording what it fetches off `origin` and what it throws. */
export async function openPage(
  origin: string,
  viewport: { width: number; height: number },
): Promise<OpenedPage> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport });
  const offOrigin = recordOffOrigin(context, origin);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page, offOrigin, pageErrors };
}

/** Empties test-results/screenshots/, so what is there afterwards is this run's. */
export function resetScreenshots(): void {
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
}

/** A full-page PNG in test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Whether the browser loading `url` stays on `origin` (ws: counts as http:; data: and blob: of it are local). */
export function isSameOrigin(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url === 'about:blank') return true;
  if (url.startsWith('blob:')) return isSameOrigin(url.slice('blob:'.length), origin);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(origin);
  const scheme = { 'ws:': 'http:', 'wss:': 'https:' }[target.protocol] ?? target.protocol;
  return scheme === expected.protocol && target.host === expected.host;
}

/**
 * Records every request and WebSocket the context's pages (and their workers) open to another origin.
 * The rule for the whole product: nothing is fetched from outside the server at run time.
 */
export function recordOffOrigin(context: BrowserContext, origin: string): string[] {
  const seen: string[] = [];
  const check = (url: string) => {
    if (!isSameOrigin(url, origin)) seen.push(url);
  };
  context.on('request', (request) => check(request.url()));
  context.on('page', (page) => page.on('websocket', (socket) => check(socket.url())));
  return seen;
}
