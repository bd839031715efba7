import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../../contracts/common.js';
import { inviteStaffBodySchema, staffMemberSchema, updateStaffBodySchema } from '../../../contracts/staff.js';
import { staffCtxOf } from '../accounts/index.js';
import * as staff from './staff.service.js';

const tags = ['team'];

/** Team management (`/api/staff/staff...`); the staff guard is registered by the caller. */
export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/staff', { schema: { tags, summary: 'List the firm’s staff', response: { 200: z.object({ items: z.array(staffMemberSchema) }) } } }, async (req) => ({
    items: await staff.listStaff(staffCtxOf(req)),
  }));
  app.post('/staff', { schema: { tags, summary: 'Invite a staff member by e-mail', body: inviteStaffBodySchema, response: { 201: staffMemberSchema } } }, async (req, reply) =>
    reply.code(201).send(await staff.inviteStaff(staffCtxOf(req), req.body)),
  );
  app.patch('/staff/:id', { schema: { tags, summary: 'Change a staff member’s role', params: idParamsSchema, body: updateStaffBodySchema, response: { 200: staffMemberSchema } } }, async (req) =>
    staff.changeRole(staffCtxOf(req), req.params.id, req.body.role),
  );
  app.post('/staff/:id/invitation', { schema: { tags, summary: 'Resend a staff invitation', params: idParamsSchema, response: { 200: staffMemberSchema } } }, async (req) =>
    staff.resendStaffInvitation(staffCtxOf(req), req.params.id),
  );
  app.post('/staff/:id/disable', { schema: { tags, summary: 'Disable a staff member (ends their sessions)', params: idParamsSchema, response: { 200: staffMemberSchema } } }, async (req) =>
    staff.setStaffDisabled(staffCtxOf(req), req.params.id, true),
  );
  app.post('/staff/:id/enable', { schema: { tags, summary: 'Re-enable a staff member', params: idParamsSchema, response: { 200: staffMemberSchema } } }, async (req) =>
    staff.setStaffDisabled(staffCtxOf(req), req.params.id, false),
  );
};
