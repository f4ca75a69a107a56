import type { TargetKindName } from '../../recipe-targets.js';
import { LLM_METRICS, singleLatencyMetrics } from '../../report/metrics.js';
import type { KindReporting } from './types.js';

/** How each kind's runs are reported: its unit of work, its workers, its latencies. */
export const KIND_REPORTING: Record<TargetKindName, KindReporting> = {
  openai: { unit: 'req', noun: 'streams', metrics: LLM_METRICS },
  postgres: { unit: 'tx', noun: 'connections', metrics: singleLatencyMetrics('Transaction p95') },
  chroma: { unit: 'query', noun: 'clients', metrics: singleLatencyMetrics('Query p95') },
};
