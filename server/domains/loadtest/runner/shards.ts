import type { LevelPlan } from './load-profiles.js';

/**
 * A run with `workers: N` runs N shards of the same plan at the same time, one per worker process.
 * Shard i of N gets an equal share of every level: rate R/N, concurrency and maxRequests split into
 * integer shares that add up to the whole. Its units take the global sequence numbers i, i + N,
 * i + 2N, … so the N shards together issue exactly the work one worker would (the same prompts and
 * parameters), and a constant-rate shard is offset by i/R so the union of the shards' arrivals is
 * the one-worker schedule 0, 1/R, 2/R, …
 */
export interface Shard {
  index: number;
  count: number;
}

export const SINGLE_SHARD: Shard = { index: 0, count: 1 };

/** Shard i's integer share of `total`: ⌊total/N⌋, plus one for the first total mod N shards. */
export function shardShare(total: number, shard: Shard): number {
  const base = Math.floor(total / shard.count);
  return base + (shard.index < total % shard.count ? 1 : 0);
}

/** The level as shard `shard` runs it. */
export function shardLevel(level: LevelPlan, shard: Shard): LevelPlan {
  if (shard.count === 1) return level;
  return {
    ...level,
    ...(level.rate === undefined ? {} : { rate: level.rate / shard.count }),
    ...(level.concurrency === undefined ? {} : { concurrency: shardShare(level.concurrency, shard) }),
  };
}

/** The global sequence number of a shard's local unit `seq`. */
export function globalSeq(seq: number, shard: Shard): number {
  return seq * shard.count + shard.index;
}

/** Offset (ms) of a constant-rate shard's schedule: shard i starts i/R after shard 0 (R the level's whole rate). */
export function constantOffsetMs(wholeRate: number, shard: Shard): number {
  return (shard.index * 1000) / wholeRate;
}
