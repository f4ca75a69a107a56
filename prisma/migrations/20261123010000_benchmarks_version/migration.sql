-- A counter bumped by every statement that writes benchmarks (seed, import, ingest), so API servers can
-- cache the recommendation candidate rows and know, with one tiny read, when their cache is stale.
CREATE OR REPLACE FUNCTION "compass_bump_benchmarks_version"() RETURNS trigger AS $$
BEGIN
  INSERT INTO "kb_meta" ("key", "value", "updated_at") VALUES ('benchmarks_version', '1', now())
  ON CONFLICT ("key") DO UPDATE SET "value" = ("kb_meta"."value"::bigint + 1)::text, "updated_at" = now();
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "benchmarks_version_bump"
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "benchmarks"
FOR EACH STATEMENT EXECUTE FUNCTION "compass_bump_benchmarks_version"();
