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
  /** A reply address for this recipient (reply by e-mail), else replies go to the From address. */
  replyTo?: string;
  /** Hold it until then, so events in the next few minutes can join it (same key) instead of making more e-mails. */
  notBefore?: Date;
}

/** Writes the e-mail in the caller's transaction (transactional outbox). A repeated key is ignored (returns false). */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail): Promise<boolean> {
  const rows = await tx
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
      replyTo: email.replyTo ?? null,
      ...(email.notBefore ? { nextAttemptAt: email.notBefore } : {}),
    })
    .onConflictDoNothing({ target: outboxEmails.idempotencyKey })
    .returning({ id: outboxEmails.id });
  // Wake the worker without waiting for its next poll (a no-op listener on PGlite is fine).
  if (rows.length > 0) await tx.execute(sql`select pg_notify('ll_outbox', ${email.firmId})`);
  return rows.length > 0;
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
