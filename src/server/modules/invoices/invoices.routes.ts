import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../../contracts/common.js';
import { portalIdParamsSchema, portalParamsSchema } from '../../../contracts/documents.js';
import { createAdjustmentBodySchema, createInvoiceBodySchema, invoiceListQuerySchema, invoiceListSchema, invoiceSchema, portalInvoiceListSchema, resendInvoiceResponseSchema, updateInvoiceBodySchema, versionBodySchema, voidInvoiceBodySchema } from '../../../contracts/invoices.js';
import { clientCtxOf, staffCtxOf } from '../accounts/index.js';
import { attachmentDisposition } from '../documents/index.js';
import * as invoices from './invoices.service.js';

/** Always a download, never sniffed or cached (it holds the client's details). */
function sendPdf(reply: FastifyReply, file: { fileName: string; pdf: Buffer }) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', attachmentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.pdf);
}

/** Invoices under /api/staff; the staff guard is registered by the caller. */
export const invoicesStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['invoices'];
  app.get('/invoices', { schema: { tags, summary: 'Invoices, filtered by status, client and issue date, with the firm’s outstanding and overdue totals', querystring: invoiceListQuerySchema, response: { 200: invoiceListSchema } } }, async (req) =>
    invoices.listInvoices(staffCtxOf(req), req.query),
  );
  app.post('/invoices', { schema: { tags, summary: 'Draft an invoice for a client', body: createInvoiceBodySchema, response: { 201: invoiceSchema } } }, async (req, reply) =>
    reply.code(201).send(await invoices.createInvoice(staffCtxOf(req), req.body)),
  );
  app.get('/invoices/:id', { schema: { tags, summary: 'An invoice with its lines', params: idParamsSchema, response: { 200: invoiceSchema } } }, async (req) => invoices.getInvoice(staffCtxOf(req), req.params.id));
  app.patch('/invoices/:id', { schema: { tags, summary: 'Change a draft (send its version)', params: idParamsSchema, body: updateInvoiceBodySchema, response: { 200: invoiceSchema } } }, async (req) =>
    invoices.updateDraft(staffCtxOf(req), req.params.id, req.body),
  );
  app.post('/invoices/:id/issue', { schema: { tags, summary: 'Issue a draft: numbered, dated, frozen', params: idParamsSchema, body: versionBodySchema, response: { 200: invoiceSchema } } }, async (req) =>
    invoices.issueInvoice(staffCtxOf(req), req.params.id, req.body.version),
  );
  app.post('/invoices/:id/adjustments', { schema: { tags, summary: 'Issue an adjustment note (credit) against an issued invoice: reduces what is owed', params: idParamsSchema, body: createAdjustmentBodySchema, response: { 201: invoiceSchema } } }, async (req, reply) =>
    reply.code(201).send(await invoices.createAdjustment(staffCtxOf(req), req.params.id, req.body)),
  );
  app.post('/invoices/:id/resend', { schema: { tags, summary: 'E-mail an issued invoice or adjustment note to the client’s portal users again', params: idParamsSchema, response: { 200: resendInvoiceResponseSchema } } }, async (req) =>
    invoices.resendInvoice(staffCtxOf(req), req.params.id),
  );
  app.post('/invoices/:id/void', { schema: { tags, summary: 'Void an invoice that has no payments', params: idParamsSchema, body: voidInvoiceBodySchema, response: { 200: invoiceSchema } } }, async (req) =>
    invoices.voidInvoice(staffCtxOf(req), req.params.id, req.body),
  );
  app.get('/invoices/:id/pdf', { schema: { tags, summary: 'The invoice as a PDF (a draft prints as “DRAFT — not a tax invoice”)', params: idParamsSchema } }, async (req, reply) =>
    sendPdf(reply, await invoices.invoicePdf(staffCtxOf(req), req.params.id)),
  );
};

/** Invoices under /api/portal/:slug; the client guard is registered by the caller. */
export const invoicesPortalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  app.get('/invoices', { schema: { tags, summary: 'Your invoices', params: portalParamsSchema, response: { 200: portalInvoiceListSchema } } }, async (req) => invoices.portalInvoices(clientCtxOf(req)));
  app.get('/invoices/:id', { schema: { tags, summary: 'One of your invoices with its lines', params: portalIdParamsSchema, response: { 200: invoiceSchema } } }, async (req) =>
    invoices.portalInvoice(clientCtxOf(req), req.params.id),
  );
  app.get('/invoices/:id/pdf', { schema: { tags, summary: 'One of your invoices as a PDF', params: portalIdParamsSchema } }, async (req, reply) =>
    sendPdf(reply, await invoices.invoicePdf(clientCtxOf(req), req.params.id)),
  );
};
