import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { queryRows, type Database, type Tx } from '../../db/client.js';
import { outboxAttempts, outboxEmails } from '../../db/schema/index.js';
import { faultPoint } from '../faults.js';

const MAX_ATTEMPTS = 6;
const LEASE_SECONDS = 120;

export type OutboxRow = typeof outboxEmails.$inferSelect;

/**
 * Asked just before an e-mail goes (in the firm's transaction): a reason not to send it after all —
 * e.g. a held message notice whose messages were read in the app meanwhile — or null to send it.
 * A skipped e-mail is marked `skipped` with the reason in `last_error`, and never tried again.
 */
export type BeforeSend = (tx: Tx, email: OutboxRow) => Promise<string | null>;

export interface Mailer {
  /** Sends what is due now, across all firms; returns how many e-mails were attempted. */
  drain(): Promise<number>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min, 8 min. */
export function retryDelaySeconds(attempt: number): number {
  return 30 * 2 ** Math.max(0, attempt - 1);
}

/**
 * The outbox worker. Rows are claimed with FOR UPDATE SKIP LOCKED under a lease, so any number of
 * instances can run it and each e-mail is attempted by one of them at a time. The Message-ID is
 * derived from the idempotency key: if a crash between SMTP acceptance and the status update makes
 * a retry resend, the receiving side sees the same Message-ID (our dev catcher stores it once).
 */
export function createMailer(opts: { db: Database; smtpUrl: string; from: string; messageIdDomain: string; logger: FastifyBaseLogger; beforeSend?: BeforeSend }): Mailer {
  const url = new URL(opts.smtpUrl);
  const transport: Transporter = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sendFirm(firmId: string): Promise<number> {
    const claimed = await opts.db.withFirm(firmId, async (tx) => {
      // The batch is picked once, in a MATERIALIZED CTE. As `where id in (select … limit 20)` the planner
      // may rescan the subquery once per row (a semi join) and the limit is lost: one instance claimed the
      // whole backlog under one lease, and a backlog that outlasts the lease would then be sent twice.
      const claimedRows = await queryRows<{ id: string }>(tx, sql`
        with batch as materialized (
          select id from outbox_emails
          where firm_id = ${firmId}
            and ((status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now()))
          order by created_at
          limit 20
          for update skip locked)
        update outbox_emails o set status = 'sending', attempts = o.attempts + 1,
               locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
        from batch where o.id = batch.id
        returning o.id`);
      const ids = claimedRows.map((r) => r.id);
      if (ids.length === 0) return [];
      return tx.select().from(outboxEmails).where(inArray(outboxEmails.id, ids));
    });
    for (const email of claimed) {
      if (opts.beforeSend && (await skipped(firmId, email, opts.beforeSend))) continue;
      let ok = false;
      let detail: string;
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: email.toAddress,
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
          subject: email.subject,
          text: email.textBody,
          html: email.htmlBody,
          messageId: `<${createHash('sha256').update(email.idempotencyKey).digest('hex').slice(0, 32)}@${opts.messageIdDomain}>`,
          headers: {
            'X-Ledger-Loom-Kind': email.kind,
            // RFC 8058 one-click unsubscribe, on optional e-mails only (never on security e-mails).
            ...(email.unsubscribeUrl ? { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
          },
        });
        ok = true;
        detail = String(info.response ?? 'accepted').slice(0, 500);
        await faultPoint('outbox:after-smtp-accept'); // crash tests: accepted by SMTP, not yet marked sent
      } catch (err) {
        detail = (err instanceof Error ? err.message : String(err)).slice(0, 500);
        opts.logger.warn({ emailId: email.id, firmId, err: detail }, 'email send failed');
      }
      await opts.db.withFirm(firmId, async (tx) => {
        await tx.insert(outboxAttempts).values({ firmId, emailId: email.id, ok: ok ? 'yes' : 'no', detail });
        if (ok) {
          await tx.update(outboxEmails).set({ status: 'sent', sentAt: new Date(), lockedUntil: null, lastError: null })
            .where(and(eq(outboxEmails.firmId, firmId), eq(outboxEmails.id, email.id)));
        } else {
          const failed = email.attempts >= MAX_ATTEMPTS;
          await tx.update(outboxEmails).set({
            status: failed ? 'failed' : 'pending',
            lockedUntil: null,
            lastError: detail,
            nextAttemptAt: new Date(Date.now() + retryDelaySeconds(email.attempts) * 1000),
          }).where(and(eq(outboxEmails.firmId, firmId), eq(outboxEmails.id, email.id)));
        }
      });
    }
    return claimed.length;
  }

  /** Asks `beforeSend` about a claimed e-mail; marks it skipped (and says so) when it is no longer wanted. */
  async function skipped(firmId: string, email: OutboxRow, beforeSend: BeforeSend): Promise<boolean> {
    return opts.db.withFirm(firmId, async (tx) => {
      const reason = await beforeSend(tx, email);
      if (!reason) return false;
      await tx.update(outboxEmails).set({ status: 'skipped', lockedUntil: null, lastError: reason })
        .where(and(eq(outboxEmails.firmId, firmId), eq(outboxEmails.id, email.id)));
      opts.logger.info({ emailId: email.id, firmId, kind: email.kind, reason }, 'email skipped');
      return true;
    });
  }

  async function drainOnce(): Promise<number> {
    const firmIds = await opts.db.withoutFirm(async (tx) => {
      const rows = await queryRows<{ firm_id: string }>(tx, sql`select ll_firms_with_due_email(now(), 50) as firm_id`);
      return rows.map((r) => r.firm_id);
    });
    let n = 0;
    for (const firmId of firmIds) n += await sendFirm(firmId);
    return n;
  }

  const mailer: Mailer = {
    drain() {
      // One drain at a time per instance; concurrent callers share it.
      running ??= drainOnce().finally(() => {
        running = undefined;
      });
      return running;
    },
    start(intervalMs = 1000) {
      if (timer) return;
      timer = setInterval(() => {
        mailer.drain().catch((err: unknown) => opts.logger.error({ err }, 'outbox worker failed'));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
      transport.close();
    },
  };
  return mailer;
}
