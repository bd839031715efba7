-- Row-level security for messaging and live events (see 0001_rls.sql for the scheme), and the one
-- pre-firm look-up reply-by-email needs: which firm a reply token (hashed) belongs to, firm id only.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['message_threads','messages','thread_reads','message_reply_tokens','live_event_counters','live_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm())', t || '_tenant', t);
  END LOOP;
END
$$;
--> statement-breakpoint
GRANT SELECT ON message_reply_tokens TO ll_system;
--> statement-breakpoint
CREATE POLICY message_reply_tokens_system_lookup ON message_reply_tokens FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_reply_token(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM message_reply_tokens WHERE token_hash = p_token_hash AND expires_at > now() $$;
--> statement-breakpoint
ALTER FUNCTION ll_firm_for_reply_token(text) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firm_for_reply_token(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firm_for_reply_token(text) TO ll_app;
