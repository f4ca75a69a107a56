import type { PrismaClient } from '../../db/clients.js';
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
 */

const ALL_SOURCES: readonly BenchmarkSourceKey[] = BENCHMARK_SOURCES;
/** Rows per direction of a bracket probe; a run of equal req/s that fills it is refetched whole. */
const BRACKET_LIMIT = 3;

const FEASIBLE = 'ttft_p95 <= $4 AND itl_p95 <= $5 AND e2e_p95 <= $6';

// One arg-min array (the capacity row, built for feasible rows only), unpacked into plain columns:
// parsing float8[] text costs more than the query. The lightest rows are not aggregated: two more
// arrays over every row cost three times the index scan; LIGHTEST_SQL probes them for the few configs
// that need one.
export const SUMMARY_SQL = `
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
  WHERE prompt_tokens = $1 AND output_tokens = $2 AND source = ANY($3::"BenchmarkSource"[])
  GROUP BY model_id, gpu_id, hardware_count, source
) s`;

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

interface SummarySqlRow {
  model_id: number;
  gpu_id: number;
  hardware_count: number;
  source: BenchmarkSourceKey;
  row_count: number;
  feasible_count: number;
  all_concurrency: boolean;
  min_concurrency: number | null;
  k_rps: number | null;
  k_id: number | null;
  k_concurrency: number | null;
  k_ttft: number | null;
  k_itl: number | null;
  k_e2e: number | null;
}

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

interface RowsSqlRow {
  i: number;
  id: number;
  concurrency: number | null;
  requests_per_second: number;
  ttft_p95: number;
  itl_p95: number;
  e2e_p95: number;
}

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

/** Step 1: every (config, source) of the profile among `sources` (empty = all), aggregated under `targets`. */
export async function fetchSourceSummaries(
  prisma: PrismaClient,
  profile: TokenProfile,
  sources: readonly BenchmarkSourceKey[],
  targets: SloTargets,
): Promise<SourceSummary[]> {
  const rows = await prisma.$queryRawUnsafe<SummarySqlRow[]>(
    SUMMARY_SQL,
    ...summaryParameters(profile, sources, targets),
  );
  const summaries = rows.map((r): SourceSummary => {
    const config: Config = {
      modelId: r.model_id,
      gpuId: r.gpu_id,
      gpuCount: r.hardware_count,
      source: r.source,
    };
    // No `...config`: a spread followed by more properties is V8's slow path (µs per row).
    return {
      modelId: config.modelId,
      gpuId: config.gpuId,
      gpuCount: config.gpuCount,
      source: config.source,
      rowCount: r.row_count,
      feasibleCount: r.feasible_count,
      lightest: null,
      capacity:
        r.k_id === null
          ? null
          : candidate(config, r.k_id, r.k_concurrency, n(r.k_rps), [n(r.k_ttft), n(r.k_itl), n(r.k_e2e)]),
    };
  });
  const missing: { summary: SourceSummary; concurrency: number | null }[] = [];
  rows.forEach((r, i) => {
    const summary = summaries[i] as SourceSummary;
    if (!summary.capacity)
      missing.push({ summary, concurrency: r.all_concurrency ? r.min_concurrency : null });
  });
  if (missing.length > 0) {
    const lightest = await prisma.$queryRawUnsafe<RowsSqlRow[]>(
      LIGHTEST_SQL,
      ...lightestParameters(profile, missing),
    );
    for (const r of lightest) {
      const summary = (missing[r.i] as { summary: SourceSummary }).summary;
      summary.lightest = candidate(summary, r.id, r.concurrency, r.requests_per_second, [
        r.ttft_p95,
        r.itl_p95,
        r.e2e_p95,
      ]);
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
  prisma: PrismaClient,
  profile: TokenProfile,
  asked: readonly Asked[],
): Promise<Map<number, CandidateRow[]>> {
  const rows = await prisma.$queryRawUnsafe<RowsSqlRow[]>(ROWS_SQL, ...rowsParameters(profile, asked));
  const out = new Map<number, CandidateRow[]>();
  for (const r of rows) {
    const config = (asked[r.i] as Asked).selected.summary;
    const row = candidate(config, r.id, r.concurrency, r.requests_per_second, [
      r.ttft_p95,
      r.itl_p95,
      r.e2e_p95,
    ]);
    const list = out.get(r.i);
    if (list) list.push(row);
    else out.set(r.i, [row]);
  }
  return out;
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
  prisma: PrismaClient,
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
  const first = await queryRows(prisma, profile, asked);
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
    const second = await queryRows(prisma, profile, whole);
    again.forEach((j, w) => out.set(indexOf[j] as number, second.get(w) ?? []));
  }
  return out;
}
