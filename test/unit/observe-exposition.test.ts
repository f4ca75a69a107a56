import { describe, expect, it } from 'vitest';
import { ExpositionError, parseExposition } from '../../server/domains/observe/core/exposition.js';
import { looksLikeVllm, toPodSnapshot } from '../../server/domains/observe/core/vllm-snapshot.js';

// vLLM 0.11+ shape: `engine` and `model_name` labels, two engines (data parallel) in one pod.
const current = `# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{engine="0",model_name="m"} 4.0
vllm:num_requests_running{engine="1",model_name="m"} 2.0
# TYPE vllm:num_requests_waiting gauge
vllm:num_requests_waiting{engine="0",model_name="m"} 1.0
# TYPE vllm:kv_cache_usage_perc gauge
vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.25
# TYPE vllm:request_success_total counter
vllm:request_success_total{engine="0",finished_reason="stop",model_name="a\\"b"} 7.0
vllm:request_success_total{engine="0",finished_reason="length",model_name="m"} 3.0
# TYPE vllm:request_success_created gauge
vllm:request_success_created{engine="0",finished_reason="length",model_name="m"} 1.7e9
# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
# TYPE vllm:time_to_first_token_seconds histogram
vllm:time_to_first_token_seconds_sum{engine="0",model_name="m"} 5.05
vllm:time_to_first_token_seconds_bucket{engine="0",le="0.01",model_name="m"} 0.0
vllm:time_to_first_token_seconds_bucket{engine="0",le="0.1",model_name="m"} 1.0
vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="m"} 2.0
vllm:time_to_first_token_seconds_count{engine="0",model_name="m"} 2.0
vllm:time_to_first_token_seconds_bucket{engine="1",le="0.01",model_name="m"} 3.0
vllm:time_to_first_token_seconds_bucket{engine="1",le="0.1",model_name="m"} 3.0
vllm:time_to_first_token_seconds_bucket{engine="1",le="+Inf",model_name="m"} 3.0
vllm:time_to_first_token_seconds_sum{engine="1",model_name="m"} 0.015
vllm:time_to_first_token_seconds_count{engine="1",model_name="m"} 3.0
# TYPE vllm:inter_token_latency_seconds histogram
vllm:inter_token_latency_seconds_bucket{engine="0",le="0.01",model_name="m"} 9.0
vllm:inter_token_latency_seconds_bucket{engine="0",le="+Inf",model_name="m"} 10.0
vllm:inter_token_latency_seconds_sum{engine="0",model_name="m"} 0.2
vllm:inter_token_latency_seconds_count{engine="0",model_name="m"} 10.0
# TYPE vllm:time_per_output_token_seconds histogram
vllm:time_per_output_token_seconds_bucket{engine="0",le="0.01",model_name="m"} 1.0
vllm:time_per_output_token_seconds_bucket{engine="0",le="+Inf",model_name="m"} 1.0
`;

// vLLM 0.6–0.10 names only.
const older = `# TYPE vllm:gpu_cache_usage_perc gauge
vllm:gpu_cache_usage_perc{model_name="m"} 0.5
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{model_name="m"} 1
# TYPE vllm:time_per_output_token_seconds histogram
vllm:time_per_output_token_seconds_bucket{le="0.025",model_name="m"} 4
vllm:time_per_output_token_seconds_bucket{le="+Inf",model_name="m"} 5
vllm:time_per_output_token_seconds_sum{model_name="m"} 0.1
vllm:time_per_output_token_seconds_count{model_name="m"} 5
`;

describe('parseExposition', () => {
  it('keeps every histogram label set (the library alone folds them) and reads the types', () => {
    const e = parseExposition(current);
    expect(e.types.get('vllm:time_to_first_token_seconds')).toBe('histogram');
    expect(e.types.get('vllm:request_success_total')).toBe('counter');
    const buckets = e.samples.filter((s) => s.name === 'vllm:time_to_first_token_seconds_bucket');
    expect(buckets).toHaveLength(6);
    expect(buckets[2]).toEqual({
      name: 'vllm:time_to_first_token_seconds_bucket',
      labels: { engine: '0', le: '+Inf', model_name: 'm' },
      value: 2,
    });
    expect(e.samples.find((s) => s.labels.model_name === 'a"b')?.value).toBe(7);
  });

  it('rejects what is not the text format', () => {
    expect(() => parseExposition('<html>{{{ nope 1\n')).toThrow(ExpositionError);
  });
});

describe('toPodSnapshot', () => {
  it('sums every label set, newest names first', () => {
    const s = toPodSnapshot(parseExposition(current), 1000);
    expect(s.gauges).toEqual({ running: 6, waiting: 1, kvCache: 0.25 });
    expect(s.counters.requests).toBe(10);
    expect(s.counters.promptTokens).toBeNull();
    expect(s.histograms.ttft).toMatchObject({
      bounds: [0.01, 0.1, Number.POSITIVE_INFINITY],
      counts: [3, 4, 5],
      count: 5,
    });
    expect(s.histograms.ttft?.sum).toBeCloseTo(5.065, 12);
    // inter_token_latency_seconds wins over the deprecated time_per_output_token_seconds
    expect(s.histograms.itl?.count).toBe(10);
    expect(looksLikeVllm(s)).toBe(true);
  });

  it("falls back to vLLM ≤ 0.10's names", () => {
    const s = toPodSnapshot(parseExposition(older), 1000);
    expect(s.gauges.kvCache).toBe(0.5);
    expect(s.histograms.itl).toEqual({
      bounds: [0.025, Number.POSITIVE_INFINITY],
      counts: [4, 5],
      sum: 0.1,
      count: 5,
    });
    expect(s.histograms.e2e).toBeNull();
  });

  it('something that is not vLLM is recognised', () => {
    expect(looksLikeVllm(toPodSnapshot(parseExposition('# TYPE up gauge\nup 1\n'), 0))).toBe(false);
  });
});
