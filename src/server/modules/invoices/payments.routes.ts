import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '../../../contracts/common.js';
import { portalIdParamsSchema } from '../../../contracts/documents.js';
import { invoicePaymentsSchema, paymentListQuerySchema, paymentListSchema, paymentSchema, payNowResponseSchema, recordPaymentBodySchema } from '../../../contracts/invoices.js';
import { portalBaseUrl } from '../../platform/http/urls.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { clientCtxOf, staffCtxOf } from '../accounts/index.js';
import { findFirm } from '../firms/index.js';
import * as payments from './payments.service.js';

/** Payments under /api/staff; the staff guard is registered by the caller. */
export const paymentsStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['payments'];
  app.get('/invoices/:id/payments', { schema: { tags, summary: 'An invoice’s payments and Pay Now attempts (with eWay’s answers)', params: idParamsSchema, response: { 200: invoicePaymentsSchema } } }, async (req) =>
    payments.invoicePayments(staffCtxOf(req), req.params.id),
  );
  app.post('/invoices/:id/payments', { schema: { tags, summary: 'Record a bank transfer, cash or other payment (at most the balance)', params: idParamsSchema, body: recordPaymentBodySchema, response: { 201: paymentSchema } } }, async (req, reply) =>
    reply.code(201).send(await payments.recordManualPayment(staffCtxOf(req), req.params.id, req.body)),
  );
  app.get('/payments', { schema: { tags, summary: 'Payments received, newest first', querystring: paymentListQuerySchema, response: { 200: paymentListSchema } } }, async (req) => payments.listPayments(staffCtxOf(req), req.query));
};

/** Pay Now under /api/portal/:slug; the client guard is registered by the caller. */
export const paymentsPortalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post('/invoices/:id/pay', { schema: { tags: ['portal'], summary: 'Pay Now: where to send the browser (eWay’s secure page) to pay the balance', params: portalIdParamsSchema, response: { 200: payNowResponseSchema } } }, async (req) =>
    payments.payNow(clientCtxOf(req), req.params.id),
  );
};

const notKnown = '<!doctype html><html lang="en-AU"><meta charset="utf-8"><title>Payment not found</title><p>This payment link is not known or has expired. Go back to your invoice in the client portal.</p></html>';

/** eWay sends the browser back here (`/api/public/payments/eway/...`); we ask eWay what happened, then show the invoice. */
export function paymentsPublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const toInvoice = async (o: payments.Outcome) => {
      const firm = await deps.db.withFirm(o.firmId, (tx) => findFirm(tx, o.firmId));
      // Only the outcome and eWay's codes travel in the address; the portal words them, so a crafted link cannot put text on the page.
      return `${portalBaseUrl(deps.config, firm?.slug ?? '')}/invoices/${o.invoiceId}?payment=${o.outcome}${o.codes.length > 0 ? `&reason=${o.codes.join(',')}` : ''}`;
    };
    app.get('/payments/eway/return', { schema: { tags: ['payments'], summary: 'eWay’s RedirectUrl: settles the attempt by querying eWay, then redirects to the invoice', querystring: z.object({ AccessCode: z.string().min(1).max(200) }) } }, async (req, reply) => {
      const firmId = await payments.firmForAttempt(deps, { accessCode: req.query.AccessCode });
      const outcome = firmId ? await payments.settleAttempt(deps, firmId, { accessCode: req.query.AccessCode }, new Date(), req.log) : null;
      if (!outcome) return reply.code(404).type('text/html').send(notKnown);
      return reply.header('referrer-policy', 'no-referrer').redirect(await toInvoice(outcome), 303);
    });
    app.get('/payments/eway/cancel', { schema: { tags: ['payments'], summary: 'eWay’s CancelUrl', querystring: z.object({ ref: z.string().min(1).max(100), AccessCode: z.string().max(200).optional() }) } }, async (req, reply) => {
      const outcome = await payments.cancelAttempt(deps, req.query.ref, new Date(), req.log);
      if (!outcome) return reply.code(404).type('text/html').send(notKnown);
      return reply.header('referrer-policy', 'no-referrer').redirect(await toInvoice(outcome), 303);
    });
  };
}
