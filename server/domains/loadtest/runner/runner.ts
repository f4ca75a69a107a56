import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import {
  isOpenLoop,
  planLevels,
  resolveSweepRates,
  sweepRates,
  DEFAULT_SWEEP_LEVELS,
  type LevelPlan,
} from './load-profiles.js';
import { mixSeed } from './prompts.js';
import { RECIPE_LIMITS, type Recipe } from '../recipe.js';
import { prepareTarget } from './kinds/index.js';
import type { SendRequest } from './kinds/openai.js';
import type { Measured, PreparedTarget } from './kinds/types.js';
import { seedFromString } from '../../../kernel/rng.js';
import {
  INCOMPLETE_PREFIX,
  summarizeLevel,
  type LevelSummary,
  type RequestPhase,
  type RequestRecord,
} from '../report/run-summary.js';
import {
  constantArrivals,
  dispatchOpenLoop,
  poissonArrivals,
  PhaseController,
  runClosedLoop,
  type Phase,
} from './scheduler.js';
import { RollingWindow } from '../analysis/stats.js';
import { constantOffsetMs, globalSeq, shardLevel, shardShare, SINGLE_SHARD, type Shard } from './shards.js';

export type { LevelSummary, RequestRecord, RequestPhase } from '../report/run-summary.js';
export type { LevelPlan } from './load-profiles.js';

/**
 * Runs a recipe: every level × repetition, each with its warm-up, measurement window and cool-down.
 * No database, queue or GraphQL here; the caller (the job worker, the CLI, tests) gets records,
 * summaries and progress through hooks and the returned result.
 */

export interface RunProgress {
  phase: 'WARMUP' | 'MEASURING' | 'COOLDOWN' | 'DONE';
  /** Index of the level running (null before the first). */
  level: number | null;
  /** Number of levels in the plan. */
  levels: number;
  /** Requests finished in this run so far (all phases). */
  completedRequests: number;
  erroredRequests: number;
  elapsedSeconds: number;
  /** Successful completions per second over the last few seconds. */
  currentRps: number | null;
  /** p95s over the successful requests of the last few seconds. */
  ttftP95Ms: number | null;
  itlP95Ms: number | null;
  e2eP95Ms: number | null;
}

export interface LevelStart {
  level: LevelPlan;
  repetition: number;
  levels: number;
}

export type { SendRequest } from './kinds/openai.js';

export interface RunHooks {
  onLevelStart?: (start: LevelStart) => void | Promise<void>;
  /** Called as each request finishes; not awaited in the send path (a level waits for all of them before it ends). */
  onRequest?: (record: RequestRecord) => void | Promise<void>;
  /** Called after each level × repetition; awaited. Not called for a level interrupted by cancellation. */
  onLevelDone?: (summary: LevelSummary) => void | Promise<void>;
  /** At most PROGRESS_INTERVAL_MS apart, plus a final DONE. */
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
  /** Resume: skip the levels before this index (their results are the caller's). */
  startFromLevel?: number;
  /** Summaries of earlier attempts; a resumed sweep takes its probe rates from them instead of re-probing. */
  priorSummaries?: readonly LevelSummary[];
  /** Directory a dataset path is relative to (default: cwd). */
  baseDir?: string;
  /** Keep every record in the result for export (default true). */
  keepRequests?: boolean;
  /** Seam for tests: replaces the HTTP client of an openai target. */
  send?: SendRequest;
  /** Run only this shard's share of every level (a multi-worker run; runner/shards.ts). */
  shard?: Shard;
}

export interface RunResult {
  recipe: Recipe;
  startedAt: Date;
  finishedAt: Date;
  cancelled: boolean;
  startFromLevel: number;
  /** The plan, with a sweep's rates filled in once known. */
  levels: LevelPlan[];
  summaries: LevelSummary[];
  /** Records of this attempt's levels (empty when keepRequests is false). */
  requests: RequestRecord[];
}

export const PROGRESS_INTERVAL_MS = 250;
const DRAIN_CHECK_MS = 50;
/** Rolling window of the live p95s and rate. */
export const PROGRESS_WINDOW_MS = 5_000;

const PROGRESS_PHASE: Record<Phase, RunProgress['phase']> = {
  warmup: 'WARMUP',
  measure: 'MEASURING',
  cooldown: 'COOLDOWN',
};

interface LevelOutcome {
  summary: LevelSummary;
  records: RequestRecord[];
  cancelled: boolean;
}

/** Live counters behind the progress events. */
class ProgressTracker {
  completed = 0;
  errored = 0;
  level: number | null = null;
  phaseOf: () => Phase | null = () => null;
  private readonly ttft = new RollingWindow(PROGRESS_WINDOW_MS);
  private readonly itl = new RollingWindow(PROGRESS_WINDOW_MS);
  private readonly e2e = new RollingWindow(PROGRESS_WINDOW_MS);
  private readonly finished = new RollingWindow(PROGRESS_WINDOW_MS);

  constructor(
    private readonly startMs: number,
    private readonly levels: number,
  ) {}

  record(record: RequestRecord): void {
    const now = performance.now();
    if (!record.ok) {
      this.errored++;
      return;
    }
    this.completed++;
    this.finished.add(1, now);
    if (record.ttftMs !== null) this.ttft.add(record.ttftMs, now);
    if (record.itlMs !== null) this.itl.add(record.itlMs, now);
    if (record.e2eMs !== null) this.e2e.add(record.e2eMs, now);
  }

  snapshot(done = false): RunProgress {
    const now = performance.now();
    const phase = this.phaseOf();
    return {
      phase: done ? 'DONE' : PROGRESS_PHASE[phase ?? 'warmup'],
      level: this.level,
      levels: this.levels,
      completedRequests: this.completed,
      erroredRequests: this.errored,
      elapsedSeconds: (now - this.startMs) / 1000,
      currentRps: this.finished.count(now) > 0 ? this.finished.ratePerSecond(now) : null,
      ttftP95Ms: this.ttft.p95(now),
      itlP95Ms: this.itl.p95(now),
      e2eP95Ms: this.e2e.p95(now),
    };
  }
}

function meanRps(summaries: readonly LevelSummary[], levelIndex: number): number | null {
  const matching = summaries.filter((s) => s.levelIndex === levelIndex);
  if (matching.length === 0) return null;
  return matching.reduce((sum, s) => sum + s.requestsPerSecond, 0) / matching.length;
}

function poissonSeed(recipe: Recipe): number {
  if (recipe.load.seed !== undefined) return recipe.load.seed;
  return recipe.data?.kind === 'synthetic' ? recipe.data.seed : seedFromString(recipe.name);
}

/** onRequest results: not awaited one by one (that would delay sends), but all settled before a level ends. */
class HookTracker {
  private readonly pending = new Set<Promise<void>>();
  private error: { value: unknown } | null = null;

  call(hook: () => void | Promise<void>): void {
    let result: Promise<void>;
    try {
      result = Promise.resolve(hook());
    } catch (error) {
      result = Promise.reject(error);
    }
    const settled = result.catch((error: unknown) => {
      this.error ??= { value: error };
    });
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
  }

  /** Waits for every call so far and rethrows the first failure. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    if (this.error) throw this.error.value;
  }
}

interface LevelContext {
  recipe: Recipe;
  hooks: RunHooks;
  target: PreparedTarget;
  progress: ProgressTracker;
}

async function runLevel(
  ctx: LevelContext,
  whole: LevelPlan,
  repetition: number,
  emit: boolean,
): Promise<LevelOutcome> {
  const { recipe, hooks, target, progress } = ctx;
  const shard = hooks.shard ?? SINGLE_SHARD;
  const level = shardLevel(whole, shard);
  const levelAbort = new AbortController();
  setMaxListeners(0, levelAbort.signal); // one listener per in-flight request
  let drainTimedOut = false;
  let drainTimer: NodeJS.Timeout | undefined;
  const onCancel = () => levelAbort.abort();
  if (hooks.signal?.aborted) levelAbort.abort();
  else hooks.signal?.addEventListener('abort', onCancel, { once: true });

  const drainSeconds = recipe.limits.drainSeconds;
  const phases = new PhaseController({
    warmupMs: recipe.warmupSeconds * 1000,
    measureMs: recipe.limits.maxSeconds !== undefined ? recipe.limits.maxSeconds * 1000 : Infinity,
    cooldownMs: recipe.cooldownSeconds * 1000,
    maxRequests:
      recipe.limits.maxRequests === undefined ? Infinity : shardShare(recipe.limits.maxRequests, shard),
  });

  const records: RequestRecord[] = [];
  const hookCalls = new HookTracker();
  const stream = level.index * 1000 + repetition;
  const timeoutMs = recipe.limits.requestTimeoutSeconds * 1000;
  const startedAt = new Date();
  const levelStart = performance.now();
  progress.level = level.index;
  progress.phaseOf = () => phases.phaseAt(performance.now() - levelStart);

  // Closed-loop workers stuck in long requests ask for no new phase, so the end of sending is read
  // off the phase windows by a watchdog rather than noticed at the next send.
  if (drainSeconds !== undefined) {
    drainTimer = setInterval(() => {
      const endsAt = phases.sendingEndsAtMs;
      if (endsAt !== null && performance.now() - levelStart >= endsAt + drainSeconds * 1000) {
        drainTimedOut = true;
        levelAbort.abort();
      }
    }, DRAIN_CHECK_MS);
    drainTimer.unref();
  }

  let inFlight = 0;
  // An open-loop level against a stalled server would pile up requests without end: past the cap an
  // arrival is recorded as failed instead of sent, so memory and sockets stay bounded.
  const issueOrRefuse = async (seq: number, work: unknown, scheduledAt?: number): Promise<Measured> => {
    if (inFlight >= RECIPE_LIMITS.inFlight) {
      const now = performance.now();
      return {
        ok: false,
        aborted: false,
        error: `not sent: ${RECIPE_LIMITS.inFlight} requests already in flight (the client's limit)`,
        scheduledAt: scheduledAt ?? now,
        sentAt: now,
        promptTokens: 0,
        outputTokens: 0,
        ttftMs: null,
        itlMs: null,
        tpotMs: null,
        e2eMs: null,
      };
    }
    inFlight++;
    try {
      return await target.issue(
        {
          level,
          repetition,
          seq,
          stream,
          signal: levelAbort.signal,
          timeoutMs,
          ...(scheduledAt === undefined ? {} : { scheduledAt }),
        },
        work,
      );
    } finally {
      inFlight--;
    }
  };

  /** scheduledAt: the open-loop due time; closed-loop requests are due when they are sent. */
  const execute = async (
    localSeq: number,
    phase: RequestPhase,
    work: unknown,
    scheduledAt?: number,
  ): Promise<void> => {
    const seq = globalSeq(localSeq, shard);
    const measured = await issueOrRefuse(seq, work, scheduledAt);
    let error: string | null = null;
    if (!measured.ok) {
      error = measured.aborted
        ? `${INCOMPLETE_PREFIX}${drainTimedOut ? `still running ${drainSeconds}s after the level stopped sending` : 'run cancelled'}`
        : measured.error;
    }
    const record: RequestRecord = {
      levelIndex: level.index,
      repetition,
      seq,
      phase,
      scheduledMs: measured.scheduledAt - levelStart,
      sentMs: measured.sentAt - levelStart,
      ok: measured.ok,
      error,
      promptTokens: measured.promptTokens,
      outputTokens: measured.outputTokens,
      ttftMs: measured.ok ? measured.ttftMs : null,
      itlMs: measured.ok ? measured.itlMs : null,
      tpotMs: measured.ok ? measured.tpotMs : null,
      e2eMs: measured.ok ? measured.e2eMs : null,
      ...(measured.detail ? { detail: measured.detail } : {}),
    };
    records.push(record);
    progress.record(record);
    const onRequest = hooks.onRequest;
    if (emit && onRequest) hookCalls.call(() => onRequest(record));
  };

  try {
    if (isOpenLoop(level.kind)) {
      const rate = level.rate;
      if (rate === undefined) throw new Error(`level ${level.index} has no rate`);
      const seed = mixSeed(poissonSeed(recipe), level.index, repetition);
      const arrivals =
        level.kind === 'constant'
          ? shifted(
              constantArrivals(rate),
              whole.rate === undefined ? 0 : constantOffsetMs(whole.rate, shard),
            )
          : poissonArrivals(rate, shard.count === 1 ? seed : mixSeed(seed, shard.index));
      const inFlight = new Set<Promise<void>>();
      await dispatchOpenLoop({
        arrivals,
        levelStartMs: levelStart,
        phases,
        signal: levelAbort.signal,
        prepare: (seq, phase) => ({ seq, phase, work: target.work(globalSeq(seq, shard), stream) }),
        fire: (item, scheduledAt) => {
          const pending = execute(item.seq, item.phase, item.work, scheduledAt);
          inFlight.add(pending);
          void pending.finally(() => inFlight.delete(pending));
        },
      });
      while (inFlight.size > 0) await Promise.all(inFlight);
    } else {
      await runClosedLoop({
        concurrency: level.concurrency ?? 1,
        levelStartMs: levelStart,
        phases,
        signal: levelAbort.signal,
        execute: (seq, phase) => execute(seq, phase, target.work(globalSeq(seq, shard), stream)),
      });
    }
  } finally {
    clearInterval(drainTimer);
    hooks.signal?.removeEventListener('abort', onCancel);
  }
  await hookCalls.settle();

  const finishedAt = new Date();
  const summary = summarizeLevel({
    level,
    repetition,
    startedAt,
    finishedAt,
    measureStartMs: phases.measureStartMs,
    measureEndMs: phases.measureEndMs ?? performance.now() - levelStart,
    records,
  });
  const kindMetrics = target.summarise(records.filter((r) => r.phase === 'measure' && r.ok));
  if (kindMetrics) summary.kindMetrics = kindMetrics;
  return { summary, records, cancelled: hooks.signal?.aborted ?? false };
}

/** The arrivals moved later by `offsetMs`. */
function* shifted(arrivals: Iterator<number>, offsetMs: number): Generator<number, void, void> {
  for (let next = arrivals.next(); !next.done; next = arrivals.next()) yield next.value + offsetMs;
}

export async function runRecipe(recipe: Recipe, hooks: RunHooks = {}): Promise<RunResult> {
  const startedAt = new Date();
  const startFromLevel = Math.max(0, hooks.startFromLevel ?? 0);
  const keepRequests = hooks.keepRequests ?? true;
  let levels = planLevels(recipe.load);
  const progress = new ProgressTracker(performance.now(), levels.length);
  const target = await prepareTarget(recipe, {
    levels,
    ...(hooks.baseDir === undefined ? {} : { baseDir: hooks.baseDir }),
    ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
    ...(hooks.send === undefined ? {} : { send: hooks.send }),
  });
  const ctx: LevelContext = { recipe, hooks, target, progress };
  const summaries: LevelSummary[] = [];
  const requests: RequestRecord[] = [];
  let cancelled = hooks.signal?.aborted ?? false;

  const onProgress = hooks.onProgress;
  const ticker = onProgress
    ? setInterval(() => onProgress(progress.snapshot()), PROGRESS_INTERVAL_MS)
    : undefined;
  ticker?.unref();

  // A sweep's constant rates come from its probe levels (0: synchronous, 1: throughput).
  const resolveSweep = async () => {
    const known = [...(hooks.priorSummaries ?? []), ...summaries];
    let lo = meanRps(known, 0);
    let hi = meanRps(known, 1);
    if (lo === null || hi === null) {
      // Resumed past the probes without their summaries: measure them again, silently.
      const probe0 = levels[0];
      const probe1 = levels[1];
      if (!probe0 || !probe1) throw new Error('sweep plan lacks its probe levels');
      const sync = await runLevel(ctx, probe0, 0, false);
      const max = await runLevel(ctx, probe1, 0, false);
      if (sync.cancelled || max.cancelled) return false;
      lo = sync.summary.requestsPerSecond;
      hi = max.summary.requestsPerSecond;
    }
    levels = resolveSweepRates(levels, sweepRates(lo, hi, recipe.load.sweepLevels ?? DEFAULT_SWEEP_LEVELS));
    return true;
  };

  try {
    for (let index = startFromLevel; index < levels.length && !cancelled; index++) {
      let level = levels[index];
      if (level && level.kind === 'constant' && level.rate === undefined) {
        if (!(await resolveSweep())) {
          cancelled = true;
          break;
        }
        level = levels[index];
      }
      if (!level) break;
      for (let repetition = 0; repetition < recipe.repetitions; repetition++) {
        await hooks.onLevelStart?.({ level, repetition, levels: levels.length });
        const outcome = await runLevel(ctx, level, repetition, true);
        if (keepRequests) for (const record of outcome.records) requests.push(record);
        if (outcome.cancelled) {
          cancelled = true;
          break;
        }
        summaries.push(outcome.summary);
        await hooks.onLevelDone?.(outcome.summary);
      }
    }
  } finally {
    if (ticker) clearInterval(ticker);
    await target.close();
  }
  cancelled ||= hooks.signal?.aborted ?? false;
  progress.phaseOf = () => null;
  onProgress?.(progress.snapshot(true));
  return {
    recipe,
    startedAt,
    finishedAt: new Date(),
    cancelled,
    startFromLevel,
    levels,
    summaries,
    requests,
  };
}
