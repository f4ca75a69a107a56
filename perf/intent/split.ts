// The corpus's fixed split (test/fixtures/intent/README.md): a batch's ids in order, shuffled by
// Fisher–Yates with mulberry32 (server/kernel/rng.ts) seeded 13; the first 70 % are tuning.
import { createRng } from '../../server/kernel/rng.js';

export const SPLIT_SEED = 13;
export const TUNING_SHARE = 0.7;

export function splitBatch(ids: readonly string[]): { tuning: string[]; heldout: string[] } {
  const order = [...ids].sort();
  const rng = createRng(SPLIT_SEED);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const tuningCount = Math.round(TUNING_SHARE * order.length);
  return { tuning: order.slice(0, tuningCount).sort(), heldout: order.slice(tuningCount).sort() };
}
