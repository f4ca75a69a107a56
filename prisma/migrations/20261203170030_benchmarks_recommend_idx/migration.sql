-- recommend's candidate SQL (server/domains/recommend/candidate-sql.ts) reads only these columns, grouped
-- by profile and config and ordered by load: one index serves its per-config aggregates (a streaming
-- index-only scan) and its bracket probes around a per-replica load (one descent per config and side).
-- Its (prompt_tokens, output_tokens) prefix serves everything benchmarks_profile_idx did.
CREATE INDEX "benchmarks_recommend_idx" ON "benchmarks" (
  "prompt_tokens", "output_tokens", "model_id", "gpu_id", "hardware_count", "source",
  "requests_per_second", "concurrency", "id", "ttft_p95", "itl_p95", "e2e_p95"
);
DROP INDEX "benchmarks_profile_idx";
