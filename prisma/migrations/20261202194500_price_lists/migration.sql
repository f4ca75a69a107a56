-- A team's own GPU prices (docs/recommendations.md, "Price lists"): named lists in one currency, with
-- entries per GPU, provider, region and pricing model, effective over a date range.
CREATE TYPE "PricingModel" AS ENUM ('ON_DEMAND', 'RESERVED', 'SPOT');

CREATE TABLE "price_lists" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "price_lists_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "price_list_entries" (
    "id" SERIAL NOT NULL,
    "price_list_id" INTEGER NOT NULL,
    "gpu_id" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "pricing_model" "PricingModel" NOT NULL,
    "hourly_price" DOUBLE PRECISION NOT NULL,
    "effective_from" DATE NOT NULL,
    "effective_to" DATE,
    CONSTRAINT "price_list_entries_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "price_lists_name_key" ON "price_lists"("name");
CREATE UNIQUE INDEX "price_list_entries_natural_key" ON "price_list_entries"("price_list_id", "gpu_id", "provider", "region", "pricing_model", "effective_from");
CREATE INDEX "price_list_entries_gpu_id_idx" ON "price_list_entries"("gpu_id");

ALTER TABLE "price_list_entries" ADD CONSTRAINT "price_list_entries_price_list_id_fkey" FOREIGN KEY ("price_list_id") REFERENCES "price_lists"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "price_list_entries" ADD CONSTRAINT "price_list_entries_gpu_id_fkey" FOREIGN KEY ("gpu_id") REFERENCES "gpus"("id") ON DELETE CASCADE ON UPDATE CASCADE;
