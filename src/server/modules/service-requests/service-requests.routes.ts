import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../../contracts/common.js';
import { portalParamsSchema } from '../../../contracts/documents.js';
import {
  acceptServiceRequestBodySchema, createServiceRequestBodySchema, declineServiceRequestBodySchema, portalServiceRequestListSchema, replyServiceRequestBodySchema,
  proposeServiceRequestReplySchema, serviceRequestListQuerySchema, serviceRequestListSchema, serviceRequestOptionsSchema, serviceRequestSchema,
} from '../../../contracts/service-requests.js';
import { proposalFromRequestBodySchema } from '../../../contracts/proposals.js';
import { clientCtxOf, staffCtxOf } from '../accounts/index.js';
import * as requests from './service-requests.service.js';

/** Service requests under /api/staff; the staff guard is registered by the caller. */
export const serviceRequestsStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['service requests'];
  app.get('/service-requests', { schema: { tags, summary: 'Clients’ service requests, newest first, with how many are open', querystring: serviceRequestListQuerySchema, response: { 200: serviceRequestListSchema } } }, async (req) =>
    requests.listRequests(staffCtxOf(req), req.query),
  );
  app.get('/service-requests/:id', { schema: { tags, summary: 'One service request', params: idParamsSchema, response: { 200: serviceRequestSchema } } }, async (req) => requests.getRequest(staffCtxOf(req), req.params.id));
  app.post('/service-requests/:id/reply', { schema: { tags, summary: 'Reply to the client (a conversation, started on the first reply)', params: idParamsSchema, body: replyServiceRequestBodySchema, response: { 200: serviceRequestSchema } } }, async (req) =>
    requests.replyToRequest(staffCtxOf(req), req.params.id, req.body),
  );
  app.post('/service-requests/:id/accept', { schema: { tags, summary: 'Accept the request as a service for the client', params: idParamsSchema, body: acceptServiceRequestBodySchema, response: { 200: serviceRequestSchema } } }, async (req) =>
    requests.acceptRequest(staffCtxOf(req), req.params.id, req.body),
  );
  app.post('/service-requests/:id/propose', {
    schema: { tags, summary: 'Turn the request into a pre-filled draft proposal for the client, linked to it (double click: one proposal, 409 for the other)', params: idParamsSchema, body: proposalFromRequestBodySchema, response: { 201: proposeServiceRequestReplySchema } },
  }, async (req, reply) => reply.code(201).send(await requests.proposeFromRequest(staffCtxOf(req), req.params.id, req.body)));
  app.post('/service-requests/:id/decline', { schema: { tags, summary: 'Decline the request, saying why', params: idParamsSchema, body: declineServiceRequestBodySchema, response: { 200: serviceRequestSchema } } }, async (req) =>
    requests.declineRequest(staffCtxOf(req), req.params.id, req.body),
  );
};

/** Request Service under /api/portal/:slug; the client guard is registered by the caller. */
export const serviceRequestsPortalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  app.get('/service-requests/options', { schema: { tags, summary: 'What you can ask for: the firm’s services, then “Something else”', params: portalParamsSchema, response: { 200: serviceRequestOptionsSchema } } }, async (req) =>
    requests.requestOptions(clientCtxOf(req)),
  );
  app.get('/service-requests', { schema: { tags, summary: 'Your service requests and where each stands', params: portalParamsSchema, response: { 200: portalServiceRequestListSchema } } }, async (req) =>
    requests.portalRequests(clientCtxOf(req)),
  );
  app.post('/service-requests', { schema: { tags, summary: 'Request Service: ask the firm for new work', params: portalParamsSchema, body: createServiceRequestBodySchema, response: { 201: serviceRequestSchema } } }, async (req, reply) =>
    reply.code(201).send(await requests.createRequest(clientCtxOf(req), req.body)),
  );
};
