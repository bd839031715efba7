import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageOf, pageQuerySchema } from '../../../contracts/common.js';
import { auditEntrySchema } from '../../../contracts/staff.js';
import { AppError } from '../../platform/errors.js';
import { staffCtxOf } from '../accounts/index.js';
import { listAuditLog } from './audit.service.js';

/** The firm's audit log (`/api/staff/audit`), owners and admins only. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/audit', { schema: { tags: ['audit'], summary: 'Security events, newest first (owners and admins)', querystring: pageQuerySchema, response: { 200: pageOf(auditEntrySchema) } } }, async (req) => {
    const ctx = staffCtxOf(req);
    if (ctx.actor.role === 'staff') throw new AppError('FORBIDDEN', 'Only the firm’s owners and admins can read the audit log.');
    return listAuditLog(ctx, req.query.page, req.query.pageSize);
  });
};
