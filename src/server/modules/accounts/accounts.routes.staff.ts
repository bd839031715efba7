import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptedReplySchema, forgotPasswordBodySchema, loginBodySchema, staffSessionReplySchema, type StaffSessionReply } from '../../../contracts/auth.js';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from '../../platform/http/cookies.js';
import { portalBaseUrl } from '../../platform/http/urls.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { findFirm, toFirmSettings, type Firm } from '../firms/index.js';
import { baseCtx, requireStaff, staffCtxOf } from './accounts.guards.js';
import * as accounts from './accounts.service.js';
import { profileRoutes } from './profile.routes.js';
import * as repo from './accounts.repository.js';
import { twoFactorChallengeSchema, twoFactorLoginBodySchema } from '../../../contracts/two-factor.js';
import { seenCookieName, setSeenCookie } from './new-sign-in.js';
import { deviceCookieName, setDeviceCookie, twoFactorProfileRoutes } from './two-factor.routes.js';
import { enrolmentDue, PENDING_LOGIN_TTL_MS } from './two-factor.service.js';

function sessionReply(deps: Deps, firm: Firm, user: { id: string; name: string; email: string; role: 'owner' | 'admin' | 'staff' }, csrfToken: string, twoFactorEnrolmentRequired: boolean): StaffSessionReply {
  const s = toFirmSettings(deps.config, firm);
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    firm: { id: firm.id, slug: firm.slug, legalName: firm.legalName, tradingName: firm.tradingName, displayName: firm.displayName, timeZone: firm.timeZone, primaryColour: firm.primaryColour, logoUrl: s.logoUrl, portalUrl: portalBaseUrl(deps.config, firm.slug) },
    csrfToken,
    idleTimeoutSeconds: deps.config.sessionIdleMinutes * 60,
    twoFactorEnrolmentRequired,
  };
}

/** Staff sign-in, sign-out, session and forgot-password (`/api/staff/...`). */
export function accountsStaffRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/auth/login', {
      schema: {
        tags: ['staff auth'], summary: 'Sign in as a staff member (202 when a two-factor code is still due: no session yet)', body: loginBodySchema,
        response: { 200: staffSessionReplySchema, 202: twoFactorChallengeSchema },
      },
    }, async (req, reply) => {
      const ctx = baseCtx(req, deps);
      const seenName = seenCookieName(deps.config, 'staff');
      const result = await accounts.staffLogin(ctx, req.body, { device: req.cookies[deviceCookieName(deps.config, 'staff')], seen: req.cookies[seenName] });
      if (result.twoFactor) {
        return reply.code(202).send({ twoFactorRequired: true as const, pendingToken: result.twoFactor.pendingToken, expiresInSeconds: Math.round(PENDING_LOGIN_TTL_MS / 1000) });
      }
      const cookie = sessionCookieName(deps.config, 'staff');
      await accounts.endPresentedSession(ctx, 'staff', req.cookies[cookie]);
      setSessionCookie(reply, deps.config, cookie, result.token);
      setSeenCookie(reply, deps.config, seenName, result.seenCookie);
      const due = await deps.db.withFirm(result.firm.id, (tx) => enrolmentDue(tx, { firmId: result.firm.id, kind: 'staff', userId: result.user.id }));
      return sessionReply(deps, result.firm, result.user, result.session.csrfToken, due);
    });

    app.post('/auth/login/two-factor', {
      schema: { tags: ['staff auth'], summary: 'Finish signing in with a two-factor code or a recovery code (a new session)', body: twoFactorLoginBodySchema, response: { 200: staffSessionReplySchema } },
    }, async (req, reply) => {
      const ctx = baseCtx(req, deps);
      const seenName = seenCookieName(deps.config, 'staff');
      const result = await accounts.completeTwoFactorLogin(ctx, 'staff', req.body, undefined, req.cookies[seenName]);
      const user = await deps.db.withFirm(result.firm.id, (tx) => repo.findStaffUser(tx, { firmId: result.firm.id, userId: result.userId }));
      if (!user) throw new Error('signed-in staff user is missing');
      const cookie = sessionCookieName(deps.config, 'staff');
      await accounts.endPresentedSession(ctx, 'staff', req.cookies[cookie]);
      setSessionCookie(reply, deps.config, cookie, result.token);
      if (result.deviceCookie) setDeviceCookie(reply, deps.config, deviceCookieName(deps.config, 'staff'), result.deviceCookie);
      setSeenCookie(reply, deps.config, seenName, result.seenCookie);
      return sessionReply(deps, result.firm, user, result.session.csrfToken, false);
    });

    app.post('/auth/forgot-password', {
      schema: { tags: ['staff auth'], summary: 'E-mail a password reset link (same answer for every address)', body: forgotPasswordBodySchema, response: { 202: acceptedReplySchema } },
    }, async (req, reply) => {
      await accounts.requestPasswordReset(baseCtx(req, deps), { kind: 'staff', email: req.body.email });
      return reply.code(202).send({ message: accounts.FORGOT_PASSWORD_MESSAGE });
    });

    app.register(async (plain) => {
      const authed = plain.withTypeProvider<ZodTypeProvider>();
      authed.addHook('onRequest', requireStaff(deps));
      await authed.register(profileRoutes('staff', staffCtxOf));
      await authed.register(twoFactorProfileRoutes('staff', staffCtxOf));

      authed.get('/session', { schema: { tags: ['staff auth'], summary: 'The signed-in staff member', response: { 200: staffSessionReplySchema } } }, async (req) => {
        const ctx = staffCtxOf(req);
        const firm = await deps.db.withFirm(ctx.firmId, (tx) => findFirm(tx, ctx.firmId));
        if (!firm) throw new Error('firm of a live session is missing');
        return sessionReply(deps, firm, { id: ctx.actor.userId, name: ctx.actor.name, email: ctx.actor.email, role: ctx.actor.role }, req.csrfToken ?? '', req.twoFactorEnrolmentDue ?? false);
      });

      authed.post('/auth/logout', { schema: { tags: ['staff auth'], summary: 'Sign out (ends this session)', response: { 204: z.null() } } }, async (req, reply) => {
        const ctx = staffCtxOf(req);
        await accounts.logout(ctx, { firmId: ctx.firmId, sessionId: ctx.actor.sessionId, actor: { kind: 'staff', id: ctx.actor.userId, label: `${ctx.actor.name} <${ctx.actor.email}>` } });
        clearSessionCookie(reply, deps.config, sessionCookieName(deps.config, 'staff'));
        return reply.code(204).send(null);
      });
    });
  };
}
