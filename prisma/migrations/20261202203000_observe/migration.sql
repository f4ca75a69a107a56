-- Live observability (docs/observability.md): scraped vLLM metrics per deployment pod, raw (kept
-- COMPASS_OBSERVE_RAW_RETENTION_HOURS, default 24) and rolled up to one row per pod and minute (kept
-- COMPASS_OBSERVE_ROLLUP_RETENTION_DAYS, default 30), plus per-deployment SLO targets and feedback opt-in.
CREATE TABLE "deployment_metric_samples" (
    "id" BIGSERIAL NOT NULL,
    "deployment_id" INTEGER NOT NULL,
    "pod" TEXT NOT NULL,
    "scraped_at" TIMESTAMP(3) NOT NULL,
    "snapshot" JSONB NOT NULL,
    CONSTRAINT "deployment_metric_samples_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "deployment_metric_rollups" (
    "deployment_id" INTEGER NOT NULL,
    "pod" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "samples" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    CONSTRAINT "deployment_metric_rollups_pkey" PRIMARY KEY ("deployment_id","pod","minute")
);

CREATE TABLE "deployment_observe_settings" (
    "deployment_id" INTEGER NOT NULL,
    "feedback" BOOLEAN NOT NULL DEFAULT false,
    "ttft_p95_ms" DOUBLE PRECISION,
    "itl_p95_ms" DOUBLE PRECISION,
    "e2e_p95_ms" DOUBLE PRECISION,
    "levels" JSONB NOT NULL DEFAULT '[]',
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "deployment_observe_settings_pkey" PRIMARY KEY ("deployment_id")
);

CREATE INDEX "deployment_metric_samples_deployment_id_scraped_at_idx" ON "deployment_metric_samples"("deployment_id", "scraped_at");
CREATE INDEX "deployment_metric_samples_scraped_at_idx" ON "deployment_metric_samples"("scraped_at");
CREATE INDEX "deployment_metric_rollups_minute_idx" ON "deployment_metric_rollups"("minute");

ALTER TABLE "deployment_metric_samples" ADD CONSTRAINT "deployment_metric_samples_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deployment_metric_rollups" ADD CONSTRAINT "deployment_metric_rollups_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deployment_observe_settings" ADD CONSTRAINT "deployment_observe_settings_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
