-- Every API server with the response cache on (COMPASS_RESPONSE_CACHE, server/graphql/response-cache.ts)
-- LISTENs on compass_read_cache and drops its cached catalog answers when any statement writes a table
-- they read, whoever writes it (API, workers, `compass import`, psql). kb_meta carries the
-- benchmarks_version bump. One notification per statement; PostgreSQL folds equal ones per transaction.
CREATE OR REPLACE FUNCTION compass_read_cache_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('compass_read_cache', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "benchmarks"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "models"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "model_quality_scores"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "gpus"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "gpu_prices"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "price_lists"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "price_list_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "traffic_profiles"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "use_cases"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
CREATE TRIGGER read_cache_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "kb_meta"
  FOR EACH STATEMENT EXECUTE FUNCTION compass_read_cache_notify();
