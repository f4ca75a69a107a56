-- Models added from an uploaded Hugging Face config.json (docs/recommendations.md, "Models from
-- config.json"): where a model came from, and the architecture its memory and roofline figures use.
ALTER TABLE "models" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'CATALOG';
ALTER TABLE "models" ADD COLUMN "architecture" JSONB;
