import {
  displayPhone, portalNotificationEvents, staffNotificationEvents,
  type ConfirmEmailChangeReply, type NotificationChannel, type NotificationPreferences, type Profile,
} from '../../../contracts/profile.js';
import type { Tx } from '../../db/client.js';
import { assertAcceptablePassword, hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { assertUnderLimit, clearRateLimit, consumeRateLimit, hitRateLimit } from '../../platform/auth/rate-limit.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import { randomToken, sha256Hex } from '../../platform/crypto/tokens.js';
import { AppError } from '../../platform/errors.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import type { BaseCtx, ClientCtx, StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { findFirm, type Firm } from '../firms/index.js';
import { confirmEmailChangeEmail, emailChangeNoticeEmail, linkUrl, passwordChangedEmail } from './accounts.emails.js';
import * as accountsRepo from './accounts.repository.js';
import type { UserKind } from './accounts.repository.js';
import * as repo from './profile.repository.js';
import { revokeTrustedDevices } from './two-factor.service.js';

export const EMAIL_CHANGE_TTL_MS = 24 * 3600_000;
const REAUTH_WINDOW_S = 15 * 60;
const REAUTH_LIMIT = 10;
const INVALID_LINK = 'This link has expired, has already been used or is not valid. Ask for a new one from your profile.';

/** The signed-in person, whoever they are: staff or portal. Ids come from the session only. */
export interface Me { kind: UserKind; firmId: string; userId: string; sessionId: string; ctx: BaseCtx }

export function meOf(ctx: StaffCtx | ClientCtx): Me {
  return ctx.actor.kind === 'staff'
    ? { kind: 'staff', firmId: ctx.firmId, userId: ctx.actor.userId, sessionId: ctx.actor.sessionId, ctx }
    : { kind: 'portal', firmId: ctx.firmId, userId: ctx.actor.portalUserId, sessionId: ctx.actor.sessionId, ctx };
}

const targetType = (kind: UserKind) => (kind === 'staff' ? 'staff_user' : 'portal_user');

async function load(tx: Tx, me: Me) {
  const [user, firm] = [await repo.findProfileUser(tx, me), await findFirm(tx, me.firmId)];
  if (!user || !firm) throw new AppError('UNAUTHENTICATED');
  return { user, firm };
}

async function toProfile(tx: Tx, me: Me, user: repo.ProfileUser): Promise<Profile> {
  return { name: user.name, email: user.email, phone: user.phone, phoneDisplay: displayPhone(user.phone), pendingEmail: await repo.findPendingEmailChange(tx, { firmId: me.firmId, userId: me.userId, now: me.ctx.now }) };
}

export async function getProfile(me: Me): Promise<Profile> {
  return me.ctx.db.withFirm(me.firmId, async (tx) => toProfile(tx, me, (await load(tx, me)).user));
}

/** Name and phone (already normalised to E.164 by the contract). Last write wins; the audit keeps the old values. */
export async function updateProfile(me: Me, body: { name: string; phone: string | null }): Promise<Profile> {
  return me.ctx.db.withFirm(me.firmId, async (tx) => {
    const { user } = await load(tx, me);
    await repo.updateProfileUser(tx, { ...me, set: { name: body.name, phone: body.phone } });
    await recordAudit(tx, {
      firmId: me.firmId, actorKind: me.kind, actorId: me.userId, actorLabel: `${body.name} <${user.email}>`, action: 'profile.updated',
      targetType: targetType(me.kind), targetId: me.userId, targetLabel: user.email, ip: me.ctx.ip,
      details: { before: { name: user.name, phone: user.phone }, after: { name: body.name, phone: body.phone } },
    });
    return toProfile(tx, me, { ...user, name: body.name, phone: body.phone });
  });
}

/**
 * Re-authentication with the current password, throttled like sign-in: every attempt counts against
 * the account (a success clears it), failures count against the address too.
 */
async function checkCurrentPassword(me: Me, user: repo.ProfileUser, firm: Firm, password: string) {
  const message = 'Too many attempts with the wrong password. Wait a few minutes and try again.';
  const accountKey = `reauth:${me.kind}:${me.firmId}:${me.userId}`;
  await assertUnderLimit(me.ctx.db, `login:ip:${me.ctx.ip}`, 100, message);
  await consumeRateLimit(me.ctx.db, accountKey, REAUTH_LIMIT, REAUTH_WINDOW_S, message);
  if (await verifyPassword(user.passwordHash, password)) {
    await clearRateLimit(me.ctx.db, accountKey);
    return;
  }
  await hitRateLimit(me.ctx.db, `login:ip:${me.ctx.ip}`, REAUTH_WINDOW_S);
  await me.ctx.db.withFirm(me.firmId, (tx) => recordAudit(tx, {
    firmId: firm.id, actorKind: me.kind, actorId: me.userId, actorLabel: `${user.name} <${user.email}>`, action: 'reauthentication.failed',
    targetType: targetType(me.kind), targetId: me.userId, targetLabel: user.email, ip: me.ctx.ip,
  }));
  const text = 'Your current password is not right. Check it and try again.';
  throw new AppError('UNPROCESSABLE', text, { errors: [{ path: 'currentPassword', message: text }] });
}

/** The current password, checked and throttled as above (two-factor: turning it off, new recovery codes). */
export async function reauthenticate(me: Me, password: string): Promise<{ name: string; email: string }> {
  const { user, firm } = await me.ctx.db.withFirm(me.firmId, (tx) => load(tx, me));
  await checkCurrentPassword(me, user, firm, password);
  return { name: user.name, email: user.email };
}

/**
 * Changes the password after checking the current one. Every other session of the person ends (this
 * one stays), pending reset links die, and a "your password was changed" e-mail goes out (SECURITY.md 7.4).
 */
export async function changePassword(me: Me, body: { currentPassword: string; newPassword: string }): Promise<{ sessionsEnded: number }> {
  const { user, firm } = await me.ctx.db.withFirm(me.firmId, (tx) => load(tx, me));
  await checkCurrentPassword(me, user, firm, body.currentPassword);
  if (body.newPassword === body.currentPassword) {
    const text = 'Choose a new password that is different from your current one.';
    throw new AppError('WEAK_PASSWORD', text, { errors: [{ path: 'newPassword', message: text }] });
  }
  try {
    assertAcceptablePassword(body.newPassword, { email: user.email, firmNames: [firm.displayName, firm.legalName] });
  } catch (e) {
    // The policy names the field "password"; here it is "newPassword".
    if (e instanceof AppError) throw new AppError(e.code, e.message, { errors: [{ path: 'newPassword', message: e.message }] });
    throw e;
  }
  const passwordHash = await hashPassword(body.newPassword);
  return me.ctx.db.withFirm(me.firmId, async (tx) => {
    if (me.kind === 'staff') await accountsRepo.updateStaffCredentials(tx, { firmId: me.firmId, userId: me.userId, set: { passwordHash } });
    else await accountsRepo.updatePortalCredentials(tx, { firmId: me.firmId, userId: me.userId, set: { passwordHash } });
    const sessionsEnded = await deleteUserSessions(tx, me.firmId, me.kind, me.userId, me.sessionId);
    await revokeTrustedDevices(tx, { firmId: me.firmId, kind: me.kind, userId: me.userId }, me.ctx.now);
    await accountsRepo.revokeLinkTokens(tx, { firmId: me.firmId, userId: me.userId, purpose: 'password_reset', now: me.ctx.now });
    const signInUrl = me.kind === 'staff' ? staffUrl(me.ctx.config, '/login') : `${portalBaseUrl(me.ctx.config, firm.slug)}/login`;
    await enqueueEmail(tx, {
      firmId: me.firmId, clientId: user.clientId, idempotencyKey: `password-changed:profile:${me.userId}:${me.ctx.now.getTime()}`, kind: 'password_changed', to: user.email,
      ...passwordChangedEmail(me.ctx.config, firm, { name: user.name, at: me.ctx.now, signInUrl, keptThisDevice: true }),
    });
    await recordAudit(tx, {
      firmId: me.firmId, actorKind: me.kind, actorId: me.userId, actorLabel: `${user.name} <${user.email}>`, action: 'password.changed',
      targetType: targetType(me.kind), targetId: me.userId, targetLabel: user.email, ip: me.ctx.ip, details: { sessionsEnded },
    });
    return { sessionsEnded };
  });
}

/** Staff addresses are unique across firms (one sign-in page); portal addresses within the firm. */
async function assertEmailFree(tx: Tx, me: { kind: UserKind; firmId: string; userId: string }, email: string) {
  const taken = me.kind === 'staff'
    ? (await accountsRepo.findFirmIdForStaffEmail(tx, email)) !== null
    : await repo.portalEmailTaken(tx, { firmId: me.firmId, email, exceptUserId: me.userId });
  if (taken) {
    const text = me.kind === 'staff'
      ? 'That email address is already used by another Ledger Loom account. Use a different address.'
      : 'That email address is already used by another account on this portal. Use a different address.';
    throw new AppError('EMAIL_TAKEN', text, { errors: [{ path: 'newEmail', message: text }] });
  }
}

/**
 * Starts an e-mail change: checks the password and that the address is free, then e-mails a 24-hour
 * single-use link to the new address and a notice to the old one. Nothing changes until the link is used.
 */
export async function requestEmailChange(me: Me, body: { newEmail: string; currentPassword: string }): Promise<{ pendingEmail: string; message: string }> {
  const { user, firm } = await me.ctx.db.withFirm(me.firmId, (tx) => load(tx, me));
  if (body.newEmail === user.email) {
    const text = 'That is already your email address.';
    throw new AppError('UNPROCESSABLE', text, { errors: [{ path: 'newEmail', message: text }] });
  }
  await checkCurrentPassword(me, user, firm, body.currentPassword);
  await me.ctx.db.withFirm(me.firmId, async (tx) => {
    await assertEmailFree(tx, me, body.newEmail);
    await accountsRepo.revokeLinkTokens(tx, { firmId: me.firmId, userId: me.userId, purpose: 'email_change', now: me.ctx.now });
    const token = randomToken();
    const expiresAt = new Date(me.ctx.now.getTime() + EMAIL_CHANGE_TTL_MS);
    const row = await accountsRepo.insertLinkToken(tx, {
      tokenHash: sha256Hex(token), firmId: me.firmId, purpose: 'email_change', userKind: me.kind, userId: me.userId, newEmail: body.newEmail, expiresAt, createdAt: me.ctx.now,
    });
    const url = linkUrl(me.ctx.config, firm, me.kind, 'email_change', token);
    await enqueueEmail(tx, {
      firmId: me.firmId, clientId: user.clientId, idempotencyKey: `email-change:${row.id}`, kind: 'email_change', to: body.newEmail,
      ...confirmEmailChangeEmail(me.ctx.config, firm, { name: user.name, newEmail: body.newEmail, url, expiresAt, portal: me.kind === 'portal' }),
    });
    await enqueueEmail(tx, {
      firmId: me.firmId, clientId: user.clientId, idempotencyKey: `email-change-requested:${row.id}`, kind: 'email_change_notice', to: user.email,
      ...emailChangeNoticeEmail(me.ctx.config, firm, { name: user.name, newEmail: body.newEmail, at: me.ctx.now, done: false }),
    });
    await recordAudit(tx, {
      firmId: me.firmId, actorKind: me.kind, actorId: me.userId, actorLabel: `${user.name} <${user.email}>`, action: 'email_change.requested',
      targetType: targetType(me.kind), targetId: me.userId, targetLabel: user.email, ip: me.ctx.ip, details: { newEmail: body.newEmail },
    });
  });
  return { pendingEmail: body.newEmail, message: `We have sent a link to ${body.newEmail}. Your email address changes when you open it (within 24 hours).` };
}

/**
 * The link from the new address's inbox: applies the change once. Unknown, used, revoked and expired
 * links get the same answer; the address is checked again in case it was taken meanwhile.
 */
export async function confirmEmailChange(ctx: BaseCtx, token: string): Promise<ConfirmEmailChangeReply> {
  const tokenHash = sha256Hex(token);
  const firmId = await ctx.db.withoutFirm((tx) => accountsRepo.findFirmIdForLinkToken(tx, tokenHash));
  if (!firmId) throw new AppError('LINK_INVALID', INVALID_LINK);
  return ctx.db.withFirm(firmId, async (tx) => {
    const link = await accountsRepo.findLinkToken(tx, { firmId, tokenHash });
    if (!link || link.purpose !== 'email_change' || !link.newEmail || link.usedAt || link.revokedAt || link.expiresAt <= ctx.now) throw new AppError('LINK_INVALID', INVALID_LINK);
    const me = { kind: link.userKind, firmId, userId: link.userId };
    const [user, firm] = [await repo.findProfileUser(tx, me), await findFirm(tx, firmId)];
    if (!user || !firm || user.status === 'disabled') throw new AppError('LINK_INVALID', INVALID_LINK);
    await assertEmailFree(tx, me, link.newEmail);
    if (!(await accountsRepo.consumeLinkToken(tx, { firmId, id: link.id, now: ctx.now }))) throw new AppError('LINK_INVALID', INVALID_LINK);
    await repo.updateProfileUser(tx, { ...me, set: { email: link.newEmail } });
    // A reset link e-mailed to the old address must not outlive the change.
    await accountsRepo.revokeLinkTokens(tx, { firmId, userId: user.id, purpose: 'password_reset', now: ctx.now });
    await enqueueEmail(tx, {
      firmId, clientId: user.clientId, idempotencyKey: `email-changed:${link.id}`, kind: 'email_change_notice', to: user.email,
      ...emailChangeNoticeEmail(ctx.config, firm, { name: user.name, newEmail: link.newEmail, at: ctx.now, done: true }),
    });
    await recordAudit(tx, {
      firmId, actorKind: link.userKind, actorId: user.id, actorLabel: `${user.name} <${link.newEmail}>`, action: 'email_change.confirmed',
      targetType: targetType(link.userKind), targetId: user.id, targetLabel: link.newEmail, ip: ctx.ip, details: { oldEmail: user.email },
    });
    return { kind: link.userKind, portalSlug: link.userKind === 'portal' ? firm.slug : null, email: link.newEmail };
  });
}

const eventsFor = (kind: UserKind) => (kind === 'staff' ? staffNotificationEvents : portalNotificationEvents);

export async function getNotificationPreferences(me: Me): Promise<NotificationPreferences> {
  const stored = await me.ctx.db.withFirm(me.firmId, (tx) => repo.listPreferences(tx, me));
  return {
    items: eventsFor(me.kind).map((e) => ({
      event: e.event, label: e.label,
      channel: stored.find((s) => s.event === e.event)?.channel ?? 'immediately',
    })),
  };
}

/** Saves the person's choices; events that are not theirs (a staff event from the portal) are refused. */
export async function updateNotificationPreferences(me: Me, body: { items: { event: string; channel: NotificationChannel }[] }): Promise<NotificationPreferences> {
  const allowed = new Set<string>(eventsFor(me.kind).map((e) => e.event));
  const errors = body.items.flatMap((item, i) => (allowed.has(item.event) ? [] : [{ path: `items.${i}.event`, message: 'is not an e-mail you can choose here' }]));
  if (errors.length) throw new AppError('VALIDATION', 'Some details need fixing.', { errors });
  await me.ctx.db.withFirm(me.firmId, async (tx) => {
    const { user } = await load(tx, me);
    for (const item of body.items) await repo.setPreference(tx, { ...me, event: item.event, channel: item.channel });
    await recordAudit(tx, {
      firmId: me.firmId, actorKind: me.kind, actorId: me.userId, actorLabel: `${user.name} <${user.email}>`, action: 'notification_preferences.updated',
      targetType: targetType(me.kind), targetId: me.userId, targetLabel: user.email, ip: me.ctx.ip,
      details: Object.fromEntries(body.items.map((i) => [i.event, i.channel])),
    });
  });
  return getNotificationPreferences(me);
}

/**
 * Whether a person wants an optional e-mail at all (no row means "immediately"; "daily" is wanted:
 * enqueueEmail, given the `optional` event, holds it for the digest). For other modules' senders.
 */
export async function emailWanted(tx: Tx, input: { firmId: string; kind: UserKind; userId: string; event: string }): Promise<boolean> {
  const rows = await repo.listPreferences(tx, input);
  return rows.find((r) => r.event === input.event)?.channel !== 'off';
}
