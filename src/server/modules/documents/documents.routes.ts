import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../../contracts/common.js';
import { documentListSchema, documentSchema, portalDocumentListSchema, portalDocumentSchema, portalIdParamsSchema, portalParamsSchema } from '../../../contracts/documents.js';
import { clientCtxOf, staffCtxOf } from '../accounts/index.js';
import * as docs from './documents.service.js';
import { attachmentDisposition } from './file-types.js';

const uploadDescription = 'multipart/form-data with the file in a part called "file"; optional text parts (sent before the file): taskId';

/** Downloads are always attachments, never rendered: nosniff and a sandbox CSP (SECURITY.md). */
function sendDownload(reply: FastifyReply, d: docs.Download) {
  return reply
    .header('content-type', d.doc.contentType)
    .header('content-length', String(d.doc.sizeBytes))
    .header('content-disposition', attachmentDisposition(d.doc.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', 'sandbox')
    .header('cache-control', 'private, no-store')
    .send(d.body);
}

/** Documents under /api/staff; the staff guard is registered by the caller. */
export const documentsStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['documents'];
  app.post('/clients/:id/documents', { schema: { tags, summary: 'Upload a document to a client', description: `${uploadDescription}, visibleToClient (default true).`, params: idParamsSchema, response: { 201: documentSchema } } }, async (req, reply) =>
    reply.code(201).send(await docs.staffUpload(staffCtxOf(req), req.params.id, req)),
  );
  app.get('/clients/:id/documents', { schema: { tags, summary: 'A client’s documents', params: idParamsSchema, response: { 200: documentListSchema } } }, async (req) => ({
    items: await docs.staffList(staffCtxOf(req), req.params.id),
  }));
  app.get('/documents/:id/download', { schema: { tags, summary: 'Download a document (decrypted and verified; always an attachment)', params: idParamsSchema } }, async (req, reply) =>
    sendDownload(reply, await docs.staffDownload(staffCtxOf(req), req.params.id, req.log)),
  );
};

/** Documents under /api/portal/:slug; the client guard is registered by the caller. */
export const documentsPortalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  app.post('/documents', { schema: { tags, summary: 'Send the firm a document', description: `${uploadDescription} (a task of yours the firm shares with you).`, params: portalParamsSchema, response: { 201: portalDocumentSchema } } }, async (req, reply) =>
    reply.code(201).send(await docs.portalUpload(clientCtxOf(req), req)),
  );
  app.get('/documents', { schema: { tags, summary: 'Your documents', params: portalParamsSchema, response: { 200: portalDocumentListSchema } } }, async (req) => ({
    items: await docs.portalList(clientCtxOf(req)),
  }));
  app.get('/documents/:id/download', { schema: { tags, summary: 'Download one of your documents', params: portalIdParamsSchema } }, async (req, reply) =>
    sendDownload(reply, await docs.portalDownload(clientCtxOf(req), req.params.id, req.log)),
  );
};
