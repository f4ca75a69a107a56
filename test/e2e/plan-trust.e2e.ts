import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient, openPage, screenshot, startCompass, startSimulator, type Child } from './harness.js';

/**
 * The Plan screen's honesty warning, in Chromium, on the seed data (SYNTHETIC rows only): rank 1 is
 * flagged as resting on no measurement; "Benchmark this configuration" opens a recipe for exactly that
 * model, GPU, GPU count, profile and SLOs against an endpoint typed in (the simulator), starts it, and
 * the run is created with that configuration; once it has succeeded, "Add to the knowledge base" files
 * MEASURED rows that the recommendation of that config then rests on.
 */

const SERVED = 'sim-llama-3.1-8b';
/** A fast simulator (≈ 1 ms a token): every short level then has the successful requests ingest needs. */
const FAST = ['--decode-base-ms', '1', '--decode-ms-per-seq', '0.05', '--prefill-ms-per-token', '0.01'];

let server: Child;
let simulator: Child;
let browser: Browser;
let page: Page;
let offOrigin: string[] = [];
let pageErrors: string[] = [];

beforeAll(async () => {
  buildClient();
  [server, simulator] = await Promise.all([
    startCompass({ KUBECONFIG: '' }),
    startSimulator(SERVED, undefined, FAST),
  ]);
  ({ browser, page, offOrigin, pageErrors } = await openPage(server.url, { width: 1280, height: 900 }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await simulator?.stop();
});

async function graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** The recommendation rows once nothing is pending: [cells, the model cell's title (the HF repo)]. */
async function settledRows(): Promise<{ cells: string[]; hfRepo: string }[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pending = await page.locator('.updating').count();
    const rows = await page.locator('[data-testid=recommendation-row]').evaluateAll((list) =>
      list.map((row) => ({
        cells: [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim()),
        hfRepo: row.querySelector('td.model-cell')?.getAttribute('title') ?? '',
      })),
    );
    if (pending === 0 && rows.length > 0) return rows;
    if (Date.now() > deadline) throw new Error('timed out waiting for the recommendations');
    await page.waitForTimeout(100);
  }
}

interface RunView {
  benchmarkRun: {
    name: string;
    status: string;
    gpuCount: number | null;
    promptTokens: number;
    outputTokens: number;
    targetUrl: string;
    targetModel: string;
    tags: string[];
    model: { hfRepo: string } | null;
    gpu: { type: string } | null;
    recipe: { slo?: unknown; measures?: unknown; load?: { profile?: string } };
  };
}

describe('Plan: the top pick rests on seed data → benchmark this configuration', () => {
  it('warns, prefills a recipe for exactly that config, starts it and files its MEASURED rows', async () => {
    await page.goto(`${server.url}/#/plan`);
    await page.getByRole('button', { name: 'Start from a blank spec' }).click();
    const [top] = await settledRows();
    if (!top) throw new Error('no recommendation');
    const [gpuCount, gpuType] = (top.cells[2] ?? '').split('×').map((s) => s.trim());
    expect(Number(gpuCount)).toBeGreaterThanOrEqual(1);
    expect(top.cells[1]).toContain('synthetic');

    // The spec as the server resolved it: profile and targets.
    const summary = await page.locator('.spec-summary dd').allTextContents();
    const [, prompt, output] = /(\d+) → (\d+) tokens/.exec(summary[1] ?? '') ?? [];
    const targets = (summary[3] ?? '').match(/[\d,.]+ (ms|s)/g) ?? [];
    expect(targets).toHaveLength(3);
    const ms = (text: string) =>
      text.endsWith(' s') ? Number(text.slice(0, -2)) * 1000 : Number(text.replace(/,/g, '').slice(0, -3));
    const [ttft, itl, e2e] = targets.map(ms);

    const warning = page.getByRole('region', { name: /^Rank 1 \(.+\) rests on no measurement$/ });
    await warning.waitFor();
    expect(await warning.getAttribute('data-code')).toBe('MODEL_ONLY');
    expect(await warning.locator('.trust-message').textContent()).toBe(
      `${top.hfRepo} on ${gpuCount} × ${gpuType} at ${prompt}→${output} rests only on SYNTHETIC rows from the ` +
        'synthetic performance model (seed data): nothing measured this configuration. Benchmark this ' +
        'configuration to replace them with measured rows.',
    );
    await screenshot(page, 'plan-trust-warning');

    await warning.getByRole('button', { name: 'Benchmark this configuration' }).click();
    const form = page.getByRole('form', { name: 'Benchmark this configuration' });
    expect(await form.getByLabel('Served model name').inputValue()).toBe(top.hfRepo);
    await form.getByLabel('Endpoint base URL').fill(simulator.url);
    await form.getByLabel('Served model name').fill(SERVED);
    await form.getByLabel('Seconds per level').fill('4');
    const recipe = await form.getByLabel('Benchmark recipe (YAML)').inputValue();
    expect(recipe).toContain(`  baseUrl: "${simulator.url}"\n  model: "${SERVED}"`);
    expect(recipe).toContain(
      `measures:\n  model: "${top.hfRepo}"\n  gpu: "${gpuType}"\n  gpuCount: ${gpuCount}\n`,
    );
    await screenshot(page, 'plan-benchmark-this-configuration');
    // The recipe is editable: a lighter sweep (2 rates, 8 streams in the throughput probe) keeps the test short.
    await form
      .getByLabel('Benchmark recipe (YAML)')
      .fill(recipe.replace('  sweepLevels: 5\n', '  sweepLevels: 2\n  concurrency: 8\n'));
    await form.getByRole('button', { name: 'Start benchmark run' }).click();

    await page.waitForURL(/#\/benchmarks\?run=/);
    const runId = decodeURIComponent(new URL(page.url()).hash.split('run=')[1] ?? '');
    const { benchmarkRun: run } = await graphql<RunView>(
      `
        query ($id: ID!) {
          benchmarkRun(id: $id) {
            name
            status
            gpuCount
            promptTokens
            outputTokens
            targetUrl
            targetModel
            tags
            model {
              hfRepo
            }
            gpu {
              type
            }
            recipe
          }
        }
      `,
      { id: runId },
    );
    expect(run.model?.hfRepo).toBe(top.hfRepo);
    expect(run.gpu?.type).toBe(gpuType);
    expect(run.gpuCount).toBe(Number(gpuCount));
    expect([run.promptTokens, run.outputTokens]).toEqual([Number(prompt), Number(output)]);
    expect(run.recipe.slo).toEqual({ ttftP95Ms: ttft, itlP95Ms: itl, e2eP95Ms: e2e });
    expect(run.recipe.load?.profile).toBe('sweep');
    expect(run.targetModel).toBe(SERVED);
    expect(run.targetUrl.startsWith(simulator.url)).toBe(true);
    expect(run.tags).toEqual(['plan', 'benchmark-this-configuration']);

    // The runs list files it under the same configuration.
    const listed = page.getByRole('link', { name: run.name });
    await listed.waitFor();
    const row = await page
      .locator('tr', { has: listed })
      .evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()));
    expect(row[2]).toBe(`${top.hfRepo.split('/').pop() ?? ''} · ${gpuCount} × ${gpuType}`);
    expect(row[3]).toBe(`sweep ${prompt}→${output}`);

    // It runs against the simulator; once it has succeeded its levels become MEASURED rows of that config.
    const status = page.getByTestId('run-status').filter({ hasText: /^(SUCCEEDED|FAILED|CANCELLED)$/ });
    await status.waitFor({ timeout: 180_000 });
    expect(await status.textContent()).toBe('SUCCEEDED');
    await page.getByRole('button', { name: 'Add to the knowledge base' }).click();
    const filed = page.locator('.ingest-run [role=status]', { hasText: /^Filed as MEASURED rows/ });
    await filed.waitFor();
    const inserted = Number(/: (\d+) inserted, 0 updated\.$/.exec((await filed.textContent()) ?? '')?.[1]);
    expect(inserted).toBeGreaterThan(0);
    await screenshot(page, 'plan-benchmark-filed');

    // Only MEASURED rows counted: that config, and only it, is judged, on exactly the rows filed.
    const answer = await graphql<{
      recommend: {
        recommendations: { confidence: string; evidence: { rowCount: number }; trustWarning: unknown }[];
        nearMisses: { confidence: string; evidence: { rowCount: number } }[];
        rejected: { model: { hfRepo: string }; gpu: { type: string }; gpuCount: number }[];
      };
    }>(
      `
        query ($spec: DeploymentSpecInput!) {
          recommend(spec: $spec) {
            recommendations {
              confidence
              evidence {
                rowCount
              }
              trustWarning {
                code
              }
            }
            nearMisses {
              confidence
              evidence {
                rowCount
              }
            }
            rejected {
              model {
                hfRepo
              }
              gpu {
                type
              }
              gpuCount
            }
          }
        }
      `,
      {
        spec: {
          promptTokens: Number(prompt),
          outputTokens: Number(output),
          slo: { ttftP95Ms: ttft, itlP95Ms: itl, e2eP95Ms: e2e },
          requestsPerSecond: 1,
          gpuTypes: [gpuType],
          sources: ['MEASURED'],
        },
      },
    );
    const judged = [...answer.recommend.recommendations, ...answer.recommend.nearMisses];
    const rejected = answer.recommend.rejected.filter(
      (r) => r.model.hfRepo === top.hfRepo && r.gpu.type === gpuType && r.gpuCount === Number(gpuCount),
    );
    expect(judged.length + rejected.length).toBe(1);
    for (const r of judged) {
      expect(r.confidence).toBe('MEASURED');
      expect(r.evidence.rowCount).toBe(inserted);
    }

    // Back on the Plan screen (the spec kept), the ranking is re-read: that config no longer rests on
    // synthetic rows, and the warning no longer names it as resting on no measurement.
    await page.getByRole('link', { name: 'Plan', exact: true }).click();
    const after = await settledRows();
    const same = after.filter((r) => r.hfRepo === top.hfRepo && r.cells[2] === top.cells[2]);
    for (const r of same) expect(r.cells[1]).not.toContain('synthetic');
    expect(
      await page
        .getByRole('region', {
          name: `Rank 1 (${top.cells[1]?.replace('synthetic', '')} on ${top.cells[2]}) rests on no measurement`,
        })
        .count(),
    ).toBe(0);
    await screenshot(page, 'plan-after-benchmark');
  }, 360_000);

  it('made no request to another origin and threw no page errors', () => {
    expect(offOrigin).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
