/**
 * The chroma kind's data, all from one seed: `count` stored vectors and `queries` query vectors
 * (standard normal components), and the exact k nearest neighbours of every query, computed here
 * by brute force so the server's approximate (HNSW) answers can be scored as recall@k.
 * Distances follow Chroma's spaces: l2 = squared Euclidean, cosine = 1 − cos θ, ip = 1 − a·b.
 */
import { createRng } from '../../../../kernel/rng.js';
import { mixSeed } from '../prompts.js';

export type VectorSpace = 'l2' | 'cosine' | 'ip';

/** `n` vectors of `dim` components from `seed`; `salt` separates stored from query vectors. */
export function seededVectors(n: number, dim: number, seed: number, salt: number): Float32Array[] {
  const rng = createRng(mixSeed(seed, salt));
  return Array.from({ length: n }, () => {
    const v = new Float32Array(dim);
    for (let i = 0; i < dim; i++) v[i] = rng.normal();
    return v;
  });
}

export function distance(a: Float32Array, b: Float32Array, space: VectorSpace): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  let sq = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    aa += x * x;
    bb += y * y;
    sq += (x - y) * (x - y);
  }
  if (space === 'l2') return sq;
  if (space === 'ip') return 1 - dot;
  return aa === 0 || bb === 0 ? 1 : 1 - dot / Math.sqrt(aa * bb);
}

/** Indices of the k stored vectors nearest to `query`, nearest first (ties: lower index first). */
export function exactNeighbours(
  query: Float32Array,
  stored: readonly Float32Array[],
  k: number,
  space: VectorSpace,
): number[] {
  // A sorted top-k kept by insertion: k is small (≤ 100), so this beats sorting all distances.
  const best: { index: number; d: number }[] = [];
  for (let i = 0; i < stored.length; i++) {
    const d = distance(query, stored[i] as Float32Array, space);
    if (best.length === k && d >= (best[k - 1] as { d: number }).d) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1] as { d: number }).d > d) at--;
    best.splice(at, 0, { index: i, d });
    if (best.length > k) best.pop();
  }
  return best.map((b) => b.index);
}

/** Share of the exact top-k ids among the returned ids, in [0, 1]. */
export function recallAtK(returned: readonly string[], exact: readonly string[]): number {
  if (exact.length === 0) return 1;
  const truth = new Set(exact);
  let hits = 0;
  for (const id of new Set(returned)) if (truth.has(id)) hits++;
  return hits / exact.length;
}

export function vectorId(index: number): string {
  return `v${index}`;
}
