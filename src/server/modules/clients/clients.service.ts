import type { z } from 'zod';
import type { Client, OutboxEmail, PortalUser, createClientBodySchema, createPortalUserBodySchema, updateClientBodySchema } from '../../../contracts/clients.js';
import type { Tx } from '../../db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listClientEmails } from '../../platform/mail/outbox.js';
import { actorLabel, type StaffCtx } from '../../platform/tenancy/context.js';
import { endAllSessions, issueInvitation, pendingInvitationExpiry, revokeInvitation, usersWithTwoFactor } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { findFirm } from '../firms/index.js';
import * as repo from './clients.repository.js';

type ClientWithExtras = NonNullable<Awaited<ReturnType<typeof repo.findClient>>>;

function toClient(r: ClientWithExtras): Client {
  const c = r.client;
  return {
    id: c.id, type: c.type, name: c.name, abn: c.abn, acn: c.acn, email: c.email, phone: c.phone, address: c.address,
    assignedStaffId: c.assignedStaffId, assignedStaffName: r.assignedStaffName ?? null, portalUserCount: Number(r.portalUserCount),
    version: c.version, createdAt: c.createdAt.toISOString(),
  };
}

function toPortalUser(row: repo.PortalUserRow, invitationExpiresAt: Date | null): PortalUser {
  return {
    id: row.id, clientId: row.clientId, name: row.name, email: row.email, status: row.status,
    invitedAt: row.invitedAt?.toISOString() ?? null, invitationExpiresAt: row.status === 'invited' ? (invitationExpiresAt?.toISOString() ?? null) : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}

const actor = (ctx: StaffCtx) => ({ kind: 'staff' as const, id: ctx.actor.userId, label: actorLabel(ctx.actor) });

async function assertAssignable(tx: Tx, ctx: StaffCtx, staffId: string | null | undefined) {
  if (staffId && !(await repo.staffMemberExists(tx, { firmId: ctx.firmId, staffId }))) {
    throw new AppError('VALIDATION', 'The assigned team member was not found in your firm.', { errors: [{ path: 'body.assignedStaffId', message: 'is not a member of your team' }] });
  }
}

/** A page of the firm's clients, optionally filtered by name, e-mail or ABN. */
export async function listClients(ctx: StaffCtx, query: { q?: string | undefined; page: number; pageSize: number }) {
  const { items, total } = await ctx.db.withFirm(ctx.firmId, (tx) => repo.listClients(tx, { firmId: ctx.firmId, ...query }));
  return { items: items.map(toClient), total, page: query.page, pageSize: query.pageSize };
}

export async function getClient(ctx: StaffCtx, clientId: string): Promise<Client> {
  const row = await ctx.db.withFirm(ctx.firmId, (tx) => repo.findClient(tx, { firmId: ctx.firmId, clientId }));
  if (!row) throw notFound('That client');
  return toClient(row);
}

export async function createClient(ctx: StaffCtx, body: z.output<typeof createClientBodySchema>): Promise<Client> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const id = await createClientIn(tx, ctx, body);
    const row = await repo.findClient(tx, { firmId: ctx.firmId, clientId: id });
    if (!row) throw notFound('That client');
    return toClient(row);
  });
}

/** Creates a client inside the caller's transaction (also used when a prospect accepts a proposal); returns its id. */
export async function createClientIn(tx: Tx, ctx: StaffCtx, body: z.output<typeof createClientBodySchema>): Promise<string> {
  await assertAssignable(tx, ctx, body.assignedStaffId);
  const { id } = await repo.insertClient(tx, { ...body, firmId: ctx.firmId });
  await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'client.created', targetType: 'client', targetId: id, targetLabel: body.name, ip: ctx.ip });
  return id;
}

/** Updates a client; a stale `version` (someone saved first) is 409 and nothing is written. */
export async function updateClient(ctx: StaffCtx, clientId: string, body: z.output<typeof updateClientBodySchema>): Promise<Client> {
  const { version, ...set } = body;
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const current = await repo.findClient(tx, { firmId: ctx.firmId, clientId });
    if (!current) throw notFound('That client');
    if (version === undefined) throw new AppError('VALIDATION', 'Send the version you edited.', { errors: [{ path: 'body.version', message: 'is required' }] });
    await assertAssignable(tx, ctx, set.assignedStaffId);
    const type = set.type ?? current.client.type;
    const acn = set.acn === undefined ? current.client.acn : set.acn;
    if (acn && !['company', 'smsf', 'trust'].includes(type)) throw new AppError('VALIDATION', 'An ACN only applies to a company (or a corporate trustee).', { errors: [{ path: 'body.acn', message: 'only applies to a company' }] });
    const updated = await repo.updateClient(tx, { firmId: ctx.firmId, clientId, version, set });
    if (!updated) throw new AppError('STALE_VERSION', 'Someone else saved changes to this client after you opened it. Reload to see them, then make your change again.');
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'client.updated', targetType: 'client', targetId: clientId, targetLabel: set.name ?? current.client.name, ip: ctx.ip, details: { fields: Object.keys(set) } });
    const row = await repo.findClient(tx, { firmId: ctx.firmId, clientId });
    if (!row) throw notFound('That client');
    return toClient(row);
  });
}

export async function listPortalUsers(ctx: StaffCtx, clientId: string): Promise<PortalUser[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    if (!(await repo.findClient(tx, { firmId: ctx.firmId, clientId }))) throw notFound('That client');
    const rows = await repo.listPortalUsers(tx, { firmId: ctx.firmId, clientId });
    const withTwoFactor = await usersWithTwoFactor(tx, ctx.firmId, 'portal', rows.map((r) => r.id));
    const users: PortalUser[] = [];
    for (const r of rows) {
      const expires = r.status === 'invited' ? await pendingInvitationExpiry(tx, { firmId: ctx.firmId, userKind: 'portal', userId: r.id }) : null;
      users.push({ ...toPortalUser(r, expires), twoFactorOn: withTwoFactor.has(r.id) });
    }
    return users;
  });
}

/** Adds a portal user to a client and, unless told not to, e-mails the invitation ("Invite to portal"). */
export async function createPortalUser(ctx: StaffCtx, clientId: string, body: z.output<typeof createPortalUserBodySchema>): Promise<PortalUser> {
  return ctx.db.withFirm(ctx.firmId, (tx) => createPortalUserIn(tx, ctx, clientId, body));
}

/** createPortalUser inside the caller's transaction (also used when a prospect accepts a proposal). */
export async function createPortalUserIn(tx: Tx, ctx: StaffCtx, clientId: string, body: z.output<typeof createPortalUserBodySchema>): Promise<PortalUser> {
  const client = await repo.findClient(tx, { firmId: ctx.firmId, clientId });
  if (!client) throw notFound('That client');
  const row = await repo.insertPortalUser(tx, { firmId: ctx.firmId, clientId, email: body.email, name: body.name, status: body.sendInvitation ? 'invited' : 'not_invited', invitedAt: body.sendInvitation ? ctx.now : null });
  if (!row) throw new AppError('EMAIL_TAKEN', 'That email address already has a portal account with your firm.', { errors: [{ path: 'body.email', message: 'already has a portal account with your firm' }] });
  await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'portal_user.created', targetType: 'portal_user', targetId: row.id, targetLabel: row.email, ip: ctx.ip, details: { clientId } });
  let expires: Date | null = null;
  if (body.sendInvitation) {
    const firm = await findFirm(tx, ctx.firmId);
    if (!firm) throw notFound('Your firm');
    expires = (await issueInvitation(tx, ctx, { firm, userKind: 'portal', user: row, clientId, actor: actor(ctx), ip: ctx.ip, now: ctx.now })).expiresAt;
  }
  return toPortalUser(row, expires);
}

async function loadPortalUser(tx: Tx, ctx: StaffCtx, id: string) {
  const row = await repo.findPortalUser(tx, { firmId: ctx.firmId, portalUserId: id });
  if (!row) throw notFound('That portal user');
  return row;
}

/** Sends (or re-sends) the invitation; any earlier link stops working. */
export async function sendPortalInvitation(ctx: StaffCtx, id: string): Promise<PortalUser> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await loadPortalUser(tx, ctx, id);
    if (row.status === 'active') throw new AppError('CONFLICT', `${row.name} already has an active portal account. They can use Forgot Password if they can't sign in.`);
    if (row.status === 'disabled') throw new AppError('CONFLICT', `${row.name}'s portal access is disabled. Enable it before inviting them again.`);
    const firm = await findFirm(tx, ctx.firmId);
    if (!firm) throw notFound('Your firm');
    const { expiresAt } = await issueInvitation(tx, ctx, { firm, userKind: 'portal', user: row, clientId: row.clientId, actor: actor(ctx), ip: ctx.ip, now: ctx.now });
    const updated = await repo.updatePortalUser(tx, { firmId: ctx.firmId, portalUserId: id, set: { status: 'invited', invitedAt: ctx.now } });
    return toPortalUser(updated ?? row, expiresAt);
  });
}

export async function revokePortalInvitation(ctx: StaffCtx, id: string): Promise<PortalUser> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await loadPortalUser(tx, ctx, id);
    if (row.status !== 'invited') throw new AppError('CONFLICT', 'There is no pending invitation to revoke.');
    await revokeInvitation(tx, { firmId: ctx.firmId, userKind: 'portal', userId: id, userEmail: row.email, actor: actor(ctx), ip: ctx.ip, now: ctx.now });
    const updated = await repo.updatePortalUser(tx, { firmId: ctx.firmId, portalUserId: id, set: { status: 'not_invited' } });
    return toPortalUser(updated ?? row, null);
  });
}

/** Disables a portal user (their sessions end at once) or re-enables them. */
export async function setPortalUserDisabled(ctx: StaffCtx, id: string, disabled: boolean): Promise<PortalUser> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await loadPortalUser(tx, ctx, id);
    if (disabled === (row.status === 'disabled')) return toPortalUser(row, null);
    let status: repo.PortalUserRow['status'] = 'disabled';
    let ended = 0;
    if (disabled) {
      ended = await endAllSessions(tx, { firmId: ctx.firmId, userKind: 'portal', userId: id });
      if (row.status === 'invited') await revokeInvitation(tx, { firmId: ctx.firmId, userKind: 'portal', userId: id, userEmail: row.email, actor: actor(ctx), ip: ctx.ip, now: ctx.now }).catch(() => undefined);
    } else {
      status = row.passwordHash ? 'active' : 'not_invited';
    }
    const updated = await repo.updatePortalUser(tx, { firmId: ctx.firmId, portalUserId: id, set: { status } });
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: disabled ? 'portal_user.disabled' : 'portal_user.enabled', targetType: 'portal_user', targetId: id, targetLabel: row.email, ip: ctx.ip, details: disabled ? { sessionsEnded: ended } : {} });
    return toPortalUser(updated ?? row, null);
  });
}

/** What was e-mailed to a client's people, with delivery state. */
export async function listEmailsForClient(ctx: StaffCtx, clientId: string): Promise<OutboxEmail[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    if (!(await repo.findClient(tx, { firmId: ctx.firmId, clientId }))) throw notFound('That client');
    const rows = await listClientEmails(tx, { firmId: ctx.firmId, clientId });
    return rows.map((r) => ({ id: r.id, to: r.toAddress, subject: r.subject, kind: r.kind, status: r.status, attempts: r.attempts, lastError: r.lastError, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null }));
  });
}
