import type { RunTargetPolicy } from '../../server/domains/loadtest/core/run-targets.js';
import type { LevelQuality } from '../../server/domains/loadtest/analysis/level-quality.js';
import type PgBoss from 'pg-boss';
import { createApp } from '../../server/graphql/http-app.js';
import { startJobQueue } from '../../server/domains/loadtest/jobs.js';
import type { AuthSetting } from '../../server/domains/auth/core/mode.js';
import { createAuthGate, type AuthGate } from '../../server/domains/auth/gate.js';
import {
  DEFAULT_LIMITS,
  DEFAULT_RESPONSE_CACHE,
  type AccessConfig,
  type LlmEndpoint,
  type ObserveConfig,
  type ServerLimits,
} from '../../server/config.js';
import { createMetrics } from '../../server/graphql/metrics.js';
import { createResponseCache, type ResponseCache } from '../../server/graphql/response-cache.js';
import { createDeploymentRuntime, type DeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { createDatabaseClients, type DatabaseClients, type PoolSettings } from '../../server/db/clients.js';
import { createAppPubSub, type PubSub } from '../../server/kernel/events/pubsub.js';
import { createLogger } from '../../server/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestServer {
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  db: TestDatabase;
  clients: DatabaseClients;
  /** SQL statements the API's Prisma client sent, in order (cleared by the test when needed). */
  sqlLog: string[];
  pubsub: PubSub;
  jobs: PgBoss | null;
  authGate: AuthGate;
  /** The response cache, when the server was started with one. */
  responseCache: ResponseCache | null;
  close(): Promise<void>;
}

/** A real Compass HTTP + WebSocket server on a random port, over a private copy of the seeded database. */
export interface TestServerOptions {
  /**
   * COMPASS_AUTH as the server sees it (default `open`). The gate is live as in production: with `auto`
   * the mode follows the token table, and every setting re-checks subscriptions when tokens change.
   */
  authMode?: AuthSetting;
  limits?: Partial<ServerLimits>;
  metrics?: boolean;
  /** Start a pg-boss job queue on the test database (benchmark runs). */
  jobs?: boolean;
  llm?: LlmEndpoint | null;
  deployments?: DeploymentRuntime;
  /** Live observability settings the API computes views with (default DEFAULT_OBSERVE_CONFIG). */
  observe?: ObserveConfig;
  /** Success rate and samples a run level needs (default DEFAULT_LEVEL_QUALITY). */
  levelQuality?: LevelQuality;
  /** Where runs may send load (default DEFAULT_RUN_TARGET_POLICY). */
  runTargets?: RunTargetPolicy;
  /** Extra CORS origins and Host names (default none). */
  access?: AccessConfig;
  /** API pool settings over the default (size 5, statement timeout 10 s). */
  apiPool?: Partial<Omit<PoolSettings, 'applicationName'>>;
  /** Serve catalog queries from the response cache (COMPASS_RESPONSE_CACHE=on). */
  responseCache?: boolean;
  /** A second instance on this server's database (the database is dropped by its owner only). */
  sharedDatabaseOf?: TestServer;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const db = options.sharedDatabaseOf?.db ?? (await createTestDatabase());
  const sqlLog: string[] = [];
  const clients = createDatabaseClients(
    db.url,
    {
      api: { applicationName: 'compass-api', size: 5, statementTimeoutMs: 10_000, ...options.apiPool },
      worker: { applicationName: 'compass-worker', size: 3, statementTimeoutMs: 60_000 },
    },
    (sql) => sqlLog.push(sql),
  );
  const pubsub = createAppPubSub();
  const jobs = options.jobs ? await startJobQueue(db.url, createLogger('silent')) : null;
  const metrics = options.metrics ? createMetrics() : null;
  const setting = options.authMode ?? 'open';
  const authGate = await createAuthGate({
    url: db.url,
    prisma: clients.api,
    setting,
    host: '127.0.0.1',
    logger: createLogger('silent'),
    initial: setting === 'tokens' ? 'tokens' : 'open',
  });
  metrics?.observePools({ api: clients.apiPool, worker: clients.workerPool });
  const responseCache = options.responseCache
    ? await createResponseCache({
        url: db.url,
        settings: { ...DEFAULT_RESPONSE_CACHE, enabled: true },
        logger: createLogger('silent'),
      })
    : null;
  const app = createApp(
    {
      prisma: clients.api,
      apiSql: clients.apiSql,
      workerPrisma: clients.worker,
      pubsub,
      logger: createLogger('silent'),
      authGate,
      jobs,
      llm: options.llm ?? null,
      deployments:
        options.deployments ??
        createDeploymentRuntime({
          kubeconfigPath: null,
          inCluster: false,
          allowedNamespaces: ['compass'],
          endpointOverride: null,
        }),
      observe: options.observe ?? null,
      levelQuality: options.levelQuality ?? null,
      runTargets: options.runTargets ?? null,
    },
    { limits: { ...DEFAULT_LIMITS, ...options.limits }, metrics, access: options.access, responseCache },
  );
  const { url } = await app.listen(0, '127.0.0.1');
  return {
    url,
    graphqlUrl: `${url}/graphql`,
    wsUrl: `${url.replace('http', 'ws')}/graphql`,
    db,
    clients,
    sqlLog,
    pubsub,
    jobs,
    authGate,
    responseCache,
    close: async () => {
      await jobs?.stop({ graceful: false, wait: true }).catch(() => undefined);
      await app.close(1_000);
      await authGate.close();
      await responseCache?.close();
      await clients.close();
      if (!options.sharedDatabaseOf) await db.drop();
    },
  };
}

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export async function gql<T = Record<string, unknown>>(
  server: Pick<TestServer, 'graphqlUrl'>,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}
