import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRunExports } from '../../server/domains/loadtest/report/export.js';
import type { RequestTiming, StreamingRequest } from '../../server/domains/loadtest/runner/openai-client.js';
import { parseRecipe, type RecipeInput } from '../../server/domains/loadtest/recipe.js';
import {
  runRecipe,
  type LevelSummary,
  type RequestRecord,
  type RunProgress,
  type RunResult,
  type SendRequest,
} from '../../server/domains/loadtest/runner/runner.js';
import { createSimulatorServer, type SimulatorServer } from '../../apps/simulator/server.js';

/**
 * The runner against the real simulator over HTTP (same process, so both share one event loop, as a
 * worst case for timing). Configured latencies at batch 1: TTFT = prefill = 40 ms, ITL = 12 ms.
 */

const TTFT_MS = 40;
const ITL_MS = 12;
const MODEL = 'sim-llama-3.1-8b';

let sim: SimulatorServer;
let baseUrl = '';

beforeAll(async () => {
  sim = createSimulatorServer({
    model: MODEL,
    seed: 1,
    params: {
      prefillBaseMs: TTFT_MS,
      prefillMsPerToken: 0,
      decodeBaseMs: ITL_MS,
      decodeMsPerRunningSeq: 0.05,
      jitterFraction: 0.05,
      maxNumSeqs: 64,
    },
  });
  baseUrl = await sim.listen(0);
});

afterAll(async () => {
  await sim.close();
});

function recipe(patch: Partial<RecipeInput>): RecipeInput {
  return {
    name: 'it',
    target: { baseUrl, model: MODEL, api: 'chat' },
    data: { kind: 'synthetic', promptTokens: 128, outputTokens: 16, seed: 5 },
    load: { profile: 'synchronous' },
    limits: { maxRequests: 12 },
    ...patch,
  };
}

const measured = (records: readonly RequestRecord[]) => records.filter((r) => r.phase === 'measure');

describe('runner against the simulator', () => {
  let syncResult: RunResult;
  const syncRecords: RequestRecord[] = [];
  const syncSummaries: LevelSummary[] = [];
  const progress: RunProgress[] = [];

  it('synchronous: TTFT and ITL match the configured latencies; warm-up is excluded', async () => {
    syncResult = await runRecipe(parseRecipe(recipe({ warmupSeconds: 0.4 })), {
      onRequest: (r) => {
        syncRecords.push(r);
      },
      onLevelDone: (s) => {
        syncSummaries.push(s);
      },
      onProgress: (p) => progress.push(p),
    });
    expect(syncResult.cancelled).toBe(false);
    expect(syncSummaries).toHaveLength(1);
    const summary = syncSummaries[0] as LevelSummary;
    const warmup = syncRecords.filter((r) => r.phase === 'warmup');
    expect(warmup.length).toBeGreaterThanOrEqual(1); // ~0.22 s per request in a 0.4 s warm-up
    expect(measured(syncRecords)).toHaveLength(12);
    expect(summary.completedRequests).toBe(12);
    expect(summary.erroredRequests + summary.incompleteRequests).toBe(0);
    expect(syncResult.requests).toHaveLength(syncRecords.length);

    for (const r of measured(syncRecords)) {
      expect(r.ok).toBe(true);
      expect(r.promptTokens).toBe(128); // the simulator's usage agrees with the prompt generator
      expect(r.outputTokens).toBe(16);
      expect(r.sentMs).toBe(r.scheduledMs); // closed loop: due when sent
      expect(r.scheduledMs).toBeGreaterThanOrEqual(400);
    }
    // A warm-up request would have shifted the stats had it been included: it is not in the summary.
    const ttftErr = summary.ttft.p50 - TTFT_MS;
    const itlErr = summary.itl.mean - ITL_MS;
    console.info(
      `sync: TTFT p50 ${summary.ttft.p50.toFixed(2)} ms (configured ${TTFT_MS}, error ${ttftErr.toFixed(2)} ms); ` +
        `ITL mean ${summary.itl.mean.toFixed(3)} ms (configured ${ITL_MS}, error ${itlErr.toFixed(3)} ms); ` +
        `TPOT mean ${summary.tpotMean.toFixed(3)} ms; E2E p50 ${summary.e2e.p50.toFixed(1)} ms`,
    );
    // Tolerances: the simulator's timers fire ~1–2 ms late and fetch + SSE parsing add ~3 ms, so the
    // measured TTFT sits ~5 ms above the configured one; a client can be late, never early (±2 ms jitter).
    // On a loaded 2-core machine that grows to ~8 ms. TTFT p50 within -3…+12 ms, mean ITL within ±1.5 ms.
    expect(ttftErr).toBeGreaterThan(-3);
    expect(ttftErr).toBeLessThan(12);
    expect(Math.abs(itlErr)).toBeLessThan(1.5);
    // One request at a time: the wall-clock rate of the measured requests, first send to last finish
    const m = measured(syncRecords);
    const wall =
      m.length / (((m.at(-1)?.scheduledMs ?? 0) + (m.at(-1)?.e2eMs ?? 0) - (m[0]?.sentMs ?? 0)) / 1000);
    expect(Math.abs(summary.requestsPerSecond - wall) / wall).toBeLessThan(0.05);
    expect(summary.outputTokensPerSecond).toBeCloseTo(summary.requestsPerSecond * 16, 6);

    // progress: throttled, with a final DONE
    expect(progress.at(-1)?.phase).toBe('DONE');
    expect(progress.at(-1)?.completedRequests).toBe(syncRecords.length);
    const ticks = progress.length - 1;
    expect(ticks).toBeLessThanOrEqual(
      Math.ceil((syncResult.finishedAt.getTime() - syncResult.startedAt.getTime()) / 250) + 1,
    );
    for (const p of progress) expect(['WARMUP', 'MEASURING', 'COOLDOWN', 'DONE']).toContain(p.phase);
    expect(progress.some((p) => p.phase === 'MEASURING' && p.ttftP95Ms !== null)).toBe(true);
  });

  it('exports run.json, requests.jsonl and summary.json', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'compass-run-'));
    try {
      const files = await writeRunExports(path.join(dir, '17'), syncResult);
      const run = JSON.parse(await readFile(files.runJson, 'utf8')) as Record<string, unknown>;
      expect(run).toMatchObject({ runId: '17', name: 'it', cancelled: false });
      expect((run.environment as { node: string }).node).toBe(process.version);
      expect((run.recipe as { load: unknown }).load).toEqual({ profile: 'synchronous' });
      const lines = (await readFile(files.requestsJsonl, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(syncRecords.length);
      expect(Object.keys(JSON.parse(lines[0] as string) as object)).toContain('ttftMs');
      const summary = JSON.parse(await readFile(files.summaryJson, 'utf8')) as {
        levels: { completedRequests: number }[];
      };
      expect(summary.levels[0]?.completedRequests).toBe(12);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('constant 20 req/s open loop: the achieved arrival rate is within 2 % of the target', async () => {
    const rate = 20;
    const result = await runRecipe(
      parseRecipe(
        recipe({
          target: { baseUrl, model: MODEL, api: 'completions' },
          data: { kind: 'synthetic', promptTokens: 64, outputTokens: 8, seed: 9 },
          load: { profile: 'constant', rate },
          limits: { maxSeconds: 10 },
        }),
      ),
    );
    const records = measured(result.requests).sort((a, b) => a.seq - b.seq);
    expect(records).toHaveLength(200); // scheduled at 0, 50, …, 9950 ms
    expect(records.every((r) => r.ok)).toBe(true);
    const first = records[0] as RequestRecord;
    const last = records.at(-1) as RequestRecord;
    expect(last.scheduledMs).toBeCloseTo(9950, 9);
    // Least-squares slope of actual send time against request number: the achieved gap between arrivals.
    // Unlike (n - 1) / (last - first), one request delayed by a descheduled process barely moves it.
    const n = records.length;
    const meanSeq = (n - 1) / 2;
    const meanSent = records.reduce((sum, r) => sum + r.sentMs, 0) / n;
    let sxy = 0;
    let sxx = 0;
    records.forEach((r, i) => {
      sxy += (i - meanSeq) * (r.sentMs - meanSent);
      sxx += (i - meanSeq) ** 2;
    });
    const achieved = 1000 / (sxy / sxx);
    const endToEnd = (n - 1) / ((last.sentMs - first.sentMs) / 1000);
    const lateness = records.map((r) => r.sentMs - r.scheduledMs).sort((a, b) => a - b);
    const p50 = lateness[Math.floor(lateness.length / 2)] as number;
    const p99 = lateness[Math.floor(lateness.length * 0.99)] as number;
    console.info(
      `constant: achieved ${achieved.toFixed(4)} req/s for ${rate} (error ${(((achieved - rate) / rate) * 100).toFixed(3)} %, ` +
        `first-to-last ${endToEnd.toFixed(4)} req/s); ` +
        `send lateness p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${(lateness.at(-1) as number).toFixed(3)} ms; ` +
        `summary ${result.summaries[0]?.requestsPerSecond.toFixed(3)} req/s`,
    );
    expect(Math.abs(achieved - rate) / rate).toBeLessThan(0.02);
    for (const r of records) expect(r.sentMs).toBeGreaterThanOrEqual(r.scheduledMs);
    const summary = result.summaries[0] as LevelSummary;
    expect(summary).toMatchObject({
      loadKind: 'constant',
      targetRate: 20,
      concurrency: null,
      completedRequests: 200,
    });
  });

  it('a sweep probes, then runs constant rates between the synchronous and throughput rates', async () => {
    const result = await runRecipe(
      parseRecipe(
        recipe({
          data: { kind: 'synthetic', promptTokens: 64, outputTokens: 8, seed: 3 },
          load: { profile: 'sweep', sweepLevels: 2, concurrency: 16 },
          limits: { maxSeconds: 1 },
        }),
      ),
    );
    expect(result.summaries.map((s) => s.loadKind)).toEqual([
      'synchronous',
      'throughput',
      'constant',
      'constant',
    ]);
    const [sync, max, c1, c2] = result.summaries as [LevelSummary, LevelSummary, LevelSummary, LevelSummary];
    expect(max.requestsPerSecond).toBeGreaterThan(sync.requestsPerSecond * 3); // batching pays off
    expect(c1.targetRate).toBeCloseTo((sync.requestsPerSecond + max.requestsPerSecond) / 2, 9);
    expect(c2.targetRate).toBeCloseTo(max.requestsPerSecond, 9);
    expect(result.levels.map((l) => l.rate)).toEqual([undefined, undefined, c1.targetRate, c2.targetRate]);
  });

  it('cancellation stops a run quickly and reports it', async () => {
    const abort = new AbortController();
    const done: LevelSummary[] = [];
    const started = performance.now();
    setTimeout(() => abort.abort(), 800);
    const result = await runRecipe(
      parseRecipe(
        recipe({
          data: { kind: 'synthetic', promptTokens: 64, outputTokens: 5000, seed: 2 }, // ~60 s per request
          load: { profile: 'concurrent', concurrency: [4, 8] },
          limits: { maxSeconds: 30 },
        }),
      ),
      { signal: abort.signal, onLevelDone: (s) => void done.push(s) },
    );
    const elapsed = performance.now() - started;
    expect(result.cancelled).toBe(true);
    expect(elapsed).toBeLessThan(3_000);
    expect(done).toHaveLength(0);
    expect(result.requests).toHaveLength(4);
    for (const r of result.requests) {
      expect(r.ok).toBe(false);
      expect(r.error).toBe('incomplete: run cancelled');
      expect(r.outputTokens).toBeGreaterThan(10); // tokens were streaming when it was cut
    }
  });

  it('a target with nothing listening gives errored records, not a crash', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        const free = typeof address === 'object' && address ? address.port : 0;
        probe.close(() => resolve(free));
      });
    });
    const result = await runRecipe(
      parseRecipe(
        recipe({ target: { baseUrl: `http://127.0.0.1:${port}`, model: MODEL }, limits: { maxRequests: 3 } }),
      ),
    );
    expect(result.cancelled).toBe(false);
    expect(result.requests).toHaveLength(3);
    for (const r of result.requests) {
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(/ECONNREFUSED/);
      expect(r.ttftMs).toBeNull();
    }
    expect(result.summaries[0]).toMatchObject({
      completedRequests: 0,
      erroredRequests: 3,
      requestsPerSecond: 0,
    });
  });

  it('HTTP errors from the server are recorded with their status', async () => {
    const result = await runRecipe(
      parseRecipe(recipe({ target: { baseUrl, model: 'no-such-model' }, limits: { maxRequests: 2 } })),
    );
    expect(result.requests.map((r) => r.ok)).toEqual([false, false]);
    // Status and length, never the body (issue 21).
    expect(result.requests[0]?.error).toMatch(/^HTTP 404 \(\d+ bytes\)$/);
  });

  /** A stand-in client: succeeds after `ms` with 4 tokens, or with `hang` waits until aborted. */
  const fakeSend =
    (ms: number, hang = false): SendRequest =>
    (_target, request: StreamingRequest) =>
      new Promise<RequestTiming>((resolve) => {
        const sentAt = performance.now();
        const scheduledAt = request.scheduledAt ?? sentAt;
        const base = {
          scheduledAt,
          sentAt,
          promptTokens: null,
          outputTokens: 0,
          tokenTimes: [],
          firstTokenAt: null,
        };
        const abort = () =>
          resolve({ ...base, ok: false, errorKind: 'aborted', error: 'aborted', endAt: performance.now() });
        request.signal?.addEventListener('abort', abort, { once: true });
        if (hang) return;
        setTimeout(() => {
          request.signal?.removeEventListener('abort', abort);
          const endAt = performance.now();
          const tokenTimes = [endAt - 3, endAt - 2, endAt - 1, endAt];
          resolve({
            ...base,
            ok: true,
            outputTokens: 4,
            tokenTimes,
            firstTokenAt: endAt - 3,
            endAt,
            ttftMs: endAt - 3 - scheduledAt,
            itlMs: 1,
            tpotMs: 1,
            e2eMs: endAt - scheduledAt,
          });
        }, ms);
      });

  it('a resumed sweep takes its rates from earlier summaries and runs only the remaining levels', async () => {
    const prior = (levelIndex: number, rps: number): LevelSummary => ({
      levelIndex,
      repetition: 0,
      loadKind: levelIndex === 0 ? 'synchronous' : 'throughput',
      concurrency: levelIndex === 0 ? 1 : 16,
      targetRate: null,
      startedAt: new Date(0),
      finishedAt: new Date(0),
      durationSeconds: 1,
      completedRequests: 1,
      erroredRequests: 0,
      incompleteRequests: 0,
      requestsPerSecond: rps,
      outputTokensPerSecond: 0,
      meanInputTokens: 0,
      meanOutputTokens: 0,
      ttft: { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 },
      itl: { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 },
      e2e: { mean: 0, p50: 0, p90: 0, p95: 0, p99: 0 },
      tpotMean: 0,
    });
    const done: LevelSummary[] = [];
    const result = await runRecipe(
      parseRecipe(recipe({ load: { profile: 'sweep', sweepLevels: 2 }, limits: { maxRequests: 3 } })),
      {
        startFromLevel: 2,
        priorSummaries: [prior(0, 40), prior(1, 100)],
        send: fakeSend(2),
        onLevelDone: (s) => void done.push(s),
      },
    );
    expect(done.map((s) => [s.levelIndex, s.targetRate, s.completedRequests])).toEqual([
      [2, 70, 3],
      [3, 100, 3],
    ]);
    expect(result.requests.every((r) => r.levelIndex >= 2)).toBe(true);
  });

  it('drainSeconds aborts requests still running after the level stopped sending, as incomplete', async () => {
    const started = performance.now();
    const result = await runRecipe(
      parseRecipe(
        recipe({
          load: { profile: 'concurrent', concurrency: 2 },
          limits: { maxRequests: 2, drainSeconds: 0.2 },
        }),
      ),
      { send: fakeSend(0, true) },
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.cancelled).toBe(false);
    expect(result.requests.map((r) => r.error)).toEqual([
      'incomplete: still running 0.2s after the level stopped sending',
      'incomplete: still running 0.2s after the level stopped sending',
    ]);
    expect(result.summaries[0]).toMatchObject({
      completedRequests: 0,
      erroredRequests: 0,
      incompleteRequests: 2,
    });
  });
});
