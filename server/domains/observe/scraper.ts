/**
 * The scrape loop. Every `intervalMs` each live (APPLIED) deployment is scraped by exactly one
 * Compass instance: the one holding its PostgreSQL session advisory lock, taken on a dedicated
 * connection. An instance that dies drops the connection and with it its locks, so another instance
 * takes the deployment over on its next round; samples are in the database, so nothing is lost but
 * the scrapes of the gap. After each round the instance publishes `deploymentMetrics:<id>`, which
 * subscribers on any instance turn into a fresh view.
 */
import pg from 'pg';
import type { PrismaClient } from '../../db/clients.js';
import type { PubSub } from '../../kernel/events/pubsub.js';
import type { Logger } from '../../logger.js';
import type { K8sClient } from '../deploy/k8s/client.js';
import { collectFeedback } from './feedback.js';
import { scrapeDeployment, type ScrapeTarget } from './scrape.js';
import { applyRetention, insertSamples, rollUpCompletedMinutes } from './store.js';
import type { ObserveConfig } from './types.js';

/** First key of the (int, int) advisory lock; the second is the deployment id. */
const LOCK_NAMESPACE = 0x0b5e_0001;
const MAINTENANCE_EVERY_MS = 60_000;

export interface ScraperOptions {
  prisma: PrismaClient;
  databaseUrl: string;
  client: K8sClient | null;
  pubsub: PubSub;
  logger: Logger;
  config: ObserveConfig;
  now?: () => number;
}

export interface RoundStats {
  deployments: number;
  pods: number;
  bytes: number;
  ms: number;
}

export interface Scraper {
  /** Deployments this instance scrapes now. */
  owned(): number[];
  /** One round now (tests; the timer keeps running). */
  round(): Promise<RoundStats>;
  /** Rollups, feedback and retention for the owned deployments now. */
  maintain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startScraper(options: ScraperOptions): Promise<Scraper> {
  const { prisma, config, logger } = options;
  const now = options.now ?? Date.now;
  const owned = new Set<number>();
  let lockClient: pg.Client | null = null;
  let stopped = false;
  let running: Promise<RoundStats> | null = null;
  let lastMaintenance = 0;
  const lastErrors = new Map<number, string>();

  async function locks(): Promise<pg.Client> {
    if (lockClient) return lockClient;
    const connection = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: 'compass-observe',
    });
    connection.on('error', (error) => {
      logger.warn({ err: error }, 'observe: lock connection lost; deployments are up for grabs');
      if (lockClient === connection) lockClient = null;
      owned.clear();
    });
    await connection.connect();
    lockClient = connection;
    return connection;
  }

  async function claim(live: ScrapeTarget[]): Promise<ScrapeTarget[]> {
    if (live.length === 0 && owned.size === 0) return [];
    const connection = await locks();
    const liveIds = new Set(live.map((d) => d.id));
    for (const id of [...owned]) {
      if (liveIds.has(id)) continue;
      await connection.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, id]);
      owned.delete(id);
    }
    for (const d of live) {
      if (owned.has(d.id)) continue;
      const { rows } = await connection.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        LOCK_NAMESPACE,
        d.id,
      ]);
      if (rows[0]?.ok) owned.add(d.id);
    }
    return live.filter((d) => owned.has(d.id));
  }

  async function scrapeOne(target: ScrapeTarget): Promise<{ pods: number; bytes: number }> {
    const round = await scrapeDeployment(target, options.client, config, now);
    await insertSamples(prisma, target.id, round.scraped);
    const error = round.errors.join('; ');
    if (error && lastErrors.get(target.id) !== error)
      logger.warn({ deploymentId: target.id, error }, 'observe: scrape failed');
    if (error) lastErrors.set(target.id, error);
    else lastErrors.delete(target.id);
    options.pubsub.publish('deploymentMetrics', String(target.id), {
      at: now(),
      pods: round.scraped.length,
      errors: round.errors,
    });
    return { pods: round.scraped.length, bytes: round.bytes };
  }

  /** Rollups, feedback and retention, at most once a minute unless forced. */
  async function maintain(ids: number[], force = false): Promise<void> {
    const t = now();
    if (!force && t - lastMaintenance < MAINTENANCE_EVERY_MS) return;
    lastMaintenance = t;
    for (const id of ids) {
      await rollUpCompletedMinutes(prisma, id, t);
      const feedback = await collectFeedback(prisma, config, id, t).catch((error: unknown) => {
        logger.warn({ err: error, deploymentId: id }, 'observe: feedback failed');
        return null;
      });
      if (feedback?.filed)
        logger.info({ deploymentId: id, levels: feedback.levels }, 'observe: filed observed levels');
    }
    await applyRetention(prisma, t, { rawMs: config.rawRetentionMs, rollupMs: config.rollupRetentionMs });
  }

  async function doRound(): Promise<RoundStats> {
    const started = performance.now();
    const live = await prisma.deployment.findMany({
      where: { state: 'APPLIED' },
      select: { id: true, name: true, namespace: true },
    });
    const mine = await claim(live);
    let pods = 0;
    let bytes = 0;
    for (const result of await Promise.all(mine.map(scrapeOne))) {
      pods += result.pods;
      bytes += result.bytes;
    }
    await maintain(mine.map((d) => d.id));
    return { deployments: mine.length, pods, bytes, ms: performance.now() - started };
  }

  function round(): Promise<RoundStats> {
    running ??= doRound().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => {
    if (stopped || running) return;
    round().catch((error: unknown) => logger.warn({ err: error }, 'observe: scrape round failed'));
  }, config.intervalMs);
  timer.unref();

  return {
    owned: () => [...owned],
    round,
    maintain: () => maintain([...owned], true),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      const connection = lockClient;
      lockClient = null;
      owned.clear();
      await connection?.end().catch(() => undefined);
    },
  };
}
