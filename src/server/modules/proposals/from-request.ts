import { and, desc, eq, inArray, notInArray } from 'drizzle-orm';
import type { z } from 'zod';
import { createProposalBodySchema, type ProposalStatus } from '../../../contracts/proposals.js';
import { SOMETHING_ELSE } from '../../../contracts/service-requests.js';
import type { Tx } from '../../db/client.js';
import { portalUsers, proposals, serviceRequests, serviceTemplates } from '../../db/schema/index.js';
import { AppError } from '../../platform/errors.js';
import type { Firm } from '../firms/index.js';
import { addDays } from '../work/periods.js';
import { displayStatus, firmToday, type ProposalRow } from './proposals.core.js';
import { ENGAGEMENT_TERMS, PROPOSAL_TEMPLATES } from './templates.js';

/**
 * A service request answered by a proposal (issue 7: "convert the request into a proposal,
 * pre-filled"), and the request following its proposal: sent → `proposed`; accepted → `accepted`;
 * declined, withdrawn or a draft again → `in_discussion`. Only the request's newest proposal moves it,
 * and never once the request is decided.
 */

type RequestRow = typeof serviceRequests.$inferSelect;
type CreateBody = z.output<typeof createProposalBodySchema>;

const auLongDate = (d: Date, timeZone: string) => new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(d);

/**
 * The proposal template for the kind of work asked for: the most specific one (fewest required items)
 * that leads with it, else one that includes it (not as an option). BAS Preparation → BAS quarterly
 * service, Company Tax Return → Annual compliance package, SMSF → SMSF annual compliance.
 */
export function templateForCategory(category: string) {
  const required = (t: (typeof PROPOSAL_TEMPLATES)[number]) => t.items.filter((i) => !i.optional).length;
  const leading = PROPOSAL_TEMPLATES.filter((t) => t.items[0]?.serviceTemplateName === category).sort((a, b) => required(a) - required(b));
  return leading[0] ?? PROPOSAL_TEMPLATES.find((t) => t.items.some((i) => !i.optional && i.serviceTemplateName === category));
}

/**
 * The draft for a request: the template's title, items and engagement letter (or one item named after
 * the kind of work, $0 for staff to price), an introduction saying it answers the request (quoting its
 * start), the person who asked as the signer, and the template's validity (30 days) as the expiry.
 */
export async function draftForRequest(tx: Tx, firm: Firm, now: Date, r: RequestRow, s: { clientName: string; description: string; templateKey?: string }): Promise<CreateBody> {
  const template = s.templateKey ? PROPOSAL_TEMPLATES.find((t) => t.key === s.templateKey) : templateForCategory(r.category);
  const names = await tx.select({ id: serviceTemplates.id, name: serviceTemplates.name }).from(serviceTemplates).where(and(eq(serviceTemplates.firmId, firm.id), eq(serviceTemplates.archived, false)));
  const somethingElse = r.category === SOMETHING_ELSE;
  const items = template
    ? template.items.map(({ serviceTemplateName, ...i }) => ({ ...i, serviceTemplateId: names.find((n) => n.name === serviceTemplateName)?.id ?? null }))
    : [{ description: somethingElse ? 'Advice and work as discussed' : r.category.slice(0, 200), scope: '', serviceTemplateId: r.templateId && names.some((n) => n.id === r.templateId) ? r.templateId : null, kind: 'one_off' as const, quantityMilli: 1000, unitPriceCents: 0 }];
  const asked = s.description.replace(/\s+/g, ' ').trim();
  const quote = asked.length > 280 ? `${asked.slice(0, 279).trimEnd()}…` : asked;
  const intro = [
    `Thank you for your request in our client portal on ${auLongDate(r.createdAt, firm.timeZone)}${somethingElse ? '' : ` (${r.category})`}. This proposal answers it${quote ? `: you asked “${quote}”` : ''}.`,
    template?.intro ?? 'It sets out what we will do for {{client.name}} and what it costs.',
  ].join('\n\n');
  // The person who asked signs, if they can still sign in; else the client's other active portal users.
  const people = await tx.select({ id: portalUsers.id, status: portalUsers.status }).from(portalUsers).where(and(eq(portalUsers.firmId, firm.id), eq(portalUsers.clientId, r.clientId)));
  const asker = people.find((p) => p.id === r.portalUserId && p.status !== 'disabled');
  const signers = asker ? [{ portalUserId: asker.id }] : people.filter((p) => p.status === 'active').slice(0, 1).map((p) => ({ portalUserId: p.id }));
  if (signers.length === 0) throw new AppError('CONFLICT', `${s.clientName} has no one who can sign in to the portal to sign a proposal. Add a portal user for them first, or start a proposal with a signer's e-mail address.`);
  return createProposalBodySchema.parse({
    clientId: r.clientId,
    // A client's name may be 200 characters, a title at most 200: "Proposal for …" is cut to fit.
    title: template?.title ?? (somethingElse ? `Proposal for ${s.clientName}`.slice(0, 200).trimEnd() : r.category.slice(0, 200)),
    intro, terms: template?.terms ?? ENGAGEMENT_TERMS, items, signers,
    expiresOn: addDays(firmToday(firm, now), template?.validDays ?? 30),
    invoiceOnAcceptance: false,
  });
}

/** The newest proposal made from each request, with its status as shown (expired derived). */
export async function proposalsOfRequests(tx: Tx, firm: Firm, now: Date, requestIds: string[]): Promise<Map<string, { id: string; status: ProposalStatus; sent: boolean }>> {
  const out = new Map<string, { id: string; status: ProposalStatus; sent: boolean }>();
  if (requestIds.length === 0) return out;
  const rows = await tx.select({ id: proposals.id, sourceRequestId: proposals.sourceRequestId, status: proposals.status, expiresOn: proposals.expiresOn, currentVersion: proposals.currentVersion })
    .from(proposals).where(and(eq(proposals.firmId, firm.id), inArray(proposals.sourceRequestId, requestIds))).orderBy(desc(proposals.createdAt), desc(proposals.id));
  const today = firmToday(firm, now);
  for (const p of rows) {
    if (p.sourceRequestId && !out.has(p.sourceRequestId)) out.set(p.sourceRequestId, { id: p.id, status: displayStatus(p, today), sent: p.currentVersion > 0 });
  }
  return out;
}

/** A proposal still in play for its request (a draft, sent and not expired, or accepted): the request cannot get another, nor be accepted as a service or declined. */
export const proposalInPlay = (status: ProposalStatus | undefined) => status === 'draft' || status === 'sent' || status === 'accepted';

export type RequestEvent = 'sent' | 'revised' | 'withdrawn' | 'declined' | 'accepted';

/** Moves the proposal's source request along with it (inside the proposal's transaction, under its row lock). */
export async function syncSourceRequest(tx: Tx, p: ProposalRow, event: RequestEvent, now: Date, serviceIds: string[] = []): Promise<void> {
  if (!p.sourceRequestId) return;
  const [newest] = await tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.firmId, p.firmId), eq(proposals.sourceRequestId, p.sourceRequestId))).orderBy(desc(proposals.createdAt), desc(proposals.id)).limit(1);
  if (newest?.id !== p.id) return;
  const [r] = await tx.select().from(serviceRequests).where(and(eq(serviceRequests.firmId, p.firmId), eq(serviceRequests.id, p.sourceRequestId), notInArray(serviceRequests.status, ['accepted', 'declined']))).for('update');
  if (!r) return;
  const next = event === 'sent' ? 'proposed' : event === 'accepted' ? 'accepted' : 'in_discussion';
  await tx.update(serviceRequests).set({
    status: next, version: r.version + 1, updatedAt: now,
    ...(event === 'accepted' ? { serviceId: serviceIds[0] ?? null, decidedById: p.createdById } : {}),
  }).where(eq(serviceRequests.id, r.id));
}
