import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../perf/intent/corpus.js';
import { splitBatch } from '../../perf/intent/split.js';

describe('intent corpus split (perf/intent/split.ts)', () => {
  it('is deterministic, a partition, 70 % tuning', () => {
    const ids = Array.from({ length: 20 }, (_, i) => String(100 + i));
    const a = splitBatch(ids);
    expect(splitBatch([...ids].reverse())).toEqual(a);
    expect(a.tuning).toHaveLength(14);
    expect([...a.tuning, ...a.heldout].sort()).toEqual(ids);
    // Not simply the first 14 ids.
    expect(a.tuning).not.toEqual(ids.slice(0, 14));
  });

  it.each([
    [2, 170],
    [3, 220],
    [4, 210],
  ])(
    'batch %i of the corpus sits in the parts the seeded split puts it (ids only are compared)',
    (batch, size) => {
      const ids = (part: 'tuning' | 'heldout') =>
        loadCorpus(part)
          .filter((row) => row.batch === batch)
          .map((row) => row.id)
          .sort();
      const tuning = ids('tuning');
      const heldout = ids('heldout');
      expect(tuning.length + heldout.length).toBe(size);
      expect(splitBatch([...tuning, ...heldout])).toEqual({ tuning, heldout });
    },
  );
});
