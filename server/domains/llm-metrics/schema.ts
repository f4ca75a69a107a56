import { builder } from '../../graphql/builder.js';
import { DEFAULT_LLM_STATS_GROUP, LLM_STATS_GROUPS, llmCallStats, type LlmCallStat } from './service.js';

const LlmStatsGroupEnum = builder.enumType('LlmStatsGroup', {
  values: LLM_STATS_GROUPS,
});

const LlmCallStatRef = builder.objectRef<LlmCallStat>('LlmCallStat');
LlmCallStatRef.implement({
  description: 'Aggregate of recorded LLM calls (e.g. intent extraction) for one group.',
  fields: (t) => ({
    key: t.exposeString('key'),
    calls: t.exposeInt('calls'),
    validRate: t.exposeFloat('validRate', {
      description: 'Share of answers that validated against the schema.',
    }),
    errorRate: t.exposeFloat('errorRate'),
    tokensInput: t.exposeInt('tokensInput'),
    tokensOutput: t.exposeInt('tokensOutput'),
    costUsd: t.exposeFloat('costUsd'),
    latencyMeanMs: t.exposeFloat('latencyMeanMs'),
    latencyP95Ms: t.exposeFloat('latencyP95Ms'),
  }),
});

builder.queryField('llmCallStats', (t) =>
  t.field({
    type: [LlmCallStatRef],
    args: {
      since: t.arg({ type: 'DateTime', required: false }),
      groupBy: t.arg({ type: LlmStatsGroupEnum, required: false, defaultValue: DEFAULT_LLM_STATS_GROUP }),
    },
    resolve: (_root, args, ctx) => llmCallStats(ctx.prisma, args.since ?? null, args.groupBy),
  }),
);
