// recommend at scale: a scratch database (migrated, catalog seeded) whose benchmarks table is refilled
// with 10k, 100k and 1M synthetic rows (INSERT … SELECT generate_series, in SQL; then VACUUM ANALYZE, as
// autovacuum would after a bulk insert), and at each size, p50/p95 of the whole service call (version
// check, candidate SQL, models/GPUs, planning), beside the raw SQL that fetches the profile's candidate
// rows, in the same run:
// - cold: benchmarks_version bumped before the call (what any write to `benchmarks` does), so every
//   version-keyed cache misses; same process, PostgreSQL's buffers warm (the data is on disk, cached);
// - warm: the same call again (summaries and rows from the caches, planning only);
// - what-if: the same spec with another peak load (summaries cached, bracket rows refetched);
// - ROWS: the reference path (every candidate row fetched and planned in memory), cold and warm: the
//   code before the SQL path, as a peer;
// - fresh process (largest size): the first request of a new Node process (spec resolution + recommend;
//   connections opened on demand, empty caches, cold JIT), process start excluded.
// `npm run bench:recommend`  (ROWS=10000,100000 ROUNDS=20 PEER_ROUNDS=3 FRESH=4 EXPLAIN=1 to change the run)
import { spawn } from 'node:child_process';
import pg from 'pg';
import { createLoaders } from '../server/graphql/loaders.js';
import {
  fetchSourceSummaries,
  LIGHTEST_SQL,
  lightestParameters,
  ROWS_SQL,
  rowsParameters,
  SUMMARY_SQL,
  summaryParameters,
  summarySql,
} from '../server/domains/recommend/candidate-sql.js';
import { rowsRequest, selectSummaries } from '../server/domains/recommend/core/sql-evidence.js';
import { recommendForSpec } from '../server/domains/recommend/service.js';
import {
  resolveSpec,
  type DeploymentSpecInput,
  type ResolvedSpec,
} from '../server/domains/recommend/spec.js';
import type { SqlReader } from '../server/db/clients.js';
import {
  benchClients,
  benchPostgres,
  heading,
  loadAverageLine,
  machineLine,
  scratchDatabase,
  table,
  timingsSummary,
  verdict,
} from './support.js';

const SIZES = (process.env.ROWS ?? '10000,100000,1000000').split(',').map(Number);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
/** Rounds of the ROWS peer (it takes seconds per cold call at 1M rows). */
const PEER_ROUNDS = Number(process.env.PEER_ROUNDS ?? 3);
/** Fresh-process first calls per spec at the largest size. */
const FRESH = Number(process.env.FRESH ?? 2);

const specs: DeploymentSpecInput[] = [
  { useCaseKey: 'chatbot_conversational', users: 5000, priority: 'LATENCY', maxMonthlyCostUsd: 20000 },
  { useCaseKey: 'code_completion', requestsPerSecond: 40, priority: 'BALANCED' },
  { useCaseKey: 'document_analysis_rag', requestsPerSecond: 10, priority: 'ACCURACY', gpuTypes: ['H100'] },
  { useCaseKey: 'research_legal_analysis', requestsPerSecond: 2, priority: 'COST', maxGpus: 16 },
];

// Rows i = from..to: profile = i mod 4, then every (model, GPU, GPU count) config, then a concurrency
// level; latencies grow with concurrency and prompt length, so some configs meet each SLO and some not.
const FILL_SQL = `
WITH m AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(hf_repo ORDER BY id) AS repos, count(*)::int AS n FROM models),
     g AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(type ORDER BY id) AS types, count(*)::int AS n FROM gpus),
     p AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(prompt_tokens ORDER BY id) AS pt,
                  array_agg(output_tokens ORDER BY id) AS ot, count(*)::int AS n FROM traffic_profiles),
     s AS (SELECT i, i % p.n AS pi, (i / p.n) % (m.n * g.n * 4) AS ci, i / (p.n * m.n * g.n * 4) AS lvl
           FROM generate_series($1::int, $2::int) AS i, m, g, p),
     r AS (SELECT s.i, s.pi, s.ci % m.n AS mi, (s.ci / m.n) % g.n AS gi,
                  (ARRAY[1, 2, 4, 8])[(s.ci / (m.n * g.n)) % 4 + 1] AS hc, 1 + s.lvl AS conc,
                  (hashint4(s.ci) & 1023) / 1023.0 AS h1, (hashint4(s.ci + 7919) & 1023) / 1023.0 AS h2
           FROM s, m, g),
     v AS (SELECT r.*, p.pt[r.pi + 1] AS pt, p.ot[r.pi + 1] AS ot,
                  (15 + r.h1 * 400) * (1 + r.conc / 16.0) * sqrt(p.pt[r.pi + 1] / 512.0) / sqrt(r.hc) AS ttft,
                  (4 + r.h2 * 40) * (1 + r.conc / 64.0) / sqrt(r.hc) AS itl
           FROM r, p)
INSERT INTO benchmarks (config_id, model_id, gpu_id, traffic_profile_id, model_hf_repo, hardware, hardware_count,
  prompt_tokens, output_tokens, mean_input_tokens, mean_output_tokens, concurrency, requests_per_second,
  tokens_per_second, ttft_mean, ttft_p90, ttft_p95, ttft_p99, itl_mean, itl_p90, itl_p95, itl_p99,
  e2e_mean, e2e_p90, e2e_p95, e2e_p99, source, updated_at)
SELECT 'bench-' || v.i, m.ids[v.mi + 1], g.ids[v.gi + 1], p.ids[v.pi + 1], m.repos[v.mi + 1], g.types[v.gi + 1], v.hc,
  v.pt, v.ot, v.pt, v.ot, v.conc, v.conc * 1000.0 / (v.ttft + v.ot * v.itl),
  v.conc * 1000.0 * v.ot / (v.ttft + v.ot * v.itl), v.ttft * 0.7, v.ttft * 0.9, v.ttft, v.ttft * 1.2,
  v.itl * 0.8, v.itl * 0.95, v.itl, v.itl * 1.1,
  (v.ttft + v.ot * v.itl) * 0.8, (v.ttft + v.ot * v.itl) * 0.95, v.ttft + v.ot * v.itl, (v.ttft + v.ot * v.itl) * 1.1,
  'SYNTHETIC', now()
FROM v, m, g, p`;

const CANDIDATE_SQL = `SELECT id, model_id, gpu_id, hardware_count, source::text AS source, concurrency, requests_per_second,
            ttft_p95, itl_p95, e2e_p95, prompt_tokens, output_tokens
     FROM benchmarks WHERE prompt_tokens = $2 AND output_tokens = $3 AND source::text = ANY($1::text[])`;

const started = performance.now();
const postgres = await benchPostgres();
const database = await scratchDatabase(postgres);
const clients = benchClients(database.url);
const admin = new pg.Client({ connectionString: database.url, statement_timeout: 0 });
await admin.connect();
try {
  const prisma = clients.api;
  // What the GraphQL resolver passes: the SQL path's statements on the API pool.
  const server = { sql: clients.apiSql };
  const resolved = await Promise.all(specs.map((input) => resolveSpec(prisma, input)));
  await admin.query('TRUNCATE benchmarks CASCADE');
  const rows: Record<string, string | number>[] = [];
  const byScale: { size: number; warmP95: number; coldP95: number; rawP95: number }[] = [];
  let loaded = 0;
  const visible: number[] = [];
  for (const size of SIZES) {
    const fillStarted = performance.now();
    if (size > loaded) await admin.query(FILL_SQL, [loaded, size - 1]);
    loaded = size;
    await admin.query('VACUUM ANALYZE benchmarks');
    // A VACUUM that ran beside another snapshot (autovacuum's, say) leaves pages not all-visible; then the
    // summary's index-only scan fetches heap pages or the planner picks a seq scan (docs/performance.md §2).
    // Vacuum again until the visibility map is whole, as autovacuum would in time.
    for (let again = 0; again < 3 && (await allVisibleFraction(admin)) < 1; again += 1) {
      await admin.query('VACUUM benchmarks');
    }
    visible.push(await allVisibleFraction(admin));
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    const perProfile = Number(
      (
        await admin.query<{ n: string }>(
          'SELECT count(*)::text AS n FROM benchmarks WHERE prompt_tokens = $1 AND output_tokens = $2',
          [resolved[0]!.promptTokens, resolved[0]!.outputTokens],
        )
      ).rows[0]!.n,
    );
    const rounds = size >= 1_000_000 ? Math.max(4, Math.round(ROUNDS / 2)) : ROUNDS;
    const raw: number[] = [];
    const cold: number[] = [];
    const warm: number[] = [];
    const whatIf: number[] = [];
    const rowsCold: number[] = [];
    const rowsWarm: number[] = [];
    const bump = () =>
      admin.query(`UPDATE kb_meta SET value = (value::bigint + 1)::text WHERE key = 'benchmarks_version'`);
    const timed = async (into: number[] | null, call: () => Promise<unknown>) => {
      const t = performance.now();
      await call();
      if (into) into.push(performance.now() - t);
    };
    for (let i = 0; i < rounds + 1; i += 1) {
      const keep = i > 0; // round 0 warms up JIT and connections
      for (const spec of resolved) {
        await timed(keep ? raw : null, () =>
          clients.apiPool.query(CANDIDATE_SQL, [
            ['SYNTHETIC', 'IMPORTED', 'MEASURED'],
            spec.promptTokens,
            spec.outputTokens,
          ]),
        );
        await bump();
        await timed(keep ? cold : null, () => recommendForSpec(prisma, createLoaders(prisma), spec, server));
        await timed(keep ? warm : null, () => recommendForSpec(prisma, createLoaders(prisma), spec, server));
        const edited = { ...spec, requestsPerSecond: spec.requestsPerSecond * (1 + (i + 1) / 16) };
        await timed(keep ? whatIf : null, () =>
          recommendForSpec(prisma, createLoaders(prisma), edited, server),
        );
        if (i <= PEER_ROUNDS) {
          const reference = { candidates: 'ROWS' as const };
          await bump();
          await timed(keep ? rowsCold : null, () =>
            recommendForSpec(prisma, createLoaders(prisma), spec, reference),
          );
          await timed(keep ? rowsWarm : null, () =>
            recommendForSpec(prisma, createLoaders(prisma), spec, reference),
          );
        }
      }
    }
    const r = timingsSummary(raw);
    const c = timingsSummary(cold);
    const w = timingsSummary(warm);
    const f = timingsSummary(whatIf);
    const rc = timingsSummary(rowsCold);
    const rw = timingsSummary(rowsWarm);
    const ms = (t: { p50: number; p95: number }) => `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`;
    byScale.push({ size, warmP95: w.p95, coldP95: c.p95, rawP95: r.p95 });
    rows.push({
      rows: size.toLocaleString('en-US'),
      'candidates/profile': perProfile.toLocaleString('en-US'),
      'raw SQL p50/p95 ms': ms(r),
      'cold p50/p95 ms': ms(c),
      'warm p50/p95 ms': ms(w),
      'what-if p50/p95 ms': ms(f),
      'ROWS cold p50/p95 ms': ms(rc),
      'ROWS warm p50/p95 ms': ms(rw),
      'cold/raw p95': c.p95 / r.p95,
      'load s': fillSeconds,
      'all-visible': visible.at(-1) ?? 0,
    });
  }
  const fresh: number[] = [];
  for (let i = 0; i < FRESH; i += 1) {
    for (let s = 0; s < specs.length; s += 1) fresh.push(await firstCallInFreshProcess(database.url, s));
  }
  const plans = process.env.EXPLAIN ? await explainCandidateSql(admin, clients.apiSql, resolved[3]!) : '';
  const first = byScale[0]!;
  const last = byScale.at(-1)!;
  const growth = last.size / first.size;
  process.stdout.write(
    heading('recommend at scale') +
      `${await machineLine(database.url, postgres.kind)}\n` +
      `${specs.length} specs (4 traffic profiles) × ${ROUNDS} rounds (half at 1M; ROWS peer ${PEER_ROUNDS}), after a ` +
      `warm-up round. cold = benchmarks_version bumped before the call: every version-keyed cache misses (same ` +
      `process, PostgreSQL buffers warm); warm = the same call again; what-if = another peak load (summaries ` +
      `cached, bracket rows refetched); ROWS = the reference path (all candidate rows, planned in memory; the ` +
      `code before the SQL path); raw SQL = the query that fetches the profile's candidate rows\n\n${table(rows)}\n\n` +
      (fresh.length > 0
        ? `fresh process at ${last.size.toLocaleString('en-US')} rows (first request of a new Node process: spec ` +
          `resolution + recommend, connections opened on demand, empty caches, cold JIT; ${fresh.length} processes): p50 ${timingsSummary(fresh).p50.toFixed(1)} ms, ` +
          `p95 ${timingsSummary(fresh).p95.toFixed(1)} ms\n`
        : '') +
      `growth ${first.size.toLocaleString('en-US')} → ${last.size.toLocaleString('en-US')} rows (${growth}×): ` +
      `raw SQL p95 ×${(last.rawP95 / first.rawP95).toFixed(1)}, cold p95 ×${(last.coldP95 / first.coldP95).toFixed(1)}, ` +
      `warm p95 ×${(last.warmP95 / first.warmP95).toFixed(1)}\n` +
      `targets at ${last.size.toLocaleString('en-US')} rows: cold p95 < 200 ms ${verdict(last.coldP95 < 200)} ` +
      `(${last.coldP95.toFixed(1)} ms, ${(last.coldP95 / last.rawP95).toFixed(2)}× the raw SQL), ` +
      `warm p95 < 50 ms ${verdict(last.warmP95 < 50)} (${last.warmP95.toFixed(1)} ms)\n` +
      plans +
      `${loadAverageLine()} after the run; took ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
} finally {
  await admin.end();
  await clients.close();
  await database.drop();
  await postgres.stop();
}

/** relallvisible / relpages of benchmarks: how much of the table the index-only scans can skip. */
async function allVisibleFraction(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ f: number }>(
    `SELECT (relallvisible::float8 / greatest(relpages, 1)) AS f FROM pg_class WHERE relname = 'benchmarks'`,
  );
  return rows[0]?.f ?? 0;
}

/** One recommend call timed inside a new Node process (perf/recommend-first-call.ts). */
function firstCallInFreshProcess(url: string, specIndex: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'perf/recommend-first-call.ts'], {
      env: { ...process.env, BENCH_URL: url, BENCH_SPEC: JSON.stringify(specs[specIndex]) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(Number(out.trim())) : reject(new Error(`first-call process exited ${code}`)),
    );
  });
}

/** EXPLAIN (ANALYZE, BUFFERS) of the two candidate statements for one spec (EXPLAIN=1). */
async function explainCandidateSql(
  client: pg.Client,
  reader: SqlReader,
  spec: ResolvedSpec,
): Promise<string> {
  const explain = async (sql: string, params: unknown[]) =>
    (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  const summary = await explain(SUMMARY_SQL, summaryParameters(spec, spec.sources, spec.slo));
  // What the service runs: each half on its own connection, at once.
  const half = await explain(summarySql(0), summaryParameters(spec, spec.sources, spec.slo));
  const summaries = await fetchSourceSummaries(reader, spec, spec.sources, spec.slo);
  const missing = summaries.flatMap((s) =>
    s.capacity ? [] : [{ summary: s, concurrency: s.lightest?.concurrency ?? null }],
  );
  const lightest =
    missing.length > 0
      ? `\nlightest rows for ${missing.length} configs without a feasible row\n` +
        `${await explain(LIGHTEST_SQL, lightestParameters(spec, missing))}\n`
      : '';
  const selected = selectSummaries(summaries);
  const asked = selected.flatMap((s) => {
    const request = rowsRequest(s, spec);
    return request ? [{ selected: s, request }] : [];
  });
  const bracket = await explain(ROWS_SQL, rowsParameters(spec, asked));
  return (
    `\nEXPLAIN (ANALYZE, BUFFERS), ${spec.useCase?.key ?? 'spec'}: summaries (both halves in one statement)\n${summary}\n\n` +
    `summaries, half 0 (models below the median id)\n${half}\n\n` +
    `rows for ${asked.length} configs\n${bracket}\n${lightest}`
  );
}
