/**
 * `GET /metrics` of the simulator: vLLM's metric names, help texts, labels (`model_name`, `engine`)
 * and histogram buckets as of vLLM 0.11–0.12 (vllm/v1/metrics/loggers.py), so dashboards,
 * ServiceMonitors, KEDA queries and Compass's own scraper read it like vLLM. Since 0.11 ITL is
 * `vllm:inter_token_latency_seconds` (the old `time_per_output_token_seconds` is hidden) and KV cache
 * usage is `vllm:kv_cache_usage_perc`. Counters carry the `_total` suffix Python's client adds.
 * Gauges are read from the engine at scrape time.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { EngineObserver, EngineState } from './engine.js';

const TTFT_BUCKETS = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640,
  2560,
];
const TPOT_BUCKETS = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 20, 40, 80,
];
const REQUEST_BUCKETS = [
  0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40, 50, 60, 120, 240, 480, 960, 1920, 7680,
];

export interface SimulatorMetrics {
  registry: Registry;
  /** Feeds the histograms and counters; pass it to `createEngine`. */
  observer: EngineObserver;
  /** Where the running/waiting gauges read from (set once the engine exists). */
  setStateReader(read: () => EngineState): void;
}

export interface SimulatorMetricsOptions {
  /** KV cache size in tokens (vLLM: blocks × block size); default 524288. */
  kvCacheTokens?: number;
}

export function createSimulatorMetrics(
  modelName: string,
  options: SimulatorMetricsOptions = {},
): SimulatorMetrics {
  const registry = new Registry();
  const kvCacheTokens = options.kvCacheTokens ?? 524_288;
  const labels = { model_name: modelName, engine: '0' };
  const labelNames = ['model_name', 'engine'] as const;
  let readState: () => EngineState = () => ({
    running: 0,
    waiting: 0,
    decoding: 0,
    stepInFlight: false,
    cachedTokens: 0,
  });

  new Gauge({
    name: 'vllm:num_requests_running',
    help: 'Number of requests in model execution batches.',
    labelNames,
    registers: [registry],
    collect() {
      this.set(labels, readState().running);
    },
  });
  new Gauge({
    name: 'vllm:num_requests_waiting',
    help: 'Number of requests waiting to be processed.',
    labelNames,
    registers: [registry],
    collect() {
      this.set(labels, readState().waiting);
    },
  });
  new Gauge({
    name: 'vllm:kv_cache_usage_perc',
    help: 'KV-cache usage. 1 means 100 percent usage.',
    labelNames,
    registers: [registry],
    collect() {
      this.set(labels, Math.min(1, readState().cachedTokens / kvCacheTokens));
    },
  });
  // vLLM creates every child up front, so its series exist (at 0) before the first request: rate()
  // over them starts at the first scrape, not at the first request.
  const histogram = (name: string, help: string, buckets: number[]) => {
    const h = new Histogram({ name, help, labelNames, buckets, registers: [registry] });
    h.zero(labels);
    return h.labels(labels);
  };
  const counter = (name: string, help: string) => {
    const c = new Counter({ name, help, labelNames, registers: [registry] });
    c.inc(labels, 0);
    return c.labels(labels);
  };

  const ttft = histogram(
    'vllm:time_to_first_token_seconds',
    'Histogram of time to first token in seconds.',
    TTFT_BUCKETS,
  );
  const itl = histogram(
    'vllm:inter_token_latency_seconds',
    'Histogram of inter-token latency in seconds.',
    TPOT_BUCKETS,
  );
  const requestTpot = histogram(
    'vllm:request_time_per_output_token_seconds',
    'Histogram of time_per_output_token_seconds per request.',
    TPOT_BUCKETS,
  );
  const e2e = histogram(
    'vllm:e2e_request_latency_seconds',
    'Histogram of e2e request latency in seconds.',
    REQUEST_BUCKETS,
  );
  const queue = histogram(
    'vllm:request_queue_time_seconds',
    'Histogram of time spent in WAITING phase for request.',
    REQUEST_BUCKETS,
  );
  const promptTokens = counter('vllm:prompt_tokens_total', 'Number of prefill tokens processed.');
  const generationTokens = counter('vllm:generation_tokens_total', 'Number of generation tokens processed.');
  counter('vllm:num_preemptions_total', 'Cumulative number of preemption from the engine.');
  const success = new Counter({
    name: 'vllm:request_success_total',
    help: 'Count of successfully processed requests.',
    labelNames: ['model_name', 'engine', 'finished_reason'] as const,
    registers: [registry],
  });
  for (const reason of ['stop', 'length', 'abort']) success.inc({ ...labels, finished_reason: reason }, 0);
  const faults = new Counter({
    name: 'vllm_simulator_injected_faults_total',
    help: 'Faults injected by the simulator (error: failed request, stall: paused stream).',
    labelNames: ['model_name', 'kind'] as const,
    registers: [registry],
  });
  return {
    registry,
    setStateReader(read) {
      readState = read;
    },
    observer: {
      admitted(queueMs) {
        queue.observe(queueMs / 1000);
      },
      firstToken(ttftMs, prompt) {
        ttft.observe(ttftMs / 1000);
        promptTokens.inc(prompt);
        generationTokens.inc();
      },
      nextToken(interTokenMs) {
        itl.observe(interTokenMs / 1000);
        generationTokens.inc();
      },
      finished(e2eMs, outputTokens, finishReason, decodeMs) {
        e2e.observe(e2eMs / 1000);
        if (outputTokens > 1) requestTpot.observe(decodeMs / 1000 / (outputTokens - 1));
        success.inc({ ...labels, finished_reason: finishReason });
      },
      faultInjected(kind) {
        faults.inc({ model_name: modelName, kind });
      },
    },
  };
}
