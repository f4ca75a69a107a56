import { encodeBase64, encodeCursorChunk } from '@pothos/core';
import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../../graphql/builder.js';
import type { Context } from '../../../graphql/context.js';
import {
  PREBUILT,
  selectionTree,
  type FieldSelection,
  type PrebuiltObject,
  type SelectionTree,
} from '../../../graphql/prebuilt.js';
import type { Prisma } from '../../../db/generated/prisma/client.js';
import { roleAtLeast } from '../../auth/tokens.js';

/**
 * `benchmarks` answered by one hand-written statement (the page with its model, GPU and profile joined,
 * only the columns asked for) plus the same `count` as before, mapped straight to GraphQL values.
 * Pothos's select-mode path costs a per-field mapping lookup and Prisma's result mapping per row, which
 * dominated the read bench (docs/performance.md). Anything this path does not cover (backward pages,
 * GPU-name filters, other fields, directives) returns null and takes the Pothos path, byte-identical
 * either way (test/integration/read-responses.test.ts).
 */

type Row = unknown[];
type Setter = (row: Row, into: PrebuiltObject) => void;

interface Plan {
  columns: string[];
  joins: string[];
  build: (row: Row) => PrebuiltObject;
}

interface PagePlan {
  totalCount: boolean;
  page: Plan | null;
}

const globalId = (type: string, id: unknown) => encodeBase64(`${type}:${String(id)}`);
const cursorOf = (id: number) => encodeBase64(`GPC:${encodeCursorChunk(id)}`);

/** GraphQL field → column of `benchmarks b`, for the plain scalar fields. */
const BENCHMARK_SCALARS: Record<string, string> = {
  configId: 'b.config_id',
  gpuCount: 'b.hardware_count',
  hardware: 'b.hardware',
  promptTokens: 'b.prompt_tokens',
  outputTokens: 'b.output_tokens',
  meanInputTokens: 'b.mean_input_tokens',
  meanOutputTokens: 'b.mean_output_tokens',
  concurrency: 'b.concurrency',
  requestRate: 'b.request_rate',
  requestsPerSecond: 'b.requests_per_second',
  outputTokensPerSecond: 'b.tokens_per_second',
  source: 'b.source::text',
  framework: 'b.framework',
};

const LATENCIES: Record<string, string> = { ttft: 'ttft', itl: 'itl', e2e: 'e2e' };
const LATENCY_FIELDS = new Set(['mean', 'p50', 'p50Estimated', 'p90', 'p95', 'p99']);

interface Relation {
  type: string;
  alias: string;
  key: string;
  join: string;
  scalars: Record<string, string>;
}

const RELATIONS: Record<string, Relation> = {
  model: {
    type: 'Model',
    alias: 'm',
    key: 'b.model_id',
    join: 'JOIN models m ON m.id = b.model_id',
    scalars: {
      hfRepo: 'm.hf_repo',
      name: 'm.name',
      provider: 'm.provider',
      family: 'm.family',
      parameterCountB: 'm.parameter_count_b',
      activeParameterCountB: 'm.active_parameter_count_b',
      contextWindow: 'm.context_window',
      license: 'm.license',
      licenseType: 'm.license_type',
      minGpuMemoryGb: 'm.min_gpu_memory_gb',
      quantization: 'm.quantization',
      approved: 'm.approved',
      qualityScore: 'm.quality_score',
      qualityEstimated: 'm.quality_estimated',
      notes: 'm.notes',
      origin: 'm.origin',
    },
  },
  gpu: {
    type: 'Gpu',
    alias: 'g',
    key: 'b.gpu_id',
    join: 'JOIN gpus g ON g.id = b.gpu_id',
    scalars: {
      type: 'g.type',
      vendor: 'g.vendor',
      architecture: 'g.architecture',
      vramGb: 'g.vram_gb',
      fp16Tflops: 'g.fp16_tflops',
      memoryBandwidthGbps: 'g.memory_bandwidth_gbps',
      computeCapability: 'g.compute_capability',
      nodeSelectorLabel: 'g.node_selector_label',
      hourlyPriceUsd: 'g.hourly_price_usd',
      availability: 'g.availability',
    },
  },
  trafficProfile: {
    type: 'TrafficProfile',
    alias: 't',
    key: 'b.traffic_profile_id',
    join: 'LEFT JOIN traffic_profiles t ON t.id = b.traffic_profile_id',
    scalars: {
      name: 't.name',
      promptTokens: 't.prompt_tokens',
      outputTokens: 't.output_tokens',
      description: 't.description',
    },
  },
};

/** The page's columns, in the order of each row's JSON array; `add` returns the index. */
class Columns {
  readonly list: string[] = [];
  add(expression: string): number {
    this.list.push(expression);
    return this.list.length - 1;
  }
}

/**
 * Only the percentile columns the selection reads: `p50` falls back to the mean when the source had no
 * p50, and `p50Estimated` says so, so either of those also reads both.
 */
function latencySetter(field: string, prefix: string, tree: SelectionTree, columns: Columns): Setter | null {
  const asked = Object.keys(tree);
  if (asked.some((name) => !LATENCY_FIELDS.has(name))) return null;
  const needsP50 = tree.p50 !== undefined || tree.p50Estimated !== undefined;
  const index = new Map<string, number>();
  for (const stat of ['mean', 'p50', 'p90', 'p95', 'p99']) {
    const wanted =
      stat === 'mean' || stat === 'p50' ? needsP50 || tree[stat] !== undefined : tree[stat] !== undefined;
    if (wanted) index.set(stat, columns.add(`b.${prefix}_${stat}`));
  }
  return (row, into) => {
    const value: PrebuiltObject = { [PREBUILT]: true };
    for (const [stat, column] of index) value[stat] = row[column];
    if (needsP50) {
      const p50 = row[index.get('p50')!] as number | null;
      value.p50 = p50 ?? row[index.get('mean')!];
      value.p50Estimated = p50 === null;
    }
    into[field] = value;
  };
}

function relationSetter(
  field: string,
  relation: Relation,
  tree: SelectionTree,
  columns: Columns,
): Setter | null {
  const key = columns.add(relation.key);
  const setters: Setter[] = [];
  for (const [name, sub] of Object.entries(tree)) {
    if (name === 'id') {
      setters.push((row, into) => (into.id = globalId(relation.type, row[key])));
      continue;
    }
    const column = relation.scalars[name];
    if (sub !== true || column === undefined) return null;
    const alias = columns.add(column);
    setters.push((row, into) => (into[name] = row[alias]));
  }
  return (row, into) => {
    if (row[key] === null) {
      into[field] = null;
      return;
    }
    const object: PrebuiltObject = { [PREBUILT]: true };
    for (const set of setters) set(row, object);
    into[field] = object;
  };
}

/** The row plan for a Benchmark selection, or null when it asks for a field this path lacks. */
export function benchmarkRowPlan(tree: SelectionTree): Plan | null {
  const columns = new Columns();
  const id = columns.add('b.id');
  const joins: string[] = [];
  const setters: Setter[] = [];
  for (const [field, sub] of Object.entries(tree)) {
    if (field === 'id') {
      setters.push((row, into) => (into.id = globalId('Benchmark', row[id])));
      continue;
    }
    const scalar = BENCHMARK_SCALARS[field];
    if (scalar !== undefined && sub === true) {
      const alias = columns.add(scalar);
      setters.push((row, into) => (into[field] = row[alias]));
      continue;
    }
    const latency = LATENCIES[field];
    if (latency !== undefined && sub !== true) {
      const setter = latencySetter(field, latency, sub, columns);
      if (!setter) return null;
      setters.push(setter);
      continue;
    }
    const relation = RELATIONS[field];
    if (relation === undefined || sub === true) return null;
    const setter = relationSetter(field, relation, sub, columns);
    if (!setter) return null;
    joins.push(relation.join);
    setters.push(setter);
  }
  return {
    columns: columns.list,
    joins,
    build: (row) => {
      const object: PrebuiltObject = { [PREBUILT]: true, cursor: cursorOf(row[id] as number) };
      for (const set of setters) set(row, object);
      return object;
    },
  };
}

const CONNECTION_FIELDS = new Set(['totalCount', 'edges', 'pageInfo']);
const EDGE_FIELDS = new Set(['cursor', 'node']);

function pagePlan(tree: SelectionTree): PagePlan | null {
  for (const field of Object.keys(tree)) if (!CONNECTION_FIELDS.has(field)) return null;
  const edges = tree.edges;
  if (edges === true) return null;
  let page: Plan | null = null;
  if (edges !== undefined) {
    for (const field of Object.keys(edges)) if (!EDGE_FIELDS.has(field)) return null;
    const node = edges.node ?? {};
    if (node === true) return null;
    page = benchmarkRowPlan(node);
    if (!page) return null;
  } else if (tree.pageInfo !== undefined) {
    page = benchmarkRowPlan({});
  }
  return { totalCount: tree.totalCount !== undefined, page };
}

// Plans per query document node: yoga caches parsed documents, so a repeated query reuses its plan.
const plans = new WeakMap<object, PagePlan | null>();

function planFor(selection: FieldSelection): PagePlan | null {
  const node = selection.fieldNodes.length === 1 ? selection.fieldNodes[0]! : null;
  if (node && plans.has(node)) return plans.get(node)!;
  const tree = selectionTree(selection);
  const plan = tree ? pagePlan(tree) : null;
  if (node) plans.set(node, plan);
  return plan;
}

/** The filter as SQL over `benchmarks b`, or null for a condition this path leaves to Prisma. */
export function whereSql(where: Prisma.BenchmarkWhereInput, params: unknown[]): string[] | null {
  const conditions: string[] = [];
  const bind = (value: unknown) => param(params, value);
  const equal: Record<string, string> = {
    modelId: 'b.model_id',
    gpuId: 'b.gpu_id',
    hardwareCount: 'b.hardware_count',
    trafficProfileId: 'b.traffic_profile_id',
    promptTokens: 'b.prompt_tokens',
    outputTokens: 'b.output_tokens',
    runId: 'b.run_id',
  };
  for (const [key, value] of Object.entries(where)) {
    const column = equal[key];
    if (column !== undefined && typeof value === 'number') {
      conditions.push(`${column} = ${bind(value)}`);
    } else if (key === 'source' && typeof value === 'string') {
      conditions.push(`b.source::text = ${bind(value)}`);
    } else if (key === 'model' && isHfRepoWhere(value)) {
      conditions.push(`b.model_id IN (SELECT id FROM models WHERE hf_repo = ${bind(value.hfRepo)})`);
    } else if (key === 'concurrency' && isRangeWhere(value)) {
      if (value.gte !== undefined) conditions.push(`b.concurrency >= ${bind(value.gte)}`);
      if (value.lte !== undefined) conditions.push(`b.concurrency <= ${bind(value.lte)}`);
    } else {
      return null;
    }
  }
  return conditions;
}

function isHfRepoWhere(value: unknown): value is { hfRepo: string } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && typeof (value as { hfRepo?: unknown }).hfRepo === 'string';
}

function isRangeWhere(value: unknown): value is { gte?: number; lte?: number } {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).every(([k, v]) => (k === 'gte' || k === 'lte') && typeof v === 'number');
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

function afterCursor(after: string | null | undefined): number | null | undefined {
  if (after == null) return null;
  try {
    const value = parsePrismaCursor(after);
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The prebuilt answer, or null for the Pothos path: callers the Query type does not admit (it answers
 * them with its own error), arguments it would reject, and selections or filters this path lacks.
 * One statement: the page (as JSON arrays, so the driver parses one value, not every column) and,
 * when asked for, the count of all matching rows.
 */
export function prepareBenchmarkPage(
  args: PageArgs,
  ctx: Context,
  selection: FieldSelection,
  where: Prisma.BenchmarkWhereInput,
): (() => Promise<PrebuiltObject>) | null {
  const reader = ctx.apiSql;
  if (!reader || !roleAtLeast(ctx.auth.role, 'VIEWER')) return null;
  if (args.last != null || args.before != null) return null;
  if (args.first != null && (!Number.isInteger(args.first) || args.first < 0)) return null;
  const cursor = afterCursor(args.after);
  if (cursor === undefined) return null;
  const plan = planFor(selection);
  if (!plan) return null;
  const params: unknown[] = [];
  const conditions = whereSql(where, params);
  if (!conditions) return null;

  const take = Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) + 1;
  const filter = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const count = plan.totalCount ? `(SELECT count(*)::int FROM benchmarks b${filter})` : 'NULL::int';
  let sql = `SELECT ${count}, NULL::json`;
  const page = plan.page;
  if (page) {
    // As Prisma pages by cursor: from the cursor's row (none when it is gone), skipping that first row.
    const pageConditions =
      cursor === null
        ? conditions
        : [...conditions, `b.id >= (SELECT c.id FROM benchmarks c WHERE c.id = ${param(params, cursor)})`];
    sql =
      `WITH page AS (SELECT b.id, json_build_array(${page.columns.join(', ')}) AS r FROM benchmarks b ` +
      page.joins.join(' ') +
      (pageConditions.length ? ` WHERE ${pageConditions.join(' AND ')}` : '') +
      ` ORDER BY b.id ASC LIMIT ${param(params, take)} OFFSET ${param(params, cursor === null ? 0 : 1)})` +
      ` SELECT ${count}, (SELECT coalesce(json_agg(r ORDER BY id), '[]'::json) FROM page)`;
  }
  return () =>
    reader.rows(sql, params).then((result) => {
      const [totalCount, rows] = result[0] as [number | null, Row[] | null];
      return connection(rows ?? [], page, args, take, totalCount ?? undefined);
    });
}

function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length}`;
}

/** Pothos's wrapConnectionResult for a forward page, on prebuilt objects. */
function connection(
  results: Row[],
  plan: Plan | null,
  args: PageArgs,
  take: number,
  totalCount: number | undefined,
): PrebuiltObject {
  const full = results.length === take;
  const rows = full ? results.slice(0, -1) : results;
  const edges = plan ? rows.map((row) => edge(plan.build(row))) : [];
  return {
    [PREBUILT]: true,
    totalCount,
    edges,
    pageInfo: {
      [PREBUILT]: true,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
      hasPreviousPage: args.after != null,
      hasNextPage: full,
    },
  };
}

function edge(node: PrebuiltObject): PrebuiltObject & { cursor: string } {
  return { [PREBUILT]: true, cursor: node.cursor as string, node };
}
