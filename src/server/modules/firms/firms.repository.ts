import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { firms } from '../../db/schema/index.js';

export type FirmRow = typeof firms.$inferSelect;

const withoutLogo = {
  id: firms.id, slug: firms.slug, legalName: firms.legalName, tradingName: firms.tradingName, abn: firms.abn,
  timeZone: firms.timeZone, displayName: firms.displayName, primaryColour: firms.primaryColour,
  supportEmail: firms.supportEmail, supportPhone: firms.supportPhone, logoContentType: firms.logoContentType,
  logoUpdatedAt: firms.logoUpdatedAt, isDemo: firms.isDemo, allowZip: firms.allowZip, maxUploadMb: firms.maxUploadMb, gstRegistered: firms.gstRegistered, invoiceTermsDays: firms.invoiceTermsDays, invoiceReminderDays: firms.invoiceReminderDays, proposalSigningOtp: firms.proposalSigningOtp, requireStaffTwoFactor: firms.requireStaffTwoFactor, requirePortalTwoFactor: firms.requirePortalTwoFactor, createdAt: firms.createdAt,
};
export type Firm = Omit<FirmRow, 'logo'>;

export async function findFirmBySlug(tx: Tx, slug: string): Promise<Firm | undefined> {
  const [row] = await tx.select(withoutLogo).from(firms).where(eq(firms.slug, slug));
  return row;
}

export async function findFirm(tx: Tx, firmId: string): Promise<Firm | undefined> {
  const [row] = await tx.select(withoutLogo).from(firms).where(eq(firms.id, firmId));
  return row;
}

export async function findLogo(tx: Tx, slug: string): Promise<{ logo: Buffer | null; logoContentType: string | null; logoUpdatedAt: Date | null } | undefined> {
  const [row] = await tx
    .select({ logo: firms.logo, logoContentType: firms.logoContentType, logoUpdatedAt: firms.logoUpdatedAt })
    .from(firms)
    .where(eq(firms.slug, slug));
  return row;
}

export async function updateFirm(tx: Tx, firmId: string, patch: Partial<FirmRow>): Promise<Firm | undefined> {
  const [row] = await tx.update(firms).set(patch).where(eq(firms.id, firmId)).returning(withoutLogo);
  return row;
}
