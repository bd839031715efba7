import { and, desc, eq, gt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../../contracts/common.js';
import { sessionsEndedSchema, type MySession } from '../../../contracts/profile.js';
import { portalUsers, sessions, staffUsers } from '../../db/schema/index.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorLabel, type ClientCtx, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { staffCtxOf } from './accounts.guards.js';
import type { UserKind } from './accounts.repository.js';
import type { meOf } from './profile.service.js';

type Me = ReturnType<typeof meOf>;

/** A tiny user-agent reader: the browser and the device/system, enough for a person to recognise a session. */
export function describeUserAgent(ua: string | null | undefined): { browser: string; device: string } {
  const s = ua ?? '';
  const browser = /Edg(?:A|iOS)?\//.test(s) ? 'Edge'
    : /OPR\/|Opera/.test(s) ? 'Opera'
      : /Firefox\/|FxiOS\//.test(s) ? 'Firefox'
        : /SamsungBrowser\//.test(s) ? 'Samsung Internet'
          : /Chrome\/|CriOS\//.test(s) ? 'Chrome'
            : /Safari\//.test(s) && /Version\//.test(s) ? 'Safari'
              : 'Unknown browser';
  const device = /iPhone/.test(s) ? 'iPhone'
    : /iPad/.test(s) ? 'iPad'
      : /Android/.test(s) ? (/Mobile/.test(s) ? 'Android phone' : 'Android tablet')
        : /Windows/.test(s) ? 'Windows'
          : /Macintosh|Mac OS X/.test(s) ? 'Mac'
            : /CrOS/.test(s) ? 'Chromebook'
              : /Linux/.test(s) ? 'Linux'
                : 'Unknown device';
  return { browser, device };
}

/** My live sessions (neither idle- nor absolute-expired), newest activity first; `current` marks this one. Never anyone else's. */
export async function listMySessions(me: Me): Promise<{ items: MySession[] }> {
  const idleSince = new Date(me.ctx.now.getTime() - me.ctx.config.sessionIdleMinutes * 60_000);
  const rows = await me.ctx.db.withFirm(me.firmId, (tx) => tx.select().from(sessions)
    .where(and(eq(sessions.firmId, me.firmId), eq(sessions.kind, me.kind), eq(sessions.userId, me.userId), gt(sessions.expiresAt, me.ctx.now), gt(sessions.lastSeenAt, idleSince)))
    .orderBy(desc(sessions.lastSeenAt)));
  return {
    items: rows.map((r) => ({
      id: r.id, ...describeUserAgent(r.userAgent), ip: r.ip, createdAt: r.createdAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString(), current: r.id === me.sessionId,
    })),
  };
}

async function audit(me: Me, action: string, details: Record<string, unknown>) {
  await me.ctx.db.withFirm(me.firmId, (tx) => recordAudit(tx, {
    firmId: me.firmId, actorKind: me.kind, actorId: me.userId, actorLabel: actorLabel((me.ctx as StaffCtx | ClientCtx).actor), action,
    targetType: me.kind === 'staff' ? 'staff_user' : 'portal_user', targetId: me.userId, targetLabel: me.userId, ip: me.ctx.ip, details,
  }));
}

/** Ends one of my sessions (this one too: that signs me out). Someone else's id is a 404, like a missing one. */
export async function endMySession(me: Me, sessionId: string): Promise<{ sessionsEnded: number }> {
  const ended = await me.ctx.db.withFirm(me.firmId, (tx) => tx.delete(sessions)
    .where(and(eq(sessions.firmId, me.firmId), eq(sessions.kind, me.kind), eq(sessions.userId, me.userId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id }));
  if (ended.length === 0) throw notFound('That session');
  await audit(me, 'session.ended', { sessionId, current: sessionId === me.sessionId });
  return { sessionsEnded: 1 };
}

/** Ends every session of mine but this one. */
export async function endMyOtherSessions(me: Me): Promise<{ sessionsEnded: number }> {
  const n = await me.ctx.db.withFirm(me.firmId, (tx) => deleteUserSessions(tx, me.firmId, me.kind, me.userId, me.sessionId));
  await audit(me, 'sessions.ended_others', { sessionsEnded: n });
  return { sessionsEnded: n };
}

/**
 * A firm owner or admin signs a staff member or a portal user of their firm out everywhere. Another
 * firm's (or a missing) person is a 404; staff without the role get 403.
 */
export async function endUserSessionsAsAdmin(ctx: StaffCtx, kind: UserKind, userId: string): Promise<{ sessionsEnded: number }> {
  if (ctx.actor.role === 'staff') throw new AppError('FORBIDDEN', 'Only the firm’s owners and admins can sign people out.');
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const [user] = kind === 'staff'
      ? await tx.select({ email: staffUsers.email }).from(staffUsers).where(and(eq(staffUsers.firmId, ctx.firmId), eq(staffUsers.id, userId)))
      : await tx.select({ email: portalUsers.email }).from(portalUsers).where(and(eq(portalUsers.firmId, ctx.firmId), eq(portalUsers.id, userId)));
    if (!user) throw notFound(kind === 'staff' ? 'That staff member' : 'That portal user');
    const n = await deleteUserSessions(tx, ctx.firmId, kind, userId);
    await recordAudit(tx, {
      firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'sessions.ended_by_admin',
      targetType: kind === 'staff' ? 'staff_user' : 'portal_user', targetId: userId, targetLabel: user.email, ip: ctx.ip, details: { sessionsEnded: n },
    });
    return { sessionsEnded: n };
  });
}

/** `/api/staff/...`: "Sign out everywhere" on the Team page and on a client's portal users. The staff guard is registered by the caller. */
export const sessionsAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/staff/:id/sessions/end', { schema: { tags: ['team'], summary: 'Sign a staff member out everywhere (owners and admins)', params: idParamsSchema, response: { 200: sessionsEndedSchema } } }, async (req) =>
    endUserSessionsAsAdmin(staffCtxOf(req), 'staff', req.params.id));
  app.post('/portal-users/:id/sessions/end', { schema: { tags: ['clients'], summary: 'Sign a portal user out everywhere (owners and admins)', params: idParamsSchema, response: { 200: sessionsEndedSchema } } }, async (req) =>
    endUserSessionsAsAdmin(staffCtxOf(req), 'portal', req.params.id));
};
