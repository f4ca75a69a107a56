import type { PrismaClient } from '../../db/clients.js';
import type { LlmCallRecord } from './types.js';

/** Metrics row and history row in one transaction; prompts and responses are capped at 20 kB each. */
export async function recordLlmCall(prisma: PrismaClient, call: LlmCallRecord): Promise<void> {
  await prisma.$transaction([
    prisma.llmCallMetric.create({
      data: {
        correlationId: call.correlationId,
        purpose: call.purpose,
        tier: call.tier ?? null,
        modelUsed: call.modelUsed,
        endpoint: call.endpoint,
        tokensInput: call.tokensInput,
        tokensOutput: call.tokensOutput,
        tokensTotal: call.tokensInput + call.tokensOutput,
        latencyMs: call.latencyMs,
        costUsd: call.costUsd,
        finishReason: call.finishReason,
        truncated: call.truncated,
        outputValid: call.outputValid,
        error: call.error?.slice(0, 2000) ?? null,
        promptLength: call.promptLength,
        responseLength: call.responseLength,
      },
    }),
    prisma.llmCallHistory.create({
      data: {
        correlationId: call.correlationId,
        purpose: call.purpose,
        promptText: call.promptText.slice(0, 20_000),
        responseText: call.responseText.slice(0, 20_000),
        outputValid: call.outputValid,
      },
    }),
  ]);
}

export const LLM_STATS_GROUPS = ['MODEL', 'PURPOSE', 'TIER', 'DAY'] as const;
export type LlmStatsGroup = (typeof LLM_STATS_GROUPS)[number];
/** The grouping when none (or null) is asked for. */
export const DEFAULT_LLM_STATS_GROUP: LlmStatsGroup = 'MODEL';

export interface LlmCallStat {
  key: string;
  calls: number;
  validRate: number;
  errorRate: number;
  tokensInput: number;
  tokensOutput: number;
  costUsd: number;
  latencyMeanMs: number;
  latencyP95Ms: number;
}

const GROUP_SQL: Record<LlmStatsGroup, string> = {
  MODEL: 'model_used',
  PURPOSE: 'purpose',
  TIER: `coalesce(tier, 'none')`,
  DAY: `to_char(date_trunc('day', created_at), 'YYYY-MM-DD')`,
};

/** Cost and latency of LLM calls over a time window, grouped (one aggregate query). */
export async function llmCallStats(
  prisma: PrismaClient,
  since: Date | null,
  groupBy?: LlmStatsGroup | null,
): Promise<LlmCallStat[]> {
  const key = GROUP_SQL[groupBy ?? DEFAULT_LLM_STATS_GROUP];
  const rows = await prisma.$queryRawUnsafe<
    {
      key: string;
      calls: bigint;
      valid: bigint;
      errors: bigint;
      tin: bigint | null;
      tout: bigint | null;
      cost: number | null;
      mean: number | null;
      p95: number | null;
    }[]
  >(
    `SELECT ${key} AS key, count(*) AS calls, count(*) FILTER (WHERE output_valid) AS valid,
            count(*) FILTER (WHERE error IS NOT NULL) AS errors, sum(tokens_input) AS tin, sum(tokens_output) AS tout,
            sum(cost_usd) AS cost, avg(latency_ms) AS mean,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
     FROM llm_generation_metrics WHERE created_at >= $1 GROUP BY 1 ORDER BY 1`,
    since ?? new Date(0),
  );
  return rows.map((row) => {
    const calls = Number(row.calls);
    return {
      key: row.key,
      calls,
      validRate: calls === 0 ? 0 : Number(row.valid) / calls,
      errorRate: calls === 0 ? 0 : Number(row.errors) / calls,
      tokensInput: Number(row.tin ?? 0),
      tokensOutput: Number(row.tout ?? 0),
      costUsd: row.cost ?? 0,
      latencyMeanMs: row.mean ?? 0,
      latencyP95Ms: row.p95 ?? 0,
    };
  });
}
