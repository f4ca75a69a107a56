-- Kind-specific metrics of a level (postgres per-statement latencies, chroma recall@k).
ALTER TABLE "benchmark_run_levels" ADD COLUMN "kind_metrics" JSONB;
