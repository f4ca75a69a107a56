import { describe, expect, it } from 'vitest';
import { parseImport } from '../../server/domains/knowledge/import/index.js';
import {
  OFF_THREAD_MIN_CHARS,
  parseImportOffThread,
} from '../../server/domains/knowledge/import/parse-off-thread.js';
import { summariesJson } from '../helpers/import-content.js';

describe('parsing large imports on a worker thread', () => {
  it(
    'gives exactly what the in-thread parser gives, for good and for bad files',
    { timeout: 60_000 },
    async () => {
      const good = summariesJson(5_000);
      expect(good.length).toBeGreaterThan(OFF_THREAD_MIN_CHARS);
      const offThread = await parseImportOffThread('SUMMARIES_JSON', good);
      expect(offThread.rows).toHaveLength(5_000);
      expect(offThread).toEqual(parseImport('SUMMARIES_JSON', good));

      const bad = good.replace('"ttft_p95":70', '"ttft_p95":"fast"');
      const rejected = await parseImportOffThread('SUMMARIES_JSON', bad);
      expect(rejected.rows).toEqual([]);
      expect(rejected.errors[0]).toMatchObject({ row: 1, field: 'ttft_p95' });
      expect(rejected).toEqual(parseImport('SUMMARIES_JSON', bad));

      expect(await parseImportOffThread('SUMMARIES_JSON', `${good.slice(0, -10)}`)).toEqual(
        parseImport('SUMMARIES_JSON', good.slice(0, -10)),
      );
    },
  );
});
