-- Row-level security for the invoice tables (see 0001_rls.sql for the scheme).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['invoice_counters','invoices','invoice_lines']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm())', t || '_tenant', t);
  END LOOP;
END
$$;
