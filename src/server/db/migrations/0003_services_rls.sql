-- Row-level security for the services-and-tasks tables (see 0001_rls.sql for the scheme).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['service_templates','recurring_plans','services','tasks','task_questions','client_notices','notification_preferences','staff_notifications']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm())', t || '_tenant', t);
  END LOOP;
END
$$;
--> statement-breakpoint
GRANT SELECT ON recurring_plans, client_notices TO ll_system;
--> statement-breakpoint
CREATE POLICY recurring_plans_system_lookup ON recurring_plans FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE POLICY client_notices_system_lookup ON client_notices FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
-- Firms with a recurring plan whose next period is due for creation (the job then works per firm).
CREATE FUNCTION ll_firms_with_due_plans(p_today date, p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT firm_id FROM recurring_plans
    WHERE active AND next_period_start <= p_today + 400
    LIMIT p_limit
  $$;
--> statement-breakpoint
-- Firms with client notices older than the batch window that have not been e-mailed.
CREATE FUNCTION ll_firms_with_due_notices(p_before timestamptz, p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT firm_id FROM client_notices WHERE sent_at IS NULL AND created_at <= p_before LIMIT p_limit
  $$;
--> statement-breakpoint
DO $$
DECLARE f text;
BEGIN
  FOREACH f IN ARRAY ARRAY['ll_firms_with_due_plans(date,int)','ll_firms_with_due_notices(timestamptz,int)']
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO ll_system', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO ll_app', f);
  END LOOP;
END
$$;
