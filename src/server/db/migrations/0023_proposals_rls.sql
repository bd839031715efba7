-- Row-level security for proposals (see 0001_rls.sql for the scheme); the evidence trail is
-- append-only; and the one pre-firm look-up an e-mailed signing link needs: which firm a signing
-- token or signing session (both hashed) belongs to, firm id only.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['proposals','proposal_versions','proposal_signers','signing_links','proposal_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm())', t || '_tenant', t);
  END LOOP;
END
$$;
--> statement-breakpoint
REVOKE UPDATE, DELETE ON proposal_events FROM ll_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION proposal_events_append_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'proposal_events is append-only';
END
$$;
--> statement-breakpoint
CREATE TRIGGER proposal_events_no_update BEFORE UPDATE OR DELETE ON proposal_events
  FOR EACH ROW EXECUTE FUNCTION proposal_events_append_only();
--> statement-breakpoint
GRANT SELECT ON signing_links TO ll_system;
--> statement-breakpoint
CREATE POLICY signing_links_system_lookup ON signing_links FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_signing(p_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM signing_links WHERE token_hash = p_hash OR session_hash = p_hash LIMIT 1 $$;
--> statement-breakpoint
ALTER FUNCTION ll_firm_for_signing(text) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firm_for_signing(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firm_for_signing(text) TO ll_app;
--> statement-breakpoint
CREATE FUNCTION ll_firms_with_open_proposals(p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT firm_id FROM signing_links WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at > now() LIMIT p_limit $$;
--> statement-breakpoint
ALTER FUNCTION ll_firms_with_open_proposals(int) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firms_with_open_proposals(int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firms_with_open_proposals(int) TO ll_app;
