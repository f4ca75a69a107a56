import { Kind, type DocumentNode } from 'graphql';
import type pg from 'pg';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/** Prometheus metrics of one server process (`GET /metrics`). */
export interface Metrics {
  registry: Registry;
  yogaPlugin(): Plugin<Context>;
  /** Gauges read at scrape time: pool usage and job queue depth. */
  observePools(pools: Record<string, pg.Pool>): void;
  setQueueDepthReader(read: () => Promise<number>): void;
}

/** Distinct operation names /metrics keeps as labels; later ones (and over-long ones) count as `other`. */
export const MAX_OPERATION_LABELS = 100;
const MAX_OPERATION_NAME_LENGTH = 100;

/**
 * Operation names come from callers, so each new one would add a series forever: the first `max`
 * distinct names keep their own label, every later one is `other`.
 */
export function operationLabeler(max = MAX_OPERATION_LABELS): (name: string | null | undefined) => string {
  const kept = new Set<string>();
  return (name) => {
    const label = name ?? 'anonymous';
    if (kept.has(label)) return label;
    if (kept.size >= max || label.length > MAX_OPERATION_NAME_LENGTH) return 'other';
    kept.add(label);
    return label;
  };
}

/** The request's operationName, else the name the (single) operation has in the document. */
function operationNameOf(document: DocumentNode, operationName: string | null | undefined): string | null {
  if (operationName) return operationName;
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.name?.value ?? null;
}

export function createMetrics(): Metrics {
  const operationLabel = operationLabeler();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'compass_process_' });
  const operations = new Counter({
    name: 'compass_graphql_operations_total',
    help: 'GraphQL operations executed, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'compass_graphql_errors_total',
    help: 'GraphQL operations that returned errors, by operation name and error code',
    labelNames: ['operation', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'compass_graphql_operation_duration_seconds',
    help: 'Execution time of GraphQL queries and mutations',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const activeSubscriptions = new Gauge({
    name: 'compass_graphql_active_subscriptions',
    help: 'Subscriptions currently streaming (graphql-ws and SSE)',
    registers: [registry],
  });
  let queueDepth: () => Promise<number> = async () => 0;
  new Gauge({
    name: 'compass_job_queue_depth',
    help: 'Benchmark runs waiting for a worker',
    registers: [registry],
    async collect() {
      this.set(await queueDepth().catch(() => 0));
    },
  });
  let pools: Record<string, pg.Pool> = {};
  new Gauge({
    name: 'compass_db_pool_connections',
    help: 'Database pool connections by pool and state (total, idle, waiting)',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      for (const [name, pool] of Object.entries(pools)) {
        this.set({ pool: name, state: 'total' }, pool.totalCount);
        this.set({ pool: name, state: 'idle' }, pool.idleCount);
        this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    },
  });

  return {
    registry,
    observePools(next) {
      pools = next;
    },
    setQueueDepthReader(read) {
      queueDepth = read;
    },
    yogaPlugin(): Plugin<Context> {
      return {
        onExecute({ args }) {
          const operation = operationLabel(operationNameOf(args.document, args.operationName));
          const started = performance.now();
          return {
            onExecuteDone({ result }) {
              const type = 'errors' in result || 'data' in result ? 'query_or_mutation' : 'stream';
              operations.inc({ operation, type });
              duration.observe({ operation, type }, (performance.now() - started) / 1000);
              if ('errors' in result && result.errors) {
                for (const error of result.errors) {
                  errors.inc({ operation, code: String(error.extensions?.code ?? 'UNKNOWN') });
                }
              }
            },
          };
        },
        onSubscribe({ args }) {
          const operation = operationLabel(operationNameOf(args.document, args.operationName));
          operations.inc({ operation, type: 'subscription' });
          return {
            onSubscribeResult() {
              activeSubscriptions.inc();
              return {
                onEnd() {
                  activeSubscriptions.dec();
                },
              };
            },
          };
        },
      };
    },
  };
}
