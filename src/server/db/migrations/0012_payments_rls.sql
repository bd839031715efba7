-- Row-level security for payments (see 0001_rls.sql for the scheme), and the pre-firm look-ups the
-- eWay return and the reconciliation job need. Like the others they return firm ids only.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payment_attempts','payments']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm())', t || '_tenant', t);
  END LOOP;
END
$$;
--> statement-breakpoint
GRANT SELECT ON payment_attempts TO ll_system;
--> statement-breakpoint
CREATE POLICY payment_attempts_system_lookup ON payment_attempts FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_access_code(p_access_code text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM payment_attempts WHERE access_code = p_access_code $$;
--> statement-breakpoint
CREATE FUNCTION ll_firm_for_payment_reference(p_reference text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT firm_id FROM payment_attempts WHERE reference = p_reference $$;
--> statement-breakpoint
CREATE FUNCTION ll_firms_with_pending_payments(p_before timestamptz, p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT firm_id FROM payment_attempts WHERE status = 'pending' AND created_at <= p_before LIMIT p_limit $$;
--> statement-breakpoint
DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['ll_firm_for_access_code(text)','ll_firm_for_payment_reference(text)','ll_firms_with_pending_payments(timestamptz,int)']
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO ll_system', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO ll_app', f);
  END LOOP;
END
$$;
