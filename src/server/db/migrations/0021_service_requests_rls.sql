-- Row-level security for service requests (see 0001_rls.sql for the scheme).
ALTER TABLE service_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE service_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY service_requests_tenant ON service_requests TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
