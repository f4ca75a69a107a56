/** `rows` valid exported_summaries rows (llama-3.1-8b on H100, 512→256) as a SUMMARIES_JSON import. */
export function summariesJson(rows: number, prefix = 'bulk'): string {
  return JSON.stringify({
    benchmarks: Array.from({ length: rows }, (_, i) => ({
      config_id: `${prefix}-${i}`,
      model_hf_repo: 'meta-llama/llama-3.1-8b-instruct',
      hardware: 'H100',
      hardware_count: 1 + (i % 4),
      prompt_tokens: 512,
      output_tokens: 256,
      mean_input_tokens: 512,
      mean_output_tokens: 256,
      concurrency: 1_000 + i,
      requests_per_second: 1 + (i % 97) / 10,
      tokens_per_second: 200 + (i % 89),
      ttft_mean: 40 + (i % 50),
      ttft_p90: 60 + (i % 50),
      ttft_p95: 70 + (i % 50),
      ttft_p99: 90 + (i % 50),
      itl_mean: 8,
      itl_p90: 9,
      itl_p95: 10,
      itl_p99: 12,
      e2e_mean: 2_000 + (i % 500),
      e2e_p90: 2_500 + (i % 500),
      e2e_p95: 2_700 + (i % 500),
      e2e_p99: 3_000 + (i % 500),
      framework: 'vllm',
      framework_version: '0.8.5',
    })),
  });
}
