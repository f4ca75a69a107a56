import { parseDocument } from 'yaml';
import { z } from 'zod';
import {
  atMost,
  datasetPath,
  TARGET_LIMITS,
  targetKind,
  targetSchema,
  type OpenAiTarget,
  type TargetKindName,
} from './recipe-targets.js';

/**
 * A benchmark recipe (docs/benchmark-runner.md): what to hit, with which prompts, under which load, for how long, and
 * what the run measures. Recipes come from YAML files (CLI, examples) or JSON (GraphQL input); both go
 * through `parseRecipe`, which fills defaults and reports every problem at once as a `RecipeError`.
 */

/**
 * Upper bounds of every recipe field (docs/benchmark-runner.md "Limits"). They keep one recipe from
 * exhausting the worker's memory, sockets or event loop: the whole offered load of a level is at most
 * `rate` × `requestTimeoutSeconds` requests in flight, and the runner caps that at `inFlight` too.
 */
export const RECIPE_LIMITS = {
  /** Requests per second of one open-loop level. */
  rate: 500,
  /** Closed-loop streams of one level. */
  concurrency: 1024,
  /** Values in a `rate` or `concurrency` list, and a sweep's `sweepLevels`. */
  levels: 50,
  repetitions: 20,
  /** Levels × repetitions of one run. */
  levelRuns: 200,
  promptTokens: 32_768,
  outputTokens: 16_384,
  /** Length of one level's measurement window. */
  maxSeconds: 3_600,
  maxRequests: 100_000,
  requestTimeoutSeconds: 600,
  drainSeconds: 600,
  warmupSeconds: 600,
  cooldownSeconds: 600,
  /** Requests in flight at once in an open-loop level; arrivals beyond it are recorded as errors, not sent. */
  inFlight: 4_096,
  /** Worker processes one run's load is split across (`workers`). */
  workers: 32,
  tags: 32,
  tagChars: 100,
  ...TARGET_LIMITS,
} as const;

const tokenCount = z
  .number()
  .int()
  .min(1)
  .max(RECIPE_LIMITS.outputTokens, atMost(RECIPE_LIMITS.outputTokens, ' tokens'));

const seconds = (limit: number) => z.number().min(0).max(limit, atMost(limit, ' s'));

const syntheticDataSchema = z.strictObject({
  kind: z.literal('synthetic'),
  promptTokens: z
    .number()
    .int()
    .min(1)
    .max(RECIPE_LIMITS.promptTokens, atMost(RECIPE_LIMITS.promptTokens, ' tokens')),
  outputTokens: tokenCount,
  promptStdDev: z
    .number()
    .min(0)
    .max(RECIPE_LIMITS.promptTokens, atMost(RECIPE_LIMITS.promptTokens))
    .default(0),
  outputStdDev: z
    .number()
    .min(0)
    .max(RECIPE_LIMITS.outputTokens, atMost(RECIPE_LIMITS.outputTokens))
    .default(0),
  seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
});

const datasetDataSchema = z.strictObject({
  kind: z.literal('dataset'),
  /** JSONL, one `{ "prompt": "...", "outputTokens": 128 }` per line (see docs/benchmark-runner.md). */
  path: datasetPath,
  /** max_tokens for rows that do not give their own. */
  outputTokens: tokenCount.default(256),
});

const positiveRate = z.number().positive().max(RECIPE_LIMITS.rate, atMost(RECIPE_LIMITS.rate, ' requests/s'));
const concurrencyValue = z
  .number()
  .int()
  .min(1)
  .max(RECIPE_LIMITS.concurrency, atMost(RECIPE_LIMITS.concurrency, ' streams'));
// The list length is checked in the load's refinement: a union would report only "Invalid input".
const levelList = <T extends z.ZodType>(value: T) => z.array(value).min(1);

/** Streams a throughput level keeps in flight unless the recipe gives `load.concurrency`. */
export const THROUGHPUT_CONCURRENCY = 256;

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
    concurrency: z.union([concurrencyValue, levelList(concurrencyValue)]).optional(),
    /** Requests per second: one level per value for `constant` and `poisson`. */
    rate: z.union([positiveRate, levelList(positiveRate)]).optional(),
    /** Number of constant-rate levels a sweep runs after its synchronous and throughput probes. */
    sweepLevels: z
      .number()
      .int()
      .min(1)
      .max(RECIPE_LIMITS.levels, atMost(RECIPE_LIMITS.levels, ' levels'))
      .optional(),
    /** Seed of the Poisson arrival process (default: the synthetic data seed, else a hash of the recipe name). */
    seed: z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((load, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const { profile } = load;
    for (const key of ['rate', 'concurrency'] as const) {
      const values = load[key];
      if (Array.isArray(values) && values.length > RECIPE_LIMITS.levels)
        issue(key, atMost(RECIPE_LIMITS.levels, ' levels'));
    }
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
    maxSeconds: z
      .number()
      .positive()
      .max(RECIPE_LIMITS.maxSeconds, atMost(RECIPE_LIMITS.maxSeconds, ' s'))
      .optional(),
    /** Measured requests per level. */
    maxRequests: z
      .number()
      .int()
      .min(1)
      .max(RECIPE_LIMITS.maxRequests, atMost(RECIPE_LIMITS.maxRequests, ' requests'))
      .optional(),
    /** A request still running after this long is aborted and recorded as an error. */
    requestTimeoutSeconds: z
      .number()
      .positive()
      .max(RECIPE_LIMITS.requestTimeoutSeconds, atMost(RECIPE_LIMITS.requestTimeoutSeconds, ' s'))
      .default(300),
    /** After a level stops sending, requests still running after this long are aborted as incomplete (default: wait). */
    drainSeconds: seconds(RECIPE_LIMITS.drainSeconds).optional(),
  })
  .superRefine((limits, ctx) => {
    if (limits.maxSeconds === undefined && limits.maxRequests === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'give maxSeconds or maxRequests (or both)' });
    }
  });

const latencyMs = z.number().positive().max(3_600_000, atMost(3_600_000, ' ms'));
const sloSchema = z.strictObject({
  ttftP95Ms: latencyMs,
  itlP95Ms: latencyMs,
  e2eP95Ms: latencyMs,
});

const measuresSchema = z.strictObject({
  /** Hugging Face repo of the model being served, e.g. meta-llama/llama-3.1-8b-instruct. */
  model: z.string().min(1).max(200),
  /** GPU type or alias as in the catalog, e.g. H100. */
  gpu: z.string().min(1).max(100),
  gpuCount: z.number().int().min(1).max(1_024, atMost(1_024)),
});

export const recipeSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    target: targetSchema,
    /** Prompts of an `openai` target; the other kinds generate their own work. */
    data: z.discriminatedUnion('kind', [syntheticDataSchema, datasetDataSchema]).optional(),
    load: loadSchema,
    limits: limitsSchema,
    warmupSeconds: seconds(RECIPE_LIMITS.warmupSeconds).default(0),
    cooldownSeconds: seconds(RECIPE_LIMITS.cooldownSeconds).default(0),
    repetitions: z
      .number()
      .int()
      .min(1)
      .max(RECIPE_LIMITS.repetitions, atMost(RECIPE_LIMITS.repetitions))
      .default(1),
    /** Worker processes the load is split across (docs/benchmark-runner.md "Runs across many workers"). */
    workers: z
      .number()
      .int()
      .min(1)
      .max(RECIPE_LIMITS.workers, atMost(RECIPE_LIMITS.workers, ' workers'))
      .default(1),
    slo: sloSchema.optional(),
    tags: z
      .array(z.string().min(1).max(RECIPE_LIMITS.tagChars, atMost(RECIPE_LIMITS.tagChars, ' characters')))
      .max(RECIPE_LIMITS.tags, atMost(RECIPE_LIMITS.tags, ' tags'))
      .default([]),
    measures: measuresSchema.optional(),
  })
  .superRefine((recipe, ctx) => {
    const kind = targetKind(recipe.target);
    if (kind === 'openai' && recipe.data === undefined)
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'required for an openai target' });
    if (kind !== 'openai' && recipe.data !== undefined)
      ctx.addIssue({ code: 'custom', path: ['data'], message: `not used by a ${kind} target` });
    if (kind === 'postgres') {
      const values = recipe.load.concurrency;
      for (const c of Array.isArray(values) ? values : values === undefined ? [] : [values]) {
        if (c > RECIPE_LIMITS.postgresConnections) {
          ctx.addIssue({
            code: 'custom',
            path: ['load', 'concurrency'],
            message: `${atMost(RECIPE_LIMITS.postgresConnections, ' connections')} for a postgres target`,
          });
          break;
        }
      }
    }
    for (const issue of workersIssues(recipe)) ctx.addIssue({ code: 'custom', ...issue });
    const runs = levelCount(recipe.load) * recipe.repetitions;
    if (runs > RECIPE_LIMITS.levelRuns) {
      ctx.addIssue({
        code: 'custom',
        path: ['repetitions'],
        message: `levels × repetitions is ${runs}, ${atMost(RECIPE_LIMITS.levelRuns)}`,
      });
    }
  });

/**
 * What `workers: N > 1` needs: a load that splits into N equal shares. A synchronous level is one
 * stream and a sweep derives its rates from probes each shard would measure alone, so both run on one
 * worker; every closed-loop level needs at least one stream per worker, and `maxRequests` one request.
 */
function workersIssues(recipe: {
  workers: number;
  load: z.infer<typeof loadSchema>;
  limits: z.infer<typeof limitsSchema>;
}): { path: (string | number)[]; message: string }[] {
  const n = recipe.workers;
  if (n === 1) return [];
  const { profile, concurrency } = recipe.load;
  if (profile === 'synchronous' || profile === 'sweep')
    return [{ path: ['workers'], message: `${profile} runs on one worker (workers: 1)` }];
  const issues: { path: (string | number)[]; message: string }[] = [];
  const streams = Array.isArray(concurrency) ? concurrency : concurrency === undefined ? [] : [concurrency];
  if (profile === 'throughput' && concurrency === undefined) streams.push(THROUGHPUT_CONCURRENCY);
  if (streams.some((c) => c < n))
    issues.push({ path: ['load', 'concurrency'], message: `at least one stream per worker (${n})` });
  if (recipe.limits.maxRequests !== undefined && recipe.limits.maxRequests < n)
    issues.push({ path: ['limits', 'maxRequests'], message: `at least one request per worker (${n})` });
  return issues;
}

/** Levels a load plan runs (a sweep: its two probes plus its constant rates). */
export function levelCount(load: {
  profile: LoadProfileKind;
  rate?: number | number[];
  concurrency?: number | number[];
  sweepLevels?: number;
}): number {
  if (load.profile === 'sweep') return 2 + (load.sweepLevels ?? 5);
  const values = load.profile === 'concurrent' ? load.concurrency : load.rate;
  return Array.isArray(values) ? values.length : 1;
}

export type Recipe = z.infer<typeof recipeSchema>;
/** What a recipe author writes: defaults not yet filled in. */
export type RecipeInput = z.input<typeof recipeSchema>;
export type { RecipeTarget, TargetKindName, OpenAiTarget } from './recipe-targets.js';
export type RecipeData = NonNullable<Recipe['data']>;
export type SyntheticData = Extract<RecipeData, { kind: 'synthetic' }>;
export type DatasetData = Extract<RecipeData, { kind: 'dataset' }>;
export type RecipeLoad = Recipe['load'];
export type Slo = NonNullable<Recipe['slo']>;

/** The recipe of an `openai` target, with its prompts: what the OpenAI-compatible runner needs. */
export type OpenAiRecipe = Recipe & { target: OpenAiTarget; data: RecipeData };

export function isOpenAiRecipe(recipe: Recipe): recipe is OpenAiRecipe {
  return targetKind(recipe.target) === 'openai' && recipe.data !== undefined;
}

/** The target of an openai recipe; throws for another kind. */
export function openaiTarget(recipe: Recipe): OpenAiTarget {
  if (!isOpenAiRecipe(recipe)) throw new TypeError(`recipe ${recipe.name} has a ${kindOf(recipe)} target`);
  return recipe.target;
}

export function kindOf(recipe: Pick<Recipe, 'target'>): TargetKindName {
  return targetKind(recipe.target);
}

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
