-- The purge job's pre-firm look-up: firms with documents deleted before p_before whose files are not
-- destroyed yet. Like the other look-ups it returns firm ids only (0001_rls.sql).
GRANT SELECT ON documents TO ll_system;
--> statement-breakpoint
CREATE POLICY documents_system_lookup ON documents FOR SELECT TO ll_system USING (true);
--> statement-breakpoint
CREATE FUNCTION ll_firms_with_expired_documents(p_before timestamptz, p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT firm_id FROM documents WHERE status = 'deleted' AND deleted_at <= p_before LIMIT p_limit
  $$;
--> statement-breakpoint
ALTER FUNCTION ll_firms_with_expired_documents(timestamptz,int) OWNER TO ll_system;
--> statement-breakpoint
REVOKE ALL ON FUNCTION ll_firms_with_expired_documents(timestamptz,int) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ll_firms_with_expired_documents(timestamptz,int) TO ll_app;
