import { z } from 'zod';

/**
 * The recipe's `target`, one schema per target kind (docs/benchmark-runner.md "Target kinds"):
 * `openai` (the default when `kind` is left out, so every older recipe stays valid and parses to the
 * same value), `postgres` and `chroma`. Limits of these fields are part of RECIPE_LIMITS.
 */
export const TARGET_LIMITS = {
  headers: 32,
  headerValueChars: 4_096,
  apiKeyChars: 4_096,
  /** Connections one postgres level opens. */
  postgresConnections: 256,
  /** TPC-B scale: 10,000 accounts, 10 tellers and 1 branch per unit. */
  postgresScale: 100,
  chromaVectors: 100_000,
  chromaDimensions: 4_096,
  chromaQueries: 10_000,
  chromaK: 100,
  /** vectors × queries × dimensions: the exact search the runner computes for recall. */
  chromaExactWork: 2_000_000_000,
  /** A dataset or query file path. */
  pathChars: 500,
  /** Named parameters of a postgres query file, and values of one `choice` parameter. */
  queryParams: 64,
  choiceValues: 1_000,
} as const;

export const atMost = (limit: number, unit = ''): string => `at most ${limit}${unit} (the recipe limit)`;

const HOSTNAME = /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i;

export const httpUrl = z
  .string()
  .max(2_000, atMost(2_000, ' characters'))
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && HOSTNAME.test(url.hostname);
      } catch {
        return false;
      }
    },
    { message: 'must be an http(s) URL, e.g. http://127.0.0.1:8000/v1' },
  );

const apiKey = z
  .string()
  .min(1)
  .max(TARGET_LIMITS.apiKeyChars, atMost(TARGET_LIMITS.apiKeyChars, ' characters'))
  .optional();

const headers = z
  .record(
    z
      .string()
      .regex(/^[!#$%&'*+.^_`|~0-9a-z-]{1,100}$/i, 'must be an HTTP header name (1-100 token characters)'),
    z.string().max(TARGET_LIMITS.headerValueChars, atMost(TARGET_LIMITS.headerValueChars, ' characters')),
  )
  .refine(
    (value) => Object.keys(value).length <= TARGET_LIMITS.headers,
    atMost(TARGET_LIMITS.headers, ' headers'),
  )
  .optional();

const seed = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

/** A file in the datasets folder, read by the worker: relative and never upwards, so a recipe cannot make a server read its files. */
export const datasetPath = z
  .string()
  .min(1)
  .max(TARGET_LIMITS.pathChars, atMost(TARGET_LIMITS.pathChars, ' characters'))
  .refine(
    (value) => !/^([a-z]:)?[\\/]/i.test(value) && !value.split(/[\\/]/).includes('..'),
    'must be a relative path inside the datasets folder (no leading / and no ..)',
  );

const finite = z.number().min(-1e15).max(1e15);
/** How a query file's named parameter gets its value for each unit (kinds/query-file.ts). */
export const queryParamSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('int'), min: finite.int(), max: finite.int() })
    .refine((p) => p.min <= p.max, { message: 'min must not exceed max', path: ['max'] }),
  z
    .strictObject({ kind: z.literal('float'), min: finite, max: finite })
    .refine((p) => p.min <= p.max, { message: 'min must not exceed max', path: ['max'] }),
  z.strictObject({
    kind: z.literal('choice'),
    values: z
      .array(z.union([z.string().max(1_000), finite]))
      .min(1)
      .max(TARGET_LIMITS.choiceValues, atMost(TARGET_LIMITS.choiceValues, ' values')),
  }),
  /** start + stream·10⁷ + the unit's sequence number: distinct for every unit of the run (keys for inserts). */
  z.strictObject({ kind: z.literal('sequence'), start: finite.int().default(1) }),
]);
export type QueryParam = z.infer<typeof queryParamSchema>;

const tpcbWorkload = z.strictObject({
  kind: z.literal('tpcb'),
  scale: z
    .number()
    .int()
    .min(1)
    .max(TARGET_LIMITS.postgresScale, atMost(TARGET_LIMITS.postgresScale))
    .default(1),
  seed: seed.default(1),
});

const queriesWorkload = z.strictObject({
  kind: z.literal('queries'),
  /** SQL file in the datasets folder: the statements one unit runs, with `:name` parameters. */
  path: datasetPath,
  /** Optional SQL file run once before the run (create and fill tables). */
  setupPath: datasetPath.optional(),
  params: z
    .record(
      z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/i, 'a parameter name: letters, digits and _'),
      queryParamSchema,
    )
    .refine(
      (p) => Object.keys(p).length <= TARGET_LIMITS.queryParams,
      atMost(TARGET_LIMITS.queryParams, ' parameters'),
    )
    .default({}),
  seed: seed.default(1),
});
export type QueriesWorkload = z.infer<typeof queriesWorkload>;

export const openaiTargetSchema = z.strictObject({
  kind: z.literal('openai').optional(),
  /** OpenAI-compatible base URL; `/v1` is appended unless the path already ends in a version segment. */
  baseUrl: httpUrl,
  /** As the server names it: letters, digits and . _ - / : @ + (vLLM repo ids, Ollama tags). */
  model: z
    .string()
    .max(200)
    .regex(/^[\w.\-/:@+]+$/, 'required: letters, digits and . _ - / : @ + only'),
  api: z.enum(['chat', 'completions']).default('chat'),
  apiKey,
  headers,
  /** Send `ignore_eos: true` so every response is exactly `max_tokens` long (vLLM and the simulator honour it). */
  ignoreEos: z.boolean().default(true),
});

const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ (a PostgreSQL identifier, ≤ 63)');

export const postgresTargetSchema = z.strictObject({
  kind: z.literal('postgres'),
  host: z.string().max(253).regex(HOSTNAME, 'a host name or address, e.g. 127.0.0.1').default('127.0.0.1'),
  port: z.number().int().min(1).max(65_535).default(5432),
  database: z.string().min(1).max(63),
  user: z.string().min(1).max(63),
  /** Stored sealed like an API key. */
  password: apiKey,
  /** Schema the built-in workload creates its tables in (dropped and recreated by each run). */
  schema: identifier.default('compass_bench'),
  /** The built-in TPC-B-like transaction, or the user's query file. */
  workload: z
    .discriminatedUnion('kind', [tpcbWorkload, queriesWorkload])
    .default({ kind: 'tpcb', scale: 1, seed: 1 }),
  /** Connections an open-loop level may open (a closed-loop level opens one per worker). */
  maxConnections: z
    .number()
    .int()
    .min(1)
    .max(TARGET_LIMITS.postgresConnections, atMost(TARGET_LIMITS.postgresConnections, ' connections'))
    .default(16),
});

const nameChars = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9]$/, '3-63 letters, digits, . _ -');

export const chromaTargetSchema = z.strictObject({
  kind: z.literal('chroma'),
  /** Chroma server, e.g. http://127.0.0.1:8000; the v2 API lives under /api/v2. */
  baseUrl: httpUrl,
  tenant: nameChars.default('default_tenant'),
  database: nameChars.default('default_database'),
  /** Collection the run deletes, creates and fills. */
  collection: nameChars.default('compass-bench'),
  /** Sent as `x-chroma-token`. */
  apiKey,
  headers,
  vectors: z
    .strictObject({
      count: z
        .number()
        .int()
        .min(1)
        .max(TARGET_LIMITS.chromaVectors, atMost(TARGET_LIMITS.chromaVectors, ' vectors'))
        .default(10_000),
      dimensions: z
        .number()
        .int()
        .min(1)
        .max(TARGET_LIMITS.chromaDimensions, atMost(TARGET_LIMITS.chromaDimensions))
        .default(128),
      /** Distinct query vectors; query i of a level uses vector i mod queries. */
      queries: z
        .number()
        .int()
        .min(1)
        .max(TARGET_LIMITS.chromaQueries, atMost(TARGET_LIMITS.chromaQueries, ' queries'))
        .default(200),
      k: z.number().int().min(1).max(TARGET_LIMITS.chromaK, atMost(TARGET_LIMITS.chromaK)).default(10),
      space: z.enum(['l2', 'cosine', 'ip']).default('l2'),
      seed,
      batchSize: z.number().int().min(1).max(5_000).default(500),
    })
    .superRefine((v, ctx) => {
      if (v.count * v.queries * v.dimensions > TARGET_LIMITS.chromaExactWork)
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `count × queries × dimensions ${atMost(TARGET_LIMITS.chromaExactWork)}: the runner computes the exact neighbours`,
        });
      if (v.k > v.count) ctx.addIssue({ code: 'custom', path: ['k'], message: 'must not exceed count' });
    }),
});

export const targetSchema = z.discriminatedUnion('kind', [
  openaiTargetSchema,
  postgresTargetSchema,
  chromaTargetSchema,
]);

export type TargetKindName = 'openai' | 'postgres' | 'chroma';
export type RecipeTarget = z.infer<typeof targetSchema>;
export type OpenAiTarget = z.infer<typeof openaiTargetSchema>;
export type PostgresTarget = z.infer<typeof postgresTargetSchema>;
export type ChromaTarget = z.infer<typeof chromaTargetSchema>;

export function targetKind(target: { kind?: TargetKindName }): TargetKindName {
  return target.kind ?? 'openai';
}

/** Host the run connects to, for the run-target policy. */
export function targetHostname(target: RecipeTarget): string {
  if (target.kind === 'postgres') return target.host;
  return new URL(target.baseUrl).hostname;
}

/** What the `target_url` column shows: never a password. */
export function targetLabel(target: RecipeTarget): { url: string; model: string } {
  if (target.kind === 'postgres')
    return {
      url: `postgres://${encodeURIComponent(target.user)}@${target.host}:${target.port}/${encodeURIComponent(target.database)}`,
      model:
        target.workload.kind === 'tpcb'
          ? `tpcb scale ${target.workload.scale}`
          : `queries ${target.workload.path}`,
    };
  if (target.kind === 'chroma')
    return {
      url: target.baseUrl,
      model: `${target.collection} (${target.vectors.count}×${target.vectors.dimensions}, k=${target.vectors.k})`,
    };
  return { url: target.baseUrl, model: target.model };
}
