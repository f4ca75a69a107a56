import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { recheckSubscription, type SubscriptionVerdict } from '../domains/auth/core/mode.js';
import type { AuthGate } from '../domains/auth/gate.js';
import { ROLES, type Role } from '../domains/auth/tokens.js';
import type { PrismaClient } from '../db/clients.js';
import type { Logger } from '../logger.js';
import type { Context, RequestAuth } from './context.js';

interface Live {
  tokenId: number | null;
  role: Role;
  end(verdict: Exclude<SubscriptionVerdict, 'keep'>): void;
}

export interface LiveSubscriptions {
  /** Wraps a subscription's event stream so that it ends when its authorisation no longer holds. */
  track<T>(source: AsyncIterable<T>, auth: RequestAuth): AsyncIterableIterator<T | ExecutionResult>;
  /** Re-checks every live subscription against the token table now. */
  recheck(): Promise<void>;
  size(): number;
  dispose(): void;
}

const MESSAGES: Record<Exclude<SubscriptionVerdict, 'keep'>, string> = {
  unauthenticated:
    'subscription ended: it needs an API token (auth turned on, or its token was revoked); resubscribe with one',
  forbidden: "subscription ended: its token's role changed; resubscribe",
};

function endingResult(verdict: Exclude<SubscriptionVerdict, 'keep'>): ExecutionResult {
  const code = verdict === 'unauthenticated' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
  return { errors: [new GraphQLError(MESSAGES[verdict], { extensions: { code } })] };
}

/**
 * graphql-ws authorises a subscription once, when it starts; this keeps that decision live. Every change
 * the auth gate sees re-checks all live subscriptions; those no longer allowed get one last event with an
 * UNAUTHENTICATED (or FORBIDDEN) error and complete, leaving the socket and its other subscriptions open.
 */
export function createLiveSubscriptions(
  gate: AuthGate,
  prisma: PrismaClient,
  logger: Logger,
): LiveSubscriptions {
  const live = new Set<Live>();
  const rank = (role: Role) => ROLES.indexOf(role);

  const recheck = async (): Promise<void> => {
    if (live.size === 0) return;
    const ids = [...new Set([...live].flatMap((entry) => (entry.tokenId === null ? [] : [entry.tokenId])))];
    const rows =
      ids.length === 0
        ? []
        : await prisma.apiToken.findMany({
            where: { id: { in: ids } },
            select: { id: true, role: true, revokedAt: true },
          });
    const byId = new Map(rows.map((row) => [row.id, { role: row.role, revoked: row.revokedAt !== null }]));
    const mode = gate.mode();
    let ended = 0;
    for (const entry of live) {
      const current = entry.tokenId === null ? null : (byId.get(entry.tokenId) ?? null);
      const verdict = recheckSubscription(mode, entry, current, rank);
      if (verdict === 'keep') continue;
      entry.end(verdict);
      ended += 1;
    }
    if (ended > 0) logger.warn({ ended, mode }, 'ended subscriptions whose authorisation no longer holds');
  };

  const unsubscribe = gate.onChange(() => {
    recheck().catch((error: unknown) => logger.warn({ err: error }, 'could not re-check subscriptions'));
  });

  const track = <T>(
    source: AsyncIterable<T>,
    auth: RequestAuth,
  ): AsyncIterableIterator<T | ExecutionResult> => {
    const iterator = source[Symbol.asyncIterator]();
    let finished = false;
    let ending: ExecutionResult | null = null;
    let wake: (() => void) | null = null;
    const woken = new Promise<null>((resolve) => {
      wake = () => resolve(null);
    });
    const entry: Live = {
      tokenId: auth.principal?.tokenId ?? null,
      role: auth.role ?? 'VIEWER',
      end: (verdict) => {
        ending = endingResult(verdict);
        live.delete(entry);
        wake?.();
      },
    };
    live.add(entry);
    const finish = async () => {
      finished = true;
      live.delete(entry);
      await iterator.return?.();
    };
    const endNow = async (): Promise<IteratorResult<T | ExecutionResult>> => {
      const value = ending as ExecutionResult;
      await finish();
      return { done: false, value };
    };
    const wrapped: AsyncIterableIterator<T | ExecutionResult> = {
      [Symbol.asyncIterator]: () => wrapped,
      next: async () => {
        if (finished) return { done: true, value: undefined };
        if (ending) return endNow();
        const next = await Promise.race([iterator.next(), woken]);
        if (next === null || ending) return endNow();
        if (next.done) {
          finished = true;
          live.delete(entry);
        }
        return next;
      },
      return: async () => {
        await finish();
        return { done: true, value: undefined };
      },
      throw: async (error: unknown) => {
        await finish();
        throw error;
      },
    };
    return wrapped;
  };

  return {
    track,
    recheck,
    size: () => live.size,
    dispose: () => {
      unsubscribe();
      live.clear();
    },
  };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Tracks every subscription's event stream, whichever transport carries it (graphql-ws or SSE). */
export function useLiveSubscriptions(live: LiveSubscriptions): Plugin<Context> {
  return {
    onSubscribe: () => ({
      onSubscribeResult: ({ args, result, setResult }) => {
        if (!isAsyncIterable(result)) return;
        setResult(live.track(result, (args.contextValue as Context).auth) as typeof result);
      },
    }),
  };
}
