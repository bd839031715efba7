-- Row-level security for invoice reminders (0001_rls.sql), and the reminder job's pre-firm look-up:
-- firms with an issued, unpaid invoice (firm ids only).
ALTER TABLE invoice_reminders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invoice_reminders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invoice_reminders_tenant ON invoice_reminders TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
--> statement-breakpoint
GRANT SELECT ON invoices TO ll_system;
--> statement-breakpoint
CREATE POLICY invoices_system_lookup ON invoices FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firms_with_unpaid_invoices(p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT firm_id FROM invoices WHERE status = 'issued' AND paid_cents < total_cents LIMIT p_limit $$;
--> statement-breakpoint
ALTER FUNCTION ll_firms_with_unpaid_invoices(int) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firms_with_unpaid_invoices(int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firms_with_unpaid_invoices(int) TO ll_app;
