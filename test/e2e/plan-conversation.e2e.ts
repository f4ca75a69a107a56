import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildClient,
  launchBrowser,
  recordOffOrigin,
  screenshot,
  startCompass,
  type Child,
} from './harness.js';

/**
 * The Plan screen as a short conversation, in Chromium against the real server: a description and two
 * follow-ups, each sent to extractIntent with the current spec as its base. After every turn the spec
 * form, the words each field came from and the ranking must all have moved.
 */

let server: Child;
let browser: Browser;
let page: Page;
let offOrigin: string[] = [];
const errors: string[] = [];

beforeAll(async () => {
  buildClient();
  server = await startCompass();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  offOrigin = recordOffOrigin(context, server.url);
  page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

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

/** "1,962 ms" / "12.3 s" → milliseconds (the margin-bar cells start with the value). */
function ms(text: string): number {
  const match = /([\d,.]+)\s*(ms|s)/.exec(text);
  if (!match?.[1]) throw new Error(`no latency in "${text}"`);
  const value = Number(match[1].replace(/,/g, ''));
  return match[2] === 's' ? value * 1000 : value;
}

const gpuOf = (row: string[]) => (row[2] ?? '').split('×')[1]?.trim() ?? '';
const gpusOf = (row: string[]) => Number(row[4]);
const configs = (list: string[][]) => list.map((r) => `${r[1]} ${r[2]} ×${r[3]}`);
const origin = (field: string) => page.locator(`[data-origin-for=${field}]`).textContent();
const checkedGpus = (fieldset = '.gpu-fieldset:not(.gpu-excluded)') =>
  page
    .locator(`${fieldset} input[type=checkbox]:checked`)
    .evaluateAll((list) => list.map((i) => (i.closest('label')?.textContent ?? '').trim().split(' ')[0]));

async function say(text: string, button: 'Build spec' | 'Refine spec', turns: number): Promise<void> {
  const box = page.getByRole('textbox', {
    name: button === 'Build spec' ? 'Describe your workload' : 'Follow-up',
  });
  await box.fill(text);
  await page.getByRole('button', { name: button }).click();
  await page
    .locator('[data-testid=turn]')
    .nth(turns - 1)
    .waitFor({ timeout: 30_000 });
}

describe('Plan: a conversation refines the spec', () => {
  it('walks three turns: the spec, the evidence and the ranking change each time', async () => {
    await page.goto(`${server.url}/#/plan`);
    const users = page.getByLabel('Users', { exact: true });

    // Turn 1: the description.
    await say(
      'A customer-support chatbot for 2,000 users on H100 GPUs, budget $30k a month.',
      'Build spec',
      1,
    );
    await expect.poll(() => users.inputValue(), { timeout: 10_000 }).toBe('2000');
    expect(await page.getByLabel('Use case').inputValue()).toBe('chatbot_conversational');
    expect(await page.getByLabel('Monthly budget (USD)').inputValue()).toBe('30000');
    expect(await checkedGpus()).toEqual(['H100']);
    expect(await origin('users')).toBe('from “2,000 users” (turn 1)');
    expect(await origin('useCaseKey')).toMatch(/^from “.*(chatbot|customer-support).*” \(turn 1\)$/);
    expect(await origin('gpuTypes')).toBe('from “H100” (turn 1)');
    expect(await origin('maxMonthlyCostUsd')).toBe('from “$30k a month” (turn 1)');
    expect(await origin('maxGpus')).toBe('default');
    expect(await origin('priority')).toBe('default');
    const first = await settle((list) => list.every((r) => gpuOf(r) === 'H100'), 'H100-only plans');
    await screenshot(page, 'plan-conversation-1');

    // Turn 2: fewer users, and H100 is ruled out.
    await say("make it 500 users, we can't use H100", 'Refine spec', 2);
    await expect.poll(() => users.inputValue(), { timeout: 10_000 }).toBe('500');
    const gpus = await checkedGpus();
    // An exclusion, not "every other GPU": no allow-list, H100 ticked under "Never use".
    expect(gpus).toEqual([]);
    expect(await checkedGpus('.gpu-excluded')).toEqual(['H100']);
    expect(await origin('excludedGpuTypes')).toBe('from “H100” (turn 2)');
    expect(await origin('users')).toBe('from “500 users” (turn 2)');
    expect(await origin('gpuTypes')).toBe('from “H100” (turn 2)');
    // Carried fields keep the words of the turn that set them.
    expect(await origin('maxMonthlyCostUsd')).toBe('from “$30k a month” (turn 1)');
    expect(await page.locator('[data-testid=turn]').nth(1).textContent()).toContain(
      'Changed: users, GPU types, excluded GPU types.',
    );
    const second = await settle(
      (list) => list.every((r) => gpuOf(r) !== 'H100') && configs(list).join() !== configs(first).join(),
      'plans without H100',
    );
    await screenshot(page, 'plan-conversation-2');

    // Turn 3: latency first, and a GPU cap.
    await say('latency matters more than cost now, at most 4 GPUs', 'Refine spec', 3);
    await expect.poll(() => page.getByLabel('Max GPUs in total').inputValue(), { timeout: 10_000 }).toBe('4');
    expect(await page.getByRole('radio', { name: /^Latency/ }).isChecked()).toBe(true);
    expect(await origin('priority')).toBe('from “latency matters more” (turn 3)');
    expect(await origin('maxGpus')).toBe('from “4 GPUs” (turn 3)');
    expect(await origin('users')).toBe('from “500 users” (turn 2)');
    expect(await users.inputValue()).toBe('500');
    const third = await settle(
      (list) =>
        list.every((r) => gpusOf(r) <= 4 && gpuOf(r) !== 'H100') &&
        configs(list).join() !== configs(second).join(),
      'latency-ranked plans on at most 4 GPUs',
    );
    const e2e = third.map((r) => ms(r[8] ?? ''));
    expect(e2e).toEqual([...e2e].sort((a, b) => a - b));
    expect(await page.locator('[data-testid=turn]').nth(2).textContent()).toContain(
      'Changed: priority, max GPUs.',
    );

    // Editing a field by hand makes it the user's.
    await users.fill('800');
    await expect.poll(() => origin('users'), { timeout: 10_000 }).toBe('edited by you');
    await screenshot(page, 'plan-conversation-3');

    expect(errors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });
});
