-- Row-level security for the daily digest and one-click unsubscribe tables (see 0001_rls.sql), and
-- their two pre-firm look-ups: which firm an unsubscribe token (hashed) belongs to, and which firms
-- have digest items waiting (firm ids only).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['unsubscribe_tokens', 'digest_items', 'digest_runs'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm())', t || '_tenant', t);
  END LOOP;
END $$;
--> statement-breakpoint
GRANT SELECT ON unsubscribe_tokens, digest_items TO ll_system;
--> statement-breakpoint
CREATE POLICY unsubscribe_tokens_system_lookup ON unsubscribe_tokens FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE POLICY digest_items_system_lookup ON digest_items FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_unsubscribe(p_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM unsubscribe_tokens WHERE token_hash = p_hash LIMIT 1 $$;
--> statement-breakpoint
ALTER FUNCTION ll_firm_for_unsubscribe(text) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firm_for_unsubscribe(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firm_for_unsubscribe(text) TO ll_app;
--> statement-breakpoint
CREATE FUNCTION ll_firms_with_pending_digest(p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT firm_id FROM digest_items WHERE digest_run_id IS NULL LIMIT p_limit $$;
--> statement-breakpoint
ALTER FUNCTION ll_firms_with_pending_digest(int) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firms_with_pending_digest(int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firms_with_pending_digest(int) TO ll_app;
