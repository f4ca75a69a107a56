import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';
import { buildClient, openPage, recordOffOrigin, screenshot, startCompass, type Child } from './harness.js';

/**
 * The Plan screen against the user's own cluster, prices and models, in Chromium: the free GPUs per
 * type from clusterInventory (fake Kubernetes API with some GPUs taken), the "your cluster" toggle
 * keeping only plans that fit them, a price-list picker (costs shown in the list's currency), and a
 * model added from an uploaded config.json that is then planned. A second server without a cluster
 * shows the no-cluster message. Any request to another origin fails the test.
 */

let cluster: FakeK8s;
let server: Child;
let bare: Child;
let browser: Browser;
let page: Page;
let offOrigin: string[] = [];
let pageErrors: string[] = [];

/** Llama 3.2 1B's published config.json, renamed: a model the catalog does not have. */
const TINY_CONFIG = JSON.stringify({
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 2048,
  num_hidden_layers: 16,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  head_dim: 64,
  intermediate_size: 8192,
  vocab_size: 128256,
  tie_word_embeddings: true,
  max_position_embeddings: 131072,
  torch_dtype: 'bfloat16',
});
const TINY = 'acme/tiny-llama-1b';

beforeAll(async () => {
  buildClient();
  cluster = await startFakeK8s({ namespace: 'compass' });
  cluster.addNode({ name: 'h100-a', product: 'NVIDIA-H100-80GB-HBM3', gpus: 8 });
  cluster.addNode({ name: 'l4-a', product: 'NVIDIA-L4', gpus: 4 });
  cluster.addGpuPod({ namespace: 'team-a', name: 'train', nodeName: 'h100-a', gpus: 6 });
  cluster.addGpuPod({ namespace: 'team-a', name: 'serve', nodeName: 'l4-a', gpus: 1 });
  [server, bare] = await Promise.all([
    startCompass({ KUBECONFIG: cluster.kubeconfigPath, COMPASS_NAMESPACES: 'compass' }),
    startCompass({ KUBECONFIG: '' }),
  ]);
  await graphql(
    `
      mutation ($input: SetPriceListInput!) {
        setPriceList(input: $input) {
          name
        }
      }
    `,
    {
      input: {
        name: 'team-eu',
        currency: 'EUR',
        description: 'Our reserved rates',
        entries: ['H100', 'L4'].map((gpu, i) => ({
          gpu,
          provider: 'ovh',
          region: 'gra',
          pricingModel: 'RESERVED',
          hourlyPrice: i === 0 ? 2.1 : 0.35,
          effectiveFrom: '2026-01-01',
        })),
      },
    },
  );
  ({ browser, page, offOrigin, pageErrors } = await openPage(server.url, {
    width: 1280,
    height: 900,
  }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await bare?.stop();
  await cluster?.close();
});

async function graphql(query: string, variables: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function rows(): Promise<string[][]> {
  return page
    .locator('[data-testid=recommendation-row]')
    .evaluateAll((list) =>
      list.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())),
    );
}

/** Waits until nothing is pending and `check` holds for the recommendation rows; returns them. */
async function settle(check: (rows: string[][]) => boolean, what: string): Promise<string[][]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pending = await page.locator('.updating').count();
    const current = await rows();
    if (pending === 0 && current.length > 0 && check(current)) return current;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(current)}`);
    await page.waitForTimeout(100);
  }
}

const gpuOf = (row: string[]) => (row[2] ?? '').split('×')[1]?.trim() ?? '';
const gpusOf = (row: string[]) => Number(row[4]);

describe('Plan: your cluster, prices and models', () => {
  it('shows the free GPUs, fits the plan to them, prices it from a list and plans an added model', async () => {
    await page.goto(`${server.url}/#/plan`);
    await page.getByRole('button', { name: 'Start from a blank spec' }).click();
    const options = page.getByRole('region', { name: 'Your cluster, prices and models' });
    await options.locator('.cluster-gpus tbody tr').first().waitFor();
    const inventory = await options
      .locator('.cluster-gpus tbody tr')
      .evaluateAll((list) =>
        list.map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim())),
      );
    expect(inventory).toEqual([
      ['H100', '2', '8', '1'],
      ['L4', '3', '4', '1'],
    ]);

    await page.getByRole('radio', { name: /^Cost/ }).check();
    const all = await settle(() => true, 'the first ranking');
    expect(all.some((r) => !['H100', 'L4'].includes(gpuOf(r)))).toBe(true);

    await page.getByLabel("Only plans that fit the cluster's free GPUs").check();
    const free: Record<string, number> = { H100: 2, L4: 3 };
    const fitted = await settle(
      (list) => list.every((r) => (free[gpuOf(r)] ?? -1) >= gpusOf(r)),
      'plans that fit the free GPUs',
    );
    expect(fitted.length).toBeGreaterThan(0);

    await page.getByLabel('Price list').selectOption('team-eu');
    const priced = await settle((list) => list.every((r) => (r[5] ?? '').endsWith('EUR')), 'EUR costs');
    expect(priced.every((r) => (free[gpuOf(r)] ?? -1) >= gpusOf(r))).toBe(true);

    await page.getByLabel('Hugging Face repo').fill(TINY);
    await page.getByLabel('config.json file').setInputFiles({
      name: 'config.json',
      mimeType: 'application/json',
      buffer: Buffer.from(TINY_CONFIG),
    });
    await expect.poll(() => page.getByLabel('or paste it').inputValue()).toBe(TINY_CONFIG);
    await page.getByRole('button', { name: 'Add model' }).click();
    const added = page.locator('.added-model');
    await added.waitFor();
    expect(await added.textContent()).toMatch(
      /^Added acme\/tiny-llama-1b: 1\.24 B parameters, 2\.47 GB of BF16 weights, 32 KiB of KV cache per token\./,
    );
    // Added → urql refetches recommend (its Model results are stale) and the new model is planned.
    const withTiny = await settle(
      (list) => list.some((r) => (r[1] ?? '').startsWith('tiny-llama-1b')),
      'the added model among the recommendations',
    );
    const tiny = withTiny.find((r) => (r[1] ?? '').startsWith('tiny-llama-1b'));
    expect(tiny?.[1]).toContain('estimate');
    expect(tiny?.[5]).toMatch(/EUR$/);
    expect(free[gpuOf(tiny ?? [])]).toBeGreaterThanOrEqual(gpusOf(tiny ?? []));
    await screenshot(page, 'plan-cluster-prices-model');
  });

  it('says so when no cluster is configured, and leaves the toggle off', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const bareOffOrigin = recordOffOrigin(context, bare.url);
    const other = await context.newPage();
    other.on('pageerror', (error) => pageErrors.push(error.message));
    await other.goto(`${bare.url}/#/plan`);
    await other.getByRole('button', { name: 'Start from a blank spec' }).click();
    const message = other.locator('.cluster-message');
    await message.waitFor();
    expect(await message.textContent()).toMatch(/^No cluster configured: .+Plans use the whole catalog\.$/);
    expect(await other.getByLabel("Only plans that fit the cluster's free GPUs").isDisabled()).toBe(true);
    await screenshot(other, 'plan-no-cluster');
    await context.close();
    expect(bareOffOrigin).toEqual([]);
  });

  it('made no request to another origin and threw no page errors', () => {
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
