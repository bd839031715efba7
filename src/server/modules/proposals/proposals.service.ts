import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  createProposalBodySchema, ProposalDetail, proposalListQuerySchema, ProposalSummary, ProposalTemplate, updateProposalBodySchema,
} from '../../../contracts/proposals.js';
import type { Tx } from '../../db/client.js';
import { clients, portalUsers, proposalSigners, proposals, proposalVersions, services, serviceTemplates, signingLinks } from '../../db/schema/index.js';
import type { ProposalProspectDef, ProposalSignerDef } from '../../db/schema/proposals.js';
import { randomToken, sha256Hex } from '../../platform/crypto/tokens.js';
import { AppError, notFound } from '../../platform/errors.js';
import { portalBaseUrl } from '../../platform/http/urls.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { emailWanted } from '../accounts/index.js';
import { renderEmail } from '../../platform/mail/template.js';
import { actorLabel, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey } from '../documents/data-keys.js';
import { emailBranding, findFirm, type Firm } from '../firms/index.js';
import { appendEvent, listEvents } from './evidence.js';
import {
  buildContent, currentVersionRow, displayStatus, endOfDay, firmToday, loadProposal, openDraft, openSnapshot, partyName, price, sealDraft, sealSnapshot, signersOf,
  toEventDto, trackSigners, withIds, type DraftContent, type ProposalRow,
} from './proposals.core.js';
import { renderProposalPdf } from './proposal-pdf.js';
import { syncSourceRequest } from './from-request.js';
import { PROPOSAL_TEMPLATES } from './templates.js';

type CreateBody = z.output<typeof createProposalBodySchema>;
type UpdateBody = z.output<typeof updateProposalBodySchema>;

const audit = (tx: Tx, ctx: StaffCtx, action: string, p: ProposalRow, details: Record<string, unknown> = {}) =>
  recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action, targetType: 'proposal', targetId: p.id, targetLabel: p.title, ip: ctx.ip, details: { clientId: p.clientId, ...details } });

async function firmOf(tx: Tx, firmId: string): Promise<Firm> {
  const firm = await findFirm(tx, firmId);
  if (!firm) throw notFound('Your firm');
  return firm;
}

const stale = () => new AppError('STALE_VERSION', 'Someone else changed this proposal after you opened it. Reload to see what changed, then try again.');

/** The three Australian engagement templates, each item linked to this firm's service template of that name. */
export async function listProposalTemplates(ctx: StaffCtx): Promise<{ items: ProposalTemplate[] }> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const rows = await tx.select({ id: serviceTemplates.id, name: serviceTemplates.name }).from(serviceTemplates).where(and(eq(serviceTemplates.firmId, ctx.firmId), eq(serviceTemplates.archived, false)));
    return {
      items: PROPOSAL_TEMPLATES.map(({ items, ...t }) => ({
        ...t,
        items: items.map(({ serviceTemplateName, ...i }) => ({ ...i, scope: i.scope ?? '', gst: i.gst ?? 'taxable', optional: i.optional ?? false, serviceTemplateId: rows.find((r) => r.name === serviceTemplateName)?.id ?? null })),
      })),
    };
  });
}

/** Signers as entered: a portal user of this client (their name and e-mail), or a name and e-mail address (the only kind a prospect has). */
async function resolveSigners(tx: Tx, ctx: StaffCtx, clientId: string | null, input: CreateBody['signers']): Promise<ProposalSignerDef[]> {
  const ids = input.flatMap((s) => ('portalUserId' in s ? [s.portalUserId] : []));
  if (clientId === null && ids.length > 0) {
    throw new AppError('VALIDATION', 'A prospect has no portal users yet: enter each signer’s name and e-mail address.', { errors: input.flatMap((s, i) => ('portalUserId' in s ? [{ path: `body.signers.${i}.portalUserId`, message: 'a prospect has no portal users; enter a name and e-mail' }] : [])) });
  }
  const people = ids.length === 0 || clientId === null ? [] : await tx.select().from(portalUsers).where(and(eq(portalUsers.firmId, ctx.firmId), eq(portalUsers.clientId, clientId), inArray(portalUsers.id, ids)));
  const out = input.map((s, i) => {
    if (!('portalUserId' in s)) return { portalUserId: null, name: s.name, email: s.email };
    const p = people.find((x) => x.id === s.portalUserId && x.status !== 'disabled');
    if (!p) throw new AppError('VALIDATION', 'A signer is not one of this client’s portal users.', { errors: [{ path: `body.signers.${i}.portalUserId`, message: 'is not a portal user of this client' }] });
    return { portalUserId: p.id, name: p.name, email: p.email.toLowerCase() };
  });
  if (new Set(out.map((s) => s.email)).size !== out.length) throw new AppError('VALIDATION', 'The same person is a signer twice.', { errors: [{ path: 'body.signers', message: 'has the same e-mail address twice' }] });
  return out;
}

async function assertItems(tx: Tx, firmId: string, items: { serviceTemplateId?: string | null }[]) {
  const ids = [...new Set(items.flatMap((i) => (i.serviceTemplateId ? [i.serviceTemplateId] : [])))];
  if (ids.length === 0) return;
  const found = await tx.select({ id: serviceTemplates.id }).from(serviceTemplates).where(and(eq(serviceTemplates.firmId, firmId), inArray(serviceTemplates.id, ids)));
  const known = new Set(found.map((f) => f.id));
  const errors = items.flatMap((i, n) => (i.serviceTemplateId && !known.has(i.serviceTemplateId) ? [{ path: `body.items.${n}.serviceTemplateId`, message: 'is not one of your service templates' }] : []));
  if (errors.length > 0) throw new AppError('VALIDATION', 'An item links to a service template that was not found.', { errors });
}

function assertExpiry(expiresOn: string, today: string) {
  if (expiresOn < today) throw new AppError('VALIDATION', 'The expiry date is in the past. Choose today or a later date.', { errors: [{ path: 'body.expiresOn', message: 'is in the past' }] });
}

/** A draft proposal for one of the firm's clients, or for a prospect (who becomes a client when it is accepted). */
export async function createProposal(ctx: StaffCtx, body: CreateBody, opts: { sourceRequestId?: string } = {}): Promise<ProposalDetail> {
  const key = await firmDataKey(ctx, ctx.firmId);
  const id = await ctx.db.withFirm(ctx.firmId, async (tx) => createProposalIn(tx, ctx, key, body, opts));
  return getProposal(ctx, id);
}

export async function createProposalIn(tx: Tx, ctx: StaffCtx, key: { dataKey: Buffer; keyId: string }, body: CreateBody, opts: { sourceRequestId?: string } = {}): Promise<string> {
  const firm = await firmOf(tx, ctx.firmId);
  assertExpiry(body.expiresOn, firmToday(firm, ctx.now));
  const clientId = body.clientId ?? null;
  if (clientId) {
    const [client] = await tx.select({ id: clients.id }).from(clients).where(and(eq(clients.firmId, ctx.firmId), eq(clients.id, clientId)));
    if (!client) throw new AppError('VALIDATION', 'That client was not found.', { errors: [{ path: 'body.clientId', message: 'is not one of your clients' }] });
  }
  const prospect = clientId ? null : prospectDef(body.prospect);
  await assertItems(tx, ctx.firmId, body.items);
  const signers = await resolveSigners(tx, ctx, clientId, body.signers);
  const id = randomUUID();
  const draft: DraftContent = { intro: body.intro, terms: body.terms, items: withIds(body.items) };
  const [row] = await tx.insert(proposals).values({
    id, firmId: ctx.firmId, clientId, prospect, title: body.title, expiresOn: body.expiresOn, invoiceOnAcceptance: body.invoiceOnAcceptance,
    content: sealDraft(key.dataKey, ctx.firmId, id, draft), keyId: key.keyId, signers, oneOffTotalCents: price(draft.items, firm.gstRegistered).oneOffTotalCents,
    createdById: ctx.actor.userId, sourceRequestId: opts.sourceRequestId ?? null, createdAt: ctx.now, updatedAt: ctx.now,
  }).returning();
  if (!row) throw new Error('proposal insert returned nothing');
  await audit(tx, ctx, 'proposal.drafted', row);
  return id;
}

function prospectDef(input: CreateBody['prospect']): ProposalProspectDef {
  if (!input) throw new AppError('VALIDATION', 'Choose a client, or enter the prospect.', { errors: [{ path: 'body.clientId', message: 'choose a client, or enter the prospect' }] });
  return { name: input.name, type: input.type, abn: input.abn ?? null };
}

/** Changes a draft. A sent proposal cannot change: make a new version (revise), edit it, and send it again. */
export async function updateProposal(ctx: StaffCtx, id: string, body: UpdateBody): Promise<ProposalDetail> {
  const key = await firmDataKey(ctx, ctx.firmId);
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId: ctx.firmId, id, lock: true });
    if (p.status !== 'draft') throw new AppError('CONFLICT', 'This proposal was sent, so it cannot be changed. Make a new version of it, change that, and send it again.');
    if (p.version !== body.version) throw stale();
    const firm = await firmOf(tx, ctx.firmId);
    if (body.expiresOn) assertExpiry(body.expiresOn, firmToday(firm, ctx.now));
    if (body.items) await assertItems(tx, ctx.firmId, body.items);
    const draft = openDraft(key.dataKey, p);
    const next: DraftContent = { intro: body.intro ?? draft.intro, terms: body.terms ?? draft.terms, items: body.items ? withIds(body.items) : draft.items };
    if (body.prospect && !p.prospect) throw new AppError('VALIDATION', 'This proposal is for a client, not a prospect.', { errors: [{ path: 'body.prospect', message: 'only a proposal for a prospect has one' }] });
    const signers = body.signers ? await resolveSigners(tx, ctx, p.clientId, body.signers) : p.signers;
    const [u] = await tx.update(proposals).set({
      ...(body.prospect ? { prospect: prospectDef(body.prospect) } : {}),
      title: body.title ?? p.title, expiresOn: body.expiresOn ?? p.expiresOn, invoiceOnAcceptance: body.invoiceOnAcceptance ?? p.invoiceOnAcceptance,
      content: sealDraft(key.dataKey, ctx.firmId, id, next), keyId: key.keyId, signers, oneOffTotalCents: price(next.items, firm.gstRegistered).oneOffTotalCents,
      version: p.version + 1, updatedAt: ctx.now,
    }).where(and(eq(proposals.firmId, ctx.firmId), eq(proposals.id, id))).returning();
    if (u) await audit(tx, ctx, 'proposal.draft_updated', u, { fields: Object.keys(body).filter((k) => k !== 'version') });
  });
  return getProposal(ctx, id);
}

function signingEmail(ctx: { config: StaffCtx['config'] }, firm: Firm, p: ProposalRow, signer: { name: string }, token: string, reminder: boolean) {
  // No prices or terms in the e-mail: only who it is from, what it is, and the link.
  return renderEmail(emailBranding(ctx.config, firm), {
    subject: reminder ? `Reminder: ${firm.displayName} is waiting for your signature` : `${firm.displayName} sent you a proposal to sign`,
    heading: reminder ? 'Your proposal is waiting for your signature' : 'A proposal to review and sign',
    paragraphs: [
      `Hello ${signer.name.split(' ')[0] ?? signer.name},`,
      `${firm.displayName} sent you “${p.title}” to review and sign electronically. The link below opens it without signing in; it works until ${p.expiresOn.slice(8, 10)}/${p.expiresOn.slice(5, 7)}/${p.expiresOn.slice(0, 4)} and only for you.`,
      'If you have a client portal account you can also sign it there, under Proposals.',
    ],
    button: { label: 'Review and sign', url: `${portalBaseUrl(ctx.config, firm.slug)}/sign#token=${token}` },
  });
}

/** A new link for one signer (256-bit token, stored hashed), e-mailed through the outbox; the signer's earlier links stop working. */
export async function issueSigningLink(tx: Tx, ctx: { config: StaffCtx['config']; now: Date }, firm: Firm, p: ProposalRow, signer: { id: string; name: string; email: string; portalUserId?: string | null }, emailKey: string, reminder: boolean) {
  await tx.update(signingLinks).set({ revokedAt: ctx.now }).where(and(eq(signingLinks.firmId, p.firmId), eq(signingLinks.signerId, signer.id), isNull(signingLinks.revokedAt), isNull(signingLinks.usedAt)));
  const token = randomToken();
  await tx.insert(signingLinks).values({ firmId: p.firmId, proposalId: p.id, signerId: signer.id, version: p.currentVersion, tokenHash: sha256Hex(token), expiresAt: endOfDay(p.expiresOn, firm.timeZone), createdAt: ctx.now });
  // A portal user who turned "A proposal is ready to sign" off signs in the portal (Proposals); others need the e-mail.
  if (signer.portalUserId && !(await emailWanted(tx, { firmId: p.firmId, kind: 'portal', userId: signer.portalUserId, event: 'proposal_to_sign' }))) return;
  await enqueueEmail(tx, {
    firmId: p.firmId, clientId: p.clientId, idempotencyKey: emailKey, kind: reminder ? 'proposal_reminder' : 'proposal_sent', to: signer.email, ...signingEmail(ctx, firm, p, signer, token, reminder),
    // A digest entry points to Proposals in the portal, not to the signing link.
    ...(signer.portalUserId ? { optional: { userKind: 'portal' as const, userId: signer.portalUserId, event: 'proposal_to_sign', appBaseUrl: ctx.config.appBaseUrl, digestLink: `${portalBaseUrl(ctx.config, firm.slug)}/proposals/${p.id}` } } : {}),
  });
}

/**
 * Sends a draft: freezes it as the next version (merge fields filled in, totals worked out, the
 * PDF's SHA-256 recorded), makes one signer row and one e-mailed link per signer, and records `sent`.
 */
export async function sendProposal(ctx: StaffCtx, id: string, version: number): Promise<ProposalDetail> {
  const key = await firmDataKey(ctx, ctx.firmId);
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p, clientName } = await loadProposal(tx, { firmId: ctx.firmId, id, lock: true });
    if (p.status !== 'draft') throw new AppError('CONFLICT', p.status === 'sent' ? 'This proposal is already sent. Make a new version to send it again.' : `This proposal is ${p.status}, so it cannot be sent again. Start a new proposal instead.`);
    if (p.version !== version) throw stale();
    const firm = await firmOf(tx, ctx.firmId);
    assertExpiry(p.expiresOn, firmToday(firm, ctx.now));
    const content = buildContent(openDraft(key.dataKey, p), p, firm, clientName, true);
    const next = p.currentVersion + 1;
    const sentAt = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000);
    const pdf = await renderProposalPdf({ proposalId: p.id, version: next, sentAt, content, timeZone: firm.timeZone });
    const documentSha256 = sha256Hex(pdf);
    const versionId = randomUUID();
    await tx.insert(proposalVersions).values({ id: versionId, firmId: ctx.firmId, proposalId: id, version: next, snapshot: sealSnapshot(key.dataKey, ctx.firmId, versionId, content), keyId: key.keyId, documentSha256, sentById: ctx.actor.userId, sentAt });
    const [sent] = await tx.update(proposals).set({ status: 'sent', currentVersion: next, chosenOptionalItemIds: null, version: p.version + 1, updatedAt: ctx.now }).where(and(eq(proposals.firmId, ctx.firmId), eq(proposals.id, id))).returning();
    if (!sent) throw notFound('That proposal');
    for (const [position, s] of p.signers.entries()) {
      const [signer] = await tx.insert(proposalSigners).values({ firmId: ctx.firmId, proposalId: id, version: next, position, portalUserId: s.portalUserId, name: s.name, email: s.email, createdAt: ctx.now }).returning();
      if (!signer) throw new Error('signer insert returned nothing');
      await issueSigningLink(tx, ctx, firm, sent, signer, `proposal-sent:${signer.id}`, false);
      await appendEvent(tx, { firmId: ctx.firmId, proposalId: id, version: next, kind: 'sent', signer, authMethod: 'staff', ip: ctx.ip, userAgent: ctx.userAgent, at: ctx.now, data: { documentSha256, sentBy: actorLabel(ctx.actor) } });
    }
    await audit(tx, ctx, 'proposal.sent', sent, { version: next, documentSha256, signers: p.signers.map((s) => s.email) });
    await syncSourceRequest(tx, sent, 'sent', ctx.now);
  });
  return getProposal(ctx, id);
}

/** Withdraws a sent (or draft) proposal: its links stop working. It races signing under the row lock: whichever is first wins, the other gets 409. */
export async function withdrawProposal(ctx: StaffCtx, id: string, version: number): Promise<ProposalDetail> {
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId: ctx.firmId, id, lock: true });
    if (p.status !== 'sent' && p.status !== 'draft') throw new AppError('CONFLICT', `This proposal was already ${p.status}, so it cannot be withdrawn.`);
    if (p.version !== version) throw stale();
    await tx.update(signingLinks).set({ revokedAt: ctx.now }).where(and(eq(signingLinks.firmId, ctx.firmId), eq(signingLinks.proposalId, id), isNull(signingLinks.revokedAt)));
    const [u] = await tx.update(proposals).set({ status: 'withdrawn', version: p.version + 1, updatedAt: ctx.now }).where(and(eq(proposals.firmId, ctx.firmId), eq(proposals.id, id))).returning();
    if (p.currentVersion > 0) await appendEvent(tx, { firmId: ctx.firmId, proposalId: id, version: p.currentVersion, kind: 'withdrawn', authMethod: 'staff', ip: ctx.ip, userAgent: ctx.userAgent, at: ctx.now, data: { by: actorLabel(ctx.actor) } });
    if (u) await audit(tx, ctx, 'proposal.withdrawn', u);
    if (u) await syncSourceRequest(tx, u, 'withdrawn', ctx.now);
  });
  return getProposal(ctx, id);
}

/**
 * Starts a new version of a sent, declined, expired or withdrawn proposal: the proposal is a draft
 * again (its last content), the old version's links stop working, and earlier versions, signatures
 * and events are kept. Sending it makes version n + 1.
 */
export async function reviseProposal(ctx: StaffCtx, id: string, version: number): Promise<ProposalDetail> {
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId: ctx.firmId, id, lock: true });
    if (p.status === 'draft') throw new AppError('CONFLICT', 'This proposal is already a draft; change it and send it.');
    if (p.status === 'accepted') throw new AppError('CONFLICT', 'This proposal was accepted and signed, so it cannot change. Start a new proposal instead.');
    if (p.version !== version) throw stale();
    await tx.update(signingLinks).set({ revokedAt: ctx.now }).where(and(eq(signingLinks.firmId, ctx.firmId), eq(signingLinks.proposalId, id), isNull(signingLinks.revokedAt)));
    const [u] = await tx.update(proposals).set({ status: 'draft', chosenOptionalItemIds: null, version: p.version + 1, updatedAt: ctx.now }).where(and(eq(proposals.firmId, ctx.firmId), eq(proposals.id, id))).returning();
    if (u) await audit(tx, ctx, 'proposal.revised', u, { fromVersion: p.currentVersion });
    if (u) await syncSourceRequest(tx, u, 'revised', ctx.now);
  });
  return getProposal(ctx, id);
}

export async function listProposals(ctx: StaffCtx, q: z.output<typeof proposalListQuerySchema>): Promise<{ items: ProposalSummary[]; total: number; page: number; pageSize: number }> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const firm = await firmOf(tx, ctx.firmId);
    const today = firmToday(firm, ctx.now);
    // Expired is derived, so the Sent filter leaves expired ones out and the Expired filter finds them among the sent.
    const stored = q.status === 'expired' ? 'sent' : q.status;
    const where = and(eq(proposals.firmId, ctx.firmId), stored ? eq(proposals.status, stored) : undefined, q.clientId ? eq(proposals.clientId, q.clientId) : undefined);
    const rows = await tx.select({ p: proposals, clientName: clients.name }).from(proposals).leftJoin(clients, and(eq(clients.id, proposals.clientId), eq(clients.firmId, proposals.firmId)))
      .where(where).orderBy(desc(proposals.updatedAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(proposals).where(where);
    const items = await Promise.all(rows.map(async (r) => summary(r.p, partyName(r.p, r.clientName), today, await signersOf(tx, r.p))));
    return { items: q.status ? items.filter((i) => i.status === q.status) : items, total: Number(n), page: q.page, pageSize: q.pageSize };
  });
}

function summary(p: ProposalRow, clientName: string, today: string, signers: { status: string }[]): ProposalSummary {
  return {
    id: p.id, client: { id: p.clientId, name: clientName }, prospect: p.prospect ? { name: p.prospect.name, type: p.prospect.type, abn: p.prospect.abn } : null, title: p.title, status: displayStatus(p, today), currentVersion: p.currentVersion, expiresOn: p.expiresOn,
    oneOffTotalCents: p.oneOffTotalCents, signersSigned: signers.filter((s) => s.status === 'signed').length, signersTotal: p.status === 'draft' ? p.signers.length : signers.length,
    createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(), version: p.version,
  };
}

/** Staff detail: content (the draft, or the version sent), signers with tracking, versions and the evidence trail. */
export async function getProposal(ctx: StaffCtx, id: string): Promise<ProposalDetail> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p, clientName } = await loadProposal(tx, { firmId: ctx.firmId, id });
    const firm = await firmOf(tx, ctx.firmId);
    const v = p.status === 'draft' ? undefined : await currentVersionRow(tx, p);
    const content = v ? openSnapshot(key.dataKey, v) : buildContent(openDraft(key.dataKey, p), p, firm, clientName, false);
    if (v && p.chosenOptionalItemIds) Object.assign(content, { totals: price(content.items, firm.gstRegistered, p.chosenOptionalItemIds).totals });
    const signers = p.currentVersion > 0 ? await signersOf(tx, p) : [];
    const events = await listEvents(tx, { firmId: ctx.firmId, proposalId: id });
    const versions = await tx.select({ version: proposalVersions.version, sentAt: proposalVersions.sentAt, documentSha256: proposalVersions.documentSha256 }).from(proposalVersions)
      .where(and(eq(proposalVersions.firmId, ctx.firmId), eq(proposalVersions.proposalId, id))).orderBy(proposalVersions.version);
    // What acceptance set up, by name, in the order it was made.
    const made = p.serviceIds.length === 0 ? [] : await tx.select({ id: services.id, name: services.name }).from(services).where(and(eq(services.firmId, ctx.firmId), inArray(services.id, p.serviceIds)));
    const madeById = new Map(made.map((s) => [s.id, s]));
    return {
      ...summary(p, clientName, firmToday(firm, ctx.now), p.status === 'draft' ? [] : signers),
      content,
      signerInputs: p.signers,
      signers: p.status === 'draft' ? [] : trackSigners(signers, events.filter((e) => e.version === p.currentVersion)),
      chosenOptionalItemIds: p.chosenOptionalItemIds,
      versions: versions.map((x) => ({ version: x.version, sentAt: x.sentAt.toISOString(), documentSha256: x.documentSha256 })),
      events: events.map(toEventDto),
      invoiceOnAcceptance: p.invoiceOnAcceptance,
      acceptedAt: p.acceptedAt?.toISOString() ?? null,
      serviceIds: p.serviceIds,
      services: p.serviceIds.flatMap((sid) => madeById.get(sid) ?? []),
      invoiceId: p.invoiceId,
      signedDocumentId: p.signedDocumentId,
      signedPdfSha256: p.signedPdfSha256,
      verificationCode: p.verificationCode,
      sourceRequestId: p.sourceRequestId,
    };
  });
}

/** The PDF of the version sent last, byte for byte the one whose SHA-256 was recorded at send. */
export async function proposalPdf(ctx: StaffCtx, id: string): Promise<{ fileName: string; pdf: Buffer }> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { p } = await loadProposal(tx, { firmId: ctx.firmId, id });
    const v = p.currentVersion > 0 ? await currentVersionRow(tx, p) : undefined;
    if (!v) throw new AppError('CONFLICT', 'This proposal has not been sent yet, so there is no PDF of it.');
    const firm = await firmOf(tx, ctx.firmId);
    const pdf = await renderProposalPdf({ proposalId: p.id, version: v.version, sentAt: v.sentAt, content: openSnapshot(key.dataKey, v), timeZone: firm.timeZone });
    return { fileName: `${p.title.replace(/[^\w .-]+/g, '').slice(0, 80) || 'Proposal'} v${v.version}.pdf`, pdf };
  });
}
