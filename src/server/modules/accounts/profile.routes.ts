import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema } from '../../../contracts/common.js';
import {
  changeEmailBodySchema, changeEmailReplySchema, changePasswordBodySchema, notificationPreferencesSchema, profileSchema,
  updateNotificationPreferencesBodySchema, updateProfileBodySchema,
} from '../../../contracts/profile.js';
import type { ClientCtx, StaffCtx } from '../../platform/tenancy/context.js';
import * as profile from './profile.service.js';
import * as mySessions from './sessions.service.js';
import { mySessionsSchema, sessionsEndedSchema } from '../../../contracts/profile.js';

const portalParams = z.object({ slug: slugSchema });

/**
 * The signed-in person's own profile (`…/profile`), for staff and the portal alike. Registered inside
 * a guarded scope; whose profile it is comes from the session, never from the request.
 */
export function profileRoutes(kind: 'staff' | 'portal', ctxOf: (req: FastifyRequest) => StaffCtx | ClientCtx): FastifyPluginAsyncZod {
  const tags = [kind === 'staff' ? 'staff profile' : 'portal profile'];
  const params = kind === 'portal' ? { params: portalParams } : {};
  const me = (req: FastifyRequest) => profile.meOf(ctxOf(req));
  return async (app) => {
    app.get('/profile', { schema: { tags, summary: 'My contact details', ...params, response: { 200: profileSchema } } }, async (req) => profile.getProfile(me(req)));
    app.patch('/profile', { schema: { tags, summary: 'Change my name and phone', ...params, body: updateProfileBodySchema, response: { 200: profileSchema } } }, async (req) =>
      profile.updateProfile(me(req), req.body),
    );
    app.post('/profile/password', {
      schema: { tags, summary: 'Change my password (current password required; my other sessions end)', ...params, body: changePasswordBodySchema, response: { 200: z.object({ sessionsEnded: z.number().int() }) } },
    }, async (req) => profile.changePassword(me(req), req.body));
    app.post('/profile/email', {
      schema: { tags, summary: 'Ask to change my e-mail (current password required; confirmed by a link sent to the new address)', ...params, body: changeEmailBodySchema, response: { 202: changeEmailReplySchema } },
    }, async (req, reply) => reply.code(202).send(await profile.requestEmailChange(me(req), req.body)));
    app.get('/profile/notifications', { schema: { tags, summary: 'My e-mail notification choices', ...params, response: { 200: notificationPreferencesSchema } } }, async (req) =>
      profile.getNotificationPreferences(me(req)),
    );
    app.put('/profile/notifications', {
      schema: { tags, summary: 'Set my e-mail notification choices (security e-mails cannot be turned off)', ...params, body: updateNotificationPreferencesBodySchema, response: { 200: notificationPreferencesSchema } },
    }, async (req) => profile.updateNotificationPreferences(me(req), req.body));
    // Where you're signed in: my sessions only (ids from the session; another person's session id is a 404).
    app.get('/profile/sessions', { schema: { tags, summary: 'Where I am signed in', ...params, response: { 200: mySessionsSchema } } }, async (req) => mySessions.listMySessions(me(req)));
    app.post('/profile/sessions/end-others', { schema: { tags, summary: 'Sign out everywhere else', ...params, response: { 200: sessionsEndedSchema } } }, async (req) => mySessions.endMyOtherSessions(me(req)));
    const sessionParams = kind === 'portal' ? portalParams.extend({ sessionId: z.string().uuid() }) : z.object({ sessionId: z.string().uuid() });
    app.delete('/profile/sessions/:sessionId', { schema: { tags, summary: 'End one of my sessions', params: sessionParams, response: { 200: sessionsEndedSchema } } }, async (req) =>
      mySessions.endMySession(me(req), (req.params as { sessionId: string }).sessionId));
  };
}
