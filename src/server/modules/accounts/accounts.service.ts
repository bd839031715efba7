import type { InspectLinkReply } from '../../../contracts/auth.js';
import type { Tx } from '../../db/client.js';
import { sha256Hex, randomToken } from '../../platform/crypto/tokens.js';
import { AppError } from '../../platform/errors.js';
import { portalBaseUrl, staffUrl } from '../../platform/http/urls.js';
import { assertAcceptablePassword, hashPassword, needsRehash, verifyPassword } from '../../platform/auth/passwords.js';
import { assertUnderLimit, clearRateLimit, consumeRateLimit, hitRateLimit } from '../../platform/auth/rate-limit.js';
import { createSession, deleteSession, deleteUserSessions, resolveSession, type SessionKind, type SessionRow } from '../../platform/auth/sessions.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import type { BaseCtx, Deps } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { findFirm, findFirmBySlug, type Firm } from '../firms/index.js';
import * as repo from './accounts.repository.js';
import * as twoFactor from './two-factor.service.js';
import type { LinkPurpose, UserKind } from './accounts.repository.js';
import { invitationEmail, linkUrl, passwordChangedEmail, resetEmail } from './accounts.emails.js';
import { noticeNewSignIn } from './new-sign-in.js';

export const INVITATION_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 3600_000;
const LOGIN_WINDOW_S = 15 * 60;
const ACCOUNT_LOGIN_LIMIT = 10;
const IP_LOGIN_LIMIT = 100;
const INVALID_LINK = 'This link has expired, has already been used or is not valid. Ask your accounting firm to send you a new one.';
export const FORGOT_PASSWORD_MESSAGE =
  'If an account exists for that email address, we have sent it a link to reset the password. The link works for 1 hour.';

type Actor = { kind: 'staff' | 'portal' | 'anonymous' | 'system'; id?: string | null; label: string };

/**
 * Issues an invitation link (7 days, single use; a re-invite revokes the old one), writes the e-mail
 * to the outbox and the audit log — all in the caller's transaction.
 */
export async function issueInvitation(
  tx: Tx,
  deps: Deps,
  input: { firm: Firm; userKind: UserKind; user: { id: string; email: string; name: string }; clientId?: string | null; actor: Actor; ip: string; now: Date },
): Promise<{ expiresAt: Date; resent: boolean }> {
  const purpose: LinkPurpose = input.userKind === 'portal' ? 'portal_invitation' : 'staff_invitation';
  const revoked = await repo.revokeLinkTokens(tx, { firmId: input.firm.id, userId: input.user.id, purpose, now: input.now });
  const token = randomToken();
  const expiresAt = new Date(input.now.getTime() + INVITATION_TTL_MS);
  const row = await repo.insertLinkToken(tx, {
    tokenHash: sha256Hex(token), firmId: input.firm.id, purpose, userKind: input.userKind, userId: input.user.id, expiresAt, createdAt: input.now,
  });
  const email = invitationEmail(deps.config, input.firm, {
    userKind: input.userKind, name: input.user.name, email: input.user.email, url: linkUrl(deps.config, input.firm, input.userKind, purpose, token), expiresAt,
  });
  await enqueueEmail(tx, {
    firmId: input.firm.id, clientId: input.clientId ?? null, idempotencyKey: `invitation:${row.id}`, kind: purpose, to: input.user.email, ...email,
  });
  await recordAudit(tx, {
    firmId: input.firm.id, actorKind: input.actor.kind, actorId: input.actor.id ?? null, actorLabel: input.actor.label,
    action: revoked > 0 ? 'invitation.resent' : 'invitation.sent', targetType: input.userKind === 'portal' ? 'portal_user' : 'staff_user',
    targetId: input.user.id, targetLabel: input.user.email, ip: input.ip,
  });
  return { expiresAt, resent: revoked > 0 };
}

/** Revokes any pending invitation link of the user; the audit entry says who did it. */
export async function revokeInvitation(tx: Tx, input: { firmId: string; userKind: UserKind; userId: string; userEmail: string; actor: Actor; ip: string; now: Date }) {
  const purpose: LinkPurpose = input.userKind === 'portal' ? 'portal_invitation' : 'staff_invitation';
  const n = await repo.revokeLinkTokens(tx, { firmId: input.firmId, userId: input.userId, purpose, now: input.now });
  if (n === 0) throw new AppError('CONFLICT', 'There is no pending invitation to revoke.');
  await recordAudit(tx, {
    firmId: input.firmId, actorKind: input.actor.kind, actorId: input.actor.id ?? null, actorLabel: input.actor.label,
    action: 'invitation.revoked', targetType: input.userKind === 'portal' ? 'portal_user' : 'staff_user', targetId: input.userId, targetLabel: input.userEmail, ip: input.ip,
  });
}

export async function pendingInvitationExpiry(tx: Tx, input: { firmId: string; userKind: UserKind; userId: string }): Promise<Date | null> {
  const purpose: LinkPurpose = input.userKind === 'portal' ? 'portal_invitation' : 'staff_invitation';
  const row = await repo.findLatestInvitation(tx, { firmId: input.firmId, userId: input.userId, purpose });
  return row ? row.expiresAt : null;
}

/** Ends every session of a user now (disabling, password reset). */
export async function endAllSessions(tx: Tx, input: { firmId: string; userKind: UserKind; userId: string }): Promise<number> {
  return deleteUserSessions(tx, input.firmId, input.userKind, input.userId);
}

// ---------------------------------------------------------------------------------------------
// Sign-in

interface LoginResult<U> { token: string; session: SessionRow; user: U; firm: Firm; seenCookie: string; twoFactor?: undefined }
/** The sign-in cookies the browser presented: a remembered device (two-factor) and the "seen" list (new sign-in notice). */
export interface SignInCookies { device?: string | undefined; seen?: string | undefined }
/** Password right, two-factor on, device not remembered: no session yet, a code is due. */
export interface TwoFactorDue { twoFactor: { pendingToken: string; expiresAt: Date } }

/**
 * Per account, every attempt is counted before the password is checked (a success clears the
 * count), so parallel guesses cannot slip past the limit. Per address, only failures count: an
 * office behind one NAT address signs in many times a day.
 */
async function throttleLogin(ctx: BaseCtx, accountKey: string) {
  const message = 'Too many sign-in attempts. Wait a few minutes, or reset your password with Forgot Password.';
  await assertUnderLimit(ctx.db, `login:ip:${ctx.ip}`, IP_LOGIN_LIMIT, message);
  await consumeRateLimit(ctx.db, accountKey, ACCOUNT_LOGIN_LIMIT, LOGIN_WINDOW_S, message);
}

async function recordFailedLogin(ctx: BaseCtx, firmId: string | null, email: string, kind: UserKind) {
  await hitRateLimit(ctx.db, `login:ip:${ctx.ip}`, LOGIN_WINDOW_S);
  if (firmId) {
    await ctx.db.withFirm(firmId, (tx) =>
      recordAudit(tx, { firmId, actorKind: 'anonymous', actorLabel: email, action: 'login.failed', targetType: kind === 'staff' ? 'staff_user' : 'portal_user', targetLabel: email, ip: ctx.ip }),
    );
  }
}

function policy(ctx: BaseCtx) {
  return { idleMinutes: ctx.config.sessionIdleMinutes, absoluteHours: ctx.config.sessionAbsoluteHours };
}

/**
 * Staff sign-in. Unknown e-mail, wrong password and disabled account answer the same 401, and an
 * unknown e-mail still verifies a dummy hash so the timing matches (SECURITY.md 6.3.8).
 */
export async function staffLogin(ctx: BaseCtx, body: { email: string; password: string }, cookies: SignInCookies = {}): Promise<LoginResult<repo.StaffUserRow> | TwoFactorDue> {
  const accountKey = `login:staff:${body.email}`;
  await throttleLogin(ctx, accountKey);
  const firmId = await ctx.db.withoutFirm((tx) => repo.findFirmIdForStaffEmail(tx, body.email));
  const user = firmId ? await ctx.db.withFirm(firmId, (tx) => repo.findStaffUserByEmail(tx, { firmId, email: body.email })) : undefined;
  const ok = await verifyPassword(user?.status === 'active' ? user.passwordHash : null, body.password);
  if (!ok || !user || !firmId) {
    await recordFailedLogin(ctx, firmId, body.email, 'staff');
    throw new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
  }
  await clearRateLimit(ctx.db, accountKey);
  const newHash = user.passwordHash && needsRehash(user.passwordHash) ? await hashPassword(body.password) : null;
  return ctx.db.withFirm(firmId, async (tx) => {
    const firm = await findFirm(tx, firmId);
    if (!firm) throw new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
    const due = await twoFactorDue(tx, ctx, { firmId, kind: 'staff', userId: user.id }, user, cookies.device, newHash);
    if (due) return due;
    await repo.updateStaffCredentials(tx, { firmId, userId: user.id, set: { lastLoginAt: ctx.now, ...(newHash ? { passwordHash: newHash } : {}) } });
    const { token, session } = await createSession(tx, { firmId, kind: 'staff', userId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.now, policy: policy(ctx) });
    const seenCookie = await noticeNewSignIn(tx, ctx, firm, { firmId, kind: 'staff', userId: user.id, name: user.name, email: user.email, clientId: null, lastLoginAt: user.lastLoginAt }, cookies.seen);
    await recordAudit(tx, { firmId, actorKind: 'staff', actorId: user.id, actorLabel: `${user.name} <${user.email}>`, action: 'login.succeeded', targetType: 'staff_user', targetId: user.id, targetLabel: user.email, ip: ctx.ip });
    return { token, session, user, firm, seenCookie };
  });
}

/** Portal sign-in on one firm's portal; the session is bound to that firm. */
export async function portalLogin(ctx: BaseCtx, firm: Firm, body: { email: string; password: string }, cookies: SignInCookies = {}): Promise<LoginResult<repo.PortalUserRow> | TwoFactorDue> {
  const accountKey = `login:portal:${firm.id}:${body.email}`;
  await throttleLogin(ctx, accountKey);
  const user = await ctx.db.withFirm(firm.id, (tx) => repo.findPortalUserByEmail(tx, { firmId: firm.id, email: body.email }));
  const ok = await verifyPassword(user?.status === 'active' ? user.passwordHash : null, body.password);
  if (!ok || !user) {
    await recordFailedLogin(ctx, firm.id, body.email, 'portal');
    throw new AppError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
  }
  await clearRateLimit(ctx.db, accountKey);
  const newHash = user.passwordHash && needsRehash(user.passwordHash) ? await hashPassword(body.password) : null;
  return ctx.db.withFirm(firm.id, async (tx) => {
    const due = await twoFactorDue(tx, ctx, { firmId: firm.id, kind: 'portal', userId: user.id }, user, cookies.device, newHash);
    if (due) return due;
    await repo.updatePortalCredentials(tx, { firmId: firm.id, userId: user.id, set: { lastLoginAt: ctx.now, ...(newHash ? { passwordHash: newHash } : {}) } });
    const { token, session } = await createSession(tx, { firmId: firm.id, kind: 'portal', userId: user.id, ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.now, policy: policy(ctx) });
    const seenCookie = await noticeNewSignIn(tx, ctx, firm, { firmId: firm.id, kind: 'portal', userId: user.id, name: user.name, email: user.email, clientId: user.clientId, lastLoginAt: user.lastLoginAt }, cookies.seen);
    await recordAudit(tx, { firmId: firm.id, actorKind: 'portal', actorId: user.id, actorLabel: `${user.name} <${user.email}>`, action: 'login.succeeded', targetType: 'portal_user', targetId: user.id, targetLabel: user.email, ip: ctx.ip });
    return { token, session, user, firm, seenCookie };
  });
}

/**
 * After a right password: when the person has two-factor on and this device is not remembered, a
 * 5-minute pending sign-in replaces the session (a rehashed password is still saved).
 */
async function twoFactorDue(tx: Tx, ctx: BaseCtx, who: twoFactor.Who, user: { name: string; email: string }, deviceCookie: string | undefined, newHash: string | null): Promise<TwoFactorDue | null> {
  if (!(await twoFactor.twoFactorEnabled(tx, who))) return null;
  if (await twoFactor.deviceTrusted(tx, ctx, who, deviceCookie)) return null;
  if (newHash) {
    if (who.kind === 'staff') await repo.updateStaffCredentials(tx, { firmId: who.firmId, userId: who.userId, set: { passwordHash: newHash } });
    else await repo.updatePortalCredentials(tx, { firmId: who.firmId, userId: who.userId, set: { passwordHash: newHash } });
  }
  const pending = await twoFactor.createPendingLogin(tx, who, ctx.now);
  await recordAudit(tx, { firmId: who.firmId, actorKind: 'anonymous', actorLabel: user.email, action: 'login.code_required', targetType: who.kind === 'staff' ? 'staff_user' : 'portal_user', targetId: who.userId, targetLabel: user.email, ip: ctx.ip });
  return { twoFactor: { pendingToken: pending.token, expiresAt: pending.expiresAt } };
}

const EXPIRED_SIGN_IN = 'This sign-in has expired or was already completed. Sign in again with your email and password.';

/**
 * The code step of a sign-in: the pending token (5 minutes, single use, bound to the person) and a
 * 6-digit code or a recovery code. Throttled per account (5 per 15 minutes); failures are audited.
 * Only now is the session created (a new id); "remember this device" returns a device cookie value.
 */
export async function completeTwoFactorLogin<K extends SessionKind>(
  ctx: BaseCtx,
  kind: K,
  body: { pendingToken: string; code: string; rememberDevice?: boolean | undefined },
  portalFirm?: Firm,
  seenCookie?: string,
): Promise<{ token: string; session: SessionRow; firm: Firm; userId: string; deviceCookie: string | null; seenCookie: string }> {
  const pending = await twoFactor.findPendingLogin(ctx, body.pendingToken, kind);
  if (!pending || (portalFirm && pending.firmId !== portalFirm.id)) throw new AppError('UNAUTHENTICATED', EXPIRED_SIGN_IN);
  const who: twoFactor.Who = { firmId: pending.firmId, kind, userId: pending.userId };
  await twoFactor.throttleCode(ctx, who);
  const result = await ctx.db.withFirm(who.firmId, async (tx) => {
    const firm = await findFirm(tx, who.firmId);
    const user = kind === 'staff' ? await repo.findStaffUser(tx, { firmId: who.firmId, userId: who.userId }) : (await repo.findPortalUser(tx, { firmId: who.firmId, userId: who.userId }))?.user;
    if (!firm || !user || user.status !== 'active') return { outcome: 'expired' as const };
    const label = `${user.name} <${user.email}>`;
    const via = await twoFactor.consumeSecondFactor(tx, ctx, who, body.code);
    if (!via) return { outcome: 'failed' as const, label };
    if (!(await twoFactor.usePendingLogin(tx, pending.id, ctx.now))) return { outcome: 'expired' as const };
    const set = { lastLoginAt: ctx.now };
    if (kind === 'staff') await repo.updateStaffCredentials(tx, { firmId: who.firmId, userId: who.userId, set });
    else await repo.updatePortalCredentials(tx, { firmId: who.firmId, userId: who.userId, set });
    const { token, session } = await createSession(tx, { firmId: who.firmId, kind, userId: who.userId, ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.now, policy: policy(ctx) });
    const deviceCookie = body.rememberDevice ? await twoFactor.rememberDevice(tx, ctx, who) : null;
    const seen = await noticeNewSignIn(tx, ctx, firm, { ...who, name: user.name, email: user.email, clientId: 'clientId' in user ? user.clientId : null, lastLoginAt: user.lastLoginAt }, seenCookie);
    await recordAudit(tx, {
      firmId: who.firmId, actorKind: kind, actorId: who.userId, actorLabel: label, action: 'login.succeeded', targetType: kind === 'staff' ? 'staff_user' : 'portal_user',
      targetId: who.userId, targetLabel: user.email, ip: ctx.ip, details: { secondFactor: via, rememberedDevice: Boolean(deviceCookie) },
    });
    return { outcome: 'ok' as const, token, session, firm, userId: who.userId, deviceCookie, seenCookie: seen };
  });
  if (result.outcome === 'expired') throw new AppError('UNAUTHENTICATED', EXPIRED_SIGN_IN);
  if (result.outcome === 'failed') {
    await ctx.db.withFirm(who.firmId, (tx) =>
      recordAudit(tx, { firmId: who.firmId, actorKind: 'anonymous', actorLabel: result.label, action: 'login.code_failed', targetType: kind === 'staff' ? 'staff_user' : 'portal_user', targetId: who.userId, targetLabel: result.label, ip: ctx.ip }),
    );
    const text = 'That code is not right. Check your authenticator app (codes change every 30 seconds) or use a recovery code.';
    throw new AppError('UNPROCESSABLE', text, { errors: [{ path: 'code', message: text }] });
  }
  await twoFactor.clearCodeThrottle(ctx, who);
  return result;
}

/**
 * A browser that signs in while holding a session cookie gets a new id, and the session it held
 * ends, whoever it belonged to (SECURITY.md 7.2.4: new id at login, old one dead). Call after a
 * successful sign-in only: a failed attempt leaves the current session alone.
 */
export async function endPresentedSession(ctx: BaseCtx, kind: SessionKind, token: string | undefined): Promise<void> {
  if (!token) return;
  // Deleted in the same transaction that found it.
  await resolveSession(ctx.db, token, kind, policy(ctx), ctx.now, async (tx, session) => {
    await deleteSession(tx, session.firmId, session.id);
    return true;
  });
}

export async function logout(ctx: BaseCtx, input: { firmId: string; sessionId: string; actor: Actor }): Promise<void> {
  await ctx.db.withFirm(input.firmId, async (tx) => {
    await deleteSession(tx, input.firmId, input.sessionId);
    await recordAudit(tx, { firmId: input.firmId, actorKind: input.actor.kind, actorId: input.actor.id ?? null, actorLabel: input.actor.label, action: 'logout', ip: ctx.ip });
  });
}

// ---------------------------------------------------------------------------------------------
// Forgot password and e-mailed links

/**
 * Always answers the same (the caller shows FORGOT_PASSWORD_MESSAGE). Sends at most 3 links an hour
 * per account so the form cannot be used to flood someone's inbox.
 */
export async function requestPasswordReset(ctx: BaseCtx, input: { kind: UserKind; email: string; firm?: Firm }): Promise<void> {
  const key = `forgot:${input.kind}:${input.firm?.id ?? ''}:${input.email}`;
  const ipKey = `forgot:ip:${ctx.ip}`;
  const [acct, ip] = [await hitRateLimit(ctx.db, key, 3600), await hitRateLimit(ctx.db, ipKey, 3600)];
  if (acct.count > 3 || ip.count > 30) return;
  const firmId = input.kind === 'staff' ? await ctx.db.withoutFirm((tx) => repo.findFirmIdForStaffEmail(tx, input.email)) : (input.firm?.id ?? null);
  if (!firmId) return;
  await ctx.db.withFirm(firmId, async (tx) => {
    const firm = input.firm ?? (await findFirm(tx, firmId));
    const user = input.kind === 'staff' ? await repo.findStaffUserByEmail(tx, { firmId, email: input.email }) : await repo.findPortalUserByEmail(tx, { firmId, email: input.email });
    // Only people who have set a password can reset it; invited people use their invitation.
    if (!firm || !user || user.status !== 'active') return;
    await repo.revokeLinkTokens(tx, { firmId, userId: user.id, purpose: 'password_reset', now: ctx.now });
    const token = randomToken();
    const expiresAt = new Date(ctx.now.getTime() + RESET_TTL_MS);
    const row = await repo.insertLinkToken(tx, { tokenHash: sha256Hex(token), firmId, purpose: 'password_reset', userKind: input.kind, userId: user.id, expiresAt, createdAt: ctx.now });
    const email = resetEmail(ctx.config, firm, { name: user.name, url: linkUrl(ctx.config, firm, input.kind, 'password_reset', token), expiresAt, portal: input.kind === 'portal' });
    await enqueueEmail(tx, { firmId, clientId: 'clientId' in user ? user.clientId : null, idempotencyKey: `password-reset:${row.id}`, kind: 'password_reset', to: user.email, ...email });
    await recordAudit(tx, { firmId, actorKind: 'anonymous', actorLabel: user.email, action: 'password_reset.requested', targetType: input.kind === 'staff' ? 'staff_user' : 'portal_user', targetId: user.id, targetLabel: user.email, ip: ctx.ip });
  });
}

interface LiveLink { firm: Firm; link: repo.LinkTokenRow; user: { id: string; email: string; name: string; status: string; clientId: string | null } }

/** A usable link or LINK_INVALID: unknown, used, revoked and expired links get the same answer. */
async function loadLiveLink(ctx: BaseCtx, token: string): Promise<LiveLink> {
  const tokenHash = sha256Hex(token);
  const firmId = await ctx.db.withoutFirm((tx) => repo.findFirmIdForLinkToken(tx, tokenHash));
  if (!firmId) throw new AppError('LINK_INVALID', INVALID_LINK);
  const found = await ctx.db.withFirm(firmId, async (tx) => {
    const link = await repo.findLinkToken(tx, { firmId, tokenHash });
    if (!link || link.usedAt || link.revokedAt || link.expiresAt <= ctx.now) return null;
    const firm = await findFirm(tx, firmId);
    if (!firm) return null;
    if (link.userKind === 'staff') {
      const u = await repo.findStaffUser(tx, { firmId, userId: link.userId });
      return u ? { firm, link, user: { ...u, clientId: null } } : null;
    }
    const p = await repo.findPortalUser(tx, { firmId, userId: link.userId });
    return p ? { firm, link, user: p.user } : null;
  });
  if (!found || found.user.status === 'disabled') throw new AppError('LINK_INVALID', INVALID_LINK);
  return found;
}

export async function inspectLink(ctx: BaseCtx, token: string): Promise<InspectLinkReply> {
  const { firm, link, user } = await loadLiveLink(ctx, token);
  // E-mail change links are confirmed by their own route, never inspected or accepted here.
  if (link.purpose === 'email_change') throw new AppError('LINK_INVALID', INVALID_LINK);
  return { kind: link.purpose, email: user.email, name: user.name, firmName: firm.displayName, portalSlug: firm.slug };
}

/** Accepts an invitation: sets the password, activates the account and signs the person in. */
export async function acceptInvitation(ctx: BaseCtx, body: { token: string; name?: string | undefined; password: string }) {
  const live = await loadLiveLink(ctx, body.token);
  if (live.link.purpose !== 'portal_invitation' && live.link.purpose !== 'staff_invitation') throw new AppError('LINK_INVALID', INVALID_LINK);
  assertAcceptablePassword(body.password, { email: live.user.email, firmNames: [live.firm.displayName, live.firm.legalName] });
  const passwordHash = await hashPassword(body.password);
  const kind = live.link.userKind;
  return ctx.db.withFirm(live.firm.id, async (tx) => {
    if (!(await repo.consumeLinkToken(tx, { firmId: live.firm.id, id: live.link.id, now: ctx.now }))) throw new AppError('LINK_INVALID', INVALID_LINK);
    const set = { passwordHash, status: 'active' as const, lastLoginAt: ctx.now, ...(body.name ? { name: body.name } : {}) };
    if (kind === 'staff') await repo.updateStaffCredentials(tx, { firmId: live.firm.id, userId: live.user.id, set });
    else await repo.updatePortalCredentials(tx, { firmId: live.firm.id, userId: live.user.id, set });
    const { token, session } = await createSession(tx, { firmId: live.firm.id, kind, userId: live.user.id, ip: ctx.ip, userAgent: ctx.userAgent, now: ctx.now, policy: policy(ctx) });
    await recordAudit(tx, {
      firmId: live.firm.id, actorKind: kind, actorId: live.user.id, actorLabel: `${body.name ?? live.user.name} <${live.user.email}>`,
      action: 'invitation.accepted', targetType: kind === 'staff' ? 'staff_user' : 'portal_user', targetId: live.user.id, targetLabel: live.user.email, ip: ctx.ip,
    });
    const redirectTo = kind === 'staff' ? '/app' : '/';
    return { kind, firm: live.firm, token, session, redirectTo };
  });
}

/** Completes a reset: new password, every session ended, a notice e-mailed. The person then signs in afresh. */
export async function completePasswordReset(ctx: BaseCtx, body: { token: string; password: string }) {
  const live = await loadLiveLink(ctx, body.token);
  if (live.link.purpose !== 'password_reset') throw new AppError('LINK_INVALID', INVALID_LINK);
  assertAcceptablePassword(body.password, { email: live.user.email, firmNames: [live.firm.displayName, live.firm.legalName] });
  const passwordHash = await hashPassword(body.password);
  const kind = live.link.userKind;
  await ctx.db.withFirm(live.firm.id, async (tx) => {
    if (!(await repo.consumeLinkToken(tx, { firmId: live.firm.id, id: live.link.id, now: ctx.now }))) throw new AppError('LINK_INVALID', INVALID_LINK);
    if (kind === 'staff') await repo.updateStaffCredentials(tx, { firmId: live.firm.id, userId: live.user.id, set: { passwordHash } });
    else await repo.updatePortalCredentials(tx, { firmId: live.firm.id, userId: live.user.id, set: { passwordHash } });
    const ended = await deleteUserSessions(tx, live.firm.id, kind, live.user.id);
    await twoFactor.revokeTrustedDevices(tx, { firmId: live.firm.id, kind, userId: live.user.id }, ctx.now);
    const signInUrl = kind === 'staff' ? staffUrl(ctx.config, '/login') : `${portalBaseUrl(ctx.config, live.firm.slug)}/login`;
    await enqueueEmail(tx, {
      firmId: live.firm.id, clientId: live.user.clientId, idempotencyKey: `password-changed:${live.link.id}`, kind: 'password_changed', to: live.user.email,
      ...passwordChangedEmail(ctx.config, live.firm, { name: live.user.name, at: ctx.now, signInUrl }),
    });
    await recordAudit(tx, {
      firmId: live.firm.id, actorKind: kind, actorId: live.user.id, actorLabel: `${live.user.name} <${live.user.email}>`,
      action: 'password_reset.completed', targetType: kind === 'staff' ? 'staff_user' : 'portal_user', targetId: live.user.id, targetLabel: live.user.email, ip: ctx.ip,
      details: { sessionsEnded: ended },
    });
  });
  return { kind, redirectTo: kind === 'staff' ? '/app/login' : `${portalPath(ctx, live.firm)}/login` };
}

function portalPath(ctx: BaseCtx, firm: Firm): string {
  return ctx.config.portalUrlStyle === 'path' ? `/portal/${firm.slug}` : '';
}

export { findFirmBySlug };
