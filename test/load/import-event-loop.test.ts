import { describe, expect, it } from 'vitest';
import { parseImport } from '../../server/domains/knowledge/import/index.js';
import { parseImportOffThread } from '../../server/domains/knowledge/import/parse-off-thread.js';
import { summariesJson } from '../helpers/import-content.js';

/**
 * What an API import costs the server's other requests: the longest the event loop goes without
 * turning (a 5 ms timer's largest gap) while a 40,000-row file (≈19 MB) is parsed in the thread and
 * off it, measured in the same run.
 */
async function longestGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await work();
  clearInterval(timer);
  return Math.max(longest, performance.now() - last);
}

describe('API imports and the event loop', () => {
  it('keeps the loop turning while a 40,000-row import is parsed', { timeout: 120_000 }, async () => {
    const content = summariesJson(40_000);
    const inThread = await longestGap(async () => parseImport('SUMMARIES_JSON', content));
    const offThread = await longestGap(() => parseImportOffThread('SUMMARIES_JSON', content));
    console.log(
      `${(content.length / 1e6).toFixed(1)} MB import: longest event-loop gap ${inThread.toFixed(0)} ms parsed in the thread, ` +
        `${offThread.toFixed(0)} ms on a worker thread (${(inThread / offThread).toFixed(1)}× shorter)`,
    );
    expect(offThread).toBeLessThan(inThread / 2);
  });
});
