import type { z } from 'zod';
import type { PublicBranding, FirmSettings, updateFirmBodySchema } from '../../../contracts/firms.js';
import type { Config } from '../../config/env.js';
import type { Database } from '../../db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { portalBaseUrl } from '../../platform/http/urls.js';
import type { StaffCtx } from '../../platform/tenancy/context.js';
import type { EmailBranding } from '../../platform/mail/template.js';
import { recordAudit } from '../audit/index.js';
import { actorLabel } from '../../platform/tenancy/context.js';
import { accessibleTextColour, brandContrastWarning } from './contrast.js';
import * as repo from './firms.repository.js';
import type { Firm } from './firms.repository.js';

export type { Firm };

export const MAX_LOGO_BYTES = 1024 * 1024;

function logoPath(firm: Firm): string | null {
  return firm.logoUpdatedAt ? `/api/public/firms/${firm.slug}/logo?v=${firm.logoUpdatedAt.getTime()}` : null;
}

function toBranding(firm: Firm): PublicBranding {
  return {
    slug: firm.slug,
    displayName: firm.displayName,
    legalName: firm.legalName,
    abn: firm.abn,
    primaryColour: firm.primaryColour,
    primaryTextColour: accessibleTextColour(firm.primaryColour),
    logoUrl: logoPath(firm),
    supportEmail: firm.supportEmail,
    supportPhone: firm.supportPhone,
    timeZone: firm.timeZone,
  };
}

/** Branding for e-mails: absolute logo URL from the configured base, never the request host. */
export function emailBranding(config: Config, firm: Firm): EmailBranding {
  const path = logoPath(firm);
  return {
    displayName: firm.displayName,
    primaryColour: firm.primaryColour,
    primaryTextColour: accessibleTextColour(firm.primaryColour),
    logoUrl: path ? `${config.appBaseUrl}${path}` : null,
    supportEmail: firm.supportEmail,
  };
}

export function toFirmSettings(config: Config, firm: Firm): FirmSettings {
  return {
    id: firm.id,
    slug: firm.slug,
    legalName: firm.legalName,
    tradingName: firm.tradingName,
    abn: firm.abn,
    timeZone: firm.timeZone,
    displayName: firm.displayName,
    primaryColour: firm.primaryColour,
    primaryTextColour: accessibleTextColour(firm.primaryColour),
    contrastWarning: brandContrastWarning(firm.primaryColour),
    logoUrl: logoPath(firm),
    supportEmail: firm.supportEmail,
    supportPhone: firm.supportPhone,
    portalUrl: portalBaseUrl(config, firm.slug),
    allowZip: firm.allowZip,
    maxUploadMb: Math.min(firm.maxUploadMb ?? uploadCeilingMb(config), uploadCeilingMb(config)),
    maxUploadMbCeiling: uploadCeilingMb(config),
    gstRegistered: firm.gstRegistered,
    invoiceTermsDays: firm.invoiceTermsDays,
    invoiceReminderDays: firm.invoiceReminderDays,
    proposalSigningOtp: firm.proposalSigningOtp,
    requireStaffTwoFactor: firm.requireStaffTwoFactor,
    requirePortalTwoFactor: firm.requirePortalTwoFactor,
  };
}

/** The server's MAX_UPLOAD_BYTES in whole MB: the most a firm's own upload limit may be. */
export const uploadCeilingMb = (config: Config) => Math.max(1, Math.floor(config.maxUploadBytes / 1024 / 1024));

/** A firm by its portal slug, for anyone (branding is public). */
export async function findFirmBySlug(db: Database, slug: string): Promise<Firm | undefined> {
  return db.withoutFirm((tx) => repo.findFirmBySlug(tx, slug));
}

export async function getPublicBranding(db: Database, slug: string): Promise<PublicBranding> {
  const firm = await findFirmBySlug(db, slug);
  if (!firm) throw notFound('That firm');
  return toBranding(firm);
}

export async function getLogo(db: Database, slug: string) {
  const row = await db.withoutFirm((tx) => repo.findLogo(tx, slug));
  if (!row?.logo || !row.logoContentType) throw notFound('That logo');
  return { bytes: row.logo, contentType: row.logoContentType };
}

export async function getFirmForStaff(ctx: StaffCtx): Promise<Firm> {
  const firm = await ctx.db.withFirm(ctx.firmId, (tx) => repo.findFirm(tx, ctx.firmId));
  if (!firm) throw notFound('Your firm');
  return firm;
}

function assertFirmAdmin(ctx: StaffCtx) {
  if (ctx.actor.role === 'staff') throw new AppError('FORBIDDEN', 'Only the firm’s owners and admins can change firm settings.');
}

/** Updates firm details and branding (owners and admins). */
export async function updateFirm(ctx: StaffCtx, body: z.output<typeof updateFirmBodySchema>): Promise<FirmSettings> {
  assertFirmAdmin(ctx);
  // Every field is optional: an empty body changes nothing (an UPDATE with no columns is a SQL error).
  if (Object.keys(body).length === 0) return toFirmSettings(ctx.config, await getFirmForStaff(ctx));
  if (body.maxUploadMb !== undefined && body.maxUploadMb > uploadCeilingMb(ctx.config)) {
    throw new AppError('VALIDATION', `The upload limit can be at most ${uploadCeilingMb(ctx.config)} MB on this server.`, { errors: [{ path: 'body.maxUploadMb', message: `must be at most ${uploadCeilingMb(ctx.config)}` }] });
  }
  const firm = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const updated = await repo.updateFirm(tx, ctx.firmId, body);
    if (!updated) throw notFound('Your firm');
    await recordAudit(tx, {
      firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor),
      action: 'firm.settings_updated', targetType: 'firm', targetId: ctx.firmId, targetLabel: updated.displayName, ip: ctx.ip,
      details: { fields: Object.keys(body) },
    });
    return updated;
  });
  return toFirmSettings(ctx.config, firm);
}

/** The image type from the bytes (magic numbers), never from the file name or header. */
export function sniffLogoType(bytes: Buffer): 'image/png' | 'image/jpeg' | 'image/webp' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export async function setLogo(ctx: StaffCtx, bytes: Buffer | null): Promise<FirmSettings> {
  assertFirmAdmin(ctx);
  let contentType: string | null = null;
  if (bytes) {
    if (bytes.length === 0) throw new AppError('UNPROCESSABLE', 'The logo file is empty.');
    if (bytes.length > MAX_LOGO_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'The logo must be 1 MB or smaller.');
    contentType = sniffLogoType(bytes);
    if (!contentType) throw new AppError('UNPROCESSABLE', 'The logo must be a PNG, JPEG or WebP image. SVG is not accepted.');
  }
  const firm = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const updated = await repo.updateFirm(tx, ctx.firmId, { logo: bytes, logoContentType: contentType, logoUpdatedAt: bytes ? new Date() : null });
    if (!updated) throw notFound('Your firm');
    await recordAudit(tx, {
      firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor),
      action: bytes ? 'firm.logo_uploaded' : 'firm.logo_removed', targetType: 'firm', targetId: ctx.firmId, targetLabel: updated.displayName, ip: ctx.ip,
    });
    return updated;
  });
  return toFirmSettings(ctx.config, firm);
}
