-- Every server LISTENs on compass_api_tokens (server/domains/auth/gate.ts) so that the auth mode and live
-- subscriptions follow token writes without a restart. last_used_at bookkeeping does not notify.
CREATE OR REPLACE FUNCTION compass_api_tokens_notify() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify(
    'compass_api_tokens',
    json_build_object('op', TG_OP, 'id', COALESCE(NEW.id, OLD.id))::text
  );
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER api_tokens_notify
  AFTER INSERT OR DELETE OR UPDATE OF role, revoked_at, token_hash ON "api_tokens"
  FOR EACH ROW EXECUTE FUNCTION compass_api_tokens_notify();
