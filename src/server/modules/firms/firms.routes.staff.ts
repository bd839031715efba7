import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { firmSettingsSchema, updateFirmBodySchema } from '../../../contracts/firms.js';
import { AppError } from '../../platform/errors.js';
import { staffCtxOf } from '../accounts/index.js';
import * as firms from './firms.service.js';

const tags = ['firm'];

/** Firm settings and branding (`/api/staff/firm`); the staff guard is registered by the caller. */
export const firmRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/firm', { schema: { tags, summary: 'Firm details and branding', response: { 200: firmSettingsSchema } } }, async (req) => {
    const ctx = staffCtxOf(req);
    return firms.toFirmSettings(ctx.config, await firms.getFirmForStaff(ctx));
  });
  app.patch('/firm', { schema: { tags, summary: 'Update firm details and branding (owners and admins)', body: updateFirmBodySchema, response: { 200: firmSettingsSchema } } }, async (req) =>
    firms.updateFirm(staffCtxOf(req), req.body),
  );
  app.put('/firm/logo', {
    schema: { tags, summary: 'Upload the firm logo (multipart field "logo": PNG, JPEG or WebP, at most 1 MB)', consumes: ['multipart/form-data'], response: { 200: firmSettingsSchema } },
  }, async (req) => {
    const ctx = staffCtxOf(req);
    if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Upload the logo as multipart/form-data with a file field named "logo".');
    const file = await req.file({ limits: { fileSize: firms.MAX_LOGO_BYTES, files: 1, fields: 0, parts: 2 } });
    if (!file || file.fieldname !== 'logo') throw new AppError('VALIDATION', 'Attach the image as a file field named "logo".', { errors: [{ path: 'body.logo', message: 'is required' }] });
    const bytes = await file.toBuffer();
    if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The logo must be 1 MB or smaller.');
    return firms.setLogo(ctx, bytes);
  });
  app.delete('/firm/logo', { schema: { tags, summary: 'Remove the firm logo', response: { 200: firmSettingsSchema } } }, async (req) => firms.setLogo(staffCtxOf(req), null));
};
