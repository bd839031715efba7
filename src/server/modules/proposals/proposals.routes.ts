import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '../../../contracts/common.js';
import { portalIdParamsSchema, portalParamsSchema } from '../../../contracts/documents.js';
import {
  acceptProposalBodySchema, createProposalBodySchema, declineProposalBodySchema, openSigningLinkBodySchema, portalProposalListSchema, proposalDetailSchema,
  proposalListQuerySchema, proposalListSchema, proposalTemplateListSchema, signedCopyBodySchema, proposalVersionBodySchema, signerProposalSchema, signingSessionReplySchema, signingOtpSentSchema, signingOtpVerifiedSchema, verifySigningOtpBodySchema,
  updateProposalBodySchema, verificationResultSchema,
} from '../../../contracts/proposals.js';
import { AppError } from '../../platform/errors.js';
import type { Deps } from '../../platform/tenancy/context.js';
import { baseCtx, clientCtxOf, staffCtxOf } from '../accounts/index.js';
import { attachmentDisposition } from '../documents/index.js';
import * as proposals from './proposals.service.js';
import * as signing from './signing.service.js';
import { sendSigningOtp, verifySigningOtp } from './signing-otp.js';
import { verifyPdf } from './verification.js';

export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

/** Proposals under /api/staff; the staff guard is registered by the caller. */
export const proposalsStaffRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['proposals'];
  app.get('/proposal-templates', { schema: { tags, summary: 'Templates for common Australian engagements (annual compliance, BAS quarterly, SMSF)', response: { 200: proposalTemplateListSchema } } }, async (req) =>
    proposals.listProposalTemplates(staffCtxOf(req)),
  );
  app.get('/proposals', { schema: { tags, summary: 'Proposals, most recently changed first', querystring: proposalListQuerySchema, response: { 200: proposalListSchema } } }, async (req) =>
    proposals.listProposals(staffCtxOf(req), req.query),
  );
  app.post('/proposals', { schema: { tags, summary: 'Start a draft proposal for a client', body: createProposalBodySchema, response: { 201: proposalDetailSchema } } }, async (req, reply) =>
    reply.code(201).send(await proposals.createProposal(staffCtxOf(req), req.body)),
  );
  app.get('/proposals/:id', { schema: { tags, summary: 'One proposal: content, signers with sent/viewed/signed/declined, versions and evidence', params: idParamsSchema, response: { 200: proposalDetailSchema } } }, async (req) =>
    proposals.getProposal(staffCtxOf(req), req.params.id),
  );
  app.patch('/proposals/:id', { schema: { tags, summary: 'Change a draft (a sent proposal is 409: make a new version)', params: idParamsSchema, body: updateProposalBodySchema, response: { 200: proposalDetailSchema } } }, async (req) =>
    proposals.updateProposal(staffCtxOf(req), req.params.id, req.body),
  );
  app.post('/proposals/:id/send', { schema: { tags, summary: 'Freeze the draft as the next version and e-mail each signer a signing link', params: idParamsSchema, body: proposalVersionBodySchema, response: { 200: proposalDetailSchema } } }, async (req) =>
    proposals.sendProposal(staffCtxOf(req), req.params.id, req.body.version),
  );
  app.post('/proposals/:id/withdraw', { schema: { tags, summary: 'Withdraw the proposal; its links stop working', params: idParamsSchema, body: proposalVersionBodySchema, response: { 200: proposalDetailSchema } } }, async (req) =>
    proposals.withdrawProposal(staffCtxOf(req), req.params.id, req.body.version),
  );
  app.post('/proposals/:id/revise', { schema: { tags, summary: 'Make a new version: back to a draft, old links revoked, earlier versions kept', params: idParamsSchema, body: proposalVersionBodySchema, response: { 200: proposalDetailSchema } } }, async (req) =>
    proposals.reviseProposal(staffCtxOf(req), req.params.id, req.body.version),
  );
  app.get('/proposals/:id/pdf', { schema: { tags, summary: 'The version sent last as a PDF (the bytes whose SHA-256 was recorded)', params: idParamsSchema } }, async (req, reply) =>
    sendPdf(reply, await proposals.proposalPdf(staffCtxOf(req), req.params.id)),
  );
  app.post('/proposals/verify', {
    schema: { tags, summary: 'Verify a signed PDF (multipart field "file"): intact, altered or unknown', consumes: ['multipart/form-data'], response: { 200: verificationResultSchema } },
  }, async (req) => {
    const ctx = staffCtxOf(req);
    const bytes = await uploadedPdf(req);
    return ctx.db.withFirm(ctx.firmId, (tx) => verifyPdf(tx, ctx.firmId, bytes));
  });
};

async function uploadedPdf(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the PDF as multipart/form-data with a file field named "file".');
  const file = await req.file({ limits: { fileSize: MAX_VERIFY_BYTES, files: 1, fields: 0, parts: 2 } });
  if (!file || file.fieldname !== 'file') throw new AppError('VALIDATION', 'Attach the PDF as a file field named "file".', { errors: [{ path: 'body.file', message: 'is required' }] });
  const bytes = await file.toBuffer();
  if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The PDF must be 20 MB or smaller.');
  return bytes;
}

function sendPdf(reply: FastifyReply, file: { fileName: string; pdf: Buffer }) {
  return reply.header('content-type', 'application/pdf').header('content-disposition', attachmentDisposition(file.fileName)).header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(file.pdf);
}

/** Proposals in the portal (/api/portal/:slug); the client guard is registered by the caller. */
export const proposalsPortalRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['portal'];
  app.get('/proposals', { schema: { tags, summary: 'Proposals the firm sent you', params: portalParamsSchema, response: { 200: portalProposalListSchema } } }, async (req) =>
    signing.portalProposals(clientCtxOf(req)),
  );
  app.get('/proposals/:id', { schema: { tags, summary: 'One proposal: details, scope and pricing (opening it as a signer records that you viewed it)', params: portalIdParamsSchema, response: { 200: signerProposalSchema } } }, async (req) =>
    signing.portalProposal(clientCtxOf(req), req.params.id),
  );
  app.post('/proposals/:id/accept', { schema: { tags, summary: 'Accept and sign', params: portalIdParamsSchema, body: acceptProposalBodySchema, response: { 200: signerProposalSchema } } }, async (req) =>
    signing.portalAccept(clientCtxOf(req), req.params.id, req.body),
  );
  app.post('/proposals/:id/decline', { schema: { tags, summary: 'Decline, optionally saying why', params: portalIdParamsSchema, body: declineProposalBodySchema, response: { 200: signerProposalSchema } } }, async (req) =>
    signing.portalDecline(clientCtxOf(req), req.params.id, req.body),
  );
};

export const SIGNING_COOKIE_PATH = '/api/public/signing';
/** The signing session cookie: host-only, HttpOnly, SameSite=Strict, scoped to the signing API, 30 minutes. */
export function signingCookieName(deps: Deps): string {
  return deps.config.appBaseUrl.startsWith('https://') ? '__Secure-ll_sign' : 'll_sign';
}

/** Signing from an e-mailed link without signing in (/api/public/signing/...), and the signed copy by download link (/api/public/signed-copy). */
export function proposalsPublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['links'];
    const cookie = signingCookieName(deps);
    app.addHook('onSend', async (_req, reply) => {
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    });
    const who = (req: FastifyRequest, mutating: boolean) => {
      const h = req.headers['x-csrf-token'];
      return signing.resolveSigningSession(baseCtx(req, deps), req.cookies[cookie], typeof h === 'string' ? h : undefined, mutating);
    };
    app.post('/signing/open', {
      schema: { tags, summary: 'Exchange the e-mailed token (from #token=) for a 30-minute signing session cookie; every unusable link answers the same 404', body: openSigningLinkBodySchema, response: { 200: signingSessionReplySchema } },
    }, async (req, reply) => {
      const s = await signing.openSigningLink(baseCtx(req, deps), req.body.token);
      void reply.setCookie(cookie, s.sessionToken, { path: SIGNING_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: deps.config.appBaseUrl.startsWith('https://'), maxAge: signing.SIGNING_SESSION_MINUTES * 60 });
      return { csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString(), otpRequired: s.otpRequired };
    });
    app.get('/signing/proposal', { schema: { tags, summary: 'The proposal for this signing session', response: { 200: signerProposalSchema } } }, async (req) =>
      signing.linkView(baseCtx(req, deps), await who(req, false)),
    );
    app.post('/signing/accept', { schema: { tags, summary: 'Accept and sign (x-csrf-token from /signing/open)', body: acceptProposalBodySchema, response: { 200: signerProposalSchema } } }, async (req) =>
      signing.linkAccept(baseCtx(req, deps), await who(req, true), req.body),
    );
    app.post('/signing/otp', { schema: { tags, summary: 'E-mail the signer a 6-digit one-time code for this signing session (when the firm asks for one; x-csrf-token)', response: { 200: signingOtpSentSchema } } }, async (req) =>
      sendSigningOtp(baseCtx(req, deps), await who(req, true)),
    );
    app.post('/signing/otp/verify', { schema: { tags, summary: 'Enter the one-time code (x-csrf-token): wrong is 400 with the tries left; expired, used or too many tries is 409', body: verifySigningOtpBodySchema, response: { 200: signingOtpVerifiedSchema } } }, async (req) =>
      verifySigningOtp(baseCtx(req, deps), await who(req, true), req.body.code),
    );
    app.post('/signed-copy', {
      schema: { tags, summary: 'The signed PDF for the download token e-mailed on completion (from #token=); every unusable token answers the same 404', body: signedCopyBodySchema },
    }, async (req, reply) => sendPdf(reply, await signing.downloadSignedCopy(baseCtx(req, deps), req.body.token)));
    app.post('/signing/decline', { schema: { tags, summary: 'Decline, optionally saying why (x-csrf-token from /signing/open)', body: declineProposalBodySchema, response: { 200: signerProposalSchema } } }, async (req) =>
      signing.linkDecline(baseCtx(req, deps), await who(req, true), req.body),
    );
  };
}
