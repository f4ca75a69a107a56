import type { KneeMetric } from '../analysis/saturation.js';

/**
 * Which latency columns a target kind fills in, and what they are called. An LLM request has
 * TTFT, ITL and E2E and output tokens; a SQL transaction or a vector query has one latency
 * (stored in the E2E columns) and no tokens, and its report shows only that.
 */
export interface ReportMetrics {
  latencies: { key: KneeMetric; label: string }[];
  /** Show output tokens/s. */
  tokens: boolean;
}

export const LLM_METRICS: ReportMetrics = {
  latencies: [
    { key: 'ttftP95', label: 'TTFT p95' },
    { key: 'itlP95', label: 'ITL p95' },
    { key: 'e2eP95', label: 'E2E p95' },
  ],
  tokens: true,
};

export function singleLatencyMetrics(label: string): ReportMetrics {
  return { latencies: [{ key: 'e2eP95', label }], tokens: false };
}
