import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openPage,
  makeDataDir,
  removeDir,
  screenshot,
  startCompass,
  startSimulator,
  type Child,
} from './harness.js';

/**
 * GraphiQL at /graphql in Chromium, as on an air-gapped network (no name resolves but the loopback):
 * the page loads from the server alone, the README's query runs with a token typed into the headers
 * editor, the docs explorer shows the schema, and the RunProgress tab follows a live benchmark run over
 * graphql-ws. Any request to another origin fails the test. Screenshots land in test-results/screenshots/.
 */

let dataDir: string;
let server: Child;
let simulator: Child;
let browser: Browser;
let page: Page;
let offOrigin: string[];
let token: string;
let pageErrors: string[] = [];

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

beforeAll(async () => {
  // First start (open, loopback) only to create a token; the second start sees it and requires tokens,
  // so the headers editor is what makes the queries work.
  dataDir = await makeDataDir();
  const first = await startCompass({}, dataDir);
  try {
    const created = await fetch(`${first.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { createApiToken(name: "e2e", role: OPERATOR) { token } }' }),
    });
    token = ((await created.json()) as { data: { createApiToken: { token: string } } }).data.createApiToken
      .token;
  } finally {
    await first.stop();
  }
  server = await startCompass({}, dataDir);
  simulator = await startSimulator('sim-llama-3.1-8b');
  ({ browser, page, offOrigin, pageErrors } = await openPage(server.url, { width: 1400, height: 900 }));
});

afterAll(async () => {
  await browser?.close();
  await simulator?.stop();
  await server?.stop();
  if (dataDir) await removeDir(dataDir);
});

/** The visible text of one of GraphiQL's panes (Monaco renders spaces as no-break spaces). */
async function paneText(region: string): Promise<string> {
  const text = (await page.getByRole('region', { name: region }).textContent()) ?? '';
  return text.replace(/\u00a0/g, ' ');
}

async function openTab(name: string): Promise<void> {
  await page.getByRole('tab', { name }).getByRole('button', { name, exact: true }).click();
  await page.getByRole('tabpanel', { name }).waitFor();
  // GraphiQL picks the operation to run from the editor's parsed text: let it catch up with the switch.
  await page.waitForFunction(
    (op) => document.querySelector('.graphiql-query-editor')?.textContent?.includes(op),
    name,
  );
  await page.waitForTimeout(300);
}

/** Replaces the content of a Monaco pane (insertText: no auto-closed brackets or quotes). */
async function typeInto(pane: 'Headers' | 'Variables', text: string): Promise<void> {
  const model = pane === 'Headers' ? 'request-headers.json' : 'variables.json';
  await page.locator(`.monaco-editor[data-uri$="-${model}"]`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

async function execute(): Promise<void> {
  await page.getByRole('button', { name: /^Execute query/ }).click();
}

describe('GraphiQL', () => {
  it('loads from the server alone and opens on the README query, with the other examples as tabs', async () => {
    const started = performance.now();
    await page.goto(`${server.url}/graphql`);
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
    console.info(`GraphiQL interactive after ${Math.round(performance.now() - started)} ms`);
    const tabs = await page.getByRole('tablist', { name: 'Select active operation' }).getByRole('tab').all();
    const names = await Promise.all(
      tabs.map(async (tab) => (await tab.getByRole('button').first().textContent())?.trim()),
    );
    expect(names).toEqual(['KnowledgeBase', 'PlanFromText', 'Recommend', 'RunProgress']);
    expect(await paneText('Operation Editor')).toContain('query KnowledgeBase {');
  });

  it('runs the README query with the token typed into the headers editor', async () => {
    await openTab('KnowledgeBase');
    await execute();
    await page.waitForFunction(() =>
      document.querySelector('.graphiql-response')?.textContent?.includes('errors'),
    );
    expect(await paneText('Result Window')).toMatch(/UNAUTHENTICATED|API token/);

    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await typeInto('Headers', JSON.stringify({ Authorization: `Bearer ${token}` }));
    await execute();
    await page.waitForFunction(() =>
      document.querySelector('.graphiql-response')?.textContent?.includes('trafficProfiles'),
    );
    const result = await paneText('Result Window');
    expect(result).toContain('"name": "interactive"');
    expect(result).not.toContain('errors');
    await screenshot(page, 'graphiql-query-1400');
  });

  it('shows the schema in the docs explorer', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const explorer = page.locator('.graphiql-doc-explorer');
    await explorer.getByText('Root Types').waitFor();
    await explorer.getByRole('link', { name: 'Subscription' }).click();
    await explorer.getByText('benchmarkRunProgress').first().waitFor();
    await screenshot(page, 'graphiql-docs-1400');
    await page.getByRole('button', { name: 'Hide Documentation Explorer' }).click();
  });

  it('follows a live benchmark run in the RunProgress tab over graphql-ws', async () => {
    const recipe = [
      'name: graphiql-live',
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
      '  concurrency: 8',
      'limits:',
      '  maxSeconds: 3',
      'slo:',
      '  ttftP95Ms: 500',
      '  itlP95Ms: 50',
      '  e2eP95Ms: 5000',
    ].join('\n');
    const started = await graphql<{ startBenchmarkRun: { run: { id: string } } }>(
      'mutation($recipeYaml: String!) { startBenchmarkRun(input: { recipeYaml: $recipeYaml }) { run { id } } }',
      { recipeYaml: recipe },
    );
    const runId = started.startBenchmarkRun.run.id;

    await openTab('RunProgress');
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await typeInto('Headers', JSON.stringify({ Authorization: `Bearer ${token}` }));
    await page.getByRole('button', { name: 'Variables', exact: true }).click();
    await typeInto('Variables', JSON.stringify({ runId }));
    await execute();

    // The result pane is replaced by each event: sample it until the run has ended.
    const seen: { status: string; completed: number }[] = [];
    const deadline = Date.now() + 90_000;
    let shot = false;
    for (;;) {
      const text = await paneText('Result Window');
      const status = /"status": "(\w+)"/.exec(text)?.[1];
      const completed = Number(/"completedRequests": (\d+)/.exec(text)?.[1] ?? -1);
      if (status) seen.push({ status, completed });
      if (!shot && status === 'RUNNING' && completed > 0) {
        await screenshot(page, 'graphiql-subscription-1400');
        shot = true;
      }
      if (status && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status)) break;
      if (Date.now() > deadline) throw new Error(`run still ${status ?? 'unseen'} after 90 s`);
      await page.waitForTimeout(100);
    }
    expect(seen.at(-1)?.status).toBe('SUCCEEDED');
    expect(shot).toBe(true);
    // Live: several different counts arrived while it ran, not one final answer.
    const running = new Set(seen.filter((s) => s.status === 'RUNNING').map((s) => s.completed));
    expect(running.size).toBeGreaterThan(1);
  });

  it('made no request to another origin, and would have seen one', async () => {
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
    // The recorder is live: a request elsewhere is caught (and fails at once: nothing resolves here).
    await page.evaluate(() => fetch('http://cdn.example.invalid/graphiql.css').catch(() => null));
    expect(offOrigin).toEqual(['http://cdn.example.invalid/graphiql.css']);
  });
});
