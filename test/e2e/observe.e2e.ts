import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import {
  buildClient,
  freePort,
  launchBrowser,
  screenshot,
  startCompass,
  startSimulator,
  type Child,
} from './harness.js';

/**
 * The Deploy screen's live serving metrics in Chromium: a SIMULATOR deployment on the fake Kubernetes
 * API, whose pod proxy reaches a real simulator; Compass (its own process) scrapes it every 500 ms.
 * Load makes the charts move; the time from sending a request to the page showing it is printed.
 */

const MODEL = 'meta-llama/llama-3.1-8b-instruct';
let server: Child;
let simulator: Child;
let cluster: FakeK8s;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  buildClient();
  const port = await freePort();
  simulator = await startSimulator(MODEL, port);
  cluster = await startFakeK8s({
    namespace: 'compass',
    podTimeline: { startAfterMs: 100, readyAfterMs: 300 },
    proxy: ({ kind }) => (kind === 'pods' ? simulator.url : null),
  });
  server = await startCompass({
    KUBECONFIG: cluster.kubeconfigPath,
    COMPASS_NAMESPACES: 'compass',
    COMPASS_OBSERVE_INTERVAL_MS: '500',
    COMPASS_OBSERVE_RATE_WINDOW_MS: '5000',
    COMPASS_DRIFT_SUSTAIN_MS: '10000',
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => errors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await simulator?.stop();
  await cluster?.close();
});

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

/** `n` streamed completions of 400 tokens (≈ 3 s each) against the simulator, all at once. */
function burst(n: number): Promise<unknown> {
  return Promise.all(
    Array.from({ length: n }, () =>
      fetch(`${simulator.url}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, prompt: 'hello '.repeat(200), max_tokens: 400, stream: true }),
      }).then((r) => r.text()),
    ),
  );
}

const number = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, '') || 'NaN');

describe('live serving metrics on the Deploy screen', () => {
  it('shows observed p95s against the plan and SLO lines, load, queue and drift as load arrives', async () => {
    const created = await graphql<{ createDeployment: { deployment: { id: string } } }>(
      `
        mutation ($input: CreateDeploymentInput!) {
          createDeployment(input: $input) {
            deployment {
              id
            }
          }
        }
      `,
      {
        input: {
          config: { modelHfRepo: MODEL, gpuType: 'H100', gpuCount: 1 },
          name: 'watched',
          mode: 'SIMULATOR',
        },
      },
    );
    const id = created.createDeployment.deployment.id;
    await page.goto(`${server.url}/#/deploy?deployment=${encodeURIComponent(id)}`);
    const panel = page.getByTestId('live-metrics');
    await panel.waitFor();
    await page.getByTestId('drift-state').waitFor({ timeout: 30_000 });

    // SLO targets through the form; the compliance table replaces it.
    await panel.getByLabel('TTFT p95 target (ms)').fill('200');
    await panel.getByLabel('ITL p95 target (ms)').fill('40');
    await panel.getByRole('button', { name: 'Set targets' }).click();

    // Idle first, then a burst: how long until the page shows the requests?
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=metrics-running]')?.textContent ?? '').startsWith('0 '),
      undefined,
      { timeout: 30_000 },
    );
    const sent = Date.now();
    const load = burst(24);
    await page
      .waitForFunction(
        () =>
          !(document.querySelector('[data-testid=metrics-running]')?.textContent ?? '0 ').startsWith('0 '),
        undefined,
        { timeout: 30_000 },
      )
      .catch(async (error: unknown) => {
        await screenshot(page, 'deploy-metrics-not-live');
        throw error;
      });
    const shownAfterMs = Date.now() - sent;
    await load;
    await burst(24);
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=metrics-rps]')?.textContent ?? '').match(/^[1-9]/) !== null,
      undefined,
      { timeout: 30_000 },
    );
    console.log(
      `request → chart: running requests shown ${shownAfterMs} ms after the first request was sent`,
    );
    expect(shownAfterMs).toBeLessThan(15_000);
    expect(number(await page.getByTestId('metrics-rps').textContent())).toBeGreaterThan(0);

    await panel.getByRole('table').waitFor();
    const compliance = await panel.getByRole('table').textContent();
    expect(compliance).toMatch(/TTFT/);
    expect(compliance).toMatch(/ITL/);
    expect(await panel.locator('svg[aria-label="TTFT p95: observed vs plan"] .threshold').count()).toBe(1);
    expect(
      await panel.locator('svg[aria-label="ITL p95: observed vs plan"] .series-0 circle').count(),
    ).toBeGreaterThan(0);
    expect(
      await panel.locator('svg[aria-label="ITL p95: observed vs plan"] .series-1 circle').count(),
    ).toBeGreaterThan(0);
    expect(await page.getByTestId('drift-reason').textContent()).toMatch(/plan|traffic/);
    await screenshot(page, 'deploy-metrics-1280');
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'deploy-metrics-375');
  });

  it('no uncaught errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
