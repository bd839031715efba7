import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema, slugSchema } from '../../../contracts/common.js';
import { sessionsEndedSchema } from '../../../contracts/profile.js';
import {
  confirmTwoFactorBodySchema, recoveryCodesReplySchema, twoFactorEnrolmentSchema, twoFactorReauthBodySchema, twoFactorStatusSchema,
} from '../../../contracts/two-factor.js';
import type { Config } from '../../config/env.js';
import { appCookieName, setAppCookie } from '../../platform/http/cookies.js';
import type { ClientCtx, StaffCtx } from '../../platform/tenancy/context.js';
import { staffCtxOf } from './accounts.guards.js';
import * as profile from './profile.service.js';
import * as twoFactor from './two-factor.service.js';

const portalParams = z.object({ slug: slugSchema });

/** The "remember this device" cookie: one per staff app / portal, `__Host-` prefixed on https. */
export function deviceCookieName(config: Config, kind: 'staff' | 'portal', slug?: string): string {
  return appCookieName(config, 'device', kind, slug);
}

export function setDeviceCookie(reply: FastifyReply, config: Config, name: string, value: string): void {
  setAppCookie(reply, config, name, value, twoFactor.TRUSTED_DEVICE_TTL_MS / 1000);
}

/**
 * Profile → Two-factor sign-in (`…/profile/two-factor`), for staff and the portal alike. Whose it is
 * comes from the session. Reachable while the firm's requirement is not met yet (forced enrolment).
 */
export function twoFactorProfileRoutes(kind: 'staff' | 'portal', ctxOf: (req: FastifyRequest) => StaffCtx | ClientCtx): FastifyPluginAsyncZod {
  const tags = [kind === 'staff' ? 'staff profile' : 'portal profile'];
  const params = kind === 'portal' ? { params: portalParams } : {};
  const whoOf = (req: FastifyRequest) => {
    const me = profile.meOf(ctxOf(req));
    const a = ctxOf(req).actor;
    return { me, who: { firmId: me.firmId, kind: me.kind, userId: me.userId }, label: `${a.name} <${a.email}>`, email: a.email };
  };
  return async (app) => {
    app.get('/profile/two-factor', { schema: { tags, summary: 'Whether two-factor sign-in is on, and recovery codes left', ...params, response: { 200: twoFactorStatusSchema } } }, async (req) => {
      const { me, who } = whoOf(req);
      return twoFactor.status(me.ctx, who);
    });
    app.post('/profile/two-factor/enrol', {
      schema: { tags, summary: 'Start setting up two-factor sign-in: a new secret as an otpauth:// URI (QR code) and a manual key', ...params, response: { 200: twoFactorEnrolmentSchema } },
    }, async (req) => {
      const { me, who, email } = whoOf(req);
      return twoFactor.startEnrolment(me.ctx, who, email);
    });
    app.post('/profile/two-factor/confirm', {
      schema: { tags, summary: 'Confirm with a code from the app: two-factor is on; 10 recovery codes are shown once', ...params, body: confirmTwoFactorBodySchema, response: { 200: recoveryCodesReplySchema } },
    }, async (req) => {
      const { me, who, label } = whoOf(req);
      return twoFactor.confirmEnrolment(me.ctx, who, label, req.body.code);
    });
    app.post('/profile/two-factor/recovery-codes', {
      schema: { tags, summary: 'New recovery codes (password and a code required; the old codes stop working)', ...params, body: twoFactorReauthBodySchema, response: { 200: recoveryCodesReplySchema } },
    }, async (req) => {
      const { me, who, label } = whoOf(req);
      await profile.reauthenticate(me, req.body.currentPassword);
      return twoFactor.regenerateRecoveryCodes(me.ctx, who, label, req.body.code);
    });
    app.post('/profile/two-factor/disable', {
      schema: { tags, summary: 'Turn two-factor sign-in off (password and a code required; remembered devices are forgotten)', ...params, body: twoFactorReauthBodySchema, response: { 204: z.null() } },
    }, async (req, reply) => {
      const { me, who, label } = whoOf(req);
      await profile.reauthenticate(me, req.body.currentPassword);
      await twoFactor.disable(me.ctx, who, label, req.body.code);
      return reply.code(204).send(null);
    });
  };
}

/** `/api/staff/...`: "Reset two-factor" on the Team page and on a client's portal users (owners and admins). The staff guard is registered by the caller. */
export const twoFactorAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/staff/:id/two-factor/reset', {
    schema: { tags: ['team'], summary: 'Reset a staff member’s two-factor sign-in (owners and admins; an owner’s only by an owner): they are signed out everywhere and e-mailed', params: idParamsSchema, response: { 200: sessionsEndedSchema } },
  }, async (req) => twoFactor.resetByAdmin(staffCtxOf(req), 'staff', req.params.id));
  app.post('/portal-users/:id/two-factor/reset', {
    schema: { tags: ['clients'], summary: 'Reset a portal user’s two-factor sign-in (owners and admins): they are signed out everywhere and e-mailed', params: idParamsSchema, response: { 200: sessionsEndedSchema } },
  }, async (req) => twoFactor.resetByAdmin(staffCtxOf(req), 'portal', req.params.id));
};
