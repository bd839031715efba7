-- Reply by e-mail: one row per e-mail posted to a thread, keyed by its Message-ID (hashed), so a
-- mail server that delivers the same reply twice (a retry, a replay) posts it once. Concurrent
-- deliveries of one reply meet at the primary key: the second insert waits for the first and then
-- finds the row. Declared here only (not in schema/*.ts): the module reads and writes it with SQL.
CREATE TABLE message_email_receipts (
  firm_id uuid NOT NULL REFERENCES firms(id),
  thread_id uuid NOT NULL REFERENCES message_threads(id),
  -- sha256 hex of the Message-ID header (or, without one, of sender, Date header and body)
  mail_key text NOT NULL,
  message_id uuid REFERENCES messages(id),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (firm_id, thread_id, mail_key)
);
--> statement-breakpoint
ALTER TABLE message_email_receipts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE message_email_receipts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY message_email_receipts_tenant ON message_email_receipts TO ll_app USING (firm_id = app_current_firm()) WITH CHECK (firm_id = app_current_firm());
