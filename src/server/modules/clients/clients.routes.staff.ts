import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientSchema, createClientBodySchema, createPortalUserBodySchema, listClientsQuerySchema, outboxEmailSchema, portalUserSchema, updateClientBodySchema } from '../../../contracts/clients.js';
import { idParamsSchema, pageOf } from '../../../contracts/common.js';
import { staffCtxOf } from '../accounts/index.js';
import * as clients from './clients.service.js';

const tags = ['clients'];

/** Clients and their portal users (`/api/staff/...`); the staff guard is registered by the caller. */
export const clientsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/clients', { schema: { tags, summary: 'List and search clients', querystring: listClientsQuerySchema, response: { 200: pageOf(clientSchema) } } }, async (req) =>
    clients.listClients(staffCtxOf(req), req.query),
  );
  app.post('/clients', { schema: { tags, summary: 'Create a client', body: createClientBodySchema, response: { 201: clientSchema } } }, async (req, reply) =>
    reply.code(201).send(await clients.createClient(staffCtxOf(req), req.body)),
  );
  app.get('/clients/:id', { schema: { tags, summary: 'One client', params: idParamsSchema, response: { 200: clientSchema } } }, async (req) =>
    clients.getClient(staffCtxOf(req), req.params.id),
  );
  app.patch('/clients/:id', { schema: { tags, summary: 'Edit a client (send the version you edited)', params: idParamsSchema, body: updateClientBodySchema, response: { 200: clientSchema } } }, async (req) =>
    clients.updateClient(staffCtxOf(req), req.params.id, req.body),
  );
  app.get('/clients/:id/portal-users', { schema: { tags, summary: 'A client’s portal users and their state', params: idParamsSchema, response: { 200: z.object({ items: z.array(portalUserSchema) }) } } }, async (req) => ({
    items: await clients.listPortalUsers(staffCtxOf(req), req.params.id),
  }));
  app.post('/clients/:id/portal-users', { schema: { tags, summary: 'Add a portal user and invite them to the portal', params: idParamsSchema, body: createPortalUserBodySchema, response: { 201: portalUserSchema } } }, async (req, reply) =>
    reply.code(201).send(await clients.createPortalUser(staffCtxOf(req), req.params.id, req.body)),
  );
  app.get('/clients/:id/emails', { schema: { tags, summary: 'E-mails sent to the client’s people, with delivery state', params: idParamsSchema, response: { 200: z.object({ items: z.array(outboxEmailSchema) }) } } }, async (req) => ({
    items: await clients.listEmailsForClient(staffCtxOf(req), req.params.id),
  }));
  app.post('/portal-users/:id/invitation', { schema: { tags, summary: 'Send or resend the portal invitation (the old link stops working)', params: idParamsSchema, response: { 200: portalUserSchema } } }, async (req) =>
    clients.sendPortalInvitation(staffCtxOf(req), req.params.id),
  );
  app.delete('/portal-users/:id/invitation', { schema: { tags, summary: 'Revoke a pending portal invitation', params: idParamsSchema, response: { 200: portalUserSchema } } }, async (req) =>
    clients.revokePortalInvitation(staffCtxOf(req), req.params.id),
  );
  app.post('/portal-users/:id/disable', { schema: { tags, summary: 'Disable a portal user (ends their sessions at once)', params: idParamsSchema, response: { 200: portalUserSchema } } }, async (req) =>
    clients.setPortalUserDisabled(staffCtxOf(req), req.params.id, true),
  );
  app.post('/portal-users/:id/enable', { schema: { tags, summary: 'Re-enable a portal user', params: idParamsSchema, response: { 200: portalUserSchema } } }, async (req) =>
    clients.setPortalUserDisabled(staffCtxOf(req), req.params.id, false),
  );
};
