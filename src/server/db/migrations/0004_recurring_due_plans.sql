-- One active recurring plan per client and template: a second would create every period's service twice.
-- Plans duplicated before this rule keep their oldest one active.
UPDATE recurring_plans SET active = false
WHERE id IN (
  SELECT id FROM (
    SELECT id, row_number() OVER (PARTITION BY firm_id, client_id, template_id ORDER BY created_at, id) AS n FROM recurring_plans WHERE active
  ) ranked WHERE n > 1
);
--> statement-breakpoint
CREATE UNIQUE INDEX "recurring_plans_active_client_template_key" ON "recurring_plans" USING btree ("firm_id","client_id","template_id") WHERE active;
--> statement-breakpoint
-- The last day of the period that starts a plan's next service (periods.ts periodContaining): a calendar
-- month, a financial-year quarter (which is a calendar quarter), or a financial year (1 July – 30 June).
CREATE FUNCTION ll_plan_period_end(p_frequency text, p_start date) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT CASE p_frequency
      WHEN 'monthly' THEN (date_trunc('month', p_start::timestamp) + interval '1 month' - interval '1 day')::date
      WHEN 'quarterly' THEN (date_trunc('quarter', p_start::timestamp) + interval '3 months' - interval '1 day')::date
      ELSE make_date(extract(year FROM p_start)::int + CASE WHEN extract(month FROM p_start) >= 7 THEN 1 ELSE 0 END, 6, 30)
    END
  $$;
--> statement-breakpoint
-- Firms with a plan whose next service is due now (its period ends within the plan's lead days), most
-- overdue first. Only due firms come back, so a LIMIT can never starve a due firm behind idle ones.
CREATE OR REPLACE FUNCTION ll_firms_with_due_plans(p_today date, p_limit int) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT firm_id FROM recurring_plans
    WHERE active AND ll_plan_period_end(frequency, next_period_start) - lead_days <= p_today
    GROUP BY firm_id
    ORDER BY min(ll_plan_period_end(frequency, next_period_start) - lead_days), firm_id
    LIMIT p_limit
  $$;
