import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import {
  buildClient,
  freePort,
  openPage,
  screenshot,
  startCompass,
  startSimulator,
  type Child,
} from './harness.js';

/**
 * The web client in Chromium against the real server: explore the knowledge base, describe a chatbot
 * and watch the ranking follow the priority, dry-run and deploy against the fake Kubernetes API and
 * watch the pods turn ready, run and compare benchmarks against the simulator, then check every
 * screen at phone width. Screenshots land in test-results/screenshots/.
 */

let server: Child;
let cluster: FakeK8s;
/** Where testInference goes (COMPASS_ENDPOINT_OVERRIDE): a simulator started once the model is known. */
let endpointPort: number;
let browser: Browser;
let page: Page;
/** The benchmark run the phone-width pass opens. */
let runId: string | undefined;
let pageErrors: string[] = [];
/** Requests to any origin but the server's (the air-gap rule); filled for the whole run. */
let offOrigin: string[] = [];

beforeAll(async () => {
  buildClient();
  // A fake Kubernetes API whose pods start after 1 s and are ready after 3 s, so the status is seen moving.
  cluster = await startFakeK8s({
    namespace: 'compass',
    podTimeline: { startAfterMs: 1_000, readyAfterMs: 3_000 },
  });
  endpointPort = await freePort();
  server = await startCompass({
    KUBECONFIG: cluster.kubeconfigPath,
    COMPASS_NAMESPACES: 'compass',
    COMPASS_ENDPOINT_OVERRIDE: `http://127.0.0.1:${endpointPort}`,
  });
  ({ browser, page, offOrigin, pageErrors } = await openPage(server.url, {
    width: 1280,
    height: 800,
  }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await cluster?.close();
});

async function open(hash: string): Promise<void> {
  await page.goto(`${server.url}/${hash}`);
  await page.locator('main h1').waitFor();
}

/** Text of every cell of a table's body, row by row. */
async function tableRows(label: string): Promise<string[][]> {
  const table = page.getByRole('region', { name: label }).locator('table');
  await table.locator('tbody tr').first().waitFor();
  return table.evaluate((t) =>
    [...t.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
    ),
  );
}

const money = (text: string) => Number(text.replace(/[$,]/g, ''));
/** "1,962 ms" / "12.3 s" → milliseconds (the margin-bar cells start with the value). */
function ms(text: string): number {
  const match = /([\d,.]+)\s*(ms|s)/.exec(text);
  if (!match?.[1]) throw new Error(`no latency in "${text}"`);
  const value = Number(match[1].replace(/,/g, ''));
  return match[2] === 's' ? value * 1000 : value;
}

async function recommendationRows(): Promise<string[][]> {
  return page
    .locator('[data-testid=recommendation-row]')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())),
    );
}

/** Waits until the debounced what-if has re-ranked: the rows differ from `before` and nothing is pending. */
async function waitForRanking(before: string[][]): Promise<string[][]> {
  const signature = JSON.stringify(before.map((r) => r.slice(0, 3)));
  await page.waitForFunction((previous) => {
    if (document.querySelector('.updating')) return false;
    const rows = [...document.querySelectorAll('[data-testid=recommendation-row]')].map((row) =>
      [...row.querySelectorAll('td')].slice(0, 3).map((cell) => (cell.textContent ?? '').trim()),
    );
    return rows.length > 0 && JSON.stringify(rows) !== previous;
  }, signature);
  return recommendationRows();
}

interface ProgressSample {
  status: string;
  completed: number;
  progress: number;
}

/**
 * Samples the run's progress panel every 100 ms until the run ends; screenshots it (as `shot`) the
 * first time it shows requests completed while the run is still going.
 */
async function watchProgress(shot: string | null): Promise<ProgressSample[]> {
  const samples: ProgressSample[] = [];
  const deadline = Date.now() + 90_000;
  for (;;) {
    const sample = await page.evaluate(() => {
      const panel = document.querySelector('.progress-panel');
      const completed = [...(panel?.querySelectorAll('.stats > div') ?? [])].find(
        (d) => d.querySelector('dt')?.textContent === 'Completed',
      );
      return {
        status: document.querySelector('[data-testid=run-status]')?.textContent ?? '',
        completed: Number((completed?.querySelector('dd')?.textContent ?? '0').replace(/,/g, '')),
        progress: Number(panel?.querySelector('progress')?.getAttribute('value') ?? 0),
      };
    });
    samples.push(sample);
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(sample.status)) return samples;
    if (shot && sample.status === 'RUNNING' && sample.completed > 0 && sample.progress > 0) {
      await screenshot(page, shot);
      shot = null;
    }
    if (Date.now() > deadline) throw new Error(`run still ${sample.status} after 90 s`);
    await page.waitForTimeout(100);
  }
}

describe('web client', () => {
  it('the server serves the built client at / and GraphiQL at /graphql', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${server.url}${asset}`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toContain('immutable');
    // React's production build (vitest's NODE_ENV=test must not leak into the bundle).
    expect(await script.text()).not.toContain('jsxDEV');
    // Client-side routes fall back to index.html; a malformed path is a 400, not a crash.
    expect(await (await fetch(`${server.url}/no/such/page`)).text()).toBe(html);
    expect((await fetch(`${server.url}/%E0%A4%A`)).status).toBe(400);
    const graphiql = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toMatch(/GraphiQL/);
  });

  it('explore: profiles, use cases, models (search, pages), GPUs and benchmark curves show data', async () => {
    await open('#/explore');
    const profiles = await tableRows('Traffic profiles table');
    expect(profiles.map((r) => r[0])).toEqual(['interactive', 'balanced', 'prefill-heavy', 'long-context']);
    expect(profiles[0]?.slice(1, 3)).toEqual(['512', '256']);
    await screenshot(page, 'explore-profiles-1280');

    await page.getByRole('link', { name: 'Use cases' }).click();
    const useCases = await tableRows('Use cases table');
    expect(useCases).toHaveLength(9);
    const chatbot = useCases.find((r) => r[0]?.includes('chatbot_conversational'));
    expect(chatbot?.slice(3, 6)).toEqual(['150 ms', '25.0 ms', '7,000 ms']);
    await screenshot(page, 'explore-use-cases-1280');

    await page.getByRole('link', { name: 'Models' }).click();
    const firstPage = await tableRows('Models table');
    expect(firstPage).toHaveLength(15);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2 of').waitFor();
    await page.waitForFunction(
      (first) => document.querySelector('[aria-label="Models table"] tbody th')?.textContent !== first,
      firstPage[0]?.[0],
    );
    const secondPage = await tableRows('Models table');
    expect(secondPage).toHaveLength(15);
    expect(secondPage.map((r) => r[0])).not.toContain(firstPage[0]?.[0]);
    await page.getByLabel('Search models').fill('qwen');
    await page.getByText('Page 1 of').waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[aria-label="Models table"] tbody tr')].every((row) =>
        /qwen/i.test(row.textContent ?? ''),
      ),
    );
    const qwen = await tableRows('Models table');
    expect(qwen.length).toBeGreaterThan(0);
    await screenshot(page, 'explore-models-1280');

    await page.getByRole('link', { name: 'GPUs' }).click();
    const gpus = await tableRows('GPUs table');
    expect(gpus).toHaveLength(12);
    const h100 = gpus.find((r) => r[0]?.startsWith('H100'));
    expect(h100?.[5]).toBe('$4.50');
    expect(h100?.[6]).toBe('$3,285'); // 4.50 × 730 h
    await screenshot(page, 'explore-gpus-1280');

    await page.getByRole('link', { name: 'Benchmark curves' }).click();
    const rows = await tableRows('Benchmark rows table');
    expect(rows.length).toBeGreaterThan(3);
    // Synthetic curves: more load, more latency.
    const e2e = rows.map((r) => ms((r[5] ?? '').split('/')[1] ?? ''));
    expect(e2e.at(-1)).toBeGreaterThan(e2e[0] ?? Infinity);
    expect(await page.locator('figure.chart svg path').count()).toBeGreaterThan(0);
    await page.getByRole('radio', { name: 'TTFT' }).check();
    await page.getByRole('img', { name: /TTFT p95 vs requests/ }).waitFor();
    await screenshot(page, 'explore-curves-1280');
  });

  it('plan: describe a chatbot → spec → recommendations; changing the priority re-ranks', async () => {
    await open('#/plan');
    const useCase = page.getByLabel('Use case');
    await page
      .getByRole('textbox', { name: 'Describe your workload' })
      .fill('A customer-support chatbot for 5,000 users.');
    await page.getByRole('button', { name: 'Build spec' }).click();
    await useCase.waitFor();
    expect(await useCase.inputValue()).toBe('chatbot_conversational');
    expect(await page.getByLabel('Users', { exact: true }).inputValue()).toBe('5000');
    // The template's targets show as placeholders.
    expect(await page.getByLabel('TTFT (ms)').getAttribute('placeholder')).toBe('150');

    await page.locator('[data-testid=recommendation-row]').first().waitFor();
    await screenshot(page, 'plan-spec-1280');
    await page.getByRole('radio', { name: /^Cost/ }).check();
    const byCost = await waitForRanking([]);
    const costs = byCost.map((r) => money(r[5] ?? ''));
    expect(costs.length).toBeGreaterThan(1);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    await screenshot(page, 'plan-1280');

    await page.getByRole('radio', { name: /^Latency/ }).check();
    const byLatency = await waitForRanking(byCost);
    const e2e = byLatency.map((r) => ms(r[8] ?? ''));
    expect(e2e).toEqual([...e2e].sort((a, b) => a - b));
    expect(byLatency.map((r) => r.slice(1, 3))).not.toEqual(byCost.map((r) => r.slice(1, 3)));

    // What-if on the load: 10× the users needs at least as many replicas for the top pick.
    const replicasBefore = Number(byLatency[0]?.[3]);
    await page.getByLabel('Users', { exact: true }).fill('50000');
    const heavier = await waitForRanking(byLatency);
    expect(Number(heavier[0]?.[3])).toBeGreaterThanOrEqual(replicasBefore);

    await page.getByRole('button', { name: /^Show details of rank 1:/ }).click();
    await page.getByRole('heading', { name: 'Why this configuration' }).waitFor();
    expect(await page.locator('.rec-detail pre.explanation').textContent()).toMatch(/Replicas: ceil\(/);
    await screenshot(page, 'plan-details-1280');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'plan-375');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('deploy: the Deploy… link carries the recommendation → dry run → deploy → live pods → test prompt → delete', async () => {
    await open('#/plan');
    if (!(await page.locator('[data-testid=recommendation-row]').count())) {
      await page.getByRole('button', { name: 'Start from a blank spec' }).click();
    }
    const first = page.locator('[data-testid=recommendation-row]').first();
    await first.waitFor();
    const [rank, , gpu] = await first.locator('td').allTextContents();
    expect(rank).toBe('1');
    await first.getByRole('link', { name: /^Deploy rank 1/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Deploy' }).waitFor();
    const heading = (await page.locator('main h2').first().textContent()) ?? '';
    expect(heading).toContain(` on ${(gpu ?? '').trim()}`);
    const hfRepo = heading.slice(0, heading.lastIndexOf(' on '));
    await screenshot(page, 'deploy-1280');

    await page.getByRole('radio', { name: /^Simulator/ }).check();
    await page.getByRole('button', { name: 'Preview manifests' }).click();
    const yaml = page.getByLabel('Manifests YAML');
    await yaml.waitFor();
    expect(await yaml.textContent()).toMatch(/kind: InferenceService/);
    await screenshot(page, 'deploy-dry-run-1280');

    const deployedName = await page.getByLabel('Name', { exact: true }).inputValue();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.waitForURL(/#\/deploy\?deployment=/);
    const phase = page.getByTestId('deployment-phase');
    await phase.waitFor();
    // Pods exist but are not ready yet (the fake cluster readies them after 3 s): the page shows it live.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[aria-label="Pods table"] tbody tr')].some(
        (row) => row.querySelectorAll('td')[2]?.textContent === 'no',
      ),
    );
    expect(await phase.textContent()).not.toBe('READY');
    await screenshot(page, 'deploy-pods-starting-1280');
    await page
      .waitForFunction(
        () => document.querySelector('[data-testid=deployment-phase]')?.textContent === 'READY',
        undefined,
        { timeout: 30_000 },
      )
      .catch(async (error: unknown) => {
        await screenshot(page, 'deploy-not-ready');
        throw error;
      });
    const pods = await tableRows('Pods table');
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every((p) => p[2] === 'yes')).toBe(true);
    // The log saw the deployment before it was ready.
    expect(await page.locator('.event-log').textContent()).toMatch(/(PENDING|PROGRESSING): 0\/\d+ ready/);

    const simulator = await startSimulator(hfRepo, endpointPort);
    try {
      await page.getByLabel('Prompt', { exact: true }).fill('Say hello.');
      await page.getByRole('button', { name: 'Send' }).click();
      const answer = page.locator('pre.answer');
      await answer.waitFor();
      expect(((await answer.textContent()) ?? '').length).toBeGreaterThan(0);
      expect(await page.locator('.inference .metrics').textContent()).toMatch(
        /TTFT [\d.,]+ ms · total [\d.,]+ (ms|s) · \d+ tokens from http:\/\/127\.0\.0\.1:\d+/,
      );
      await screenshot(page, 'deploy-live-1280');
      await page.setViewportSize({ width: 375, height: 812 });
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshot(page, 'deploy-live-375');
      await page.setViewportSize({ width: 1280, height: 800 });
    } finally {
      await simulator.stop();
    }

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete deployment' }).click();
    await page.waitForURL(/#\/deploy$/);
    await page.getByText('Nothing selected').waitFor();
    // Deleted deployments leave the list.
    await page.waitForFunction(
      (name) =>
        ![...document.querySelectorAll('[aria-label="Deployments table"] tbody tr')].some((row) =>
          row.textContent?.includes(name),
        ),
      deployedName,
    );
  });

  it('benchmarks: start two runs against the simulator, watch progress, read the report, compare', async () => {
    const simulator = await startSimulator('sim-llama-3.1-8b');
    try {
      await open('#/benchmarks');
      await page.getByText('No runs yet').waitFor();
      await screenshot(page, 'benchmarks-empty-1280');
      const recipe = (name: string) =>
        [
          `name: ${name}`,
          'target:',
          `  baseUrl: ${simulator.url}`,
          '  model: sim-llama-3.1-8b',
          'data:',
          '  kind: synthetic',
          '  promptTokens: 128',
          '  outputTokens: 32',
          '  seed: 1',
          'load:',
          '  profile: sweep',
          '  sweepLevels: 2',
          '  concurrency: 16',
          'limits:',
          '  maxSeconds: 2',
          'slo:',
          '  ttftP95Ms: 500',
          '  itlP95Ms: 50',
          '  e2eP95Ms: 5000',
        ].join('\n');

      for (const name of ['e2e-baseline', 'e2e-current']) {
        await open('#/benchmarks');
        await page.getByLabel('Recipe (YAML)').fill(recipe(name));
        await page.getByRole('button', { name: 'Start run' }).click();
        await page.waitForURL(/#\/benchmarks\?run=/);
        await page.getByTestId('run-status').waitFor();
        const samples = await watchProgress(name === 'e2e-baseline' ? 'benchmarks-progress-1280' : null);
        const running = samples.filter((x) => x.status === 'RUNNING');
        // The panel moved while the run was going: requests counted up and the bar advanced.
        expect(new Set(running.map((x) => x.completed)).size).toBeGreaterThan(1);
        expect(new Set(running.map((x) => x.progress)).size).toBeGreaterThan(1);
        expect(samples.at(-1)?.status).toBe('SUCCEEDED');
      }
      runId = new URL(page.url()).hash.split('run=')[1];
      const report = await tableRows('Sweep levels table');
      expect(report.length).toBeGreaterThanOrEqual(3);
      expect(await page.locator('.progress-panel progress').getAttribute('value')).toBe('1');
      await screenshot(page, 'benchmarks-run-1280');

      const runs = await tableRows('Benchmark runs table');
      expect(runs.map((r) => r[0])).toEqual(['e2e-current', 'e2e-baseline']);
      await page.getByLabel('Baseline', { exact: true }).selectOption({ label: 'e2e-baseline (succeeded)' });
      await page.getByLabel('Current', { exact: true }).selectOption({ label: 'e2e-current (succeeded)' });
      await page.getByRole('button', { name: 'Compare' }).click();
      const gate = page.getByTestId('gate-result');
      await gate.waitFor();
      expect(await gate.textContent()).toMatch(/^(PASS|FAIL)/);
      expect((await tableRows('Comparison table')).length).toBeGreaterThan(3);
      await screenshot(page, 'benchmarks-compare-1280');
    } finally {
      await simulator.stop();
    }
  });

  it('phone width: every screen fits 375 px without sideways page scroll', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    try {
      // (Plan and the live deployment were checked at 375 px in their own steps.)
      const screens: [string, string, string][] = [
        ['#/explore', 'explore-375', '[aria-label="Traffic profiles table"] tbody tr'],
        [`#/benchmarks?run=${runId ?? ''}`, 'benchmarks-375', '[aria-label="Sweep levels table"] tbody tr'],
      ];
      for (const [hash, name, ready] of screens) {
        await open(hash);
        await page.locator(ready).first().waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await screenshot(page, name);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('no uncaught errors in the page, and no request to another origin on any screen', () => {
    expect(pageErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });
});
