import pg from 'pg';
import type { PrismaClient } from '../../db/clients.js';
import type { Logger } from '../../logger.js';
import { nextAuthMode, type AuthMode, type AuthSetting } from './core/mode.js';

export const TOKENS_CHANNEL = 'compass_api_tokens';
/** How stale the gate may be when NOTIFY is lost (listener reconnecting, a write outside a trigger). */
export const RECOUNT_MS = 500;

export interface TokenTableChange {
  mode: AuthMode;
  previous: AuthMode;
}

/**
 * The live auth mode. Every instance LISTENs on `compass_api_tokens` (a trigger on api_tokens NOTIFYs on
 * insert, delete, and role/revocation updates) and re-reads the table every RECOUNT_MS as a fallback, so a
 * token created by the CLI, the API or another instance turns auth on everywhere within a second.
 */
export interface AuthGate {
  mode(): AuthMode;
  /** Called after every observed change of the token table, whether or not the mode moved. */
  onChange(listener: (change: TokenTableChange) => void): () => void;
  /** Re-reads the token table now. */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export interface AuthGateOptions {
  url: string;
  prisma: PrismaClient;
  setting: AuthSetting;
  host: string;
  logger: Logger;
  initial: AuthMode;
  recountMs?: number;
}

interface TokenTableState {
  active: number;
  fingerprint: string;
}

async function readTokenTable(prisma: PrismaClient): Promise<TokenTableState> {
  // One row per token, so the fingerprint also moves on a role change that keeps the count.
  const rows = await prisma.$queryRaw<{ active: number; fingerprint: string | null }[]>`
    SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS active,
           md5(string_agg(id || ':' || role || ':' || coalesce(revoked_at::text, '') || ':' || token_hash,
                          ',' ORDER BY id)) AS fingerprint
      FROM api_tokens`;
  const row = rows[0];
  return { active: row?.active ?? 0, fingerprint: row?.fingerprint ?? '' };
}

export async function createAuthGate(options: AuthGateOptions): Promise<AuthGate> {
  const { prisma, setting, host, logger } = options;
  const listeners = new Set<(change: TokenTableChange) => void>();
  let mode = options.initial;
  let last: TokenTableState | null = null;
  let closed = false;
  let reading: Promise<void> | null = null;
  let again = false;

  const apply = (state: TokenTableState) => {
    const previous = mode;
    const first = last === null;
    const changed = !first && state.fingerprint !== last?.fingerprint;
    last = state;
    mode = nextAuthMode(setting, host, mode, state.active);
    if (mode !== previous) {
      logger.warn(
        { from: previous, to: mode, activeTokens: state.active },
        mode === 'tokens'
          ? 'AUTH IS ON: an API token exists, so every request now needs one'
          : 'AUTH IS OFF: the last API token was revoked, so every local caller is admin (loopback only)',
      );
    } else if (mode === 'tokens' && state.active === 0 && changed) {
      logger.warn(
        { host },
        'no active API token: every request is refused until `compass token create` makes one (the server stays closed)',
      );
    }
    if (changed || mode !== previous) for (const listener of listeners) listener({ mode, previous });
  };

  // Reads never overlap: a change seen while one runs triggers exactly one more read after it.
  const refresh = (): Promise<void> => {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      do {
        again = false;
        try {
          apply(await readTokenTable(prisma));
        } catch (error) {
          logger.warn({ err: error }, 'could not read api_tokens; keeping the current auth mode');
        }
      } while (again && !closed);
      reading = null;
    })();
    return reading;
  };

  let listener: pg.Client | null = null;
  const listen = async (attempt = 0): Promise<void> => {
    if (closed) return;
    const client = new pg.Client({ connectionString: options.url, application_name: 'compass-auth-gate' });
    try {
      client.on('notification', (message) => {
        if (message.channel === TOKENS_CHANNEL) void refresh();
      });
      client.on('error', () => {
        if (closed) return;
        listener = null;
        void client.end().catch(() => undefined);
        void listen();
      });
      await client.connect();
      await client.query(`LISTEN ${TOKENS_CHANNEL}`);
      listener = client;
      // A change that happened while we were not listening.
      void refresh();
    } catch {
      void client.end().catch(() => undefined);
      const delay = Math.min(5_000, 100 * 2 ** attempt);
      setTimeout(() => void listen(attempt + 1), delay).unref();
    }
  };

  await refresh();
  await listen();
  const timer = setInterval(() => void refresh(), options.recountMs ?? RECOUNT_MS);
  timer.unref();

  return {
    mode: () => mode,
    onChange: (callback) => {
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    refresh,
    close: async () => {
      closed = true;
      clearInterval(timer);
      await reading;
      const client = listener;
      listener = null;
      await client?.end().catch(() => undefined);
    },
  };
}

/** A gate that never moves (benchmarks and tests that run without the token table's live updates). */
export function staticAuthGate(mode: AuthMode): AuthGate {
  return {
    mode: () => mode,
    onChange: () => () => undefined,
    refresh: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
