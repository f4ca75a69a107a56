/**
 * The `postgres` kind: one unit of work is one TPC-B-like transaction (tpcb.ts) on tables the run
 * creates in its own schema. A closed-loop level of N workers holds N connections (the notes'
 * 1/4/8/16-connection sweeps); an open-loop level shares up to `maxConnections` and a transaction
 * waiting for a free connection is charged that wait, since latency counts from its due time.
 * Each statement is timed: records carry per-statement ms in `detail`, and a level's
 * `kindMetrics` has their p50/p95.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { percentile } from '../../analysis/stats.js';
import type { Recipe } from '../../recipe.js';
import type { PostgresTarget, QueriesWorkload } from '../../recipe-targets.js';
import { readDatasetFile } from '../prompts.js';
import { parseQueryFile, queryParamValues, undeclaredParams, type ParamValues } from './query-file.js';
import type { RequestRecord } from '../../report/run-summary.js';
import { isOpenLoop } from '../load-profiles.js';
import { tpcbParams, tpcbSetup, tpcbTransaction, type TpcbParams } from './tpcb.js';
import type { Measured, PreparedTarget, PrepareOptions, UnitContext } from './types.js';

function clientConfig(target: PostgresTarget, timeoutMs?: number): pg.ClientConfig {
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    ...(target.password === undefined ? {} : { password: target.password }),
    connectionTimeoutMillis: 10_000,
    application_name: 'compass-bench',
    ...(timeoutMs === undefined ? {} : { statement_timeout: Math.round(timeoutMs) }),
  };
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** Connections opened on demand up to `size`; a waiter gets the next one released. */
class ConnectionPool {
  private readonly idle: pg.Client[] = [];
  private readonly all: pg.Client[] = [];
  private readonly waiters: ((client: pg.Client) => void)[] = [];
  private opening = 0;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly size: number,
  ) {}

  async acquire(signal: AbortSignal): Promise<pg.Client> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.all.length + this.opening < this.size) {
      this.opening++;
      const client = new pg.Client(this.config);
      // A broken connection fails its transaction; without a listener it would crash the worker.
      client.on('error', () => undefined);
      try {
        await client.connect();
      } finally {
        this.opening--;
      }
      this.all.push(client);
      return client;
    }
    return new Promise<pg.Client>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(give);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error('aborted'));
      };
      const give = (client: pg.Client) => {
        signal.removeEventListener('abort', onAbort);
        resolve(client);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(give);
    });
  }

  release(client: pg.Client, broken: boolean): void {
    if (broken) {
      this.all.splice(this.all.indexOf(client), 1);
      void client.end().catch(() => undefined);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(client);
    else this.idle.push(client);
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.end().catch(() => undefined)));
    this.all.length = 0;
    this.idle.length = 0;
  }
}

/** Connections the plan needs: the largest closed-loop level, or the target's cap for open-loop levels. */
export function poolSize(target: PostgresTarget, levels: PrepareOptions['levels']): number {
  let size = 1;
  for (const level of levels) {
    size = Math.max(size, isOpenLoop(level.kind) ? target.maxConnections : (level.concurrency ?? 1));
  }
  return size;
}

/** p50 and p95 of each statement's ms over the level's successful transactions. */
export function statementMetrics(records: readonly RequestRecord[]): Record<string, number> | null {
  const byName = new Map<string, number[]>();
  for (const r of records) {
    for (const [name, ms] of Object.entries(r.detail ?? {}))
      byName.set(name, [...(byName.get(name) ?? []), ms]);
  }
  if (byName.size === 0) return null;
  const out: Record<string, number> = {};
  for (const [name, values] of byName) {
    const sorted = values.sort((a, b) => a - b);
    out[`${name}P50Ms`] = percentile(sorted, 0.5);
    out[`${name}P95Ms`] = percentile(sorted, 0.95);
  }
  return out;
}

/** What a unit runs: the statements in order, with values from the unit's work. */
interface Workload<W> {
  setup: string[];
  statements: { name: string; text: string; values: (work: W) => unknown[] }[];
  work: (seq: number, stream: number) => W;
}

function tpcbWorkload(target: PostgresTarget & { workload: { kind: 'tpcb' } }): Workload<TpcbParams> {
  const { scale, seed } = target.workload;
  return {
    setup: tpcbSetup(target.schema, scale),
    statements: tpcbTransaction(target.schema),
    work: (seq, stream) => tpcbParams(scale, seed, stream, seq),
  };
}

/** The user's query file (query-file.ts), and its setup file, read from the datasets folder. */
async function queriesWorkload(workload: QueriesWorkload, baseDir: string): Promise<Workload<ParamValues>> {
  const statements = parseQueryFile(
    await readDatasetFile(workload.path, baseDir, 'query file'),
    workload.path,
  );
  const missing = undeclaredParams(statements, workload.params);
  if (missing.length > 0) {
    throw new Error(`query file ${workload.path}: :${missing.join(', :')} not in target.workload.params`);
  }
  let setup: string[] = [];
  if (workload.setupPath !== undefined) {
    const parsed = parseQueryFile(
      await readDatasetFile(workload.setupPath, baseDir, 'setup file'),
      workload.setupPath,
    );
    const withParams = parsed.find((s) => s.params.length > 0);
    if (withParams)
      throw new Error(
        `setup file ${workload.setupPath}: ${withParams.name} has parameters (only the query file does)`,
      );
    setup = parsed.map((s) => s.text);
  }
  return {
    setup,
    statements: statements.map((s) => ({
      name: s.name,
      text: s.text,
      values: (v) => s.params.map((p) => v[p]),
    })),
    work: (seq, stream) => queryParamValues(workload.params, workload.seed, stream, seq),
  };
}

export async function preparePostgres(
  recipe: Recipe & { target: PostgresTarget },
  options: PrepareOptions,
): Promise<PreparedTarget> {
  const target = recipe.target;
  const workload =
    target.workload.kind === 'tpcb'
      ? tpcbWorkload({ ...target, workload: target.workload })
      : await queriesWorkload(target.workload, options.baseDir ?? process.cwd());
  return runWorkload(recipe, options, workload as Workload<unknown>);
}

async function runWorkload<W>(
  recipe: Recipe & { target: PostgresTarget },
  options: PrepareOptions,
  workload: Workload<W>,
): Promise<PreparedTarget<W>> {
  const target = recipe.target;
  const admin = new pg.Client(clientConfig(target));
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    for (const sql of workload.setup) await admin.query(sql);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const timeoutMs = recipe.limits.requestTimeoutSeconds * 1000;
  const pool = new ConnectionPool(clientConfig(target, timeoutMs), poolSize(target, options.levels));
  const statements = workload.statements;

  const issue = async (unit: UnitContext, params: W): Promise<Measured> => {
    const scheduledAt = unit.scheduledAt ?? performance.now();
    const base = {
      scheduledAt,
      promptTokens: 0,
      outputTokens: 0,
      ttftMs: null,
      itlMs: null,
      tpotMs: null,
    };
    let client: pg.Client;
    try {
      client = await pool.acquire(unit.signal);
    } catch (error) {
      const now = performance.now();
      const aborted = unit.signal.aborted;
      return {
        ...base,
        ok: false,
        aborted,
        error: `connect failed: ${errorText(error)}`,
        sentAt: now,
        e2eMs: null,
      };
    }
    const sentAt = performance.now();
    const detail: Record<string, number> = {};
    let broken = false;
    try {
      for (const statement of statements) {
        const start = performance.now();
        await client.query(statement.text, statement.values(params));
        detail[statement.name] = performance.now() - start;
      }
      const end = performance.now();
      return { ...base, ok: true, aborted: false, error: null, sentAt, e2eMs: end - scheduledAt, detail };
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      return { ...base, ok: false, aborted: false, error: errorText(error), sentAt, e2eMs: null };
    } finally {
      pool.release(client, broken);
    }
  };

  return {
    work: workload.work,
    issue,
    summarise: statementMetrics,
    close: () => pool.close(),
  };
}
