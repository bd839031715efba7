import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptedReplySchema, forgotPasswordBodySchema, loginBodySchema, portalSessionReplySchema } from '../../../contracts/auth.js';
import { slugSchema } from '../../../contracts/common.js';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from '../../platform/http/cookies.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { baseCtx, clientCtxOf, portalFirmOf, requireClient, requirePortalFirm } from './accounts.guards.js';
import * as accounts from './accounts.service.js';
import * as repo from './accounts.repository.js';
import { profileRoutes } from './profile.routes.js';
import { twoFactorChallengeSchema, twoFactorLoginBodySchema } from '../../../contracts/two-factor.js';
import { seenCookieName, setSeenCookie } from './new-sign-in.js';
import { deviceCookieName, setDeviceCookie, twoFactorProfileRoutes } from './two-factor.routes.js';
import { enrolmentDue, PENDING_LOGIN_TTL_MS } from './two-factor.service.js';

const params = z.object({ slug: slugSchema });

/** Portal sign-in, sign-out, session and forgot-password (`/api/portal/:slug/...`). */
export function accountsPortalRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.register(async (plain) => {
      const open = plain.withTypeProvider<ZodTypeProvider>();
      open.addHook('preHandler', requirePortalFirm(deps));

      open.post('/auth/login', {
        schema: {
          tags: ['portal auth'], summary: 'Sign in to a firm’s client portal (202 when a two-factor code is still due: no session yet)', params, body: loginBodySchema,
          response: { 200: portalSessionReplySchema, 202: twoFactorChallengeSchema },
        },
      }, async (req, reply) => {
        const firm = portalFirmOf(req);
        const ctx = baseCtx(req, deps);
        const seenName = seenCookieName(deps.config, 'portal', firm.slug);
        const result = await accounts.portalLogin(ctx, firm, req.body, { device: req.cookies[deviceCookieName(deps.config, 'portal', firm.slug)], seen: req.cookies[seenName] });
        if (result.twoFactor) {
          return reply.code(202).send({ twoFactorRequired: true as const, pendingToken: result.twoFactor.pendingToken, expiresInSeconds: Math.round(PENDING_LOGIN_TTL_MS / 1000) });
        }
        const cookie = sessionCookieName(deps.config, 'portal', firm.slug);
        await accounts.endPresentedSession(ctx, 'portal', req.cookies[cookie]);
        setSessionCookie(reply, deps.config, cookie, result.token);
        setSeenCookie(reply, deps.config, seenName, result.seenCookie);
        const client = await deps.db.withFirm(firm.id, (tx) => repo.findPortalUser(tx, { firmId: firm.id, userId: result.user.id }));
        return {
          user: { id: result.user.id, name: result.user.name, email: result.user.email },
          client: { id: result.user.clientId, name: client?.clientName ?? '' },
          csrfToken: result.session.csrfToken,
          idleTimeoutSeconds: deps.config.sessionIdleMinutes * 60,
          twoFactorEnrolmentRequired: await deps.db.withFirm(firm.id, (tx) => enrolmentDue(tx, { firmId: firm.id, kind: 'portal', userId: result.user.id })),
        };
      });

      open.post('/auth/login/two-factor', {
        schema: { tags: ['portal auth'], summary: 'Finish signing in with a two-factor code or a recovery code (a new session)', params, body: twoFactorLoginBodySchema, response: { 200: portalSessionReplySchema } },
      }, async (req, reply) => {
        const firm = portalFirmOf(req);
        const ctx = baseCtx(req, deps);
        const seenName = seenCookieName(deps.config, 'portal', firm.slug);
        const result = await accounts.completeTwoFactorLogin(ctx, 'portal', req.body, firm, req.cookies[seenName]);
        const found = await deps.db.withFirm(firm.id, (tx) => repo.findPortalUser(tx, { firmId: firm.id, userId: result.userId }));
        if (!found) throw new Error('signed-in portal user is missing');
        const cookie = sessionCookieName(deps.config, 'portal', firm.slug);
        await accounts.endPresentedSession(ctx, 'portal', req.cookies[cookie]);
        setSessionCookie(reply, deps.config, cookie, result.token);
        if (result.deviceCookie) setDeviceCookie(reply, deps.config, deviceCookieName(deps.config, 'portal', firm.slug), result.deviceCookie);
        setSeenCookie(reply, deps.config, seenName, result.seenCookie);
        return {
          user: { id: found.user.id, name: found.user.name, email: found.user.email },
          client: { id: found.user.clientId, name: found.clientName },
          csrfToken: result.session.csrfToken,
          idleTimeoutSeconds: deps.config.sessionIdleMinutes * 60,
          twoFactorEnrolmentRequired: false,
        };
      });

      open.post('/auth/forgot-password', {
        schema: { tags: ['portal auth'], summary: 'E-mail a password reset link (same answer for every address)', params, body: forgotPasswordBodySchema, response: { 202: acceptedReplySchema } },
      }, async (req, reply) => {
        await accounts.requestPasswordReset(baseCtx(req, deps), { kind: 'portal', email: req.body.email, firm: portalFirmOf(req) });
        return reply.code(202).send({ message: accounts.FORGOT_PASSWORD_MESSAGE });
      });
    });

    app.register(async (plain) => {
      const authed = plain.withTypeProvider<ZodTypeProvider>();
      authed.addHook('onRequest', requireClient(deps));
      await authed.register(profileRoutes('portal', clientCtxOf));
      await authed.register(twoFactorProfileRoutes('portal', clientCtxOf));

      authed.get('/session', { schema: { tags: ['portal auth'], summary: 'The signed-in portal user', params, response: { 200: portalSessionReplySchema } } }, async (req) => {
        const ctx = clientCtxOf(req);
        const found = await deps.db.withFirm(ctx.firmId, (tx) => repo.findPortalUser(tx, { firmId: ctx.firmId, userId: ctx.actor.portalUserId }));
        return {
          user: { id: ctx.actor.portalUserId, name: ctx.actor.name, email: ctx.actor.email },
          client: { id: ctx.actor.clientId, name: found?.clientName ?? '' },
          csrfToken: req.csrfToken ?? '',
          idleTimeoutSeconds: deps.config.sessionIdleMinutes * 60,
          twoFactorEnrolmentRequired: req.twoFactorEnrolmentDue ?? false,
        };
      });

      authed.post('/auth/logout', { schema: { tags: ['portal auth'], summary: 'Sign out of the portal', params, response: { 204: z.null() } } }, async (req, reply) => {
        const ctx = clientCtxOf(req);
        await accounts.logout(ctx, { firmId: ctx.firmId, sessionId: ctx.actor.sessionId, actor: { kind: 'portal', id: ctx.actor.portalUserId, label: `${ctx.actor.name} <${ctx.actor.email}>` } });
        clearSessionCookie(reply, deps.config, sessionCookieName(deps.config, 'portal', portalFirmOf(req).slug));
        return reply.code(204).send(null);
      });
    });
  };
}
