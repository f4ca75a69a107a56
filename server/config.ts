import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  parseTargetList,
  targetEntryProblem,
  type RunTargetPolicy,
} from './domains/loadtest/core/run-targets.js';
import { isImageRegistry } from './domains/deploy/render/image-reference.js';

const commaList = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

/** `https://dash.example` or `http://localhost:5173`: what a browser sends as Origin. */
function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.pathname === '/' &&
      !url.search &&
      !url.hash &&
      !url.username &&
      !url.password
    );
  } catch {
    return false;
  }
}

const targetList = z.string().superRefine((value, ctx) => {
  for (const entry of parseTargetList(value)) {
    const problem = targetEntryProblem(entry);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  }
});

/** Every environment variable Compass reads, parsed once. No other module reads process.env. */
const envSchema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  POSTGRES_DSN: z.string().min(1).optional(),
  COMPASS_DATA_DIR: z.string().optional(),
  COMPASS_EMBEDDED_PG_PORT: z.coerce.number().int().positive().default(54329),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COMPASS_SEED: z.enum(['auto', 'skip']).default('auto'),
  COMPASS_API_POOL_SIZE: z.coerce.number().int().positive().default(10),
  COMPASS_WORKER_POOL_SIZE: z.coerce.number().int().positive().default(4),
  COMPASS_API_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().positive().default(2_000),
  COMPASS_API_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  COMPASS_WORKER_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  REDIS_URL: z.string().optional(),
  COMPASS_AUTH: z.enum(['auto', 'open', 'tokens']).default('auto'),
  COMPASS_INTROSPECTION: z.enum(['on', 'off']).optional(),
  COMPASS_MUTATIONS_PER_MINUTE: z.coerce.number().int().positive().default(120),
  COMPASS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().positive().default(20),
  COMPASS_WS_FANOUT: z.enum(['on', 'off']).default('on'),
  COMPASS_RESPONSE_CACHE: z.enum(['on', 'off']).default('off'),
  COMPASS_RESPONSE_CACHE_TTL_MS: z.coerce.number().int().positive().default(60_000),
  COMPASS_RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().positive().default(1_000),
  COMPASS_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  COMPASS_ALLOWED_ORIGINS: commaList.pipe(
    z.array(
      z.string().refine(isBareOrigin, {
        message: 'each entry must be an exact origin like https://dash.example (no path, no *)',
      }),
    ),
  ),
  COMPASS_ALLOWED_HOSTS: commaList.pipe(
    z.array(
      z
        .string()
        .regex(/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i, 'a host name, optionally :port'),
    ),
  ),
  COMPASS_WORKERS: z.coerce.number().int().min(0).default(1),
  COMPASS_MIN_SUCCESS_RATE: z.coerce.number().min(0).max(1).default(0.95),
  COMPASS_INGEST_MIN_SAMPLES: z.coerce.number().int().min(1).default(10),
  COMPASS_RUN_TARGETS_ALLOW: targetList.optional(),
  COMPASS_RUN_TARGETS_DENY: targetList.optional(),
  COMPASS_DATASETS_DIR: z.string().optional(),
  COMPASS_SECRET_KEY: z.string().optional(),
  COMPASS_SECRET_KEY_FILE: z.string().optional(),
  COMPASS_STALE_RUN_MS: z.coerce.number().int().positive().default(20_000),
  KUBECONFIG: z.string().optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  COMPASS_NAMESPACES: z.string().default('compass'),
  COMPASS_ENDPOINT_OVERRIDE: z.string().url().optional(),
  COMPASS_IMAGE_REGISTRY: z
    .string()
    .transform((value) => value.trim().replace(/\/+$/, ''))
    .refine((value) => value === '' || isImageRegistry(value), {
      message: 'must be a registry host[:port][/path], e.g. registry.internal:5000/mirror',
    })
    .optional(),
  COMPASS_LLM_URL: z.string().url().optional(),
  COMPASS_LLM_MODEL: z.string().default('llama3.1:8b'),
  COMPASS_LLM_API_KEY: z.string().optional(),
  COMPASS_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(8_000),
  COMPASS_RESULTS_DIR: z.string().optional(),
  COMPASS_OBSERVE: z.enum(['on', 'off']).default('on'),
  COMPASS_OBSERVE_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  COMPASS_OBSERVE_TARGET: z.enum(['pod', 'service']).default('pod'),
  COMPASS_OBSERVE_METRICS_URL: z.string().optional(),
  COMPASS_OBSERVE_RAW_RETENTION_HOURS: z.coerce.number().positive().default(24),
  COMPASS_OBSERVE_ROLLUP_RETENTION_DAYS: z.coerce.number().positive().default(30),
  COMPASS_OBSERVE_RATE_WINDOW_MS: z.coerce.number().int().min(1_000).default(60_000),
  COMPASS_DRIFT_TOLERANCE: z.coerce.number().min(0).default(0.25),
  COMPASS_DRIFT_SUSTAIN_MS: z.coerce.number().int().min(1_000).default(300_000),
  COMPASS_SLO_OBJECTIVE: z.coerce.number().gt(0).lt(1).default(0.95),
  COMPASS_FEEDBACK_WINDOW_MS: z.coerce.number().int().min(10_000).default(600_000),
  COMPASS_FEEDBACK_MIN_LEVELS: z.coerce.number().int().min(1).default(3),
});

export type Env = z.infer<typeof envSchema>;

export interface DatabaseTarget {
  /** Where the DSN came from, for the start-up log. */
  kind: 'DATABASE_URL' | 'POSTGRES_DSN' | 'embedded';
  /** Null for the embedded server: its URL is known only once it has started. */
  url: string | null;
}

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  database: DatabaseTarget;
  embedded: { dataDir: string; port: number };
  seed: Env['COMPASS_SEED'];
  pools: {
    api: { size: number; statementTimeoutMs: number; acquireTimeoutMs: number };
    worker: { size: number; statementTimeoutMs: number; acquireTimeoutMs: number };
  };
  redisUrl: string | null;
  projectRoot: string;
  auth: Env['COMPASS_AUTH'];
  limits: ServerLimits;
  /** The catalog's response cache (server/graphql/response-cache.ts); off by default. */
  responseCache: ResponseCacheSettings;
  /** Cross-origin callers and Host names beyond the server's own (server/graphql/access.ts). */
  access: AccessConfig;
  kubernetes: {
    kubeconfigPath: string | null;
    inCluster: boolean;
    allowedNamespaces: string[];
    endpointOverride: string | null;
    imageRegistry: string | null;
  };
  /** An OpenAI-compatible endpoint for intent extraction; null = rules only. */
  llm: LlmEndpoint | null;
  /** Benchmark workers this process runs (0 = API only; `npm run worker` runs workers alone). */
  workers: number;
  resultsDir: string;
  /** Live observability of deployments (docs/observability.md); null = off. */
  observe: ObserveConfig | null;
  /** A RUNNING run whose worker has not beaten for this long is declared FAILED (resumable). */
  staleRunMs: number;
  /** When a run level's numbers count (docs/benchmark-runner.md "Incomplete levels"). */
  levelQuality: { minSuccessRate: number; minSamples: number };
  /** Where runs may send load (docs/benchmark-runner.md "Run targets"). */
  runTargets: RunTargetPolicy;
  /** The only folder dataset recipes read from. */
  datasetsDir: string;
  /** COMPASS_SECRET_KEY (if set) and the key file used otherwise. */
  secretKey: { value: string | undefined; file: string };
}

export interface ObserveConfig {
  intervalMs: number;
  /** Scrape each ready pod (`pod`) or the predictor Service (`service`) through the API server proxy. */
  target: 'pod' | 'service';
  /** Instead of the proxy: a URL template with `{name}`, `{namespace}` and `{id}`. */
  metricsUrl: string | null;
  rawRetentionMs: number;
  rollupRetentionMs: number;
  /** The `[range]` of rate() and histogram_quantile(). */
  rateWindowMs: number;
  drift: { tolerance: number; sustainMs: number };
  sloObjective: number;
  /** A sustained window this long is one observed level; levels are filed once there are `minLevels`. */
  feedback: { windowMs: number; minLevels: number };
}

/** What an instance without an environment (tests, the CLI) assumes; loadConfig reads the same defaults. */
export const DEFAULT_OBSERVE_CONFIG: ObserveConfig = {
  intervalMs: 5_000,
  target: 'pod',
  metricsUrl: null,
  rawRetentionMs: 24 * 3_600_000,
  rollupRetentionMs: 30 * 86_400_000,
  rateWindowMs: 60_000,
  drift: { tolerance: 0.25, sustainMs: 300_000 },
  sloObjective: 0.95,
  feedback: { windowMs: 600_000, minLevels: 3 },
};

export interface ServerLimits {
  /** GraphiQL, introspection and field suggestions; off by default in production. */
  introspection: boolean;
  mutationsPerMinute: number;
  maxSubscriptionsPerConnection: number;
  maxBodyBytes: number;
  /**
   * graphql-ws subscribers of one topic share each event's execution and frame (server/graphql/fanout.ts);
   * off runs every subscriber's own stream, the way it was (the bench's peer).
   */
  wsFanout: boolean;
}

export interface ResponseCacheSettings {
  enabled: boolean;
  /** How long an entry may live without any write (a bound; writes drop it at once). */
  ttlMs: number;
  /** Entries kept; the least recently used go first. */
  maxEntries: number;
}

export const DEFAULT_RESPONSE_CACHE: ResponseCacheSettings = {
  enabled: false,
  ttlMs: 60_000,
  maxEntries: 1_000,
};

export interface AccessConfig {
  /** Exact origins (`https://dash.example`) that may call the API from their pages, with CORS. */
  allowedOrigins: string[];
  /** Host names (`compass.lan`, or `compass.lan:8080` for one port) accepted on a loopback binding. */
  allowedHosts: string[];
}

export const DEFAULT_ACCESS: AccessConfig = { allowedOrigins: [], allowedHosts: [] };

export interface LlmEndpoint {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  introspection: true,
  mutationsPerMinute: 120,
  maxSubscriptionsPerConnection: 20,
  maxBodyBytes: 25 * 1024 * 1024,
  wsFanout: true,
};

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The single DSN resolver (docs/operations.md): DATABASE_URL, then POSTGRES_DSN, else embedded. */
export function resolveDatabaseTarget(env: Pick<Env, 'DATABASE_URL' | 'POSTGRES_DSN'>): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: 'DATABASE_URL', url: env.DATABASE_URL };
  if (env.POSTGRES_DSN) return { kind: 'POSTGRES_DSN', url: env.POSTGRES_DSN };
  return { kind: 'embedded', url: null };
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = envSchema.parse(source);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    database: resolveDatabaseTarget(env),
    embedded: {
      dataDir: env.COMPASS_DATA_DIR ?? path.join(projectRoot, '.compass', 'pgdata'),
      port: env.COMPASS_EMBEDDED_PG_PORT,
    },
    seed: env.COMPASS_SEED,
    pools: {
      api: {
        size: env.COMPASS_API_POOL_SIZE,
        statementTimeoutMs: env.COMPASS_API_STATEMENT_TIMEOUT_MS,
        acquireTimeoutMs: env.COMPASS_API_POOL_ACQUIRE_TIMEOUT_MS,
      },
      worker: {
        size: env.COMPASS_WORKER_POOL_SIZE,
        statementTimeoutMs: env.COMPASS_WORKER_STATEMENT_TIMEOUT_MS,
        // Background work may wait its turn longer than a user request.
        acquireTimeoutMs: 5_000,
      },
    },
    redisUrl: env.REDIS_URL ?? null,
    projectRoot,
    auth: env.COMPASS_AUTH,
    workers: env.COMPASS_WORKERS,
    staleRunMs: env.COMPASS_STALE_RUN_MS,
    runTargets: {
      allow: parseTargetList(env.COMPASS_RUN_TARGETS_ALLOW),
      deny: parseTargetList(env.COMPASS_RUN_TARGETS_DENY),
    },
    secretKey: {
      value: env.COMPASS_SECRET_KEY,
      file: path.resolve(env.COMPASS_SECRET_KEY_FILE ?? path.join(projectRoot, '.compass', 'secret.key')),
    },
    datasetsDir: path.resolve(env.COMPASS_DATASETS_DIR ?? path.join(projectRoot, 'datasets')),
    levelQuality: {
      minSuccessRate: env.COMPASS_MIN_SUCCESS_RATE,
      minSamples: env.COMPASS_INGEST_MIN_SAMPLES,
    },
    kubernetes: {
      kubeconfigPath: env.KUBECONFIG ?? null,
      inCluster: Boolean(env.KUBERNETES_SERVICE_HOST),
      allowedNamespaces: env.COMPASS_NAMESPACES.split(',')
        .map((n) => n.trim())
        .filter(Boolean),
      endpointOverride: env.COMPASS_ENDPOINT_OVERRIDE ?? null,
      imageRegistry: env.COMPASS_IMAGE_REGISTRY || null,
    },
    llm: env.COMPASS_LLM_URL
      ? {
          baseUrl: env.COMPASS_LLM_URL.replace(/\/+$/, '').replace(/\/v1$/, ''),
          model: env.COMPASS_LLM_MODEL,
          apiKey: env.COMPASS_LLM_API_KEY ?? null,
          timeoutMs: env.COMPASS_LLM_TIMEOUT_MS,
        }
      : null,
    resultsDir: env.COMPASS_RESULTS_DIR ?? path.join(projectRoot, 'results'),
    observe:
      env.COMPASS_OBSERVE === 'off'
        ? null
        : {
            intervalMs: env.COMPASS_OBSERVE_INTERVAL_MS,
            target: env.COMPASS_OBSERVE_TARGET,
            metricsUrl: env.COMPASS_OBSERVE_METRICS_URL ?? null,
            rawRetentionMs: env.COMPASS_OBSERVE_RAW_RETENTION_HOURS * 3_600_000,
            rollupRetentionMs: env.COMPASS_OBSERVE_ROLLUP_RETENTION_DAYS * 86_400_000,
            rateWindowMs: env.COMPASS_OBSERVE_RATE_WINDOW_MS,
            drift: { tolerance: env.COMPASS_DRIFT_TOLERANCE, sustainMs: env.COMPASS_DRIFT_SUSTAIN_MS },
            sloObjective: env.COMPASS_SLO_OBJECTIVE,
            feedback: {
              windowMs: env.COMPASS_FEEDBACK_WINDOW_MS,
              minLevels: env.COMPASS_FEEDBACK_MIN_LEVELS,
            },
          },
    access: {
      allowedOrigins: env.COMPASS_ALLOWED_ORIGINS.map((origin) => new URL(origin).origin),
      allowedHosts: env.COMPASS_ALLOWED_HOSTS.map((host) => host.toLowerCase()),
    },
    limits: {
      introspection: env.COMPASS_INTROSPECTION
        ? env.COMPASS_INTROSPECTION === 'on'
        : env.NODE_ENV !== 'production',
      mutationsPerMinute: env.COMPASS_MUTATIONS_PER_MINUTE,
      maxSubscriptionsPerConnection: env.COMPASS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
      maxBodyBytes: env.COMPASS_MAX_BODY_BYTES,
      wsFanout: env.COMPASS_WS_FANOUT === 'on',
    },
    responseCache: {
      enabled: env.COMPASS_RESPONSE_CACHE === 'on',
      ttlMs: env.COMPASS_RESPONSE_CACHE_TTL_MS,
      maxEntries: env.COMPASS_RESPONSE_CACHE_MAX_ENTRIES,
    },
  };
}

/** A DSN safe to log: the password replaced by ***. */
export function redactDsn(dsn: string): string {
  try {
    const url = new URL(dsn);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return dsn.replace(/:[^:@/]*@/, ':***@');
  }
}
