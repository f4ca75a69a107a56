import { targetLabel } from './recipe-targets.js';
import { sealRecipe } from './core/secrets.js';
import { processSecretKey } from './secret-key.js';
import type PgBoss from 'pg-boss';
import type { PrismaClient } from '../../db/clients.js';
import type { BenchmarkRun, Prisma } from '../../db/generated/prisma/client.js';
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.js';
import { orNull, parseInput } from '../../kernel/validation.js';
import type { PubSub } from '../../kernel/events/pubsub.js';
import { RUN_QUEUE, type RunJob } from './jobs.js';
import type { RunProgressEvent } from '../../kernel/events/run-progress.js';
import { parseRecipe, RecipeError, type Recipe } from './recipe.js';
import { gpuNamed } from '../catalog/core/gpu-name.js';
import { appendRunLog } from './run-log.js';
import { redactRecipe } from './core/secrets.js';
import { queueShards } from './shards.js';

/** A run whose worker has not beaten its heart for this long is declared dead (FAILED, resumable). */
export const STALE_RUN_MS = 20_000;

/** Where a run's recipe comes from: YAML text or a JSON value (the recipe itself is `parseRecipe`'s to check). */
const recipeSource = z
  .object({
    recipeYaml: orNull(z.string({ error: 'recipeYaml must be text' })),
    recipe: z.unknown().optional(),
  })
  .refine((input) => Boolean(input.recipeYaml) || (input.recipe !== undefined && input.recipe !== null), {
    error: 'give recipeYaml or recipe',
  });

export function recipeFromInput(raw: { recipeYaml?: string | null; recipe?: unknown }): Recipe {
  const input = parseInput(recipeSource, raw, 'input');
  try {
    return parseRecipe(input.recipeYaml || input.recipe);
  } catch (error) {
    if (error instanceof RecipeError) {
      throw new DomainError('BAD_USER_INPUT', error.message, {
        argument: 'input.recipe',
        issues: error.issues,
      });
    }
    throw error;
  }
}

async function resolveMeasures(
  prisma: PrismaClient,
  recipe: Recipe,
): Promise<Pick<Prisma.BenchmarkRunUncheckedCreateInput, 'modelId' | 'gpuId' | 'gpuCount'>> {
  if (!recipe.measures) return { modelId: null, gpuId: null, gpuCount: null };
  const model = await prisma.model.findUnique({ where: { hfRepo: recipe.measures.model.toLowerCase() } });
  const gpu = await prisma.gpu.findFirst({
    where: gpuNamed(recipe.measures.gpu),
  });
  if (!model)
    throw new DomainError(
      'BAD_USER_INPUT',
      `measures.model "${recipe.measures.model}" is not in the catalog`,
      { argument: 'recipe.measures.model' },
    );
  if (!gpu)
    throw new DomainError('BAD_USER_INPUT', `measures.gpu "${recipe.measures.gpu}" is not a known GPU`, {
      argument: 'recipe.measures.gpu',
    });
  return { modelId: model.id, gpuId: gpu.id, gpuCount: recipe.measures.gpuCount };
}

export function progressOf(run: BenchmarkRun, patch: Partial<RunProgressEvent> = {}): RunProgressEvent {
  const last = (run.lastProgress ?? {}) as Partial<RunProgressEvent>;
  const phase =
    run.status === 'QUEUED'
      ? 'QUEUED'
      : run.status === 'RUNNING'
        ? (last.phase ?? 'MEASURING')
        : run.status === 'SUCCEEDED'
          ? 'DONE'
          : run.status;
  return {
    runId: run.id,
    phase,
    status: run.status,
    level: last.level ?? null,
    levels: last.levels ?? 0,
    completedRequests: last.completedRequests ?? 0,
    erroredRequests: last.erroredRequests ?? 0,
    elapsedSeconds: last.elapsedSeconds ?? 0,
    currentRps: last.currentRps ?? null,
    ttftP95Ms: last.ttftP95Ms ?? null,
    itlP95Ms: last.itlP95Ms ?? null,
    e2eP95Ms: last.e2eP95Ms ?? null,
    message: run.error ?? last.message ?? null,
    at: new Date().toISOString(),
    ...patch,
  };
}

export async function startRun(
  prisma: PrismaClient,
  boss: PgBoss,
  pubsub: PubSub,
  recipe: Recipe,
  secretKey: Buffer = processSecretKey(),
): Promise<BenchmarkRun> {
  const measures = await resolveMeasures(prisma, recipe);
  const data = recipe.data?.kind === 'synthetic' ? recipe.data : null;
  const label = targetLabel(recipe.target);
  return queueRun(prisma, boss, pubsub, {
    name: recipe.name,
    // API key and header values are stored sealed (AES-256-GCM), never in plain text.
    recipe: sealRecipe(recipe, secretKey) as unknown as Prisma.InputJsonValue,
    targetUrl: label.url,
    targetModel: label.model,
    profileKind: recipe.load.profile,
    promptTokens: data?.promptTokens ?? 0,
    outputTokens: data?.outputTokens ?? 0,
    tags: recipe.tags,
    workers: recipe.workers,
    ...measures,
  });
}

async function queueRun(
  prisma: PrismaClient,
  boss: PgBoss,
  pubsub: PubSub,
  data: Prisma.BenchmarkRunUncheckedCreateInput,
): Promise<BenchmarkRun> {
  let run = await prisma.benchmarkRun.create({ data });
  await queueShards(prisma, boss, run.id, run.workers);
  const jobId = await boss.send(RUN_QUEUE, { runId: run.id } satisfies RunJob, { retryLimit: 0 });
  run = await prisma.benchmarkRun.update({ where: { id: run.id }, data: { jobId } });
  await appendRunLog(
    prisma,
    pubsub,
    run.id,
    'info',
    data.rerunOf ? `queued (a rerun of run ${data.rerunOf}, from its stored recipe)` : 'queued',
  );
  pubsub.publish('benchmarkRunProgress', String(run.id), progressOf(run));
  return run;
}

/** The stored recipe of a run, its secrets redacted: what a rerun would send, for validation and target checks. */
export function storedRecipe(run: Pick<BenchmarkRun, 'id' | 'recipe'>): Recipe {
  try {
    return parseRecipe(redactRecipe(run.recipe as Parameters<typeof redactRecipe>[0]));
  } catch (error) {
    if (error instanceof RecipeError) {
      throw new DomainError(
        'CONFLICT',
        `run ${run.id}'s stored recipe is no longer valid: ${error.message}`,
        {
          argument: 'id',
          issues: error.issues,
        },
      );
    }
    throw error;
  }
}

/**
 * A new run from a finished run's stored recipe, byte for byte: its API key and header values stay
 * sealed as they were (the API never opens them; the worker does, with the installation's key).
 */
export async function rerunRun(
  prisma: PrismaClient,
  boss: PgBoss,
  pubsub: PubSub,
  runId: number,
): Promise<BenchmarkRun> {
  const run = await prisma.benchmarkRun.findUnique({ where: { id: runId } });
  if (!run) throw new DomainError('NOT_FOUND', `no benchmark run ${runId}`, { argument: 'id' });
  if (run.status === 'QUEUED' || run.status === 'RUNNING') {
    throw new DomainError('CONFLICT', `run ${runId} is still ${run.status}; rerun it once it ended`, {
      argument: 'id',
    });
  }
  return queueRun(prisma, boss, pubsub, {
    name: run.name,
    recipe: run.recipe as Prisma.InputJsonValue,
    targetUrl: run.targetUrl,
    targetModel: run.targetModel,
    profileKind: run.profileKind,
    promptTokens: run.promptTokens,
    outputTokens: run.outputTokens,
    tags: run.tags,
    modelId: run.modelId,
    gpuId: run.gpuId,
    gpuCount: run.gpuCount,
    workers: run.workers,
    rerunOf: run.id,
  });
}

export async function cancelRun(prisma: PrismaClient, pubsub: PubSub, runId: number): Promise<BenchmarkRun> {
  const run = await prisma.benchmarkRun.findUnique({ where: { id: runId } });
  if (!run) throw new DomainError('NOT_FOUND', `no benchmark run ${runId}`, { argument: 'id' });
  if (run.status !== 'QUEUED' && run.status !== 'RUNNING') {
    throw new DomainError('CONFLICT', `run ${runId} is already ${run.status}`, { argument: 'id' });
  }
  // A RUNNING run's worker sees the status on its next heartbeat and aborts in-flight requests.
  const cancelled = await prisma.benchmarkRun.update({
    where: { id: runId },
    data: { status: 'CANCELLED', ...(run.status === 'QUEUED' ? { finishedAt: new Date() } : {}) },
  });
  pubsub.publish('benchmarkRunProgress', String(runId), progressOf(cancelled, { phase: 'CANCELLED' }));
  if (run.status === 'QUEUED')
    await appendRunLog(prisma, pubsub, runId, 'warn', 'run CANCELLED before it started', true);
  else
    await appendRunLog(
      prisma,
      pubsub,
      runId,
      'warn',
      'cancel requested; the worker stops on its next heartbeat',
    );
  return cancelled;
}

/** Re-queues a FAILED or CANCELLED run; finished levels are kept and the run continues after them. */
export async function resumeRun(
  prisma: PrismaClient,
  boss: PgBoss,
  pubsub: PubSub,
  runId: number,
): Promise<BenchmarkRun> {
  const run = await prisma.benchmarkRun.findUnique({ where: { id: runId } });
  if (!run) throw new DomainError('NOT_FOUND', `no benchmark run ${runId}`, { argument: 'id' });
  if (run.status !== 'FAILED' && run.status !== 'CANCELLED') {
    throw new DomainError(
      'CONFLICT',
      `only FAILED or CANCELLED runs can be resumed; run ${runId} is ${run.status}`,
      { argument: 'id' },
    );
  }
  const requeued = await prisma.benchmarkRun.update({
    where: { id: runId },
    data: {
      status: 'QUEUED',
      error: null,
      finishedAt: null,
      workerId: null,
      heartbeatAt: null,
      attempt: { increment: 1 },
    },
  });
  await queueShards(prisma, boss, runId, run.workers);
  const jobId = await boss.send(RUN_QUEUE, { runId } satisfies RunJob, { retryLimit: 0 });
  const updated = await prisma.benchmarkRun.update({ where: { id: runId }, data: { jobId } });
  await appendRunLog(
    prisma,
    pubsub,
    runId,
    'info',
    `resumed (attempt ${requeued.attempt + 1}) after level ${run.completedLevels}`,
  );
  pubsub.publish('benchmarkRunProgress', String(runId), progressOf(requeued));
  return updated;
}

/**
 * Every server and worker process runs the reaper, so a run whose only worker was killed is still
 * declared FAILED (and can be resumed) by whoever is left.
 */
export function startReaper(
  prisma: PrismaClient,
  pubsub: PubSub,
  staleAfterMs: number,
  onError: (error: unknown) => void,
): () => void {
  const timer = setInterval(
    () => {
      void reapStaleRuns(prisma, pubsub, staleAfterMs).catch(onError);
    },
    Math.max(500, Math.min(5_000, staleAfterMs / 4)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** Marks RUNNING runs whose worker stopped beating as FAILED (resumable): a run is never stuck RUNNING. */
export async function reapStaleRuns(
  prisma: PrismaClient,
  pubsub: PubSub,
  staleAfterMs = STALE_RUN_MS,
): Promise<number[]> {
  const cutoff = new Date(Date.now() - staleAfterMs);
  const stale = await prisma.benchmarkRun.findMany({
    where: {
      status: 'RUNNING',
      OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, startedAt: { lt: cutoff } }],
    },
  });
  const reaped: number[] = [];
  // A helper shard of a multi-worker run (shards.ts) that stopped beating: its share of the load is
  // missing, so the whole run fails, naming the shard, rather than finish short.
  const staleShards = await prisma.benchmarkRunShard.findMany({
    where: {
      status: 'RUNNING',
      shard: { gt: 0 },
      run: { status: 'RUNNING' },
      OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, claimedAt: { lt: cutoff } }],
    },
    include: { run: { select: { workers: true, completedLevels: true } } },
  });
  for (const shard of staleShards) {
    const error = `shard ${shard.shard} of ${shard.run.workers} (worker ${shard.workerId ?? '?'}) stopped responding (last heartbeat ${shard.heartbeatAt?.toISOString() ?? 'never'}); its share of the load is missing, so the run is not reported short: resume to continue after level ${shard.run.completedLevels}`;
    const result = await prisma.benchmarkRun.updateMany({
      where: { id: shard.runId, status: 'RUNNING' },
      data: { status: 'FAILED', finishedAt: new Date(), error },
    });
    await prisma.benchmarkRunShard.updateMany({
      where: { runId: shard.runId, shard: shard.shard, heartbeatAt: shard.heartbeatAt, status: 'RUNNING' },
      data: { status: 'FAILED', error: 'stopped responding' },
    });
    if (result.count === 1) {
      reaped.push(shard.runId);
      const failed = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id: shard.runId } });
      await appendRunLog(prisma, pubsub, shard.runId, 'error', `run FAILED: ${error}`, true);
      pubsub.publish('benchmarkRunProgress', String(shard.runId), progressOf(failed, { phase: 'FAILED' }));
    }
  }
  for (const run of stale) {
    const result = await prisma.benchmarkRun.updateMany({
      where: { id: run.id, status: 'RUNNING', heartbeatAt: run.heartbeatAt },
      data: {
        status: 'FAILED',
        finishedAt: new Date(),
        error: `worker ${run.workerId ?? '?'} stopped responding (last heartbeat ${run.heartbeatAt?.toISOString() ?? 'never'}); resume to continue after level ${run.completedLevels}`,
      },
    });
    if (result.count === 1) {
      reaped.push(run.id);
      const failed = await prisma.benchmarkRun.findUniqueOrThrow({ where: { id: run.id } });
      await appendRunLog(
        prisma,
        pubsub,
        run.id,
        'error',
        `run FAILED: ${failed.error ?? 'worker lost'}`,
        true,
      );
      pubsub.publish('benchmarkRunProgress', String(run.id), progressOf(failed, { phase: 'FAILED' }));
    }
  }
  return reaped;
}
