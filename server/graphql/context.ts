import type { Logger } from '../logger.js';
import type { PrismaClient } from '../db/clients.js';
import type { PubSub } from './pubsub.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Long-lived things every request shares. */
export interface AppServices {
  prisma: PrismaClient;
  workerPrisma: PrismaClient;
  pubsub: PubSub;
  logger: Logger;
}

/** Per-request context: the shared services plus request-scoped loaders. */
export interface Context extends AppServices {
  requestId: string;
  loaders: Loaders;
}

export function createContext(services: AppServices, requestId: string): Context {
  return { ...services, requestId, loaders: createLoaders(services.prisma) };
}
