-- Row-level security for two-factor sign-in (see 0001_rls.sql for the scheme), and the one pre-firm
-- look-up the code step needs: which firm a (hashed) pending-login token belongs to, firm id only.
ALTER TABLE two_factor_secrets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE two_factor_secrets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY two_factor_secrets_tenant ON two_factor_secrets TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
--> statement-breakpoint
ALTER TABLE two_factor_recovery_codes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE two_factor_recovery_codes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY two_factor_recovery_codes_tenant ON two_factor_recovery_codes TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
--> statement-breakpoint
ALTER TABLE trusted_devices ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE trusted_devices FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY trusted_devices_tenant ON trusted_devices TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
--> statement-breakpoint
ALTER TABLE pending_logins ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE pending_logins FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY pending_logins_tenant ON pending_logins TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
--> statement-breakpoint
GRANT SELECT ON pending_logins TO ll_system;
--> statement-breakpoint
CREATE POLICY pending_logins_system_lookup ON pending_logins FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_pending_login(p_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM pending_logins WHERE token_hash = p_hash LIMIT 1 $$;
--> statement-breakpoint
ALTER FUNCTION ll_firm_for_pending_login(text) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firm_for_pending_login(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firm_for_pending_login(text) TO ll_app;
