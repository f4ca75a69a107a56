-- Compass initial schema: knowledge base, runs, deployments, tokens, LLM call metrics.

-- CreateEnum
CREATE TYPE "ExperienceClass" AS ENUM ('INSTANT', 'CONVERSATIONAL', 'INTERACTIVE', 'DEFERRED', 'BATCH');
CREATE TYPE "BenchmarkSource" AS ENUM ('SYNTHETIC', 'IMPORTED', 'MEASURED');
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');
CREATE TYPE "DeploymentMode" AS ENUM ('VLLM', 'SIMULATOR');
CREATE TYPE "DeploymentState" AS ENUM ('PENDING', 'APPLIED', 'FAILED', 'DELETING', 'DELETED');
CREATE TYPE "Role" AS ENUM ('VIEWER', 'OPERATOR', 'ADMIN');

-- CreateTable
CREATE TABLE "traffic_profiles" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prompt_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "description" TEXT NOT NULL,
    CONSTRAINT "traffic_profiles_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "use_cases" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "experience_class" "ExperienceClass" NOT NULL,
    "traffic_profile_id" INTEGER NOT NULL,
    "ttft_p95_ms" DOUBLE PRECISION NOT NULL,
    "itl_p95_ms" DOUBLE PRECISION NOT NULL,
    "e2e_p95_ms" DOUBLE PRECISION NOT NULL,
    "rationale" TEXT NOT NULL,
    CONSTRAINT "use_cases_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "models" (
    "id" SERIAL NOT NULL,
    "hf_repo" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "parameter_count_b" DOUBLE PRECISION NOT NULL,
    "active_parameter_count_b" DOUBLE PRECISION,
    "context_window" INTEGER NOT NULL,
    "tasks" TEXT[],
    "domains" TEXT[],
    "license" TEXT NOT NULL,
    "license_type" TEXT NOT NULL,
    "min_gpu_memory_gb" DOUBLE PRECISION NOT NULL,
    "quantization" TEXT NOT NULL,
    "bytes_per_param" DOUBLE PRECISION NOT NULL,
    "recommended_for" TEXT[],
    "approved" BOOLEAN NOT NULL,
    "quality_score" DOUBLE PRECISION NOT NULL,
    "quality_estimated" BOOLEAN NOT NULL,
    "notes" TEXT NOT NULL,
    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "model_quality_scores" (
    "model_id" INTEGER NOT NULL,
    "use_case_id" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "model_quality_scores_pkey" PRIMARY KEY ("model_id","use_case_id")
);

CREATE TABLE "gpus" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "aliases" TEXT[],
    "vendor" TEXT NOT NULL,
    "architecture" TEXT NOT NULL,
    "vram_gb" INTEGER NOT NULL,
    "fp16_tflops" DOUBLE PRECISION NOT NULL,
    "memory_bandwidth_gbps" DOUBLE PRECISION NOT NULL,
    "compute_capability" TEXT,
    "node_selector_label" TEXT NOT NULL,
    "hourly_price_usd" DOUBLE PRECISION NOT NULL,
    "availability" TEXT NOT NULL,
    "notes" TEXT NOT NULL,
    CONSTRAINT "gpus_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "gpu_prices" (
    "id" SERIAL NOT NULL,
    "gpu_id" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "hourly_usd" DOUBLE PRECISION NOT NULL,
    "effective_date" DATE NOT NULL,
    CONSTRAINT "gpu_prices_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "benchmarks" (
    "id" SERIAL NOT NULL,
    "config_id" TEXT NOT NULL,
    "model_id" INTEGER NOT NULL,
    "gpu_id" INTEGER NOT NULL,
    "traffic_profile_id" INTEGER NOT NULL,
    "model_hf_repo" TEXT NOT NULL,
    "hardware" TEXT NOT NULL,
    "hardware_count" INTEGER NOT NULL,
    "prompt_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "mean_input_tokens" DOUBLE PRECISION NOT NULL,
    "mean_output_tokens" DOUBLE PRECISION NOT NULL,
    "concurrency" INTEGER,
    "request_rate" DOUBLE PRECISION,
    "requests_per_second" DOUBLE PRECISION NOT NULL,
    "responses_per_second" DOUBLE PRECISION,
    "tokens_per_second" DOUBLE PRECISION NOT NULL,
    "ttft_mean" DOUBLE PRECISION NOT NULL,
    "ttft_p50" DOUBLE PRECISION,
    "ttft_p90" DOUBLE PRECISION NOT NULL,
    "ttft_p95" DOUBLE PRECISION NOT NULL,
    "ttft_p99" DOUBLE PRECISION NOT NULL,
    "itl_mean" DOUBLE PRECISION NOT NULL,
    "itl_p50" DOUBLE PRECISION,
    "itl_p90" DOUBLE PRECISION NOT NULL,
    "itl_p95" DOUBLE PRECISION NOT NULL,
    "itl_p99" DOUBLE PRECISION NOT NULL,
    "e2e_mean" DOUBLE PRECISION NOT NULL,
    "e2e_p50" DOUBLE PRECISION,
    "e2e_p90" DOUBLE PRECISION NOT NULL,
    "e2e_p95" DOUBLE PRECISION NOT NULL,
    "e2e_p99" DOUBLE PRECISION NOT NULL,
    "tps_mean" DOUBLE PRECISION,
    "tps_p90" DOUBLE PRECISION,
    "tps_p95" DOUBLE PRECISION,
    "tps_p99" DOUBLE PRECISION,
    "framework" TEXT,
    "framework_version" TEXT,
    "provider" TEXT,
    "type" TEXT,
    "huggingface_prompt_dataset" TEXT,
    "entrypoint" TEXT,
    "docker_image" TEXT,
    "profiler_type" TEXT,
    "profiler_image" TEXT,
    "profiler_tag" TEXT,
    "model_uri" TEXT,
    "source" "BenchmarkSource" NOT NULL,
    "run_id" INTEGER,
    "jbenchmark_created_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "benchmarks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "benchmark_runs" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "recipe" JSONB NOT NULL,
    "target_url" TEXT NOT NULL,
    "target_model" TEXT NOT NULL,
    "profile_kind" TEXT NOT NULL,
    "model_id" INTEGER,
    "gpu_id" INTEGER,
    "gpu_count" INTEGER,
    "prompt_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "tags" TEXT[],
    "job_id" TEXT,
    "worker_id" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "last_progress" JSONB,
    "completed_levels" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "heartbeat_at" TIMESTAMP(3),
    CONSTRAINT "benchmark_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "benchmark_run_levels" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "level_index" INTEGER NOT NULL,
    "repetition" INTEGER NOT NULL,
    "load_kind" TEXT NOT NULL,
    "concurrency" INTEGER,
    "target_rate" DOUBLE PRECISION,
    "started_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3) NOT NULL,
    "duration_seconds" DOUBLE PRECISION NOT NULL,
    "completed_requests" INTEGER NOT NULL,
    "errored_requests" INTEGER NOT NULL,
    "incomplete_requests" INTEGER NOT NULL,
    "requests_per_second" DOUBLE PRECISION NOT NULL,
    "output_tokens_per_second" DOUBLE PRECISION NOT NULL,
    "mean_input_tokens" DOUBLE PRECISION NOT NULL,
    "mean_output_tokens" DOUBLE PRECISION NOT NULL,
    "ttft_mean" DOUBLE PRECISION NOT NULL,
    "ttft_p50" DOUBLE PRECISION NOT NULL,
    "ttft_p90" DOUBLE PRECISION NOT NULL,
    "ttft_p95" DOUBLE PRECISION NOT NULL,
    "ttft_p99" DOUBLE PRECISION NOT NULL,
    "itl_mean" DOUBLE PRECISION NOT NULL,
    "itl_p50" DOUBLE PRECISION NOT NULL,
    "itl_p90" DOUBLE PRECISION NOT NULL,
    "itl_p95" DOUBLE PRECISION NOT NULL,
    "itl_p99" DOUBLE PRECISION NOT NULL,
    "tpot_mean" DOUBLE PRECISION NOT NULL,
    "e2e_mean" DOUBLE PRECISION NOT NULL,
    "e2e_p50" DOUBLE PRECISION NOT NULL,
    "e2e_p90" DOUBLE PRECISION NOT NULL,
    "e2e_p95" DOUBLE PRECISION NOT NULL,
    "e2e_p99" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "benchmark_run_levels_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "benchmark_requests" (
    "id" BIGSERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "level_index" INTEGER NOT NULL,
    "repetition" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "phase" TEXT NOT NULL,
    "scheduled_ms" DOUBLE PRECISION NOT NULL,
    "sent_ms" DOUBLE PRECISION NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "prompt_tokens" INTEGER NOT NULL,
    "output_tokens" INTEGER NOT NULL,
    "ttft_ms" DOUBLE PRECISION,
    "itl_ms" DOUBLE PRECISION,
    "tpot_ms" DOUBLE PRECISION,
    "e2e_ms" DOUBLE PRECISION,
    CONSTRAINT "benchmark_requests_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "deployments" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "mode" "DeploymentMode" NOT NULL,
    "state" "DeploymentState" NOT NULL DEFAULT 'PENDING',
    "model_id" INTEGER,
    "gpu_id" INTEGER,
    "gpu_count" INTEGER NOT NULL,
    "min_replicas" INTEGER NOT NULL,
    "max_replicas" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "manifests" TEXT NOT NULL,
    "applied_objects" JSONB,
    "endpoint_url" TEXT,
    "message" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "deleted_at" TIMESTAMP(3),
    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_tokens" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "llm_context_windows" (
    "id" SERIAL NOT NULL,
    "tier" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "max_tokens" INTEGER NOT NULL,
    "cost_per_1m_input_usd" DOUBLE PRECISION NOT NULL,
    "cost_per_1m_output_usd" DOUBLE PRECISION NOT NULL,
    "supports_streaming" BOOLEAN NOT NULL DEFAULT true,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "llm_context_windows_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "llm_generation_metrics" (
    "id" UUID NOT NULL,
    "correlation_id" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "tier" TEXT,
    "model_used" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "tokens_input" INTEGER NOT NULL,
    "tokens_output" INTEGER NOT NULL,
    "tokens_total" INTEGER NOT NULL,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "cost_usd" DOUBLE PRECISION NOT NULL,
    "finish_reason" TEXT,
    "truncated" BOOLEAN NOT NULL,
    "output_valid" BOOLEAN NOT NULL,
    "error" TEXT,
    "prompt_length" INTEGER NOT NULL,
    "response_length" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "llm_generation_metrics_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "llm_generation_history" (
    "id" UUID NOT NULL,
    "correlation_id" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "prompt_text" TEXT NOT NULL,
    "response_text" TEXT NOT NULL,
    "output_valid" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "llm_generation_history_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "kb_meta" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "kb_meta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "traffic_profiles_name_key" ON "traffic_profiles"("name");
CREATE UNIQUE INDEX "traffic_profiles_prompt_tokens_output_tokens_key" ON "traffic_profiles"("prompt_tokens", "output_tokens");
CREATE UNIQUE INDEX "use_cases_key_key" ON "use_cases"("key");
CREATE INDEX "use_cases_traffic_profile_id_idx" ON "use_cases"("traffic_profile_id");
CREATE UNIQUE INDEX "models_hf_repo_key" ON "models"("hf_repo");
CREATE INDEX "models_family_idx" ON "models"("family");
CREATE INDEX "model_quality_scores_use_case_id_idx" ON "model_quality_scores"("use_case_id");
CREATE UNIQUE INDEX "gpus_type_key" ON "gpus"("type");
CREATE UNIQUE INDEX "gpu_prices_gpu_id_provider_region_effective_date_key" ON "gpu_prices"("gpu_id", "provider", "region", "effective_date");
CREATE UNIQUE INDEX "benchmarks_config_id_key" ON "benchmarks"("config_id");
CREATE INDEX "benchmarks_lookup_idx" ON "benchmarks"("model_id", "gpu_id", "hardware_count", "prompt_tokens", "output_tokens");
CREATE INDEX "benchmarks_profile_idx" ON "benchmarks"("prompt_tokens", "output_tokens");
CREATE INDEX "benchmarks_gpu_id_idx" ON "benchmarks"("gpu_id");
CREATE INDEX "benchmarks_traffic_profile_id_idx" ON "benchmarks"("traffic_profile_id");
CREATE INDEX "benchmarks_run_id_idx" ON "benchmarks"("run_id");
CREATE INDEX "benchmark_runs_status_idx" ON "benchmark_runs"("status");
CREATE INDEX "benchmark_runs_created_at_idx" ON "benchmark_runs"("created_at");
CREATE UNIQUE INDEX "benchmark_run_levels_run_id_level_index_repetition_key" ON "benchmark_run_levels"("run_id", "level_index", "repetition");
CREATE INDEX "benchmark_requests_run_id_level_index_idx" ON "benchmark_requests"("run_id", "level_index");
CREATE INDEX "deployments_namespace_name_idx" ON "deployments"("namespace", "name");
CREATE INDEX "deployments_state_idx" ON "deployments"("state");
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE UNIQUE INDEX "llm_context_windows_tier_key" ON "llm_context_windows"("tier");
CREATE INDEX "llm_context_windows_is_active_idx" ON "llm_context_windows"("is_active");
CREATE INDEX "llm_generation_metrics_correlation_id_idx" ON "llm_generation_metrics"("correlation_id");
CREATE INDEX "llm_generation_metrics_model_used_idx" ON "llm_generation_metrics"("model_used");
CREATE INDEX "llm_generation_metrics_created_at_idx" ON "llm_generation_metrics"("created_at" DESC);
CREATE INDEX "llm_generation_metrics_tier_model_used_idx" ON "llm_generation_metrics"("tier", "model_used");
CREATE INDEX "llm_generation_history_correlation_id_idx" ON "llm_generation_history"("correlation_id");

-- AddForeignKey
ALTER TABLE "use_cases" ADD CONSTRAINT "use_cases_traffic_profile_id_fkey" FOREIGN KEY ("traffic_profile_id") REFERENCES "traffic_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "model_quality_scores" ADD CONSTRAINT "model_quality_scores_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "model_quality_scores" ADD CONSTRAINT "model_quality_scores_use_case_id_fkey" FOREIGN KEY ("use_case_id") REFERENCES "use_cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "gpu_prices" ADD CONSTRAINT "gpu_prices_gpu_id_fkey" FOREIGN KEY ("gpu_id") REFERENCES "gpus"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_gpu_id_fkey" FOREIGN KEY ("gpu_id") REFERENCES "gpus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_traffic_profile_id_fkey" FOREIGN KEY ("traffic_profile_id") REFERENCES "traffic_profiles"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "benchmarks" ADD CONSTRAINT "benchmarks_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "benchmark_runs" ADD CONSTRAINT "benchmark_runs_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "benchmark_runs" ADD CONSTRAINT "benchmark_runs_gpu_id_fkey" FOREIGN KEY ("gpu_id") REFERENCES "gpus"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "benchmark_run_levels" ADD CONSTRAINT "benchmark_run_levels_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "benchmark_requests" ADD CONSTRAINT "benchmark_requests_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_gpu_id_fkey" FOREIGN KEY ("gpu_id") REFERENCES "gpus"("id") ON DELETE SET NULL ON UPDATE CASCADE;
