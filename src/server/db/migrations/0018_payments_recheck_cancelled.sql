-- The reconciliation job also re-asks eWay about attempts cancelled within the last day (the client
-- may still pay on that page), so the pre-firm look-up lists firms with either.
CREATE OR REPLACE FUNCTION ll_firms_with_pending_payments(p_before timestamptz, p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT firm_id FROM payment_attempts
        WHERE created_at <= p_before
          AND (status = 'pending' OR (status = 'cancelled' AND access_code IS NOT NULL AND created_at > now() - interval '1 day'))
        LIMIT p_limit $$;
