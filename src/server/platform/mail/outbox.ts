import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { digestItems, notificationPreferences, outboxEmails, unsubscribeTokens } from '../../db/schema/index.js';
import { randomToken, sha256Hex } from '../crypto/tokens.js';
import { UNSUBSCRIBE_MARKER, UNSUBSCRIBE_TEXT_MARKER } from './template.js';

/** The digest e-mail's own "event": its unsubscribe link turns every daily choice off. */
export const DAILY_DIGEST_EVENT = 'daily_digest';

/**
 * An e-mail the recipient may choose (Profile → notification preferences): who gets it and for which
 * event. Security e-mails never pass this: they are always sent, without an unsubscribe link.
 */
export interface OptionalEmail {
  userKind: 'staff' | 'portal';
  userId: string;
  /** A notification event (`task_waiting`, `message_received`…), or `daily_digest` for the digest itself. */
  event: string;
  /** `config.appBaseUrl`: the unsubscribe link is built from it, never from a request's Host. */
  appBaseUrl: string;
  /** Where a digest entry should point when the e-mail's own button must not be reused (e.g. a signing link). */
  digestLink?: string | null;
}

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
  /** The e-mail's main link (renderEmail's button): what a daily digest entry points to. */
  link?: string;
  /** Set for every optional e-mail: honours the person's choice (off / daily digest) and adds one-click unsubscribe. */
  optional?: OptionalEmail;
}

export const unsubscribeUrl = (appBaseUrl: string, token: string) => `${appBaseUrl}/api/public/unsubscribe?token=${token}`;

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The person's choice for an event; no row means "immediately". */
export async function notificationChannel(tx: Tx, input: { firmId: string; userKind: 'staff' | 'portal'; userId: string; event: string }): Promise<'immediately' | 'daily' | 'off'> {
  const [row] = await tx.select({ channel: notificationPreferences.channel }).from(notificationPreferences).where(and(
    eq(notificationPreferences.firmId, input.firmId),
    input.userKind === 'staff' ? eq(notificationPreferences.staffUserId, input.userId) : eq(notificationPreferences.portalUserId, input.userId),
    eq(notificationPreferences.event, input.event),
  ));
  return row?.channel ?? 'immediately';
}

/** Writes the e-mail in the caller's transaction (transactional outbox). A repeated key is ignored (returns false). */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail): Promise<boolean> {
  const opt = email.optional;
  let text = email.text;
  let html = email.html;
  let token: string | null = null;
  if (opt) {
    if (opt.event !== DAILY_DIGEST_EVENT) {
      const channel = await notificationChannel(tx, { firmId: email.firmId, ...opt });
      if (channel === 'off') return false;
      if (channel === 'daily') {
        // Held for the person's daily digest: what it was about and a link, never the e-mail's text.
        await tx.insert(digestItems).values({
          firmId: email.firmId, userKind: opt.userKind, userId: opt.userId, event: opt.event, idempotencyKey: email.idempotencyKey,
          summary: email.subject.slice(0, 300), link: opt.digestLink === undefined ? (email.link ?? null) : opt.digestLink,
        }).onConflictDoNothing({ target: digestItems.idempotencyKey });
        return false;
      }
    }
    token = randomToken();
    const url = unsubscribeUrl(opt.appBaseUrl, token);
    text = text.replace(UNSUBSCRIBE_TEXT_MARKER, `Stop these e-mails: ${url}`);
    html = html.replace(UNSUBSCRIBE_MARKER, `<br><a href="${escapeAttr(url)}" style="color:#52606d">Stop these e-mails</a>`);
  }
  text = text.replace(`\n${UNSUBSCRIBE_TEXT_MARKER}`, '').replace(UNSUBSCRIBE_TEXT_MARKER, '');
  html = html.replace(UNSUBSCRIBE_MARKER, '');
  const rows = await tx
    .insert(outboxEmails)
    .values({
      firmId: email.firmId,
      clientId: email.clientId ?? null,
      idempotencyKey: email.idempotencyKey,
      kind: email.kind,
      toAddress: email.to,
      subject: email.subject,
      textBody: text,
      htmlBody: html,
      replyTo: email.replyTo ?? null,
      unsubscribeUrl: opt && token ? unsubscribeUrl(opt.appBaseUrl, token) : null,
      ...(email.notBefore ? { nextAttemptAt: email.notBefore } : {}),
    })
    .onConflictDoNothing({ target: outboxEmails.idempotencyKey })
    .returning({ id: outboxEmails.id });
  // Wake the worker without waiting for its next poll (a no-op listener on PGlite is fine).
  if (rows.length > 0) await tx.execute(sql`select pg_notify('ll_outbox', ${email.firmId})`);
  if (rows.length > 0 && opt && token) {
    await tx.insert(unsubscribeTokens).values({ tokenHash: sha256Hex(token), firmId: email.firmId, userKind: opt.userKind, userId: opt.userId, event: opt.event });
  }
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
