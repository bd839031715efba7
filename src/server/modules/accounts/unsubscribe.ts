import { and, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DAILY_DIGEST_LABEL, portalNotificationEvents, staffNotificationEvents, unsubscribeInfoSchema, unsubscribeTokenBodySchema, type UnsubscribeInfo,
} from '../../../contracts/profile.js';
import { queryRows, type Tx } from '../../db/client.js';
import { digestItems, notificationPreferences, unsubscribeTokens } from '../../db/schema/index.js';
import { sha256Hex } from '../../platform/crypto/tokens.js';
import { AppError } from '../../platform/errors.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import { DAILY_DIGEST_EVENT } from '../../platform/mail/outbox.js';
import type { BaseCtx, Deps } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { findFirm, type Firm } from '../firms/index.js';
import { baseCtx } from './accounts.guards.js';
import type { UserKind } from './accounts.repository.js';
import { findProfileUser, setPreference } from './profile.repository.js';

const INVALID = 'This unsubscribe link is not valid. You can choose which e-mails you get in your profile.';
type TokenRow = typeof unsubscribeTokens.$inferSelect;

const labelOf = (kind: UserKind, event: string) =>
  event === DAILY_DIGEST_EVENT ? DAILY_DIGEST_LABEL : ([...(kind === 'staff' ? staffNotificationEvents : portalNotificationEvents)] as { event: string; label: string }[]).find((e) => e.event === event)?.label;

/** Finds the token's firm (SECURITY DEFINER look-up of the hash), then the row and firm inside that firm's scope. */
async function withToken<T>(ctx: Pick<BaseCtx, 'db'>, token: string, fn: (tx: Tx, row: TokenRow, firm: Firm) => Promise<T>): Promise<T> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new AppError('LINK_INVALID', INVALID);
  const hash = sha256Hex(token);
  const result = await ctx.db.withFirmFrom(
    async (tx) => (await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_unsubscribe(${hash}) as firm_id`))[0]?.firm_id ?? null,
    async (tx, firmId) => {
      const [row] = await tx.select().from(unsubscribeTokens).where(and(eq(unsubscribeTokens.firmId, firmId), eq(unsubscribeTokens.tokenHash, hash)));
      const firm = await findFirm(tx, firmId);
      if (!row || !firm || !labelOf(row.userKind, row.event)) return { ok: false as const };
      const user = await findProfileUser(tx, { firmId, kind: row.userKind, userId: row.userId });
      if (!user) return { ok: false as const };
      return { ok: true as const, value: await fn(tx, row, firm) };
    },
  );
  if (!result?.ok) throw new AppError('LINK_INVALID', INVALID);
  return result.value;
}

async function isOff(tx: Tx, row: TokenRow): Promise<boolean> {
  const prefs = await tx.select({ event: notificationPreferences.event, channel: notificationPreferences.channel }).from(notificationPreferences)
    .where(and(eq(notificationPreferences.firmId, row.firmId), row.userKind === 'staff' ? eq(notificationPreferences.staffUserId, row.userId) : eq(notificationPreferences.portalUserId, row.userId)));
  if (row.event === DAILY_DIGEST_EVENT) return !prefs.some((p) => p.channel === 'daily');
  return prefs.find((p) => p.event === row.event)?.channel === 'off';
}

export async function inspectUnsubscribe(ctx: Pick<BaseCtx, 'db'>, token: string): Promise<UnsubscribeInfo> {
  return withToken(ctx, token, async (tx, row, firm) => ({
    firmName: firm.displayName, label: labelOf(row.userKind, row.event) ?? '', kind: row.userKind, portalSlug: row.userKind === 'portal' ? firm.slug : null, off: await isOff(tx, row),
  }));
}

/**
 * Turns the token's preference off (for the digest's own link: every "daily" choice), drops what was
 * waiting for the digest, and records it. Using the link again changes nothing more.
 */
export async function confirmUnsubscribe(ctx: BaseCtx, token: string): Promise<UnsubscribeInfo> {
  return withToken(ctx, token, async (tx, row, firm) => {
    const me = { firmId: row.firmId, kind: row.userKind, userId: row.userId };
    const info = { firmName: firm.displayName, label: labelOf(row.userKind, row.event) ?? '', kind: row.userKind, portalSlug: row.userKind === 'portal' ? firm.slug : null, off: true };
    if (await isOff(tx, row)) return info;
    let events = [row.event];
    if (row.event === DAILY_DIGEST_EVENT) {
      const prefs = await tx.select({ event: notificationPreferences.event, channel: notificationPreferences.channel }).from(notificationPreferences)
        .where(and(eq(notificationPreferences.firmId, row.firmId), row.userKind === 'staff' ? eq(notificationPreferences.staffUserId, row.userId) : eq(notificationPreferences.portalUserId, row.userId)));
      events = prefs.filter((p) => p.channel === 'daily').map((p) => p.event);
    }
    for (const event of events) await setPreference(tx, { ...me, event, channel: 'off' });
    if (row.event === DAILY_DIGEST_EVENT) {
      await tx.delete(digestItems).where(and(eq(digestItems.firmId, row.firmId), eq(digestItems.userKind, row.userKind), eq(digestItems.userId, row.userId), isNull(digestItems.digestRunId)));
    }
    const user = await findProfileUser(tx, me);
    await recordAudit(tx, {
      firmId: row.firmId, actorKind: row.userKind, actorId: row.userId, actorLabel: user ? `${user.name} <${user.email}>` : row.userId, action: 'notification_preferences.unsubscribed',
      targetType: row.userKind === 'staff' ? 'staff_user' : 'portal_user', targetId: row.userId, targetLabel: user?.email ?? '', ip: ctx.ip,
      details: Object.fromEntries(events.map((e) => [e, 'off'])),
    });
    return info;
  });
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en-AU"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></main></body></html>`;

/**
 * One-click unsubscribe (`/api/public/unsubscribe`). The e-mail's List-Unsubscribe URL takes a POST
 * from the mail provider (RFC 8058: form body `List-Unsubscribe=One-Click`), and a GET from a person,
 * which changes nothing and sends them to the confirmation page on their portal or the staff app.
 */
export function unsubscribePublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    // Only here: the RFC 8058 body is a form. It carries no credentials, so it cannot be a CSRF vector.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, body));
    const query = z.object({ token: z.string().max(100).optional() });

    app.get('/unsubscribe', { schema: { tags: ['links'], summary: 'A person opened an unsubscribe link: go to the confirmation page (nothing changes on GET); invalid links get a 404 page', querystring: query } }, async (req, reply) => {
      reply.header('Referrer-Policy', 'no-referrer').header('Cache-Control', 'no-store');
      const token = req.query.token ?? '';
      try {
        const info = await inspectUnsubscribe(deps, token);
        const url = info.kind === 'portal' && info.portalSlug ? `${portalBaseUrl(deps.config, info.portalSlug)}/unsubscribe#token=${token}` : staffUrl(deps.config, `/unsubscribe#token=${token}`);
        return reply.code(303).header('Location', url).send();
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'LINK_INVALID') throw e;
        return reply.code(404).type('text/html; charset=utf-8').send(page('This link is not valid', INVALID));
      }
    });

    app.post('/unsubscribe', { schema: { tags: ['links'], summary: 'RFC 8058 one-click unsubscribe from the List-Unsubscribe header: turns that e-mail off', querystring: query } }, async (req, reply) => {
      reply.header('Cache-Control', 'no-store');
      await confirmUnsubscribe(baseCtx(req, deps), req.query.token ?? '');
      return reply.code(200).type('text/plain; charset=utf-8').send('Unsubscribed.');
    });

    app.post('/unsubscribe/inspect', { schema: { tags: ['links'], summary: 'What an unsubscribe link stops (invalid links answer 404)', body: unsubscribeTokenBodySchema, response: { 200: unsubscribeInfoSchema } } }, async (req) =>
      inspectUnsubscribe(deps, req.body.token));

    app.post('/unsubscribe/confirm', { schema: { tags: ['links'], summary: 'Stop these e-mails: turns the link’s preference off (invalid links answer 404)', body: unsubscribeTokenBodySchema, response: { 200: unsubscribeInfoSchema } } }, async (req) =>
      confirmUnsubscribe(baseCtx(req, deps), req.body.token));
  };
}
