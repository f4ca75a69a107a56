import type PgBoss from 'pg-boss';
import { callerRole } from '../domains/auth/core/mode.js';
import type { AuthGate } from '../domains/auth/gate.js';
import type { LlmEndpoint, ObserveConfig } from '../config.js';
import type { DeploymentRuntime } from '../domains/deploy/runtime.js';
import type { Principal, Role } from '../domains/auth/tokens.js';
import type { Logger } from '../logger.js';
import type { PrismaClient, SqlReader } from '../db/clients.js';
import type { PubSub } from '../kernel/events/pubsub.js';
import type { LevelQuality } from '../domains/loadtest/analysis/level-quality.js';
import type { RunTargetPolicy } from '../domains/loadtest/core/run-targets.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Long-lived things every request shares. */
export interface AppServices {
  prisma: PrismaClient;
  /** Hand-written reads on the API pool; absent = those paths use Prisma (docs/performance.md). */
  apiSql?: SqlReader | null;
  workerPrisma: PrismaClient;
  pubsub: PubSub;
  logger: Logger;
  /** The live auth mode (follows the api_tokens table). */
  authGate: AuthGate;
  /** The benchmark job queue; null where runs are disabled. */
  jobs: PgBoss | null;
  /** Intent extraction's LLM endpoint; null = rules only. */
  llm: LlmEndpoint | null;
  deployments: DeploymentRuntime;
  /** Live observability settings; absent = the defaults (DEFAULT_OBSERVE_CONFIG). */
  observe?: ObserveConfig | null;
  /** Success rate and sample count a run level needs; absent = DEFAULT_LEVEL_QUALITY. */
  levelQuality?: LevelQuality | null;
  /** Where runs may send load; absent = DEFAULT_RUN_TARGET_POLICY (all but link-local/metadata). */
  runTargets?: RunTargetPolicy | null;
  /** Seals recipe secrets (docs/benchmark-runner.md "Secrets"); absent = a per-process key. */
  secretKey?: Buffer | null;
}

export interface RequestAuth {
  /** Null when the request carries no valid token (and is not a tokenless caller of an open server). */
  role: Role | null;
  principal: Principal | null;
  /** Whether the caller sent an Authorization value at all (valid or not). */
  sentToken: boolean;
}

/** Per-request context: the shared services, request-scoped loaders and a logger tagged with the request id. */
export interface Context extends AppServices {
  requestId: string;
  loaders: Loaders;
  auth: RequestAuth;
}

export function createContext(
  services: AppServices,
  requestId: string,
  principal: Principal | null,
  sentToken: boolean,
): Context {
  const role = callerRole<Role>(services.authGate.mode(), sentToken, principal?.role ?? null, 'ADMIN');
  return {
    ...services,
    logger: services.logger.child({ requestId }),
    requestId,
    loaders: createLoaders(services.prisma),
    auth: { role, principal, sentToken },
  };
}
