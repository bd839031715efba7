-- Row-level security: the second wall between firms (DESIGN.md "Tenancy and isolation").
-- Requests run as ll_app (SET LOCAL ROLE) with app.firm_id set per transaction; a query that
-- forgets its firm filter still sees only that firm's rows, and no firm set means no rows.
-- ll_system owns the few SECURITY DEFINER look-ups that must find a firm before one is known
-- (a session cookie, a staff e-mail at sign-in, an e-mailed link, due outbox work); each returns
-- firm ids only, and the rest of the work happens in the tenant context.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'll_app') THEN
    BEGIN
      CREATE ROLE ll_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- created concurrently by another database's migration
    END;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'll_system') THEN
    BEGIN
      CREATE ROLE ll_system NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION app_current_firm() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.firm_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO ll_app, ll_system;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO ll_system;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ll_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ll_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ll_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ll_app;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON audit_log FROM ll_app;
--> statement-breakpoint
REVOKE INSERT, DELETE ON firms FROM ll_app;
--> statement-breakpoint
GRANT SELECT ON sessions, staff_users, link_tokens, outbox_emails TO ll_system;
--> statement-breakpoint
ALTER TABLE firms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE firms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY firms_read ON firms FOR SELECT TO ll_app USING (true);
--> statement-breakpoint
CREATE POLICY firms_update_own ON firms FOR UPDATE TO ll_app USING (id = app_current_firm()) WITH CHECK (id = app_current_firm());
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['staff_users','clients','portal_users','sessions','link_tokens','audit_log','outbox_emails','outbox_attempts']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm())', t || '_tenant', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['sessions','staff_users','link_tokens','outbox_emails']
  LOOP
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO ll_system USING (true)', t || '_system_lookup', t);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_session(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM sessions WHERE token_hash = p_token_hash $$;
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_staff_email(p_email text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM staff_users WHERE email = p_email $$;
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_link_token(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM link_tokens WHERE token_hash = p_token_hash $$;
--> statement-breakpoint
CREATE FUNCTION ll_firms_with_due_email(p_now timestamptz, p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT firm_id FROM outbox_emails
    WHERE (status = 'pending' AND next_attempt_at <= p_now)
       OR (status = 'sending' AND locked_until < p_now)
    LIMIT p_limit
  $$;
--> statement-breakpoint
DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['ll_firm_for_session(text)','ll_firm_for_staff_email(text)','ll_firm_for_link_token(text)','ll_firms_with_due_email(timestamptz,int)']
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO ll_system', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO ll_app', f);
  END LOOP;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO ll_app;
--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO ll_app;
