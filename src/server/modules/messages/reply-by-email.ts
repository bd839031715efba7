import { and, eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { ParsedMail } from 'mailparser';
import { MESSAGE_MAX_CHARS, messageBodySchema } from '../../../contracts/messages.js';
import { queryRows } from '../../db/client.js';
import { messageReplyTokens, messageThreads, portalUsers, staffUsers } from '../../db/schema/index.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';
import type { InboundHandlers, InboundVerdict } from '../../platform/mail/inbound-smtp.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey } from '../documents/data-keys.js';
import { appendMessage } from './messages.service.js';
import { stripQuotedReply } from './quote-strip.js';

export type ReplyRefusal = 'unknown_token' | 'expired' | 'auto_reply' | 'wrong_sender' | 'inactive' | 'empty' | 'too_long';

export type ReplyOutcome =
  | { posted: true; duplicate: boolean; firmId: string; threadId: string; messageId: string | null }
  | { posted: false; reason: ReplyRefusal; message: string; firmId: string | null };

/** What the sender's mail server is told (it becomes the bounce the person reads): plain ASCII, actionable. */
const REFUSAL_TEXT: Record<ReplyRefusal, string> = {
  unknown_token: 'This reply address has expired. Sign in to the portal to reply.',
  expired: 'This reply address has expired. Sign in to the portal to reply.',
  auto_reply: 'Automatic replies are not added to the conversation.',
  wrong_sender: 'This reply address only accepts replies from the e-mail address the notification was sent to.',
  inactive: 'This reply address is no longer valid. Sign in to reply.',
  empty: 'Your reply was empty once the quoted e-mail was removed. Write your reply above the quoted text.',
  too_long: `Your reply is longer than ${MESSAGE_MAX_CHARS.toLocaleString('en-AU')} characters. Send it from the portal and attach a document for long text.`,
};

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The token of a `reply+<token>@MAIL_DOMAIN` address (prefix and domain case-insensitive, the token not), or null. */
export function replyTokenOf(address: string, mailDomain: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== mailDomain.toLowerCase()) return null;
  const local = address.slice(0, at);
  if (local.slice(0, 6).toLowerCase() !== 'reply+') return null;
  const token = local.slice(6);
  return TOKEN.test(token) ? token : null;
}

/** The firm of an unexpired reply token, looked up before any firm is known (SECURITY DEFINER, firm id only). */
export async function firmForReplyToken(deps: Pick<Deps, 'db'>, token: string): Promise<string | null> {
  const rows = await deps.db.withoutFirm((tx) => queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_reply_token(${sha256Hex(token)}) as firm_id`));
  return rows[0]?.firm_id ?? null;
}

/** Out-of-office and other machine replies (RFC 3834 Auto-Submitted, and the older conventions). */
function isAutomatic(parsed: ParsedMail): boolean {
  const header = (name: string) => {
    const v = parsed.headers.get(name);
    return typeof v === 'string' ? v.trim().toLowerCase() : v === undefined ? undefined : 'present';
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== 'no') return true;
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(header('precedence') ?? '')) return true;
  return header('x-autoreply') !== undefined || header('x-autorespond') !== undefined;
}

/** The From header's single address, lower-cased; null when absent or when it names several. */
function fromAddress(parsed: ParsedMail): string | null {
  const addresses = (parsed.from?.value ?? []).flatMap((a) => (a.group ? a.group : [a]));
  const [only] = addresses;
  return addresses.length === 1 && only?.address ? only.address.toLowerCase() : null;
}

/** E-mail attachments are not imported (documents go through upload checks); the message says so rather than losing them quietly. */
function attachmentNote(parsed: ParsedMail): string {
  const files = parsed.attachments.filter((a) => a.contentDisposition === 'attachment' && !a.related);
  if (files.length === 0) return '';
  const names = files.slice(0, 5).map((a) => (a.filename ?? 'unnamed').replace(/[\r\n]+/g, ' ').slice(0, 80));
  const more = files.length > 5 ? ` and ${files.length - 5} more` : '';
  return `\n\n[Not added from the e-mail: ${names.join(', ')}${more}. Attachments sent by e-mail are not accepted; upload documents in the portal.]`;
}

/** Replays of one e-mail share this key: its Message-ID, or without one its sender, date and text. */
function mailKey(parsed: ParsedMail, from: string): string {
  const id = parsed.messageId?.trim();
  return sha256Hex(id ? `mid:${id}` : `nomid:${from}|${parsed.date?.toISOString() ?? ''}|${parsed.text ?? ''}`);
}

/**
 * Posts an e-mailed reply to the thread its reply address belongs to, as the one person that
 * address was sent to. Refused (nothing written): an unknown or expired address, a machine reply,
 * another sender, a person no longer active or no longer with the thread's client, a reply empty
 * once the quote is removed, or one over the message limit. The same e-mail delivered twice posts once.
 */
export async function handleEmailReply(
  deps: Deps,
  mail: { token: string; envelopeFrom: string; parsed: ParsedMail; relayIp?: string },
  opts: { now: Date; log: FastifyBaseLogger },
): Promise<ReplyOutcome> {
  const refuse = (reason: ReplyRefusal, firmId: string | null, threadId?: string): ReplyOutcome => {
    // Never the body or the token: the reason, and where.
    opts.log.warn({ reason, firmId, threadId }, 'reply by e-mail refused');
    return { posted: false, reason, message: REFUSAL_TEXT[reason], firmId };
  };
  const firmId = await firmForReplyToken(deps, mail.token);
  if (!firmId) return refuse('unknown_token', null);
  // Fetched before the transaction: a nested one deadlocks on PGlite.
  const key = await firmDataKey(deps, firmId);
  const now = opts.now;

  const outcome = await deps.db.withFirm(firmId, async (tx): Promise<ReplyOutcome> => {
    const [token] = await tx.select().from(messageReplyTokens).where(and(eq(messageReplyTokens.firmId, firmId), eq(messageReplyTokens.tokenHash, sha256Hex(mail.token))));
    if (!token) return refuse('unknown_token', firmId);
    if (token.expiresAt.getTime() <= now.getTime()) return refuse('expired', firmId, token.threadId);
    if (isAutomatic(mail.parsed)) return refuse('auto_reply', firmId, token.threadId);
    // The address is bound to one person: a forwarded notification cannot be answered by someone else.
    // (Forged From headers are the relay's job: SPF/DKIM/DMARC, see docs/messages.md.)
    const from = fromAddress(mail.parsed);
    if (from !== token.email || mail.envelopeFrom.toLowerCase() !== token.email) return refuse('wrong_sender', firmId, token.threadId);

    const [thread] = await tx.select({ clientId: messageThreads.clientId, subject: messageThreads.subject }).from(messageThreads).where(and(eq(messageThreads.firmId, firmId), eq(messageThreads.id, token.threadId)));
    if (!thread) return refuse('unknown_token', firmId, token.threadId);
    const person = token.recipientKind === 'staff'
      ? (await tx.select({ name: staffUsers.name, email: staffUsers.email, status: staffUsers.status }).from(staffUsers).where(and(eq(staffUsers.firmId, firmId), eq(staffUsers.id, token.recipientId))))[0]
      : (await tx.select({ name: portalUsers.name, email: portalUsers.email, status: portalUsers.status, clientId: portalUsers.clientId }).from(portalUsers).where(and(eq(portalUsers.firmId, firmId), eq(portalUsers.id, token.recipientId))))[0];
    // Disabled since, moved to another client, or their address changed: the old address speaks for no one.
    if (!person || person.status !== 'active' || person.email.toLowerCase() !== token.email || ('clientId' in person && person.clientId !== thread.clientId)) {
      return refuse('inactive', firmId, token.threadId);
    }

    // NUL cannot be stored (the API refuses it); the rules of an app message apply to the whole text, note included.
    const reply = stripQuotedReply((mail.parsed.text ?? '').replace(/\u0000/g, ''));
    if (!messageBodySchema.safeParse(reply).success && !/\S/.test(reply.replace(/[\u200B-\u200D\u2060\uFEFF]/g, ''))) return refuse('empty', firmId, token.threadId);
    const body = messageBodySchema.safeParse(reply + attachmentNote(mail.parsed));
    if (!body.success) return refuse('too_long', firmId, token.threadId);

    // Claimed before posting: a concurrent delivery of the same e-mail waits here, then finds it taken.
    const claimed = await queryRows<{ mail_key: string }>(tx, sql`
      insert into message_email_receipts (firm_id, thread_id, mail_key, received_at) values (${firmId}, ${token.threadId}, ${mailKey(mail.parsed, from)}, ${now.toISOString()})
      on conflict do nothing returning mail_key`);
    const [claim] = claimed;
    if (!claim) {
      opts.log.info({ firmId, threadId: token.threadId }, 'reply by e-mail: duplicate delivery ignored');
      return { posted: true, duplicate: true, firmId, threadId: token.threadId, messageId: null };
    }

    const author = { kind: token.recipientKind, id: token.recipientId, name: person.name, email: person.email };
    const msg = await appendMessage(tx, { ...deps, now }, key, { firmId, threadId: token.threadId, author, body: body.data, attachmentIds: [], source: 'email' });
    await tx.execute(sql`update message_email_receipts set message_id = ${msg.id} where firm_id = ${firmId} and thread_id = ${token.threadId} and mail_key = ${claim.mail_key}`);
    await recordAudit(tx, {
      firmId, actorKind: token.recipientKind === 'staff' ? 'staff' : 'portal', actorId: token.recipientId, actorLabel: `${person.name} <${person.email}>`,
      action: 'message.posted_by_email', targetType: 'message', targetId: msg.id, targetLabel: `${thread.subject} #${msg.seq}`,
      details: { threadId: token.threadId, relayIp: mail.relayIp ?? null },
    });
    return { posted: true, duplicate: false, firmId, threadId: token.threadId, messageId: msg.id };
  });
  if (outcome.posted && !outcome.duplicate) opts.log.info({ firmId, threadId: outcome.threadId, messageId: outcome.messageId }, 'reply by e-mail posted');
  return outcome;
}

/** The inbound SMTP listener's two decisions for reply addresses: accept the RCPT, then post or refuse the DATA. */
export function replyByEmailHandlers(deps: Deps, log: FastifyBaseLogger): InboundHandlers {
  const domain = deps.config.mailDomain;
  return {
    async acceptRecipient(address) {
      const token = replyTokenOf(address, domain);
      const ok = token !== null && (await firmForReplyToken(deps, token)) !== null;
      if (!ok) log.warn({ reason: token ? 'unknown_token' : 'not_a_reply_address' }, 'inbound mail: recipient refused');
      return ok;
    },
    async deliver(mail): Promise<InboundVerdict> {
      const token = replyTokenOf(mail.rcptTo, domain);
      if (!token) return { accepted: false, reason: 'No such recipient' };
      const outcome = await handleEmailReply(deps, { token, envelopeFrom: mail.mailFrom, parsed: mail.parsed, relayIp: mail.remoteAddress }, { now: new Date(), log });
      return outcome.posted ? { accepted: true } : { accepted: false, reason: outcome.message, code: 550 };
    },
  };
}
