import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { outboxEmails } from '../../db/schema/index.js';

export interface OutgoingEmail {
  firmId: string;
  clientId?: string | null;
  /** Stable per business event, e.g. `portal-invitation:<token id>`: the same event never makes two e-mails. */
  idempotencyKey: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Writes the e-mail in the caller's transaction (transactional outbox). A repeated key is ignored. */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail): Promise<void> {
  await tx
    .insert(outboxEmails)
    .values({
      firmId: email.firmId,
      clientId: email.clientId ?? null,
      idempotencyKey: email.idempotencyKey,
      kind: email.kind,
      toAddress: email.to,
      subject: email.subject,
      textBody: email.text,
      htmlBody: email.html,
    })
    .onConflictDoNothing({ target: outboxEmails.idempotencyKey });
  // Wake the worker without waiting for its next poll (a no-op listener on PGlite is fine).
  await tx.execute(sql`select pg_notify('ll_outbox', ${email.firmId})`);
}

export async function listClientEmails(tx: Tx, input: { firmId: string; clientId: string }) {
  return tx
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.firmId, input.firmId), eq(outboxEmails.clientId, input.clientId)))
    .orderBy(desc(outboxEmails.createdAt))
    .limit(200);
}

export async function listEmailsByIds(tx: Tx, firmId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.select().from(outboxEmails).where(and(eq(outboxEmails.firmId, firmId), inArray(outboxEmails.id, ids)));
}
