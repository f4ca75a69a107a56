-- A run's log lines (what the worker did, and errors), streamed by `compass bench logs`.
CREATE TABLE "benchmark_run_logs" (
    "id" BIGSERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "benchmark_run_logs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "benchmark_run_logs_run_id_id_idx" ON "benchmark_run_logs" ("run_id", "id");
ALTER TABLE "benchmark_run_logs" ADD CONSTRAINT "benchmark_run_logs_run_id_fkey"
    FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One reference run per category (Storage, Retrieval, Inference, …) for `compare --baseline`.
CREATE TABLE "benchmark_baselines" (
    "category" TEXT NOT NULL,
    "run_id" INTEGER NOT NULL,
    "set_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "benchmark_baselines_pkey" PRIMARY KEY ("category")
);
CREATE INDEX "benchmark_baselines_run_id_idx" ON "benchmark_baselines" ("run_id");
ALTER TABLE "benchmark_baselines" ADD CONSTRAINT "benchmark_baselines_run_id_fkey"
    FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A rerun points at the run whose stored recipe it repeats.
ALTER TABLE "benchmark_runs" ADD COLUMN "rerun_of" INTEGER;
