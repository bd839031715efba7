import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { and, asc, eq } from 'drizzle-orm';
import { invoiceTotals } from '../../../contracts/gst.js';
import { proposalItemKinds, type ProposalContent, type ProposalDetail, type ProposalItem, type ProposalItemInput, type ProposalSigner, type ProposalStatus } from '../../../contracts/proposals.js';
import type { Tx } from '../../db/client.js';
import { clients, proposalSigners, proposals, proposalVersions } from '../../db/schema/index.js';
import { openText, sealText } from '../../platform/crypto/sealed-text.js';
import { notFound } from '../../platform/errors.js';
import type { Firm } from '../firms/index.js';
import { todayIn } from '../work/periods.js';
import type { EventRow } from './evidence.js';

/** What the proposals module's services share: pricing, merge fields, sealing and loading. */

export type ProposalRow = typeof proposals.$inferSelect;
export type SignerRow = typeof proposalSigners.$inferSelect;
export type VersionRow = typeof proposalVersions.$inferSelect;
export type DraftItem = Required<Omit<ProposalItemInput, 'serviceTemplateId'>> & { id: string; serviceTemplateId: string | null };
export interface DraftContent { intro: string; terms: string; items: DraftItem[] }

export function withIds(items: ProposalItemInput[]): DraftItem[] {
  return items.map((i) => ({
    id: randomUUID(), description: i.description, scope: i.scope ?? '', serviceTemplateId: i.serviceTemplateId ?? null, kind: i.kind,
    quantityMilli: i.quantityMilli, unitPriceCents: i.unitPriceCents, gst: i.gst ?? 'taxable', optional: i.optional ?? false,
  }));
}

export const sealDraft = (key: Buffer, firmId: string, proposalId: string, d: DraftContent) => sealText(key, firmId, proposalId, JSON.stringify(d));
export const openDraft = (key: Buffer, row: ProposalRow) => JSON.parse(openText(key, row.firmId, row.id, row.content)) as DraftContent;
export const sealSnapshot = (key: Buffer, firmId: string, versionId: string, c: ProposalContent) => sealText(key, firmId, versionId, JSON.stringify(c));
export const openSnapshot = (key: Buffer, v: VersionRow) => JSON.parse(openText(key, v.firmId, v.id, v.snapshot)) as ProposalContent;

/** Prices each item and totals each kind by the one GST rule (gst.ts); optional items count only when chosen. */
export function price(items: DraftItem[], gstRegistered: boolean, chosen: string[] = []) {
  const priced: ProposalItem[] = items.map((i) => {
    const t = invoiceTotals([{ quantityMilli: i.quantityMilli, unitPriceCents: i.unitPriceCents, gst: i.gst }], 'exclusive', gstRegistered);
    return { ...i, amountCents: t.subtotalCents, gstCents: t.gstCents };
  });
  const counted = items.filter((i) => !i.optional || chosen.includes(i.id));
  const totals = proposalItemKinds.flatMap((kind) => {
    const lines = counted.filter((i) => i.kind === kind);
    if (lines.length === 0) return [];
    const t = invoiceTotals(lines.map((l) => ({ quantityMilli: l.quantityMilli, unitPriceCents: l.unitPriceCents, gst: l.gst })), 'exclusive', gstRegistered);
    return [{ kind, subtotalCents: t.subtotalCents, gstCents: t.gstCents, totalCents: t.totalCents }];
  });
  return { items: priced, totals, oneOffTotalCents: totals.find((t) => t.kind === 'one_off')?.totalCents ?? 0 };
}

const auLongDate = (iso: string) => new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** Fills in {{client.name}}, {{firm.legalName}}, {{firm.abn}} and {{proposal.expiresOn}}; other braces are left as typed. */
export function mergeFields(text: string, v: { clientName: string; firm: Pick<Firm, 'legalName' | 'abn'>; expiresOn: string }): string {
  const values: Record<string, string> = { 'client.name': v.clientName, 'firm.legalName': v.firm.legalName, 'firm.abn': v.firm.abn ?? '', 'proposal.expiresOn': auLongDate(v.expiresOn) };
  return text.replace(/\{\{\s*([a-zA-Z.]+)\s*\}\}/g, (m, k: string) => values[k] ?? m);
}

/** The content as the client will see it: merge fields filled in (when `resolve`) and priced. */
export function buildContent(d: DraftContent, p: Pick<ProposalRow, 'title' | 'expiresOn' | 'invoiceOnAcceptance'>, firm: Firm, clientName: string, resolve: boolean, chosen: string[] = []): ProposalContent {
  const m = (t: string) => (resolve ? mergeFields(t, { clientName, firm, expiresOn: p.expiresOn }) : t);
  const priced = price(d.items.map((i) => ({ ...i, scope: m(i.scope) })), firm.gstRegistered, chosen);
  return {
    title: p.title, intro: m(d.intro), terms: m(d.terms), items: priced.items, totals: priced.totals, expiresOn: p.expiresOn, invoiceOnAcceptance: p.invoiceOnAcceptance,
    firm: { legalName: firm.legalName, displayName: firm.displayName, abn: firm.abn }, clientName,
  };
}

/** Expired is derived: sent, and past its expiry date in the firm's time zone. */
export function displayStatus(p: Pick<ProposalRow, 'status' | 'expiresOn'>, today: string): ProposalStatus {
  return p.status === 'sent' && p.expiresOn < today ? 'expired' : p.status;
}

export const firmToday = (firm: Firm, now: Date) => todayIn(firm.timeZone, now);

/** The end of the expiry date in the firm's time zone: when signing links stop working. */
export function endOfDay(iso: string, timeZone: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(new TZDate(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1, 0, 0, 0, timeZone).getTime());
}

/** The client's name, or the prospect's while the proposal is for one. */
export const partyName = (p: Pick<ProposalRow, 'prospect'>, clientName: string | null) => clientName ?? p.prospect?.name ?? '';

export async function loadProposal(tx: Tx, s: { firmId: string; id: string; clientId?: string; lock?: boolean }): Promise<{ p: ProposalRow; clientName: string }> {
  const q = tx.select({ p: proposals, clientName: clients.name }).from(proposals)
    .leftJoin(clients, and(eq(clients.id, proposals.clientId), eq(clients.firmId, proposals.firmId)))
    .where(and(eq(proposals.firmId, s.firmId), eq(proposals.id, s.id), s.clientId ? eq(proposals.clientId, s.clientId) : undefined));
  const [row] = s.lock ? await q.for('update', { of: proposals }) : await q;
  if (!row) throw notFound('That proposal');
  return { p: row.p, clientName: partyName(row.p, row.clientName) };
}

export async function currentVersionRow(tx: Tx, p: ProposalRow): Promise<VersionRow | undefined> {
  const [v] = await tx.select().from(proposalVersions).where(and(eq(proposalVersions.firmId, p.firmId), eq(proposalVersions.proposalId, p.id), eq(proposalVersions.version, p.currentVersion)));
  return v;
}

export async function signersOf(tx: Tx, p: ProposalRow, version = p.currentVersion): Promise<SignerRow[]> {
  return tx.select().from(proposalSigners).where(and(eq(proposalSigners.firmId, p.firmId), eq(proposalSigners.proposalId, p.id), eq(proposalSigners.version, version))).orderBy(asc(proposalSigners.position));
}

/** Each signer with sent/viewed/signed/declined times taken from the evidence trail. */
export function trackSigners(signers: SignerRow[], events: EventRow[]): ProposalSigner[] {
  return signers.map((s) => {
    const first = (kind: EventRow['kind']) => events.find((e) => e.signerId === s.id && e.kind === kind)?.at.toISOString() ?? null;
    return {
      id: s.id, name: s.name, email: s.email, portalUserId: s.portalUserId, status: s.status,
      sentAt: first('sent'), viewedAt: first('viewed'), signedAt: first('signed'), declinedAt: first('declined'), declineReason: s.declineReason,
    };
  });
}

export function toEventDto(e: EventRow): ProposalDetail['events'][number] {
  return { seq: e.seq, kind: e.kind, version: e.version, signerName: e.signerName, signerEmail: e.signerEmail, authMethod: e.authMethod, ip: e.ip, userAgent: e.userAgent, at: e.at.toISOString(), hash: e.hash };
}
