-- Runs across many workers: a run's load split over N shards (one job each), a barrier per level.
ALTER TABLE "benchmark_runs" ADD COLUMN "workers" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "benchmark_runs" ADD COLUMN "barrier" INTEGER NOT NULL DEFAULT -1;
ALTER TABLE "benchmark_runs" ADD COLUMN "barrier_start_at" TIMESTAMP(3);

CREATE TABLE "benchmark_run_shards" (
    "run_id" INTEGER NOT NULL,
    "shard" INTEGER NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "job_id" TEXT,
    "worker_id" TEXT,
    "claimed_at" TIMESTAMP(3),
    "heartbeat_at" TIMESTAMP(3),
    "barrier" INTEGER NOT NULL DEFAULT -1,
    "last_progress" JSONB,
    "error" TEXT,
    CONSTRAINT "benchmark_run_shards_pkey" PRIMARY KEY ("run_id","shard")
);

CREATE TABLE "benchmark_run_shard_levels" (
    "run_id" INTEGER NOT NULL,
    "shard" INTEGER NOT NULL,
    "level_index" INTEGER NOT NULL,
    "repetition" INTEGER NOT NULL,
    "summary" JSONB NOT NULL,
    "histograms" JSONB NOT NULL,
    CONSTRAINT "benchmark_run_shard_levels_pkey" PRIMARY KEY ("run_id","shard","level_index","repetition")
);

ALTER TABLE "benchmark_run_shards" ADD CONSTRAINT "benchmark_run_shards_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "benchmark_run_shard_levels" ADD CONSTRAINT "benchmark_run_shard_levels_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "benchmark_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
