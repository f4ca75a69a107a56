/**
 * The `chroma` kind, over Chroma's HTTP API v2: `prepare` (re)creates the collection, adds the
 * seeded vectors in batches (timed: vectors/s) and computes every query's exact top-k; one unit of
 * work is one nearest-neighbour query, scored by recall@k of the returned ids against the exact
 * answer, beside its latency. A level's `kindMetrics`: mean and minimum recall@k, and the add rate.
 *
 * Endpoints (v2): GET /api/v2/heartbeat; under /api/v2/tenants/{t}/databases/{d}:
 * DELETE /collections/{name}, POST /collections {name, metadata}, POST /collections/{id}/add
 * {ids, embeddings}, POST /collections/{id}/query {query_embeddings, n_results, include}.
 */
import { performance } from 'node:perf_hooks';
import type { Recipe } from '../../recipe.js';
import type { ChromaTarget } from '../../recipe-targets.js';
import type { RequestRecord } from '../../report/run-summary.js';
import { exactNeighbours, recallAtK, seededVectors, vectorId } from './vectors.js';
import type { Measured, PreparedTarget, PrepareOptions, UnitContext } from './types.js';

const SETUP_TIMEOUT_MS = 60_000;

export function chromaHeaders(target: ChromaTarget): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(target.apiKey ? { 'x-chroma-token': target.apiKey } : {}),
    ...target.headers,
  };
}

export function chromaBase(target: ChromaTarget): string {
  const root = target.baseUrl.replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  return `${root}/api/v2`;
}

function collectionsUrl(target: ChromaTarget): string {
  return `${chromaBase(target)}/tenants/${encodeURIComponent(target.tenant)}/databases/${encodeURIComponent(target.database)}/collections`;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function call(
  target: ChromaTarget,
  method: string,
  url: string,
  body: unknown,
  signal: AbortSignal,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method,
    headers: chromaHeaders(target),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal,
  });
  const text = await response.text();
  return { status: response.status, json: parseJson(text) };
}

async function expectOk(what: string, request: Promise<{ status: number; json: unknown }>): Promise<unknown> {
  const { status, json } = await request;
  if (status < 200 || status >= 300)
    throw new Error(`chroma ${what}: HTTP ${status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** The ids of the first query's neighbours in a query response, or null if it is not one. */
export function queryIds(json: unknown): string[] | null {
  if (typeof json !== 'object' || json === null) return null;
  const ids = (json as { ids?: unknown }).ids;
  if (!Array.isArray(ids) || !Array.isArray(ids[0])) return null;
  return (ids[0] as unknown[]).filter((id): id is string => typeof id === 'string');
}

export function recallMetrics(
  records: readonly RequestRecord[],
  addVectorsPerSecond: number,
): Record<string, number> {
  const recalls = records.flatMap((r) => (r.detail?.recall === undefined ? [] : [r.detail.recall]));
  const out: Record<string, number> = { addVectorsPerSecond };
  if (recalls.length > 0) {
    out.recallMean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    out.recallMin = Math.min(...recalls);
  }
  return out;
}

export async function prepareChroma(
  recipe: Recipe & { target: ChromaTarget },
  options: PrepareOptions,
): Promise<PreparedTarget<number>> {
  const target = recipe.target;
  const { count, dimensions, queries, k, space, seed, batchSize } = target.vectors;
  const signal = AbortSignal.any([
    AbortSignal.timeout(SETUP_TIMEOUT_MS),
    ...(options.signal ? [options.signal] : []),
  ]);
  await expectOk('heartbeat', call(target, 'GET', `${chromaBase(target)}/heartbeat`, undefined, signal));
  const collections = collectionsUrl(target);
  const removed = await call(
    target,
    'DELETE',
    `${collections}/${encodeURIComponent(target.collection)}`,
    undefined,
    signal,
  );
  if (removed.status >= 500) throw new Error(`chroma delete collection: HTTP ${removed.status}`);
  const created = await expectOk(
    'create collection',
    call(target, 'POST', collections, { name: target.collection, metadata: { 'hnsw:space': space } }, signal),
  );
  const id = (created as { id?: unknown }).id;
  if (typeof id !== 'string') throw new Error('chroma create collection: no id in the response');

  const stored = seededVectors(count, dimensions, seed, 1);
  const addStart = performance.now();
  for (let from = 0; from < count; from += batchSize) {
    const batch = stored.slice(from, from + batchSize);
    await expectOk(
      'add',
      call(
        target,
        'POST',
        `${collections}/${id}/add`,
        { ids: batch.map((_, i) => vectorId(from + i)), embeddings: batch.map((v) => Array.from(v)) },
        AbortSignal.any([AbortSignal.timeout(SETUP_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])]),
      ),
    );
  }
  const addVectorsPerSecond = (count * 1000) / Math.max(1, performance.now() - addStart);

  const queryVectors = seededVectors(queries, dimensions, seed, 2);
  const exact = queryVectors.map((q) => exactNeighbours(q, stored, k, space).map(vectorId));
  const bodies = queryVectors.map((q) => ({
    query_embeddings: [Array.from(q)],
    n_results: k,
    include: ['distances'],
  }));

  const issue = async (unit: UnitContext, query: number): Promise<Measured> => {
    const scheduledAt = unit.scheduledAt ?? performance.now();
    const base = { scheduledAt, promptTokens: 0, outputTokens: 0, ttftMs: null, itlMs: null, tpotMs: null };
    const sentAt = performance.now();
    const timeout = AbortSignal.timeout(unit.timeoutMs);
    try {
      const { status, json } = await call(
        target,
        'POST',
        `${collections}/${id}/query`,
        bodies[query],
        AbortSignal.any([unit.signal, timeout]),
      );
      const end = performance.now();
      const ids = status >= 200 && status < 300 ? queryIds(json) : null;
      if (ids === null) {
        const error = `HTTP ${status}: ${JSON.stringify(json).slice(0, 200)}`;
        return { ...base, ok: false, aborted: false, error, sentAt, e2eMs: null };
      }
      const recall = recallAtK(ids, exact[query] ?? []);
      return {
        ...base,
        ok: true,
        aborted: false,
        error: null,
        sentAt,
        e2eMs: end - scheduledAt,
        detail: { recall },
      };
    } catch (error) {
      const aborted = unit.signal.aborted;
      const message = timeout.aborted
        ? `timed out after ${unit.timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      return { ...base, ok: false, aborted, error: message, sentAt, e2eMs: null };
    }
  };

  return {
    work: (seq, stream) => (seq + stream) % queries,
    issue,
    summarise: (records) => recallMetrics(records, addVectorsPerSecond),
    close: () => Promise.resolve(),
  };
}
