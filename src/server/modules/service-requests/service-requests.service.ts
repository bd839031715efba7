import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  SOMETHING_ELSE, serviceRequestStatusLabels, type acceptServiceRequestBodySchema, type createServiceRequestBodySchema, type declineServiceRequestBodySchema,
  type replyServiceRequestBodySchema, type ServiceRequestDto, type serviceRequestListQuerySchema,
} from '../../../contracts/service-requests.js';
import type { Tx } from '../../db/client.js';
import { clients, documents, portalUsers, serviceRequests, serviceTemplates, staffNotifications, staffUsers } from '../../db/schema/index.js';
import { consumeRateLimit } from '../../platform/auth/rate-limit.js';
import { openText, sealText } from '../../platform/crypto/sealed-text.js';
import { AppError, notFound } from '../../platform/errors.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { emailWanted } from '../accounts/index.js';
import { renderEmail } from '../../platform/mail/template.js';
import { actorLabel, type ClientCtx, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey } from '../documents/data-keys.js';
import { emailBranding, findFirm } from '../firms/index.js';
import { createThread, postMessage } from '../messages/messages.service.js';
import { createServiceIn, ensureDefaultTemplates } from '../work/work.service.js';
import type { proposalFromRequestBodySchema } from '../../../contracts/proposals.js';
import { draftForRequest, proposalInPlay, proposalsOfRequests } from '../proposals/from-request.js';
import { createProposalIn, getProposal } from '../proposals/proposals.service.js';

type Row = typeof serviceRequests.$inferSelect;

async function toDto(tx: Tx, ctx: StaffCtx | ClientCtx, key: Buffer, rows: { r: Row; clientName: string }[]): Promise<ServiceRequestDto[]> {
  const ids = [...new Set(rows.flatMap((x) => x.r.attachmentIds))];
  const docs = ids.length === 0 ? [] : await tx
    .select({ id: documents.id, fileName: documents.fileName, sizeBytes: documents.sizeBytes, contentType: documents.contentType, status: documents.status })
    .from(documents)
    .where(and(eq(documents.firmId, ctx.firmId), inArray(documents.id, ids)));
  // The proposal answering each request: staff see it from the draft on, the client once it was sent.
  const firm = await findFirm(tx, ctx.firmId);
  const linked = firm ? await proposalsOfRequests(tx, firm, ctx.now, rows.map((x) => x.r.id)) : new Map<string, never>();
  const proposalOf = (id: string) => {
    const p = linked.get(id);
    return p && (ctx.actor.kind !== 'client' || p.sent) ? p : null;
  };
  return rows.map(({ r, clientName }) => ({
    id: r.id, client: { id: r.clientId, name: clientName }, requestedBy: r.requestedByName, category: r.category, templateId: r.templateId,
    description: openText(key, ctx.firmId, r.id, r.description),
    attachments: r.attachmentIds.flatMap((id) => {
      const d = docs.find((x) => x.id === id && x.status === 'available');
      return d ? [{ id: d.id, fileName: d.fileName, sizeBytes: d.sizeBytes, contentType: d.contentType }] : [];
    }),
    status: r.status, threadId: r.threadId, serviceId: r.serviceId, declineReason: r.declineReason,
    proposalId: proposalOf(r.id)?.id ?? null, proposalStatus: proposalOf(r.id)?.status ?? null,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), version: r.version,
  }));
}

function select(tx: Tx) {
  return tx.select({ r: serviceRequests, clientName: clients.name }).from(serviceRequests).innerJoin(clients, and(eq(clients.id, serviceRequests.clientId), eq(clients.firmId, serviceRequests.firmId)));
}

/**
 * What a client may ask for: the firm's service templates (not archived ones), then "Something else".
 * A new firm's Australian defaults are copied in here too, as the staff templates list does on first
 * look, so its clients never see an empty list.
 */
export async function requestOptions(ctx: ClientCtx) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    await ensureDefaultTemplates(tx, ctx.firmId);
    const templates = await tx
      .select({ id: serviceTemplates.id, name: serviceTemplates.name })
      .from(serviceTemplates)
      .where(and(eq(serviceTemplates.firmId, ctx.firmId), eq(serviceTemplates.archived, false)))
      .orderBy(serviceTemplates.name);
    return { categories: [...templates.map((t) => ({ templateId: t.id, label: t.name })), { templateId: null, label: SOMETHING_ELSE }] };
  });
}

/** Tells the client's assigned team member (else every owner and admin) in the app and by e-mail — never quoting the request. */
async function notifyStaff(tx: Tx, ctx: ClientCtx, request: Row, clientName: string) {
  const [client] = await tx.select({ assignedStaffId: clients.assignedStaffId }).from(clients).where(and(eq(clients.firmId, ctx.firmId), eq(clients.id, request.clientId)));
  const cols = { id: staffUsers.id, email: staffUsers.email };
  let people = client?.assignedStaffId ? await tx.select(cols).from(staffUsers).where(and(eq(staffUsers.firmId, ctx.firmId), eq(staffUsers.id, client.assignedStaffId), eq(staffUsers.status, 'active'))) : [];
  if (people.length === 0) people = await tx.select(cols).from(staffUsers).where(and(eq(staffUsers.firmId, ctx.firmId), eq(staffUsers.status, 'active'), inArray(staffUsers.role, ['owner', 'admin'])));
  const firm = await findFirm(tx, ctx.firmId);
  for (const p of people) {
    await tx.insert(staffNotifications).values({ firmId: ctx.firmId, staffUserId: p.id, kind: 'service_request', title: `${clientName} requested a service: ${request.category}`, link: '/app/requests' });
    if (!firm) continue;
    const email = renderEmail(emailBranding(ctx.config, firm), {
      subject: `${clientName} requested a service`,
      heading: 'A new service request',
      paragraphs: [`${ctx.actor.name} of ${clientName} asked for ${request.category === SOMETHING_ELSE ? 'new work' : request.category} in the client portal.`, 'Open the request in Ledger Loom to reply, accept it as a service or decline it.'],
      button: { label: 'Open the requests', url: staffUrl(ctx.config, '/requests') },
    });
    await enqueueEmail(tx, { firmId: ctx.firmId, clientId: request.clientId, idempotencyKey: `service-request:${request.id}:${p.id}`, kind: 'service_request', to: p.email, ...email,
      optional: { userKind: 'staff', userId: p.id, event: 'service_request_received', appBaseUrl: ctx.config.appBaseUrl },
    });
  }
}

export async function createRequest(ctx: ClientCtx, body: z.output<typeof createServiceRequestBodySchema>): Promise<ServiceRequestDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  await consumeRateLimit(ctx.db, `service-requests:${ctx.actor.portalUserId}`, 5, 3600, 'You have sent 5 service requests in the last hour. Please wait, or add details to one you have sent by messaging the firm.');
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    let category = SOMETHING_ELSE;
    if (body.templateId) {
      const [t] = await tx.select({ name: serviceTemplates.name }).from(serviceTemplates).where(and(eq(serviceTemplates.firmId, ctx.firmId), eq(serviceTemplates.id, body.templateId)));
      if (!t) throw new AppError('VALIDATION', 'That kind of service was not found. Choose one from the list.', { errors: [{ path: 'body.templateId', message: 'was not found' }] });
      category = t.name;
    }
    const attachmentIds = [...new Set(body.attachmentIds)];
    if (attachmentIds.length > 0) {
      const found = await tx.select({ id: documents.id }).from(documents).where(and(eq(documents.firmId, ctx.firmId), eq(documents.clientId, ctx.actor.clientId), eq(documents.status, 'available'), eq(documents.visibleToClient, true), inArray(documents.id, attachmentIds)));
      if (found.length !== attachmentIds.length) throw new AppError('VALIDATION', 'An attachment was not found among your documents. Upload it again, then send the request.', { errors: [{ path: 'body.attachmentIds', message: 'were not all found' }] });
    }
    const id = randomUUID();
    const [row] = await tx
      .insert(serviceRequests)
      .values({ id, firmId: ctx.firmId, clientId: ctx.actor.clientId, portalUserId: ctx.actor.portalUserId, requestedByName: ctx.actor.name, templateId: body.templateId, category, description: sealText(key.dataKey, ctx.firmId, id, body.description), keyId: key.keyId, attachmentIds, createdAt: ctx.now, updatedAt: ctx.now })
      .returning();
    if (!row) throw new Error('service request insert returned nothing');
    const [client] = await tx.select({ name: clients.name }).from(clients).where(and(eq(clients.firmId, ctx.firmId), eq(clients.id, ctx.actor.clientId)));
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'portal', actorId: ctx.actor.portalUserId, actorLabel: actorLabel(ctx.actor), action: 'service_request.submitted', targetType: 'service_request', targetId: id, targetLabel: category, ip: ctx.ip });
    await notifyStaff(tx, ctx, row, client?.name ?? '');
    const [dto] = await toDto(tx, ctx, key.dataKey, [{ r: row, clientName: client?.name ?? '' }]);
    if (!dto) throw new Error('service request vanished');
    return dto;
  });
}

export async function portalRequests(ctx: ClientCtx) {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const rows = await select(tx).where(and(eq(serviceRequests.firmId, ctx.firmId), eq(serviceRequests.clientId, ctx.actor.clientId))).orderBy(desc(serviceRequests.createdAt)).limit(100);
    return { items: await toDto(tx, ctx, key.dataKey, rows) };
  });
}

export async function listRequests(ctx: StaffCtx, q: z.output<typeof serviceRequestListQuerySchema>) {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const where = and(eq(serviceRequests.firmId, ctx.firmId), q.status ? eq(serviceRequests.status, q.status) : undefined, q.clientId ? eq(serviceRequests.clientId, q.clientId) : undefined);
    const rows = await select(tx).where(where).orderBy(desc(serviceRequests.createdAt)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(serviceRequests).where(where);
    const [{ open } = { open: 0 }] = await tx.select({ open: count() }).from(serviceRequests).where(and(eq(serviceRequests.firmId, ctx.firmId), inArray(serviceRequests.status, ['submitted', 'in_discussion'])));
    return { items: await toDto(tx, ctx, key.dataKey, rows), total: Number(n), page: q.page, pageSize: q.pageSize, openCount: Number(open) };
  });
}

async function loadOne(tx: Tx, ctx: StaffCtx, id: string, lock = false) {
  const q = select(tx).where(and(eq(serviceRequests.firmId, ctx.firmId), eq(serviceRequests.id, id)));
  const [row] = lock ? await q.for('update', { of: serviceRequests }) : await q;
  if (!row) throw notFound('That service request');
  return row;
}

export async function getRequest(ctx: StaffCtx, id: string): Promise<ServiceRequestDto> {
  const key = await firmDataKey(ctx, ctx.firmId);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const [dto] = await toDto(tx, ctx, key.dataKey, [await loadOne(tx, ctx, id)]);
    if (!dto) throw notFound('That service request');
    return dto;
  });
}

function assertOpen(r: Row, version: number) {
  if (r.version !== version) throw new AppError('STALE_VERSION', 'Someone else changed this request after you opened it. Reload to see what changed, then try again.');
  if (r.status === 'accepted' || r.status === 'declined') throw new AppError('CONFLICT', `This request was already ${r.status}.`);
}

/** While a proposal made from the request is a draft, out for signature or accepted, the request is the proposal's to decide. */
async function assertNoProposalInPlay(tx: Tx, ctx: StaffCtx, r: Row) {
  const firm = await findFirm(tx, ctx.firmId);
  const p = firm ? (await proposalsOfRequests(tx, firm, ctx.now, [r.id])).get(r.id) : undefined;
  if (proposalInPlay(p?.status)) {
    throw new AppError('CONFLICT', p?.status === 'accepted' ? 'This request was answered by a proposal the client accepted.' : `This request has a proposal ${p?.status === 'draft' ? 'being drafted' : 'waiting for the client’s signature'}. Withdraw the proposal first.`);
  }
}

/** The requester hears of a decision by e-mail (the reason is in the portal, not the e-mail). */
async function emailDecision(tx: Tx, ctx: StaffCtx, r: Row) {
  const [person] = await tx.select({ email: portalUsers.email, name: portalUsers.name, status: portalUsers.status }).from(portalUsers).where(and(eq(portalUsers.firmId, ctx.firmId), eq(portalUsers.id, r.portalUserId)));
  const firm = await findFirm(tx, ctx.firmId);
  if (!person || person.status !== 'active' || !firm) return;
  if (!(await emailWanted(tx, { firmId: ctx.firmId, kind: 'portal', userId: r.portalUserId, event: 'service_request_update' }))) return;
  const label = serviceRequestStatusLabels[r.status].toLowerCase();
  const email = renderEmail(emailBranding(ctx.config, firm), {
    subject: `Your service request was ${label}`,
    heading: `Service request ${label}`,
    paragraphs: [
      `Hello ${person.name.split(' ')[0] ?? person.name},`,
      r.status === 'accepted'
        ? `${firm.displayName} accepted your request (${r.category}) and has set it up as a service in your client portal.`
        : `${firm.displayName} has declined your request (${r.category}). The portal shows their reason.`,
    ],
    button: { label: 'Open the client portal', url: `${portalBaseUrl(ctx.config, firm.slug)}/request-service` },
  });
  await enqueueEmail(tx, { firmId: ctx.firmId, clientId: r.clientId, idempotencyKey: `service-request-${r.status}:${r.id}`, kind: 'service_request_update', to: person.email, ...email, optional: { userKind: 'portal', userId: r.portalUserId, event: 'service_request_update', appBaseUrl: ctx.config.appBaseUrl } });
}

/** Staff reply: the request's conversation (started on the first reply), and the request is In discussion. */
export async function replyToRequest(ctx: StaffCtx, id: string, body: z.output<typeof replyServiceRequestBodySchema>): Promise<ServiceRequestDto> {
  const current = await ctx.db.withFirm(ctx.firmId, async (tx) => (await loadOne(tx, ctx, id)).r);
  if (current.version !== body.version) throw new AppError('STALE_VERSION', 'Someone else changed this request after you opened it. Reload to see what changed, then try again.');
  const threadId = current.threadId
    ? (await postMessage(ctx, current.threadId, { body: body.body, attachmentIds: [] })).threadId
    : (await createThread(ctx, { clientId: current.clientId, subject: `Your request: ${current.category}`, body: body.body, link: null, attachmentIds: [] })).id;
  await ctx.db.withFirm(ctx.firmId, (tx) =>
    tx.update(serviceRequests)
      .set({ threadId, status: current.status === 'submitted' ? 'in_discussion' : current.status, version: current.version + 1, updatedAt: ctx.now })
      .where(and(eq(serviceRequests.firmId, ctx.firmId), eq(serviceRequests.id, id), eq(serviceRequests.version, current.version))),
  );
  return getRequest(ctx, id);
}

/**
 * Accepts the request as a service, in one transaction: the request is locked and checked, the service
 * made and the request marked together, so a double click or two staff at once make one service, and a
 * refused service (another firm's template, an unknown assignee) leaves the request as it was.
 */
export async function acceptRequest(ctx: StaffCtx, id: string, body: z.output<typeof acceptServiceRequestBodySchema>): Promise<ServiceRequestDto> {
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { r } = await loadOne(tx, ctx, id, true);
    assertOpen(r, body.version);
    await assertNoProposalInPlay(tx, ctx, r);
    const serviceId = await createServiceIn(tx, ctx, { clientId: r.clientId, templateId: body.templateId, name: body.name, periodStart: body.periodStart, dueDate: body.dueDate, assigneeId: body.assigneeId, agentConcession: true, visibleToClient: true, recurring: false });
    const [accepted] = await tx.update(serviceRequests).set({ status: 'accepted', decidedById: ctx.actor.userId, serviceId, version: r.version + 1, updatedAt: ctx.now }).where(and(eq(serviceRequests.firmId, ctx.firmId), eq(serviceRequests.id, id))).returning();
    if (!accepted) throw notFound('That service request');
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'service_request.accepted', targetType: 'service_request', targetId: id, targetLabel: accepted.category, ip: ctx.ip, details: { serviceId } });
    await emailDecision(tx, ctx, accepted);
  });
  return getRequest(ctx, id);
}

export async function declineRequest(ctx: StaffCtx, id: string, body: z.output<typeof declineServiceRequestBodySchema>): Promise<ServiceRequestDto> {
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { r } = await loadOne(tx, ctx, id, true);
    assertOpen(r, body.version);
    await assertNoProposalInPlay(tx, ctx, r);
    const [u] = await tx
      .update(serviceRequests)
      .set({ status: 'declined', declineReason: body.reason, decidedById: ctx.actor.userId, version: r.version + 1, updatedAt: ctx.now })
      .where(and(eq(serviceRequests.firmId, ctx.firmId), eq(serviceRequests.id, id)))
      .returning();
    if (!u) return;
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'service_request.declined', targetType: 'service_request', targetId: id, targetLabel: r.category, ip: ctx.ip, details: { reason: body.reason } });
    await emailDecision(tx, ctx, u);
  });
  return getRequest(ctx, id);
}

/**
 * Turns the request into a draft proposal for its client, pre-filled (draftForRequest) and linked to
 * it; the request is In discussion until the proposal is sent. Claimed under the request's row lock
 * with its version, in the one transaction that makes the draft: a double click makes one proposal
 * (409 for the other). A request with a proposal in play is 409; after a declined, withdrawn or
 * expired one a fresh proposal may be made.
 */
export async function proposeFromRequest(ctx: StaffCtx, id: string, body: z.output<typeof proposalFromRequestBodySchema>) {
  const key = await firmDataKey(ctx, ctx.firmId);
  const proposalId = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const { r, clientName } = await loadOne(tx, ctx, id, true);
    assertOpen(r, body.version);
    await assertNoProposalInPlay(tx, ctx, r);
    const firm = await findFirm(tx, ctx.firmId);
    if (!firm) throw notFound('Your firm');
    const draft = await draftForRequest(tx, firm, ctx.now, r, { clientName, description: openText(key.dataKey, ctx.firmId, r.id, r.description), templateKey: body.templateKey });
    const created = await createProposalIn(tx, ctx, key, draft, { sourceRequestId: r.id });
    await tx.update(serviceRequests).set({ status: 'in_discussion', version: r.version + 1, updatedAt: ctx.now }).where(and(eq(serviceRequests.firmId, ctx.firmId), eq(serviceRequests.id, id)));
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'service_request.proposal_drafted', targetType: 'service_request', targetId: id, targetLabel: r.category, ip: ctx.ip, details: { proposalId: created } });
    return created;
  });
  return { request: await getRequest(ctx, id), proposal: await getProposal(ctx, proposalId) };
}
