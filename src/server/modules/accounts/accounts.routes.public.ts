import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acceptInvitationBodySchema, linkCompletedReplySchema, inspectLinkBodySchema, inspectLinkReplySchema, resetPasswordBodySchema } from '../../../contracts/auth.js';
import { sessionCookieName, setSessionCookie } from '../../platform/http/cookies.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { baseCtx } from './accounts.guards.js';
import * as accounts from './accounts.service.js';
import { confirmEmailChangeBodySchema, confirmEmailChangeReplySchema } from '../../../contracts/profile.js';
import { confirmEmailChange } from './profile.service.js';


/** E-mailed links: inspect, accept an invitation, complete a password reset (`/api/public/...`). */
export function accountsPublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/links/inspect', {
      schema: { tags: ['links'], summary: 'What an e-mailed link is for (invalid, used and expired links answer the same 404)', body: inspectLinkBodySchema, response: { 200: inspectLinkReplySchema } },
    }, async (req) => accounts.inspectLink(baseCtx(req, deps), req.body.token));

    app.post('/invitations/accept', {
      schema: { tags: ['links'], summary: 'Accept an invitation: set a password and sign in', body: acceptInvitationBodySchema, response: { 200: linkCompletedReplySchema } },
    }, async (req, reply) => {
      const ctx = baseCtx(req, deps);
      const result = await accounts.acceptInvitation(ctx, req.body);
      const cookie = result.kind === 'staff' ? sessionCookieName(deps.config, 'staff') : sessionCookieName(deps.config, 'portal', result.firm.slug);
      await accounts.endPresentedSession(ctx, result.kind, req.cookies[cookie]);
      setSessionCookie(reply, deps.config, cookie, result.token);
      return { kind: result.kind, portalSlug: result.kind === 'portal' ? result.firm.slug : null, redirectTo: result.redirectTo };
    });

    app.post('/email-changes/confirm', {
      schema: { tags: ['links'], summary: 'Confirm an e-mail change from the link sent to the new address (invalid, used and expired links answer the same 404)', body: confirmEmailChangeBodySchema, response: { 200: confirmEmailChangeReplySchema } },
    }, async (req) => confirmEmailChange(baseCtx(req, deps), req.body.token));

    app.post('/password-resets/complete', {
      schema: { tags: ['links'], summary: 'Set a new password from a reset link; every session of the account ends', body: resetPasswordBodySchema, response: { 200: linkCompletedReplySchema } },
    }, async (req) => {
      const result = await accounts.completePasswordReset(baseCtx(req, deps), req.body);
      return { kind: result.kind, portalSlug: null, redirectTo: result.redirectTo };
    });
  };
}
