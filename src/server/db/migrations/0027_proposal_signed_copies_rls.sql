-- Row-level security for signed-copy download links (see 0001_rls.sql for the scheme), and the one
-- pre-firm look-up such a link needs: which firm a (hashed) token belongs to, firm id only.
ALTER TABLE signed_copy_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE signed_copy_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY signed_copy_links_tenant ON signed_copy_links TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
--> statement-breakpoint
GRANT SELECT ON signed_copy_links TO ll_system;
--> statement-breakpoint
CREATE POLICY signed_copy_links_system_lookup ON signed_copy_links FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_signed_copy(p_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM signed_copy_links WHERE token_hash = p_hash LIMIT 1 $$;
--> statement-breakpoint
ALTER FUNCTION ll_firm_for_signed_copy(text) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firm_for_signed_copy(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firm_for_signed_copy(text) TO ll_app;
