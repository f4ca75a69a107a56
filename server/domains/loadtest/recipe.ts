import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * A benchmark recipe (docs/benchmark-runner.md): what to hit, with which prompts, under which load, for how long, and
 * what the run measures. Recipes come from YAML files (CLI, examples) or JSON (GraphQL input); both go
 * through `parseRecipe`, which fills defaults and reports every problem at once as a `RecipeError`.
 */

const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') &&
        /^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i.test(url.hostname)
      );
    } catch {
      return false;
    }
  },
  { message: 'must be an http(s) URL, e.g. http://127.0.0.1:8000/v1' },
);

const targetSchema = z.strictObject({
  /** OpenAI-compatible base URL; `/v1` is appended unless the path already ends in a version segment. */
  baseUrl: httpUrl,
  /** As the server names it: letters, digits and . _ - / : @ + (vLLM repo ids, Ollama tags). */
  model: z
    .string()
    .max(200)
    .regex(/^[\w.\-/:@+]+$/, 'required: letters, digits and . _ - / : @ + only'),
  api: z.enum(['chat', 'completions']).default('chat'),
  apiKey: z.string().min(1).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Send `ignore_eos: true` so every response is exactly `max_tokens` long (vLLM and the simulator honour it). */
  ignoreEos: z.boolean().default(true),
});

const syntheticDataSchema = z.strictObject({
  kind: z.literal('synthetic'),
  promptTokens: z.number().int().min(1),
  outputTokens: z.number().int().min(1),
  promptStdDev: z.number().min(0).default(0),
  outputStdDev: z.number().min(0).default(0),
  seed: z.number().int(),
});

const datasetDataSchema = z.strictObject({
  kind: z.literal('dataset'),
  /** JSONL, one `{ "prompt": "...", "outputTokens": 128 }` per line (see docs/benchmark-runner.md). */
  // Read by the worker: relative and never upwards, so a recipe cannot make a server read its files.
  path: z
    .string()
    .min(1)
    .refine(
      (value) => !/^([a-z]:)?[\\/]/i.test(value) && !value.split(/[\\/]/).includes('..'),
      'must be a relative path inside the working directory (no leading / and no ..)',
    ),
  /** max_tokens for rows that do not give their own. */
  outputTokens: z.number().int().min(1).default(256),
});

const positiveRate = z.number().positive();
const concurrencyValue = z.number().int().min(1);

export const LOAD_PROFILES = [
  'synchronous',
  'concurrent',
  'constant',
  'poisson',
  'throughput',
  'sweep',
] as const;
export type LoadProfileKind = (typeof LOAD_PROFILES)[number];

const loadSchema = z
  .strictObject({
    profile: z.enum(LOAD_PROFILES),
    /** Closed-loop workers: one level per value for `concurrent`; the stream count of `throughput` (and a sweep's throughput probe). */
    concurrency: z.union([concurrencyValue, z.array(concurrencyValue).min(1)]).optional(),
    /** Requests per second: one level per value for `constant` and `poisson`. */
    rate: z.union([positiveRate, z.array(positiveRate).min(1)]).optional(),
    /** Number of constant-rate levels a sweep runs after its synchronous and throughput probes. */
    sweepLevels: z.number().int().min(1).max(100).optional(),
    /** Seed of the Poisson arrival process (default: the synthetic data seed, else a hash of the recipe name). */
    seed: z.number().int().optional(),
  })
  .superRefine((load, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const { profile } = load;
    if (profile === 'concurrent' && load.concurrency === undefined)
      issue('concurrency', 'required for concurrent');
    if ((profile === 'constant' || profile === 'poisson') && load.rate === undefined)
      issue('rate', `required for ${profile}`);
    if (profile !== 'constant' && profile !== 'poisson' && load.rate !== undefined) {
      issue('rate', `not used by ${profile}${profile === 'sweep' ? ' (the sweep finds its rates)' : ''}`);
    }
    if (
      (profile === 'synchronous' || profile === 'constant' || profile === 'poisson') &&
      load.concurrency !== undefined
    ) {
      issue('concurrency', `not used by ${profile}`);
    }
    if ((profile === 'throughput' || profile === 'sweep') && Array.isArray(load.concurrency)) {
      issue('concurrency', `${profile} takes a single concurrency`);
    }
    if (profile !== 'sweep' && load.sweepLevels !== undefined) issue('sweepLevels', 'only used by sweep');
    if (profile !== 'poisson' && load.seed !== undefined) issue('seed', 'only used by poisson');
  });

const limitsSchema = z
  .strictObject({
    /** Length of each level's measurement window (warm-up and cool-down come on top). */
    maxSeconds: z.number().positive().optional(),
    /** Measured requests per level. */
    maxRequests: z.number().int().min(1).optional(),
    /** A request still running after this long is aborted and recorded as an error. */
    requestTimeoutSeconds: z.number().positive().default(300),
    /** After a level stops sending, requests still running after this long are aborted as incomplete (default: wait). */
    drainSeconds: z.number().min(0).optional(),
  })
  .superRefine((limits, ctx) => {
    if (limits.maxSeconds === undefined && limits.maxRequests === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give maxSeconds or maxRequests (or both)' });
    }
  });

const sloSchema = z.strictObject({
  ttftP95Ms: z.number().positive(),
  itlP95Ms: z.number().positive(),
  e2eP95Ms: z.number().positive(),
});

const measuresSchema = z.strictObject({
  /** Hugging Face repo of the model being served, e.g. meta-llama/llama-3.1-8b-instruct. */
  model: z.string().min(1),
  /** GPU type or alias as in the catalog, e.g. H100. */
  gpu: z.string().min(1),
  gpuCount: z.number().int().min(1),
});

export const recipeSchema = z.strictObject({
  name: z.string().min(1).max(200),
  target: targetSchema,
  data: z.discriminatedUnion('kind', [syntheticDataSchema, datasetDataSchema]),
  load: loadSchema,
  limits: limitsSchema,
  warmupSeconds: z.number().min(0).default(0),
  cooldownSeconds: z.number().min(0).default(0),
  repetitions: z.number().int().min(1).max(100).default(1),
  slo: sloSchema.optional(),
  tags: z.array(z.string().min(1)).default([]),
  measures: measuresSchema.optional(),
});

export type Recipe = z.infer<typeof recipeSchema>;
/** What a recipe author writes: defaults not yet filled in. */
export type RecipeInput = z.input<typeof recipeSchema>;
export type RecipeTarget = Recipe['target'];
export type RecipeData = Recipe['data'];
export type SyntheticData = Extract<RecipeData, { kind: 'synthetic' }>;
export type DatasetData = Extract<RecipeData, { kind: 'dataset' }>;
export type RecipeLoad = Recipe['load'];
export type Slo = NonNullable<Recipe['slo']>;

export interface RecipeIssue {
  /** Dotted path of the offending field, e.g. `load.rate` or `tags[0]`; empty for the whole recipe. */
  path: string;
  message: string;
}

export class RecipeError extends Error {
  constructor(readonly issues: RecipeIssue[]) {
    super(
      `invalid recipe: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
    this.name = 'RecipeError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function issuesOf(error: z.ZodError): RecipeIssue[] {
  const issues: RecipeIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown key, pointing at the key itself: typos are the usual cause.
      for (const key of issue.keys)
        issues.push({ path: formatPath([...issue.path, key]), message: 'unknown field' });
    } else {
      issues.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return issues;
}

/** Parses YAML text into a plain value; syntax errors become a RecipeError with the line and column. */
export function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // prettyErrors puts "at line L, column C:" on the first line, followed by a code excerpt we drop.
    throw new RecipeError(
      doc.errors.map((e) => ({
        path: '',
        message: `YAML: ${(e.message.split('\n')[0] ?? '').replace(/:$/, '')}`,
      })),
    );
  }
  try {
    // A recipe has no use for many aliases; the cap stops "billion laughs" expansion.
    return doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new RecipeError([{ path: '', message: `YAML: ${(error as Error).message}` }]);
  }
}

/**
 * Validates a recipe given as YAML text or as an already-parsed object (GraphQL JSON, a stored run)
 * and fills its defaults. Throws `RecipeError` listing every issue.
 */
export function parseRecipe(input: unknown): Recipe {
  const value = typeof input === 'string' ? parseYaml(input) : input;
  const result = recipeSchema.safeParse(value);
  if (!result.success) throw new RecipeError(issuesOf(result.error));
  return result.data;
}
