import type { z } from 'zod';
import type { StaffMember, inviteStaffBodySchema } from '../../../contracts/staff.js';
import type { StaffRole } from '../../../contracts/auth.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorLabel, type StaffCtx } from '../../platform/tenancy/context.js';
import { endAllSessions, issueInvitation, usersWithTwoFactor } from '../accounts/index.js';
import { recordAudit } from '../audit/index.js';
import { findFirm } from '../firms/index.js';
import * as repo from './staff.repository.js';

function toMember(row: repo.StaffUserRow): StaffMember {
  return { id: row.id, name: row.name, email: row.email, role: row.role, status: row.status, lastLoginAt: row.lastLoginAt?.toISOString() ?? null };
}

function assertManager(ctx: StaffCtx) {
  if (ctx.actor.role === 'staff') throw new AppError('FORBIDDEN', 'Only the firm’s owners and admins can manage the team.');
}

const actor = (ctx: StaffCtx) => ({ kind: 'staff' as const, id: ctx.actor.userId, label: actorLabel(ctx.actor) });

/** Every staff member of the signed-in firm. */
export async function listStaff(ctx: StaffCtx): Promise<StaffMember[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const rows = await repo.listStaff(tx, { firmId: ctx.firmId });
    const withTwoFactor = await usersWithTwoFactor(tx, ctx.firmId, 'staff', rows.map((r) => r.id));
    return rows.map((r) => ({ ...toMember(r), twoFactorOn: withTwoFactor.has(r.id) }));
  });
}

/** Invites a staff member by e-mail (owners and admins). Staff e-mails are unique across firms. */
export async function inviteStaff(ctx: StaffCtx, body: z.output<typeof inviteStaffBodySchema>): Promise<StaffMember> {
  assertManager(ctx);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const firm = await findFirm(tx, ctx.firmId);
    if (!firm) throw notFound('Your firm');
    const row = await repo.insertStaffMember(tx, { firmId: ctx.firmId, email: body.email, name: body.name, role: body.role, status: 'invited' });
    if (!row) {
      throw new AppError('EMAIL_TAKEN', 'That email address already belongs to a Ledger Loom staff account.', { errors: [{ path: 'email', message: 'is already a staff account' }] });
    }
    await issueInvitation(tx, ctx, { firm, userKind: 'staff', user: row, actor: actor(ctx), ip: ctx.ip, now: ctx.now });
    return toMember(row);
  });
}

async function loadMember(ctx: StaffCtx, tx: Parameters<Parameters<StaffCtx['db']['withFirm']>[1]>[0], id: string) {
  const row = await repo.findStaffMember(tx, { firmId: ctx.firmId, id });
  if (!row) throw notFound('That team member');
  return row;
}

/** Resends a pending staff invitation; the earlier link stops working. */
export async function resendStaffInvitation(ctx: StaffCtx, id: string): Promise<StaffMember> {
  assertManager(ctx);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await loadMember(ctx, tx, id);
    if (row.status !== 'invited') throw new AppError('CONFLICT', `${row.name} has already accepted their invitation.`);
    const firm = await findFirm(tx, ctx.firmId);
    if (!firm) throw notFound('Your firm');
    await issueInvitation(tx, ctx, { firm, userKind: 'staff', user: row, actor: actor(ctx), ip: ctx.ip, now: ctx.now });
    return toMember(row);
  });
}

/** Changes a role (owners and admins; only owners make or unmake owners; the last owner stays). */
export async function changeRole(ctx: StaffCtx, id: string, role: StaffRole): Promise<StaffMember> {
  assertManager(ctx);
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await loadMember(ctx, tx, id);
    if ((role === 'owner' || row.role === 'owner') && ctx.actor.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can make someone an owner or change an owner’s role.');
    if (row.role === 'owner' && role !== 'owner' && (await repo.countActiveOwners(tx, { firmId: ctx.firmId })) <= 1) {
      throw new AppError('CONFLICT', 'A firm needs at least one owner. Make someone else an owner first.');
    }
    if (row.role === role) return toMember(row);
    const updated = await repo.updateStaffMember(tx, { firmId: ctx.firmId, id, set: { role } });
    if (!updated) throw notFound('That team member');
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'staff.role_changed', targetType: 'staff_user', targetId: id, targetLabel: row.email, ip: ctx.ip, details: { from: row.role, to: role } });
    return toMember(updated);
  });
}

/** Disables or re-enables a staff member; disabling ends their sessions at once. */
export async function setStaffDisabled(ctx: StaffCtx, id: string, disabled: boolean): Promise<StaffMember> {
  assertManager(ctx);
  if (disabled && id === ctx.actor.userId) throw new AppError('CONFLICT', 'You cannot disable your own account.');
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const row = await loadMember(ctx, tx, id);
    if (row.role === 'owner' && ctx.actor.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can disable an owner.');
    if (disabled && row.status === 'disabled') return toMember(row);
    if (disabled && row.role === 'owner' && row.status === 'active' && (await repo.countActiveOwners(tx, { firmId: ctx.firmId })) <= 1) {
      throw new AppError('CONFLICT', 'A firm needs at least one active owner. Make someone else an owner first.');
    }
    if (!disabled && row.status !== 'disabled') return toMember(row);
    const status = disabled ? 'disabled' : row.passwordHash ? 'active' : 'invited';
    const updated = await repo.updateStaffMember(tx, { firmId: ctx.firmId, id, set: { status } });
    if (!updated) throw notFound('That team member');
    const ended = disabled ? await endAllSessions(tx, { firmId: ctx.firmId, userKind: 'staff', userId: id }) : 0;
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: disabled ? 'staff.disabled' : 'staff.enabled', targetType: 'staff_user', targetId: id, targetLabel: row.email, ip: ctx.ip, details: disabled ? { sessionsEnded: ended } : {} });
    return toMember(updated);
  });
}
