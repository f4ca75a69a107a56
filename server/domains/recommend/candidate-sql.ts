import type { PrismaClient, SqlReader } from '../../db/clients.js';
import type { RowsRequest, SelectedSummary, SourceSummary } from './core/sql-evidence.js';
import type { BenchmarkSourceKey, CandidateRow, SloTargets, TokenProfile } from './types.js';
import { BENCHMARK_SOURCES } from '../../kernel/enums.js';

/**
 * The two statements of the SQL candidate path (core/sql-evidence.ts), both on benchmarks_recommend_idx
 * (profile, config, source, req/s, concurrency, id, p95s), index-only:
 * 1. per (config, source) of the profile: counts and capacity row under the targets — one pass over
 *    the profile's index entries, a streaming GroupAggregate, a few thousand rows out — then, for the
 *    configs without a feasible row only, their lightest-load row by one index probe each;
 * 2. per config that needs rows: the bracketing rows around its per-replica load (two index probes of
 *    at most BRACKET_LIMIT entries each) or, for a near miss, every row meeting the relaxed targets.
 * Rows travel as float8 arrays; `min(ARRAY[...])` is an arg-min whose first elements are the order
 * and whose id makes it unique, so the later elements are the row itself.
 *
 * Both steps run as two statements on two pool connections at once, one per half of the catalog's models
 * (MODEL_SPLIT; a config's sources share its model, so each half holds whole configs), and read rows as
 * arrays through a SqlReader (node-postgres, no Prisma result mapping): on a 2-core box that took the
 * cold 1M-row call from 234 / 420 to 146 / 184 ms p50 / p95 at load 1.3–2.1 (docs/performance.md §2).
 */

const ALL_SOURCES: readonly BenchmarkSourceKey[] = BENCHMARK_SOURCES;
/** Rows per direction of a bracket probe; a run of equal req/s that fills it is refetched whole. */
const BRACKET_LIMIT = 3;

const FEASIBLE = 'ttft_p95 <= $4 AND itl_p95 <= $5 AND e2e_p95 <= $6';

// One arg-min array (the capacity row, built for feasible rows only), unpacked into plain columns:
// parsing float8[] text costs more than the query. The lightest rows are not aggregated: two more
// arrays over every row cost three times the index scan; LIGHTEST_SQL probes them for the few configs
// that need one.
/**
 * The median model id of the catalog: half 0 of a statement reads the configs of the models below it,
 * half 1 the rest. Any value gives the same rows (only the balance of the halves depends on it); an
 * uncorrelated subquery, evaluated once and used as an index bound.
 */
const MODEL_SPLIT = '(SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY id) FROM models)';

export type Half = 0 | 1 | null;

function halfCondition(half: Half, column: string): string {
  if (half === null) return '';
  return ` AND ${column} ${half === 0 ? '<' : '>='} ${MODEL_SPLIT}`;
}

export const summarySql = (half: Half): string => `
SELECT model_id, gpu_id, hardware_count, source, row_count, feasible_count, all_concurrency, min_concurrency,
       -k[1] AS k_rps, k[2]::int AS k_id, k[3] AS k_concurrency, k[4] AS k_ttft, k[5] AS k_itl, k[6] AS k_e2e
FROM (
  SELECT model_id, gpu_id, hardware_count, source::text AS source,
         count(*)::int AS row_count,
         count(*) FILTER (WHERE ${FEASIBLE})::int AS feasible_count,
         bool_and(concurrency IS NOT NULL) AS all_concurrency,
         min(concurrency) AS min_concurrency,
         min(ARRAY[-requests_per_second, id, concurrency, ttft_p95, itl_p95, e2e_p95]) FILTER (WHERE ${FEASIBLE}) AS k
  FROM benchmarks
  WHERE prompt_tokens = $1 AND output_tokens = $2 AND source = ANY($3::"BenchmarkSource"[])${halfCondition(half, 'model_id')}
  GROUP BY model_id, gpu_id, hardware_count, source
) s`;
/** Both halves in one statement (EXPLAIN in the bench). */
export const SUMMARY_SQL = summarySql(null);

/**
 * The lightest-load row of each (config, source) asked (lightestRow): the first index entry in (req/s,
 * concurrency NULLS LAST, id) order, among the rows at the lowest concurrency when every row has one
 * (k.concurrency given), else among all.
 */
export const LIGHTEST_SQL = `
WITH k AS (
  SELECT * FROM unnest($3::int[], $4::int[], $5::int[], $6::"BenchmarkSource"[], $7::int[], $8::int[])
    AS k(model_id, gpu_id, hardware_count, source, concurrency, i)
)
SELECT k.i, b.* FROM k CROSS JOIN LATERAL (
  SELECT x.id, x.concurrency, x.requests_per_second, x.ttft_p95, x.itl_p95, x.e2e_p95 FROM benchmarks x
  WHERE x.prompt_tokens = $1 AND x.output_tokens = $2 AND x.model_id = k.model_id AND x.gpu_id = k.gpu_id
    AND x.hardware_count = k.hardware_count AND x.source = k.source
    AND (k.concurrency IS NULL OR x.concurrency = k.concurrency)
  ORDER BY x.requests_per_second, x.concurrency, x.id LIMIT 1
) b`;

/** SUMMARY_SQL's columns, in order (rows are read as arrays). */
type SummarySqlRow = [
  modelId: number,
  gpuId: number,
  gpuCount: number,
  source: BenchmarkSourceKey,
  rowCount: number,
  feasibleCount: number,
  allConcurrency: boolean,
  minConcurrency: number | null,
  kRps: number | null,
  kId: number | null,
  kConcurrency: number | null,
  kTtft: number | null,
  kItl: number | null,
  kE2e: number | null,
];

const CONFIG_MATCH = `x.prompt_tokens = $1 AND x.output_tokens = $2 AND x.model_id = k.model_id AND x.gpu_id = k.gpu_id
       AND x.hardware_count = k.hardware_count AND x.source = k.source
       AND x.ttft_p95 <= k.ttft AND x.itl_p95 <= k.itl AND x.e2e_p95 <= k.e2e`;
const ROW_COLUMNS = 'x.id, x.concurrency, x.requests_per_second, x.ttft_p95, x.itl_p95, x.e2e_p95';

export const ROWS_SQL = `
WITH k AS (
  SELECT * FROM unnest($3::int[], $4::int[], $5::int[], $6::"BenchmarkSource"[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::int[])
    AS k(model_id, gpu_id, hardware_count, source, ttft, itl, e2e, load, i)
)
SELECT k.i, b.* FROM k CROSS JOIN LATERAL (
  (SELECT ${ROW_COLUMNS} FROM benchmarks x WHERE ${CONFIG_MATCH} AND x.requests_per_second <= k.load
   ORDER BY x.requests_per_second DESC LIMIT ${BRACKET_LIMIT})
  UNION ALL
  (SELECT ${ROW_COLUMNS} FROM benchmarks x WHERE ${CONFIG_MATCH} AND x.requests_per_second >= k.load
   ORDER BY x.requests_per_second LIMIT ${BRACKET_LIMIT})
) b WHERE k.load IS NOT NULL
UNION ALL
SELECT k.i, b.* FROM k CROSS JOIN LATERAL (
  SELECT ${ROW_COLUMNS} FROM benchmarks x WHERE k.load IS NULL AND ${CONFIG_MATCH} OFFSET 0
) b`;

/** ROWS_SQL's and LIGHTEST_SQL's columns, in order. */
type RowsSqlRow = [
  i: number,
  id: number,
  concurrency: number | null,
  requestsPerSecond: number,
  ttftP95: number,
  itlP95: number,
  e2eP95: number,
];

/**
 * A SqlReader on the Prisma client, for callers without a pool (recommendForSpec's context has no
 * `sql`): the same statements, each row's values in column order.
 */
export function prismaSqlReader(prisma: PrismaClient): SqlReader {
  return {
    async rows(sql, params) {
      const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...params);
      return rows.map((row) => Object.values(row));
    },
  };
}

const read = async <T>(sql: SqlReader, text: string, params: readonly unknown[]): Promise<T[]> =>
  (await sql.rows(text, params)) as T[];

type Config = Pick<SourceSummary, 'modelId' | 'gpuId' | 'gpuCount' | 'source'>;

function candidate(
  config: Config,
  id: number,
  concurrency: number | null,
  rps: number,
  p95s: [number, number, number],
): CandidateRow {
  return {
    benchmarkId: id,
    modelId: config.modelId,
    gpuId: config.gpuId,
    gpuCount: config.gpuCount,
    source: config.source,
    concurrency,
    requestsPerSecond: rps,
    ttftP95: p95s[0],
    itlP95: p95s[1],
    e2eP95: p95s[2],
  };
}

const n = (v: number | null | undefined): number => v as number;

/**
 * Step 1: every (config, source) of the profile among `sources` (empty = all), aggregated under
 * `targets`; the two model halves at once, each with its own lightest-row probe.
 */
export async function fetchSourceSummaries(
  sql: SqlReader,
  profile: TokenProfile,
  sources: readonly BenchmarkSourceKey[],
  targets: SloTargets,
): Promise<SourceSummary[]> {
  const params = summaryParameters(profile, sources, targets);
  const [low, high] = await Promise.all([
    fetchHalfSummaries(sql, profile, params, 0),
    fetchHalfSummaries(sql, profile, params, 1),
  ]);
  return low.concat(high);
}

async function fetchHalfSummaries(
  sql: SqlReader,
  profile: TokenProfile,
  params: readonly unknown[],
  half: Half,
): Promise<SourceSummary[]> {
  const rows = await read<SummarySqlRow>(sql, summarySql(half), params);
  const missing: { summary: SourceSummary; concurrency: number | null }[] = [];
  const summaries = rows.map((r): SourceSummary => {
    const [modelId, gpuId, gpuCount, source, rowCount, feasibleCount, allConcurrency, minConcurrency] = r;
    const config: Config = { modelId, gpuId, gpuCount, source };
    const kId = r[9];
    // No `...config`: a spread followed by more properties is V8's slow path (µs per row).
    const summary: SourceSummary = {
      modelId,
      gpuId,
      gpuCount,
      source,
      rowCount,
      feasibleCount,
      lightest: null,
      capacity: kId === null ? null : candidate(config, kId, r[10], n(r[8]), [n(r[11]), n(r[12]), n(r[13])]),
    };
    if (!summary.capacity) missing.push({ summary, concurrency: allConcurrency ? minConcurrency : null });
    return summary;
  });
  if (missing.length > 0) {
    const lightest = await read<RowsSqlRow>(sql, LIGHTEST_SQL, lightestParameters(profile, missing));
    for (const [i, id, concurrency, rps, ttft, itl, e2e] of lightest) {
      const summary = missing[i]!.summary;
      summary.lightest = candidate(summary, id, concurrency, rps, [ttft, itl, e2e]);
    }
  }
  return summaries;
}

export function lightestParameters(
  profile: TokenProfile,
  missing: readonly { summary: Config; concurrency: number | null }[],
): unknown[] {
  return [
    profile.promptTokens,
    profile.outputTokens,
    missing.map((m) => m.summary.modelId),
    missing.map((m) => m.summary.gpuId),
    missing.map((m) => m.summary.gpuCount),
    missing.map((m) => m.summary.source),
    missing.map((m) => m.concurrency),
    missing.map((_, i) => i),
  ];
}

export interface Asked {
  selected: SelectedSummary;
  request: RowsRequest;
}

export function summaryParameters(
  profile: TokenProfile,
  sources: readonly BenchmarkSourceKey[],
  targets: SloTargets,
): unknown[] {
  return [
    profile.promptTokens,
    profile.outputTokens,
    sources.length > 0 ? [...sources] : [...ALL_SOURCES],
    targets.ttftP95Ms,
    targets.itlP95Ms,
    targets.e2eP95Ms,
  ];
}

export function rowsParameters(profile: TokenProfile, asked: readonly Asked[]): unknown[] {
  const col = <T>(f: (a: Asked) => T): T[] => asked.map(f);
  return [
    profile.promptTokens,
    profile.outputTokens,
    col((a) => a.selected.summary.modelId),
    col((a) => a.selected.summary.gpuId),
    col((a) => a.selected.summary.gpuCount),
    col((a) => a.selected.summary.source),
    col((a) => a.request.targets.ttftP95Ms),
    col((a) => a.request.targets.itlP95Ms),
    col((a) => a.request.targets.e2eP95Ms),
    col((a) => (a.request.kind === 'BRACKET' ? a.request.load : null)),
    asked.map((_, i) => i),
  ];
}

async function queryRows(
  sql: SqlReader,
  profile: TokenProfile,
  asked: readonly Asked[],
): Promise<Map<number, CandidateRow[]>> {
  const rows = await read<RowsSqlRow>(sql, ROWS_SQL, rowsParameters(profile, asked));
  const out = new Map<number, CandidateRow[]>();
  for (const [i, id, concurrency, rps, ttft, itl, e2e] of rows) {
    const config = (asked[i] as Asked).selected.summary;
    const row = candidate(config, id, concurrency, rps, [ttft, itl, e2e]);
    const list = out.get(i);
    if (list) list.push(row);
    else out.set(i, [row]);
  }
  return out;
}

/** queryRows on the two halves of `asked` at once (two connections), indexed as `asked`. */
async function queryRowsInHalves(
  sql: SqlReader,
  profile: TokenProfile,
  asked: readonly Asked[],
): Promise<Map<number, CandidateRow[]>> {
  const cut = Math.ceil(asked.length / 2);
  if (cut === asked.length) return queryRows(sql, profile, asked);
  const [low, high] = await Promise.all([
    queryRows(sql, profile, asked.slice(0, cut)),
    queryRows(sql, profile, asked.slice(cut)),
  ]);
  for (const [i, rows] of high) low.set(i + cut, rows);
  return low;
}

/** A probe that came back full of one req/s may have left rows of that req/s behind. */
function bracketOverflows(rows: readonly CandidateRow[], load: number): boolean {
  const unique = [...new Map(rows.map((r) => [r.benchmarkId, r])).values()];
  let lo = Number.NEGATIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (const r of unique) {
    if (r.requestsPerSecond <= load && r.requestsPerSecond > lo) lo = r.requestsPerSecond;
    if (r.requestsPerSecond >= load && r.requestsPerSecond < hi) hi = r.requestsPerSecond;
  }
  const at = (rps: number) => unique.filter((r) => r.requestsPerSecond === rps).length;
  return at(lo) >= BRACKET_LIMIT || at(hi) >= BRACKET_LIMIT;
}

/**
 * Step 2: the rows each request asks for, by the request's index. A bracket whose probe was filled by
 * one req/s is answered with every row meeting its targets, so no row of a bracketing point is missing.
 */
export async function fetchRequestedRows(
  sql: SqlReader,
  profile: TokenProfile,
  requests: readonly (Asked | null)[],
): Promise<Map<number, CandidateRow[]>> {
  const indexOf: number[] = [];
  const asked: Asked[] = [];
  requests.forEach((r, i) => {
    if (r) {
      indexOf.push(i);
      asked.push(r);
    }
  });
  const out = new Map<number, CandidateRow[]>();
  if (asked.length === 0) return out;
  const first = await queryRowsInHalves(sql, profile, asked);
  const again: number[] = [];
  asked.forEach((a, j) => {
    const rows = first.get(j) ?? [];
    if (a.request.kind === 'BRACKET' && bracketOverflows(rows, a.request.load)) again.push(j);
    else out.set(indexOf[j] as number, rows);
  });
  if (again.length > 0) {
    const whole = again.map((j) => {
      const a = asked[j] as Asked;
      return { selected: a.selected, request: { kind: 'ALL' as const, targets: a.request.targets } };
    });
    const second = await queryRows(sql, profile, whole);
    again.forEach((j, w) => out.set(indexOf[j] as number, second.get(w) ?? []));
  }
  return out;
}
