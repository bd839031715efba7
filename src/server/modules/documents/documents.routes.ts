import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../../contracts/common.js';
import {
  documentListQuerySchema, documentListSchema, documentSchema, portalDocumentListSchema, portalDocumentSchema, portalIdParamsSchema, portalParamsSchema, updateDocumentBodySchema, uploadLimitsSchema,
} from '../../../contracts/documents.js';
import { clientCtxOf, staffCtxOf } from '../accounts/index.js';
import * as docs from './documents.service.js';
import { attachmentDisposition } from './file-types.js';

const uploadDescription = 'multipart/form-data with the file in a part called "file"; optional text parts, sent before the file: taskId, requestId (a "Please upload" request)';

/**
 * Downloads are attachments; previews (PDF and images only) are inline but sandboxed: a CSP with
 * `sandbox` and no script, plus nosniff, so nothing in the file runs on our origin (SECURITY.md).
 */
function send(reply: FastifyReply, d: docs.Download, mode: 'download' | 'preview') {
  return reply
    .header('content-type', d.doc.contentType)
    .header('content-length', String(d.doc.sizeBytes))
    .header('content-disposition', attachmentDisposition(d.doc.fileName, mode === 'preview' ? 'inline' : 'attachment'))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', mode === 'preview' ? "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'" : 'sandbox')
    .header('cross-origin-resource-policy', 'same-origin')
    .header('x-frame-options', mode === 'preview' ? 'SAMEORIGIN' : 'DENY')
    .header('cache-control', 'private, no-store')
    .send(d.body);
}

/** Documents under /api/staff; the staff guard is registered by the caller. */
export const documentsStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['documents'];
  app.get('/upload-limits', { schema: { tags, summary: 'The firm’s upload limit, accepted types and whether ZIP is allowed', response: { 200: uploadLimitsSchema } } }, async (req) => docs.uploadLimits(staffCtxOf(req)));
  app.post('/clients/:id/documents', { schema: { tags, summary: 'Upload a document to a client', description: `${uploadDescription}, visibleToClient (default true: shared with the client), category.`, params: idParamsSchema, response: { 201: documentSchema } } }, async (req, reply) =>
    reply.code(201).send(await docs.staffUpload(staffCtxOf(req), req.params.id, req)),
  );
  app.get('/clients/:id/documents', { schema: { tags, summary: 'A client’s documents (optionally of one service or task, or not yet reviewed)', params: idParamsSchema, querystring: documentListQuerySchema, response: { 200: documentListSchema } } }, async (req) => ({
    items: await docs.staffList(staffCtxOf(req), req.params.id, req.query),
  }));
  app.patch('/documents/:id', { schema: { tags, summary: 'Rename, categorise, mark reviewed, or share with the client', params: idParamsSchema, body: updateDocumentBodySchema, response: { 200: documentSchema } } }, async (req) =>
    docs.updateDocument(staffCtxOf(req), req.params.id, req.body),
  );
  app.delete('/documents/:id', { schema: { tags, summary: 'Delete a document (hidden at once; the file is destroyed after the retention window)', params: idParamsSchema } }, async (req, reply) => {
    await docs.deleteDocument(staffCtxOf(req), req.params.id);
    return reply.code(204).send();
  });
  app.get('/documents/:id/download', { schema: { tags, summary: 'Download a document (decrypted and verified; always an attachment)', params: idParamsSchema } }, async (req, reply) =>
    send(reply, await docs.staffOpen(staffCtxOf(req), req.params.id, req.log, 'download'), 'download'),
  );
  app.get('/documents/:id/preview', { schema: { tags, summary: 'Preview a PDF or image (inline, sandboxed)', params: idParamsSchema } }, async (req, reply) =>
    send(reply, await docs.staffOpen(staffCtxOf(req), req.params.id, req.log, 'preview'), 'preview'),
  );
};

/** Documents under /api/portal/:slug; the client guard is registered by the caller. */
export const documentsPortalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  app.get('/upload-limits', { schema: { tags, summary: 'The upload limit, accepted types and whether ZIP is allowed', params: portalParamsSchema, response: { 200: uploadLimitsSchema } } }, async (req) => docs.uploadLimits(clientCtxOf(req)));
  app.post('/documents', { schema: { tags, summary: 'Send the firm a document', description: `${uploadDescription} (on a task of yours the firm shares with you).`, params: portalParamsSchema, response: { 201: portalDocumentSchema } } }, async (req, reply) =>
    reply.code(201).send(await docs.portalUpload(clientCtxOf(req), req)),
  );
  app.get('/documents', { schema: { tags, summary: 'Your documents: yours and those the firm shared', params: portalParamsSchema, response: { 200: portalDocumentListSchema } } }, async (req) => ({
    items: await docs.portalList(clientCtxOf(req)),
  }));
  app.get('/documents/:id/download', { schema: { tags, summary: 'Download one of your documents', params: portalIdParamsSchema } }, async (req, reply) =>
    send(reply, await docs.portalOpen(clientCtxOf(req), req.params.id, req.log, 'download'), 'download'),
  );
  app.get('/documents/:id/preview', { schema: { tags, summary: 'Preview one of your PDFs or images (inline, sandboxed)', params: portalIdParamsSchema } }, async (req, reply) =>
    send(reply, await docs.portalOpen(clientCtxOf(req), req.params.id, req.log, 'preview'), 'preview'),
  );
};
