import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema, uuidSchema } from '../../../contracts/common.js';
import { answerBodySchema, portalDashboardV2Schema, serviceDetailSchema } from '../../../contracts/work.js';
import { clientCtxOf } from '../accounts/index.js';
import * as portal from './work.portal.service.js';

const params = z.object({ slug: slugSchema });
const idParams = z.object({ slug: slugSchema, id: uuidSchema });
const tags = ['portal'];

/** The client's dashboard, services and answers (`/api/portal/:slug/...`); the client guard is registered by the caller. */
export const workPortalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/dashboard', { schema: { tags, summary: 'Action required and every service the firm shares with the client', params, response: { 200: portalDashboardV2Schema } } }, async (req) =>
    portal.getDashboard(clientCtxOf(req)),
  );
  app.get('/services/:id', { schema: { tags, summary: 'A service with its client-visible tasks and questions', params: idParams, response: { 200: serviceDetailSchema } } }, async (req) =>
    portal.getServiceForClient(clientCtxOf(req), req.params.id),
  );
  app.post('/tasks/:id/answers', { schema: { tags, summary: 'Save answers as a draft, or submit them', params: idParams, body: answerBodySchema, response: { 200: serviceDetailSchema } } }, async (req) =>
    portal.answerQuestions(clientCtxOf(req), req.params.id, req.body),
  );
};
