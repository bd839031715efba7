import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  SIGNING_CONSENT_TEXT, SIGNING_CONSENT_VERSION, SIGNING_INTENT_TEXT, type acceptProposalBodySchema, type declineProposalBodySchema, type ProposalContent, type SignerProposal,
} from '../../../contracts/proposals.js';
import { queryRows, type Tx } from '../../db/client.js';
import { portalUsers, proposalSigners, proposals, signedCopyLinks, signingLinks, staffUsers } from '../../db/schema/index.js';
import { consumeRateLimit } from '../../platform/auth/rate-limit.js';
import { openText, sealText } from '../../platform/crypto/sealed-text.js';
import { randomToken, sha256Hex } from '../../platform/crypto/tokens.js';
import { AppError, notFound } from '../../platform/errors.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { renderEmail } from '../../platform/mail/template.js';
import type { BaseCtx, ClientCtx, Deps, StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey } from '../documents/data-keys.js';
import { createClientIn, createPortalUserIn } from '../clients/clients.service.js';
import { importDocument, readDocumentBytes } from '../documents/index.js';
import { emailBranding, findFirm, type Firm } from '../firms/index.js';
import { createInvoiceIn, issueInvoiceIn } from '../invoices/invoices.service.js';
import { createServiceIn } from '../work/work.service.js';
import { appendEvent, listEvents, type AuthMethod } from './evidence.js';
import { currentVersionRow, displayStatus, firmToday, loadProposal, openSnapshot, price, signersOf, trackSigners, type ProposalRow, type SignerRow } from './proposals.core.js';
import { renderProposalPdf } from './proposal-pdf.js';
import { parseSignatureImage } from './signature-image.js';
import { syncSourceRequest } from './from-request.js';

/**
 * Signing, from the portal or from an e-mailed link, and what follows the last signature: the
 * services and first invoice (in the same transaction as the acceptance, so exactly once), then the
 * signed PDF with its certificate of completion.
 */

export const SIGNING_SESSION_MINUTES = 30;
/** One answer for every unusable link: unknown, expired, used, revoked, withdrawn or another version. */
export const linkInvalid = () => new AppError('LINK_INVALID', 'This signing link is not valid any more. It may have expired, been used, or been replaced by a newer one. Ask the firm to send you a new link.');

type AcceptBody = z.output<typeof acceptProposalBodySchema>;
type DeclineBody = z.output<typeof declineProposalBodySchema>;

/** Who is signing, and how they proved it. */
export interface SignerIdentity { firmId: string; proposalId: string; signerId: string; version: number; authMethod: AuthMethod; linkId: string | null }

// ---------------------------------------------------------------------------------------------
// E-mailed links → a short signing session.

/**
 * Exchanges an e-mailed token for a 30-minute signing session (a new 256-bit id, stored hashed, with
 * its own CSRF token). The token stays usable until the signer signs or declines, so reopening the
 * e-mail works; it is bound to one signer of one version and dies with withdrawal or a new version.
 */
export async function openSigningLink(ctx: BaseCtx, token: string): Promise<{ sessionToken: string; csrfToken: string; expiresAt: Date; otpRequired: boolean }> {
  await consumeRateLimit(ctx.db, `signing-open:${ctx.ip}`, 30, 600, 'Too many signing links were opened from this address. Wait ten minutes and try again.');
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw linkInvalid();
  const tokenHash = sha256Hex(token);
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(ctx.now.getTime() + SIGNING_SESSION_MINUTES * 60_000);
  const opened = await ctx.db.withFirmFrom(
    async (tx) => (await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_signing(${tokenHash}) as firm_id`))[0]?.firm_id ?? null,
    async (tx, firmId) => {
      const [link] = await tx.select().from(signingLinks).where(and(eq(signingLinks.firmId, firmId), eq(signingLinks.tokenHash, tokenHash))).for('update');
      if (!link || link.usedAt || link.revokedAt || link.expiresAt <= ctx.now) return null;
      const { p } = await loadProposal(tx, { firmId, id: link.proposalId, lock: true });
      const firm = await findFirm(tx, firmId);
      if (!firm || displayStatus(p, firmToday(firm, ctx.now)) !== 'sent' || p.currentVersion !== link.version) return null;
      // A new session: any one-time code of the previous one is void, and this one must enter its own.
      await tx.update(signingLinks).set({ sessionHash: sha256Hex(sessionToken), sessionCsrf: csrfToken, sessionExpiresAt: expiresAt, otpHash: null, otpExpiresAt: null, otpAttempts: 0, otpVerifiedAt: null }).where(eq(signingLinks.id, link.id));
      await recordViewed(tx, ctx, p, link.signerId, 'email_link');
      return { otpRequired: firm.proposalSigningOtp };
    },
  );
  if (!opened) throw linkInvalid();
  return { sessionToken, csrfToken, expiresAt, otpRequired: opened.otpRequired };
}

/** The signer behind a signing-session cookie, or LINK_INVALID; mutations also need its CSRF token. */
export async function resolveSigningSession(ctx: BaseCtx, sessionToken: string | undefined, csrf: string | undefined, mutating: boolean): Promise<SignerIdentity> {
  if (!sessionToken || !/^[A-Za-z0-9_-]{43}$/.test(sessionToken)) throw linkInvalid();
  const hash = sha256Hex(sessionToken);
  const found = await ctx.db.withFirmFrom(
    async (tx) => (await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_signing(${hash}) as firm_id`))[0]?.firm_id ?? null,
    async (tx, firmId) => {
      const [link] = await tx.select().from(signingLinks).where(and(eq(signingLinks.firmId, firmId), eq(signingLinks.sessionHash, hash), gt(signingLinks.sessionExpiresAt, ctx.now), isNull(signingLinks.revokedAt)));
      return link ?? null;
    },
  );
  if (!found) throw linkInvalid();
  if (mutating && (csrf === undefined || csrf !== found.sessionCsrf)) throw new AppError('CSRF', 'This request could not be verified. Open the link from your e-mail again.');
  return { firmId: found.firmId, proposalId: found.proposalId, signerId: found.signerId, version: found.version, authMethod: found.otpVerifiedAt ? 'email_link_otp' : 'email_link', linkId: found.id };
}

// ---------------------------------------------------------------------------------------------
// Views.

async function recordViewed(tx: Tx, ctx: BaseCtx, p: ProposalRow, signerId: string, authMethod: AuthMethod) {
  const [signer] = await tx.select().from(proposalSigners).where(and(eq(proposalSigners.firmId, p.firmId), eq(proposalSigners.id, signerId)));
  if (!signer || signer.status !== 'pending') return;
  const seen = (await listEvents(tx, { firmId: p.firmId, proposalId: p.id })).some((e) => e.kind === 'viewed' && e.signerId === signerId && e.version === p.currentVersion);
  if (!seen) await appendEvent(tx, { firmId: p.firmId, proposalId: p.id, version: p.currentVersion, kind: 'viewed', signer, authMethod, ip: ctx.ip, userAgent: ctx.userAgent, at: ctx.now });
}

async function view(tx: Tx, ctx: BaseCtx, key: Buffer, p: ProposalRow, firm: Firm, me: SignerRow | undefined, audience: 'portal' | 'link', otpVerified = false): Promise<SignerProposal> {
  const v = await currentVersionRow(tx, p);
  if (!v) throw notFound('That proposal');
  const content: ProposalContent = openSnapshot(key, v);
  if (p.chosenOptionalItemIds) content.totals = price(content.items, firm.gstRegistered, p.chosenOptionalItemIds).totals;
  const signers = await signersOf(tx, p);
  const events = await listEvents(tx, { firmId: p.firmId, proposalId: p.id });
  const status = displayStatus(p, firmToday(firm, ctx.now));
  const mine = me ? trackSigners([me], events.filter((e) => e.version === p.currentVersion))[0] ?? null : null;
  return {
    id: p.id, firmName: firm.displayName, status, proposalVersion: p.currentVersion, content, me: mine,
    signers: signers.map((s) => ({ name: s.name, status: s.status, signedAt: s.status === 'signed' ? s.decidedAt?.toISOString() ?? null : null })),
    chosenOptionalItemIds: p.chosenOptionalItemIds, canSign: status === 'sent' && me?.status === 'pending', consentText: SIGNING_CONSENT_TEXT, intentText: SIGNING_INTENT_TEXT,
    signedDocumentId: audience === 'portal' ? p.signedDocumentId : null,
    otpRequired: audience === 'link' && firm.proposalSigningOtp && !otpVerified && status === 'sent' && me?.status === 'pending',
  };
}

/** The proposal as the link's signer sees it. */
export async function linkView(ctx: BaseCtx, who: SignerIdentity): Promise<SignerProposal> {
  const key = await firmDataKey(ctx, who.firmId);
  return ctx.db.withFirm(who.firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId: who.firmId, id: who.proposalId });
    const firm = await findFirm(tx, who.firmId);
    if (!firm || p.currentVersion !== who.version) throw linkInvalid();
    const [me] = await tx.select().from(proposalSigners).where(and(eq(proposalSigners.firmId, who.firmId), eq(proposalSigners.id, who.signerId)));
    return view(tx, ctx, key.dataKey, p, firm, me, 'link', who.authMethod === 'email_link_otp');
  });
}

/** The client's proposals that were sent to them (drafts never show). */
export async function portalProposals(ctx: ClientCtx) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const firm = await findFirm(tx, ctx.firmId);
    if (!firm) throw notFound('Your firm');
    const rows = await tx.select().from(proposals).where(and(eq(proposals.firmId, ctx.firmId), eq(proposals.clientId, ctx.actor.clientId), sql`${proposals.currentVersion} > 0`)).orderBy(sql`${proposals.updatedAt} desc`).limit(100);
    const items = [];
    for (const p of rows) {
      const signers = await signersOf(tx, p);
      const me = signers.find((s) => s.portalUserId === ctx.actor.portalUserId);
      const status = displayStatus(p, firmToday(firm, ctx.now));
      const v = await currentVersionRow(tx, p);
      items.push({ id: p.id, title: p.title, status, expiresOn: p.expiresOn, sentAt: v?.sentAt.toISOString() ?? null, canSign: status === 'sent' && me?.status === 'pending' });
    }
    return { items };
  });
}

/** One proposal of the signed-in client; opening it records `viewed` for a signer who has not decided. */
export async function portalProposal(ctx: ClientCtx, id: string): Promise<SignerProposal> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId: ctx.firmId, id, clientId: ctx.actor.clientId, lock: true });
    const firm = await findFirm(tx, ctx.firmId);
    if (!firm || p.currentVersion === 0) throw notFound('That proposal');
    const me = (await signersOf(tx, p)).find((s) => s.portalUserId === ctx.actor.portalUserId);
    if (me && displayStatus(p, firmToday(firm, ctx.now)) === 'sent') await recordViewed(tx, ctx, p, me.id, 'portal_session');
    const [fresh] = me ? await tx.select().from(proposalSigners).where(eq(proposalSigners.id, me.id)) : [];
    return view(tx, ctx, key.dataKey, p, firm, fresh, 'portal');
  });
}

/** The signed-in portal user as a signer of the proposal's current version (404 for another client's proposal, 409 when not a signer). */
async function portalIdentity(ctx: ClientCtx, id: string): Promise<SignerIdentity> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId: ctx.firmId, id, clientId: ctx.actor.clientId });
    if (p.currentVersion === 0) throw notFound('That proposal');
    const me = (await signersOf(tx, p)).find((s) => s.portalUserId === ctx.actor.portalUserId);
    if (!me) throw new AppError('FORBIDDEN', 'You are not one of the people asked to sign this proposal. The firm can add you as a signer.');
    return { firmId: ctx.firmId, proposalId: id, signerId: me.id, version: p.currentVersion, authMethod: 'portal_session', linkId: null };
  });
}

export const portalAccept = async (ctx: ClientCtx, id: string, body: AcceptBody) => acceptAs(ctx, await portalIdentity(ctx, id), body).then(() => portalProposal(ctx, id));
export const portalDecline = async (ctx: ClientCtx, id: string, body: DeclineBody) => declineAs(ctx, await portalIdentity(ctx, id), body).then(() => portalProposal(ctx, id));
export const linkAccept = async (ctx: BaseCtx, who: SignerIdentity, body: AcceptBody) => acceptAs(ctx, who, body).then(() => linkView(ctx, who));
export const linkDecline = async (ctx: BaseCtx, who: SignerIdentity, body: DeclineBody) => declineAs(ctx, who, body).then(() => linkView(ctx, who));

// ---------------------------------------------------------------------------------------------
// Deciding.

/**
 * Locks the proposal and checks this signer may still decide on this version. Withdrawal, a new
 * version, expiry or an earlier decision all end it with 409 (the row lock orders the race).
 */
async function lockForDecision(tx: Tx, ctx: BaseCtx, who: SignerIdentity, shownVersion: number) {
  const { p, clientName } = await loadProposal(tx, { firmId: who.firmId, id: who.proposalId, lock: true });
  const firm = await findFirm(tx, who.firmId);
  if (!firm) throw notFound('That proposal');
  const status = displayStatus(p, firmToday(firm, ctx.now));
  if (status !== 'sent') throw new AppError('CONFLICT', `This proposal ${status === 'expired' ? 'has expired' : status === 'withdrawn' ? 'was withdrawn by the firm' : status === 'draft' ? 'is being changed by the firm; you will get the new version' : `was already ${status}`}, so it cannot be signed or declined now.`);
  if (p.currentVersion !== who.version || shownVersion !== p.currentVersion) throw new AppError('CONFLICT', 'The firm sent a newer version of this proposal. Open the newest e-mail or reload, read it, and sign that one.');
  const [me] = await tx.select().from(proposalSigners).where(and(eq(proposalSigners.firmId, who.firmId), eq(proposalSigners.id, who.signerId))).for('update');
  if (!me || me.version !== p.currentVersion) throw notFound('That proposal');
  if (me.status !== 'pending') throw new AppError('CONFLICT', `You already ${me.status} this proposal.`);
  if (who.linkId) {
    const [link] = await tx.select().from(signingLinks).where(and(eq(signingLinks.firmId, who.firmId), eq(signingLinks.id, who.linkId)));
    if (!link || link.usedAt || link.revokedAt || link.expiresAt <= ctx.now) throw linkInvalid();
    if (firm.proposalSigningOtp && !link.otpVerifiedAt) throw new AppError('FORBIDDEN', 'Enter the one-time code we e-mailed you before you accept or decline this proposal. Ask for a code first if you have not had one.');
  }
  return { p, clientName, firm, me };
}

/** Every link of this signer stops working once they have decided. */
async function useLinks(tx: Tx, ctx: BaseCtx, firmId: string, signerId: string) {
  await tx.update(signingLinks).set({ usedAt: ctx.now }).where(and(eq(signingLinks.firmId, firmId), eq(signingLinks.signerId, signerId), isNull(signingLinks.usedAt)));
}

export async function acceptAs(ctx: BaseCtx, who: SignerIdentity, body: AcceptBody): Promise<void> {
  const png = await parseSignatureImage(body.signature);
  const key = await firmDataKey(ctx, who.firmId);
  const accepted = await ctx.db.withFirm(who.firmId, async (tx) => {
    const { p, firm, me } = await lockForDecision(tx, ctx, who, body.proposalVersion);
    const v = await currentVersionRow(tx, p);
    if (!v) throw notFound('That proposal');
    const content = openSnapshot(key.dataKey, v);
    const optionalIds = new Set(content.items.filter((i) => i.optional).map((i) => i.id));
    const chosen = [...new Set(body.chosenOptionalItemIds)];
    if (chosen.some((id) => !optionalIds.has(id))) throw new AppError('VALIDATION', 'A chosen item is not one of this proposal’s optional items.', { errors: [{ path: 'body.chosenOptionalItemIds', message: 'has an item that is not optional or not in this proposal' }] });
    if (p.chosenOptionalItemIds && (p.chosenOptionalItemIds.length !== chosen.length || chosen.some((id) => !p.chosenOptionalItemIds?.includes(id)))) {
      throw new AppError('CONFLICT', 'Another signer already chose the optional items; every signer signs the same choice. Reload to see it.');
    }
    const signer = { id: me.id, name: me.name, email: me.email };
    const base = { firmId: who.firmId, proposalId: p.id, version: p.currentVersion, signer, authMethod: who.authMethod, ip: ctx.ip, userAgent: ctx.userAgent, at: ctx.now };
    await appendEvent(tx, { ...base, kind: 'consented', data: { consentVersion: SIGNING_CONSENT_VERSION, consentText: SIGNING_CONSENT_TEXT } });
    await appendEvent(tx, { ...base, kind: 'signed', data: { typedName: body.fullName, signatureSha256: sha256Hex(png), chosenOptionalItemIds: chosen, intentText: SIGNING_INTENT_TEXT, documentSha256: v.documentSha256 } });
    await tx.update(proposalSigners).set({ status: 'signed', signedName: body.fullName, signature: sealText(key.dataKey, who.firmId, me.id, png.toString('base64')), decidedAt: ctx.now }).where(eq(proposalSigners.id, me.id));
    await useLinks(tx, ctx, who.firmId, me.id);
    const remaining = (await signersOf(tx, p)).filter((s) => s.id !== me.id && s.status !== 'signed');
    await tx.update(proposals).set({ chosenOptionalItemIds: chosen, version: p.version + 1, updatedAt: ctx.now, ...(remaining.length === 0 ? { status: 'accepted' as const, acceptedAt: ctx.now } : {}) }).where(eq(proposals.id, p.id));
    await recordAudit(tx, { firmId: who.firmId, actorKind: who.authMethod === 'portal_session' ? 'portal' : 'anonymous', actorLabel: `${me.name} <${me.email}>`, action: 'proposal.signed', targetType: 'proposal', targetId: p.id, targetLabel: p.title, ip: ctx.ip, details: { version: p.currentVersion, authMethod: who.authMethod } });
    if (remaining.length > 0) return false;
    await fulfil(tx, ctx, firm, { ...p, chosenOptionalItemIds: chosen }, content, chosen);
    return true;
  });
  if (accepted) await completeProposal(ctx, who.firmId, who.proposalId).catch(() => undefined); // a failed PDF is retried by the proposals job
}

/**
 * The last signature: the chosen services are created for the client (recurring ones with their
 * plan) and, if asked, a first invoice for the chosen one-off items is issued — in the transaction
 * that accepts the proposal, so they happen exactly once with it. An item whose service cannot be
 * made (e.g. the client already has it repeating) is recorded as skipped, not fatal.
 */
async function fulfil(tx: Tx, ctx: BaseCtx, firm: Firm, p: ProposalRow, content: ProposalContent, chosen: string[]) {
  const [creator] = await tx.select().from(staffUsers).where(and(eq(staffUsers.firmId, p.firmId), eq(staffUsers.id, p.createdById)));
  if (!creator) throw new Error('proposal creator missing');
  // The work and invoices modules act for the firm: as the proposal's author, labelled as the acceptance.
  const staffCtx: StaffCtx = { ...ctx, firmId: p.firmId, actor: { kind: 'staff', userId: creator.id, role: creator.role, name: `${creator.name} (proposal “${p.title}” accepted)`, email: creator.email, sessionId: '' } };
  // A prospect becomes a client now, in this transaction (so exactly once), before anything is made for it.
  const clientId = p.clientId ?? (await clientFromProspect(tx, staffCtx, p));
  const items = content.items.filter((i) => !i.optional || chosen.includes(i.id));
  const serviceIds: string[] = [];
  const skipped: string[] = [];
  for (const item of items.filter((i) => i.serviceTemplateId)) {
    const recurring = item.kind !== 'one_off';
    const attempt = async (r: boolean) => createServiceIn(tx, staffCtx, { clientId, templateId: item.serviceTemplateId ?? '', name: r ? undefined : item.description, agentConcession: true, visibleToClient: true, recurring: r });
    try {
      serviceIds.push(await attempt(recurring));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Not repeating (the template does not, or the client already repeats it): one service for now.
      try {
        if (!recurring) throw err;
        serviceIds.push(await attempt(false));
      } catch (again) {
        if (!(again instanceof AppError)) throw again;
        skipped.push(`${item.description}: ${again.message}`);
      }
    }
  }
  let invoiceId: string | null = null;
  let invoiceNote: string | null = null;
  const oneOff = items.filter((i) => i.kind === 'one_off' && i.amountCents > 0);
  if (p.invoiceOnAcceptance && oneOff.length > 0) {
    const inv = await createInvoiceIn(tx, staffCtx, {
      clientId, priceMode: 'exclusive', notes: `As agreed in the proposal “${p.title}”.`, dueDate: null,
      lines: oneOff.map((i) => ({ description: i.description.slice(0, 500), serviceId: null, quantityMilli: i.quantityMilli, unitPriceCents: i.unitPriceCents, gst: i.gst })),
    });
    invoiceId = inv.id;
    if (firm.gstRegistered && !firm.abn) invoiceNote = 'left as a draft: the firm has no ABN for a tax invoice';
    else await issueInvoiceIn(tx, staffCtx, inv.id, inv.version);
  }
  await tx.update(proposals).set({ serviceIds, invoiceId }).where(eq(proposals.id, p.id));
  await syncSourceRequest(tx, p, 'accepted', ctx.now, serviceIds);
  await recordAudit(tx, { firmId: p.firmId, actorKind: 'system', actorLabel: 'Proposal acceptance', action: 'proposal.accepted', targetType: 'proposal', targetId: p.id, targetLabel: p.title, details: { version: p.currentVersion, serviceIds, invoiceId, skipped, invoiceNote } });
}

/**
 * The prospect of an accepted proposal becomes a client: made by the Clients page's own function (as
 * the proposal's author), the proposal now points at it, and each signer becomes a portal user of it
 * and is e-mailed an invitation (through the outbox), so they can sign in and find the signed PDF in
 * their documents. A signer whose address already has a portal account with the firm (for another
 * client) is not invited; they get the signed copy by a download link instead.
 */
async function clientFromProspect(tx: Tx, staffCtx: StaffCtx, p: ProposalRow): Promise<string> {
  const prospect = p.prospect;
  if (!prospect) throw new Error('proposal has neither a client nor a prospect');
  const signers = await signersOf(tx, p);
  const clientId = await createClientIn(tx, staffCtx, { type: prospect.type, name: prospect.name, abn: prospect.abn, email: signers[0]?.email ?? null });
  await tx.update(proposals).set({ clientId, prospect: null }).where(eq(proposals.id, p.id));
  const invited: string[] = [];
  const notInvited: string[] = [];
  for (const s of signers) {
    try {
      const user = await createPortalUserIn(tx, staffCtx, clientId, { name: s.name, email: s.email, sendInvitation: true });
      await tx.update(proposalSigners).set({ portalUserId: user.id }).where(eq(proposalSigners.id, s.id));
      invited.push(s.email);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'EMAIL_TAKEN') throw err;
      notInvited.push(s.email);
    }
  }
  await recordAudit(tx, { firmId: p.firmId, actorKind: 'system', actorLabel: 'Proposal acceptance', action: 'proposal.prospect_became_client', targetType: 'proposal', targetId: p.id, targetLabel: p.title, details: { clientId, prospect, invited, notInvited } });
  return clientId;
}

export async function declineAs(ctx: BaseCtx, who: SignerIdentity, body: DeclineBody): Promise<void> {
  await ctx.db.withFirm(who.firmId, async (tx) => {
    const { p, firm, me } = await lockForDecision(tx, ctx, who, body.proposalVersion);
    await appendEvent(tx, { firmId: who.firmId, proposalId: p.id, version: p.currentVersion, kind: 'declined', signer: me, authMethod: who.authMethod, ip: ctx.ip, userAgent: ctx.userAgent, at: ctx.now, data: { reason: body.reason } });
    await tx.update(proposalSigners).set({ status: 'declined', declineReason: body.reason || null, decidedAt: ctx.now }).where(eq(proposalSigners.id, me.id));
    await useLinks(tx, ctx, who.firmId, me.id);
    // One signer declining declines the proposal: all must sign. The others' links stop working.
    await tx.update(signingLinks).set({ revokedAt: ctx.now }).where(and(eq(signingLinks.firmId, who.firmId), eq(signingLinks.proposalId, p.id), isNull(signingLinks.revokedAt), isNull(signingLinks.usedAt)));
    await tx.update(proposals).set({ status: 'declined', version: p.version + 1, updatedAt: ctx.now }).where(eq(proposals.id, p.id));
    await syncSourceRequest(tx, p, 'declined', ctx.now);
    await recordAudit(tx, { firmId: who.firmId, actorKind: who.authMethod === 'portal_session' ? 'portal' : 'anonymous', actorLabel: `${me.name} <${me.email}>`, action: 'proposal.declined', targetType: 'proposal', targetId: p.id, targetLabel: p.title, ip: ctx.ip, details: { reason: body.reason } });
    const [creator] = await tx.select().from(staffUsers).where(and(eq(staffUsers.firmId, p.firmId), eq(staffUsers.id, p.createdById)));
    if (creator) {
      const email = renderEmail(emailBranding(ctx.config, firm), {
        subject: `${me.name} declined the proposal “${p.title}”`, heading: 'Proposal declined',
        paragraphs: [`${me.name} declined “${p.title}”.`, 'Open the proposal in Ledger Loom to see their reason, or make a new version.'],
        button: { label: 'Open the proposal', url: staffUrl(ctx.config, `/proposals/${p.id}`) },
      });
      await enqueueEmail(tx, { firmId: p.firmId, clientId: p.clientId, idempotencyKey: `proposal-declined:${p.id}:${p.currentVersion}`, kind: 'proposal_declined', to: creator.email, ...email,
        optional: { userKind: 'staff', userId: creator.id, event: 'proposal_outcome', appBaseUrl: ctx.config.appBaseUrl },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Completion: the signed PDF and its certificate.

/** 10 characters of Crockford base32 (50 bits): easy to read out, printed on the certificate. */
function newVerificationCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return [...randomBytes(10)].map((b) => alphabet[b % 32]).join('');
}

/**
 * Renders the signed PDF with its certificate, stores it (encrypted) in the client's documents,
 * records its SHA-256 in a `completed` event, and e-mails every signer and the proposal's author.
 * Idempotent: a second call finds the document already recorded and does nothing.
 */
export async function completeProposal(deps: Deps & { now?: Date }, firmId: string, proposalId: string): Promise<void> {
  const now = deps.now ?? new Date();
  const key = await firmDataKey(deps, firmId);
  const prepared = await deps.db.withFirm(firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId, id: proposalId, lock: true });
    if (p.status !== 'accepted' || p.signedDocumentId) return null;
    const firm = await findFirm(tx, firmId);
    const v = await currentVersionRow(tx, p);
    if (!firm || !v || !p.clientId) return null;
    const clientId = p.clientId;
    let code = p.verificationCode;
    if (!code) {
      code = newVerificationCode();
      await tx.update(proposals).set({ verificationCode: code }).where(eq(proposals.id, p.id));
    }
    const signers = await signersOf(tx, p);
    const events = (await listEvents(tx, { firmId, proposalId })).filter((e) => e.version === p.currentVersion);
    const content = openSnapshot(key.dataKey, v);
    content.totals = price(content.items, firm.gstRegistered, p.chosenOptionalItemIds ?? []).totals;
    const pdf = await renderProposalPdf({
      proposalId, version: v.version, sentAt: v.sentAt, content, timeZone: firm.timeZone,
      signed: {
        verificationCode: code, documentSha256: v.documentSha256, chosenOptionalItemIds: p.chosenOptionalItemIds ?? [], timeZone: firm.timeZone,
        signers: signers.map((s) => ({
          name: s.name, email: s.email, signedName: s.signedName ?? s.name, signedAt: s.decidedAt ?? now,
          signaturePng: Buffer.from(s.signature ? openText(key.dataKey, firmId, s.id, s.signature) : '', 'base64'),
          authMethod: events.find((e) => e.signerId === s.id && e.kind === 'signed')?.authMethod ?? 'email_link',
        })),
        events: events.map((e) => ({ kind: e.kind, signerName: e.signerName, signerEmail: e.signerEmail, authMethod: e.authMethod, ip: e.ip, userAgent: e.userAgent, at: e.at, hash: e.hash })),
      },
    });
    return { p, clientId, firm, pdf, code };
  });
  if (!prepared) return;
  const { p, clientId, firm, pdf, code } = prepared;
  const documentId = await importDocument(deps, {
    firmId, clientId, fileName: `${p.title.replace(/[^\w .()-]+/g, ' ').trim().slice(0, 100) || 'Proposal'} - signed.pdf`, contentType: 'application/pdf', bytes: pdf,
    uploadedBy: { kind: 'staff', id: p.createdById, name: firm.displayName }, visibleToClient: true, category: 'Signed proposals', createdAt: now,
  });
  const signedPdfSha256 = sha256Hex(pdf);
  await deps.db.withFirm(firmId, async (tx) => {
    const { p: fresh } = await loadProposal(tx, { firmId, id: proposalId, lock: true });
    if (fresh.signedDocumentId) return; // someone else finished first; the extra copy is left for staff to delete
    await tx.update(proposals).set({ signedDocumentId: documentId, signedPdfSha256, updatedAt: now }).where(eq(proposals.id, proposalId));
    await appendEvent(tx, { firmId, proposalId, version: fresh.currentVersion, kind: 'completed', at: now, data: { signedPdfSha256, documentId, verificationCode: code } });
    const signers = await signersOf(tx, fresh);
    const accountIds = signers.flatMap((s) => (s.portalUserId ? [s.portalUserId] : []));
    const accounts = accountIds.length === 0 ? [] : await tx.select({ id: portalUsers.id, status: portalUsers.status }).from(portalUsers).where(and(eq(portalUsers.firmId, firmId), inArray(portalUsers.id, accountIds)));
    for (const s of signers) {
      // A signer who can sign in to the portal finds it in their documents; anyone else (no account,
      // or an invitation not yet accepted) gets a download link of their own as well.
      const account = accounts.find((a) => a.id === s.portalUserId)?.status;
      const intro = `Hello ${s.name.split(' ')[0] ?? s.name},`;
      const signedLine = `Everyone has signed “${fresh.title}”. The signed copy has its certificate of completion (verification code ${code}).`;
      const email = account === 'active'
        ? renderEmail(emailBranding(deps.config, firm), {
          subject: `Signed: ${fresh.title}`, heading: 'Everyone has signed',
          paragraphs: [intro, `${signedLine} It is in your documents in the client portal.`],
          button: { label: 'Open your documents', url: `${portalBaseUrl(deps.config, firm.slug)}/documents` },
        })
        : renderEmail(emailBranding(deps.config, firm), {
          subject: `Signed: ${fresh.title}`, heading: 'Everyone has signed',
          paragraphs: [
            intro,
            `${signedLine} Download it with the button below; the link is only for you and works for ${SIGNED_COPY_DAYS} days.`,
            ...(account === 'invited' ? [`${firm.displayName} has also invited you to their client portal (see the invitation e-mail): once you have set your password, the signed copy is in your documents there.`] : []),
          ],
          button: { label: 'Download the signed copy', url: `${portalBaseUrl(deps.config, firm.slug)}/signed-copy#token=${await issueSignedCopyLink(tx, now, fresh, s.id, documentId)}` },
        });
      await enqueueEmail(tx, { firmId, clientId: fresh.clientId, idempotencyKey: `proposal-completed:${proposalId}:${s.id}`, kind: 'proposal_completed', to: s.email, ...email });
    }
    const [creator] = await tx.select().from(staffUsers).where(and(eq(staffUsers.firmId, firmId), eq(staffUsers.id, fresh.createdById)));
    if (creator) {
      const email = renderEmail(emailBranding(deps.config, firm), {
        subject: `Accepted and signed: ${fresh.title}`, heading: 'Proposal accepted',
        paragraphs: [`Every signer has signed “${fresh.title}”. The services it set up and the signed PDF (verification code ${code}) are in Ledger Loom.`],
        button: { label: 'Open the proposal', url: staffUrl(deps.config, `/proposals/${proposalId}`) },
      });
      await enqueueEmail(tx, { firmId, clientId: fresh.clientId, idempotencyKey: `proposal-completed:${proposalId}:staff`, kind: 'proposal_completed', to: creator.email, ...email,
        optional: { userKind: 'staff', userId: creator.id, event: 'proposal_outcome', appBaseUrl: deps.config.appBaseUrl },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// The signed copy by a download link, for a signer who cannot find it in the portal.

export const SIGNED_COPY_DAYS = 30;
/** One answer for every unusable download link: unknown, expired, revoked, another document. */
const copyLinkInvalid = () => new AppError('LINK_INVALID', 'This download link is not valid any more. It may have expired. Ask the firm for a copy of the signed proposal.');

/** A 256-bit token (stored hashed) for one signer and this signed document, for 30 days. */
async function issueSignedCopyLink(tx: Tx, now: Date, p: ProposalRow, signerId: string, documentId: string): Promise<string> {
  const token = randomToken();
  await tx.insert(signedCopyLinks).values({ firmId: p.firmId, proposalId: p.id, signerId, documentId, tokenHash: sha256Hex(token), expiresAt: new Date(now.getTime() + SIGNED_COPY_DAYS * 86_400_000), createdAt: now });
  return token;
}

/**
 * The signed PDF for a download-link token (from the e-mail's #token= fragment, sent in a POST body):
 * usable any number of times until it expires, while the proposal's signed document is still the one
 * it was made for. Every unusable token gets the same 404. Each download is counted and audited.
 */
export async function downloadSignedCopy(ctx: BaseCtx, token: string): Promise<{ fileName: string; pdf: Buffer }> {
  await consumeRateLimit(ctx.db, `signed-copy:${ctx.ip}`, 30, 600, 'Too many downloads were asked for from this address. Wait ten minutes and try again.');
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw copyLinkInvalid();
  const tokenHash = sha256Hex(token);
  const found = await ctx.db.withFirmFrom(
    async (tx) => (await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_signed_copy(${tokenHash}) as firm_id`))[0]?.firm_id ?? null,
    async (tx, firmId) => {
      const [link] = await tx.select().from(signedCopyLinks).where(and(eq(signedCopyLinks.firmId, firmId), eq(signedCopyLinks.tokenHash, tokenHash))).for('update');
      if (!link || link.revokedAt || link.expiresAt <= ctx.now) return null;
      const [p] = await tx.select().from(proposals).where(and(eq(proposals.firmId, firmId), eq(proposals.id, link.proposalId)));
      const [signer] = await tx.select().from(proposalSigners).where(and(eq(proposalSigners.firmId, firmId), eq(proposalSigners.id, link.signerId)));
      if (!p || !signer || p.signedDocumentId !== link.documentId) {
        // The signed document changed: this link is for a copy that is no longer the proposal's.
        await tx.update(signedCopyLinks).set({ revokedAt: ctx.now }).where(eq(signedCopyLinks.id, link.id));
        return null;
      }
      await tx.update(signedCopyLinks).set({ useCount: link.useCount + 1, lastUsedAt: ctx.now }).where(eq(signedCopyLinks.id, link.id));
      await recordAudit(tx, { firmId, actorKind: 'anonymous', actorLabel: `${signer.name} <${signer.email}>`, action: 'proposal.signed_copy_downloaded', targetType: 'proposal', targetId: p.id, targetLabel: p.title, ip: ctx.ip, details: { documentId: link.documentId, use: link.useCount + 1 } });
      return { firmId, documentId: link.documentId };
    },
  );
  if (!found) throw copyLinkInvalid();
  const doc = await readDocumentBytes(ctx, { firmId: found.firmId, id: found.documentId });
  if (!doc) throw copyLinkInvalid();
  return { fileName: doc.fileName, pdf: doc.bytes };
}
