import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { and, count, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { Secret, TOTP } from 'otpauth';
import type { TwoFactorStatus } from '../../../contracts/two-factor.js';
import { queryRows, type Tx } from '../../db/client.js';
import { firms, pendingLogins, trustedDevices, twoFactorRecoveryCodes, twoFactorSecrets } from '../../db/schema/index.js';
import { clearRateLimit, consumeRateLimit } from '../../platform/auth/rate-limit.js';
import { openText, sealText } from '../../platform/crypto/sealed-text.js';
import { randomToken, safeEqual, sha256Hex } from '../../platform/crypto/tokens.js';
import { AppError, notFound } from '../../platform/errors.js';
import { deleteUserSessions } from '../../platform/auth/sessions.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { actorLabel, type BaseCtx, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey } from '../documents/data-keys.js';
import { findFirm } from '../firms/index.js';
import { findPortalUser, findStaffUser, type UserKind } from './accounts.repository.js';
import { profileUrl, twoFactorChangedEmail, type TwoFactorChange } from './accounts.emails.js';

/**
 * Two-factor sign-in (TOTP, RFC 6238; SECURITY.md 6.5): 160-bit secrets sealed with the firm's data
 * key, 30-second steps, ±1 step, a step accepted once (`last_used_step`), 5 attempts per 15 minutes
 * per account, 10 single-use recovery codes stored as SHA-256, a 5-minute single-use pending-login
 * token between the password and the code, and a 30-day "remember this device" cookie.
 */

export const PENDING_LOGIN_TTL_MS = 5 * 60_000;
export const TRUSTED_DEVICE_TTL_MS = 30 * 24 * 3600_000;
const CODE_LIMIT = 5;
const CODE_WINDOW_S = 15 * 60;
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i
const STEP_MS = 30_000;

export interface Who { firmId: string; kind: UserKind; userId: string }

const whereWho = (t: { firmId: AnyPgColumn; userKind: AnyPgColumn; userId: AnyPgColumn }, who: Who) =>
  and(eq(t.firmId, who.firmId), eq(t.userKind, who.kind), eq(t.userId, who.userId));

const aadId = (who: Who) => `totp:${who.kind}:${who.userId}`;
const targetType = (kind: UserKind) => (kind === 'staff' ? 'staff_user' : 'portal_user');

function totpFor(secretBase32: string, issuer: string, label: string) {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

/** The accepted time-step for a 6-digit code (±1 step of `now`), or null. */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, 'x', 'x').validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / STEP_MS) + delta;
}

/** Recovery codes as shown: `xxxx-xxxx-xxxx` (≈ 59 bits each). Typed with or without dashes, any case. */
function newRecoveryCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const hashRecoveryCode = (code: string) => sha256Hex(`ll-recovery:${normaliseRecoveryCode(code)}`);

async function loadSecretRow(tx: Tx, who: Who) {
  const [row] = await tx.select().from(twoFactorSecrets).where(whereWho(twoFactorSecrets, who));
  return row;
}

async function openSecret(ctx: BaseCtx, who: Who, sealed: Buffer): Promise<string> {
  const key = await firmDataKey(ctx, who.firmId);
  return openText(key.dataKey, who.firmId, aadId(who), sealed);
}

export async function twoFactorEnabled(tx: Tx, who: Who): Promise<boolean> {
  const row = await loadSecretRow(tx, who);
  return Boolean(row?.enabledAt);
}

/** Whether the firm requires two-factor for this kind of user and the person has not enrolled yet. */
export async function enrolmentDue(tx: Tx, who: Who): Promise<boolean> {
  const [firm] = await tx.select({ staff: firms.requireStaffTwoFactor, portal: firms.requirePortalTwoFactor }).from(firms).where(eq(firms.id, who.firmId));
  const required = who.kind === 'staff' ? firm?.staff : firm?.portal;
  if (!required) return false;
  return !(await twoFactorEnabled(tx, who));
}

/** Counts this attempt against the account (5 per 15 minutes); 429 with Retry-After beyond that. */
export async function throttleCode(ctx: BaseCtx, who: Who): Promise<void> {
  await consumeRateLimit(ctx.db, `2fa:${who.kind}:${who.firmId}:${who.userId}`, CODE_LIMIT, CODE_WINDOW_S, 'Too many codes tried. Wait a few minutes and try again.');
}
export async function clearCodeThrottle(ctx: BaseCtx, who: Who): Promise<void> {
  await clearRateLimit(ctx.db, `2fa:${who.kind}:${who.firmId}:${who.userId}`);
}

/**
 * Checks a 6-digit code (moving `last_used_step` forward in the same statement, so a code cannot be
 * used twice even by two parallel requests) or a recovery code (marked used). Inside the caller's
 * transaction; returns what matched, or null.
 */
export async function consumeSecondFactor(tx: Tx, ctx: BaseCtx, who: Who, code: string): Promise<'totp' | 'recovery_code' | null> {
  const row = await loadSecretRow(tx, who);
  if (!row?.enabledAt) return null;
  const trimmed = code.trim().replace(/\s/g, '');
  if (/^\d{6}$/.test(trimmed)) {
    const step = matchTotpStep(await openSecret(ctx, who, row.secretSealed), trimmed, ctx.now);
    if (step === null) return null;
    const moved = await tx
      .update(twoFactorSecrets)
      .set({ lastUsedStep: step })
      .where(and(eq(twoFactorSecrets.id, row.id), or(isNull(twoFactorSecrets.lastUsedStep), lt(twoFactorSecrets.lastUsedStep, step))))
      .returning({ id: twoFactorSecrets.id });
    return moved.length === 1 ? 'totp' : null;
  }
  if (normaliseRecoveryCode(trimmed).length !== 12) return null;
  const used = await tx
    .update(twoFactorRecoveryCodes)
    .set({ usedAt: ctx.now })
    .where(and(whereWho(twoFactorRecoveryCodes, who), eq(twoFactorRecoveryCodes.codeHash, hashRecoveryCode(trimmed)), isNull(twoFactorRecoveryCodes.usedAt)))
    .returning({ id: twoFactorRecoveryCodes.id });
  return used.length === 1 ? 'recovery_code' : null;
}

async function auditFailure(ctx: BaseCtx, who: Who, label: string, action: string) {
  await ctx.db.withFirm(who.firmId, (tx) =>
    recordAudit(tx, { firmId: who.firmId, actorKind: who.kind, actorId: who.userId, actorLabel: label, action, targetType: targetType(who.kind), targetId: who.userId, targetLabel: label, ip: ctx.ip }),
  );
}

const wrongCode = () => {
  const text = 'That code is not right. Check your authenticator app (codes change every 30 seconds) or use a recovery code.';
  return new AppError('UNPROCESSABLE', text, { errors: [{ path: 'code', message: text }] });
};

/** Throttled, audited check of a code outside sign-in (disable, new recovery codes). */
export async function requireSecondFactor(ctx: BaseCtx, who: Who, label: string, code: string): Promise<void> {
  await throttleCode(ctx, who);
  const ok = await ctx.db.withFirm(who.firmId, (tx) => consumeSecondFactor(tx, ctx, who, code));
  if (!ok) {
    await auditFailure(ctx, who, label, 'two_factor.code_failed');
    throw wrongCode();
  }
  await clearCodeThrottle(ctx, who);
}

async function replaceRecoveryCodes(tx: Tx, who: Who, now: Date): Promise<string[]> {
  await tx.delete(twoFactorRecoveryCodes).where(whereWho(twoFactorRecoveryCodes, who));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.insert(twoFactorRecoveryCodes).values(codes.map((c) => ({ firmId: who.firmId, userKind: who.kind, userId: who.userId, codeHash: hashRecoveryCode(c), createdAt: now })));
  return codes;
}

// ---------------------------------------------------------------------------------------------
// Profile → Two-factor sign-in

export async function status(ctx: BaseCtx, who: Who): Promise<TwoFactorStatus> {
  return ctx.db.withFirm(who.firmId, async (tx) => {
    const row = await loadSecretRow(tx, who);
    const [firm] = await tx.select({ staff: firms.requireStaffTwoFactor, portal: firms.requirePortalTwoFactor }).from(firms).where(eq(firms.id, who.firmId));
    const [left] = await tx.select({ n: count() }).from(twoFactorRecoveryCodes).where(and(whereWho(twoFactorRecoveryCodes, who), isNull(twoFactorRecoveryCodes.usedAt)));
    return {
      enabled: Boolean(row?.enabledAt),
      enabledAt: row?.enabledAt?.toISOString() ?? null,
      recoveryCodesRemaining: row?.enabledAt ? Number(left?.n ?? 0) : 0,
      requiredByFirm: Boolean(who.kind === 'staff' ? firm?.staff : firm?.portal),
    };
  });
}

/** Starts (or restarts) enrolment: a fresh 160-bit secret, sealed; shown once as a QR code and a key. */
export async function startEnrolment(ctx: BaseCtx, who: Who, email: string): Promise<{ secret: string; otpauthUri: string }> {
  const key = await firmDataKey(ctx, who.firmId);
  return ctx.db.withFirm(who.firmId, async (tx) => {
    const existing = await loadSecretRow(tx, who);
    if (existing?.enabledAt) throw new AppError('CONFLICT', 'Two-factor sign-in is already on. Turn it off first to set up a new authenticator.');
    const firm = await findFirm(tx, who.firmId);
    if (!firm) throw new AppError('UNAUTHENTICATED');
    const secret = new Secret({ size: 20 }).base32;
    const sealed = sealText(key.dataKey, who.firmId, aadId(who), secret);
    await tx
      .insert(twoFactorSecrets)
      .values({ firmId: who.firmId, userKind: who.kind, userId: who.userId, secretSealed: sealed, keyId: key.keyId, createdAt: ctx.now })
      .onConflictDoUpdate({ target: [twoFactorSecrets.firmId, twoFactorSecrets.userKind, twoFactorSecrets.userId], set: { secretSealed: sealed, keyId: key.keyId, enabledAt: null, lastUsedStep: null, createdAt: ctx.now } });
    const otpauthUri = totpFor(secret, `Ledger Loom (${firm.displayName})`, email).toString();
    return { secret, otpauthUri };
  });
}

/** Confirms enrolment with a first code: two-factor is on, and 10 recovery codes are returned (once). */
export async function confirmEnrolment(ctx: BaseCtx, who: Who, label: string, code: string): Promise<{ recoveryCodes: string[] }> {
  await throttleCode(ctx, who);
  const result = await ctx.db.withFirm(who.firmId, async (tx) => {
    const row = await loadSecretRow(tx, who);
    if (!row) throw new AppError('CONFLICT', 'Start setting up two-factor sign-in first.');
    if (row.enabledAt) throw new AppError('CONFLICT', 'Two-factor sign-in is already on.');
    const step = matchTotpStep(await openSecret(ctx, who, row.secretSealed), code.trim(), ctx.now);
    if (step === null) return null;
    await tx.update(twoFactorSecrets).set({ enabledAt: ctx.now, lastUsedStep: step }).where(eq(twoFactorSecrets.id, row.id));
    const recoveryCodes = await replaceRecoveryCodes(tx, who, ctx.now);
    await recordAudit(tx, { firmId: who.firmId, actorKind: who.kind, actorId: who.userId, actorLabel: label, action: 'two_factor.enabled', targetType: targetType(who.kind), targetId: who.userId, targetLabel: label, ip: ctx.ip });
    await tellPerson(tx, ctx, who, 'enabled');
    return { recoveryCodes };
  });
  if (!result) {
    await auditFailure(ctx, who, label, 'two_factor.code_failed');
    throw wrongCode();
  }
  await clearCodeThrottle(ctx, who);
  return result;
}

/** New recovery codes (the old ones die). The caller has checked the password; this checks the code. */
export async function regenerateRecoveryCodes(ctx: BaseCtx, who: Who, label: string, code: string): Promise<{ recoveryCodes: string[] }> {
  if (!(await ctx.db.withFirm(who.firmId, (tx) => twoFactorEnabled(tx, who)))) throw new AppError('CONFLICT', 'Two-factor sign-in is not on.');
  await requireSecondFactor(ctx, who, label, code);
  return ctx.db.withFirm(who.firmId, async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, who, ctx.now);
    await recordAudit(tx, { firmId: who.firmId, actorKind: who.kind, actorId: who.userId, actorLabel: label, action: 'two_factor.recovery_codes_replaced', targetType: targetType(who.kind), targetId: who.userId, targetLabel: label, ip: ctx.ip });
    await tellPerson(tx, ctx, who, 'recovery_codes_replaced');
    return { recoveryCodes };
  });
}

/** Turns two-factor off (the caller has checked the password; this checks the code); remembered devices are forgotten. */
export async function disable(ctx: BaseCtx, who: Who, label: string, code: string): Promise<void> {
  if (!(await ctx.db.withFirm(who.firmId, (tx) => twoFactorEnabled(tx, who)))) throw new AppError('CONFLICT', 'Two-factor sign-in is not on.');
  await requireSecondFactor(ctx, who, label, code);
  await ctx.db.withFirm(who.firmId, async (tx) => {
    await tx.delete(twoFactorSecrets).where(whereWho(twoFactorSecrets, who));
    await tx.delete(twoFactorRecoveryCodes).where(whereWho(twoFactorRecoveryCodes, who));
    const devices = await revokeTrustedDevices(tx, who, ctx.now);
    await recordAudit(tx, { firmId: who.firmId, actorKind: who.kind, actorId: who.userId, actorLabel: label, action: 'two_factor.disabled', targetType: targetType(who.kind), targetId: who.userId, targetLabel: label, ip: ctx.ip, details: { trustedDevicesRevoked: devices } });
    await tellPerson(tx, ctx, who, 'disabled');
  });
}

/** Which of these staff members (or portal users) of a firm have two-factor sign-in on, for the Team and portal user lists. */
export async function usersWithTwoFactor(tx: Tx, firmId: string, kind: UserKind, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx.select({ userId: twoFactorSecrets.userId }).from(twoFactorSecrets)
    .where(and(eq(twoFactorSecrets.firmId, firmId), eq(twoFactorSecrets.userKind, kind), inArray(twoFactorSecrets.userId, userIds), isNotNull(twoFactorSecrets.enabledAt)));
  return new Set(rows.map((r) => r.userId));
}

/** Tells the person about a change to their two-factor sign-in, in the change's transaction (a security e-mail: not optional). */
async function tellPerson(tx: Tx, ctx: BaseCtx, who: Who, change: TwoFactorChange, by?: string): Promise<void> {
  const firm = await findFirm(tx, who.firmId);
  const user = who.kind === 'staff' ? await findStaffUser(tx, who) : (await findPortalUser(tx, who))?.user;
  if (!firm || !user) return;
  await enqueueEmail(tx, {
    firmId: who.firmId, clientId: 'clientId' in user ? user.clientId : null, idempotencyKey: `two-factor:${change}:${who.kind}:${who.userId}:${ctx.requestId}`,
    kind: `two_factor_${change}`, to: user.email,
    ...twoFactorChangedEmail(ctx.config, firm, { name: user.name, at: ctx.now, change, profileUrl: profileUrl(ctx.config, firm, who.kind), ...(by ? { by } : {}) }),
  });
}

/**
 * An owner or admin resets a person's two-factor sign-in (a lost phone and lost recovery codes): the
 * secret, the recovery codes and remembered devices go, every session of theirs ends, and they are
 * e-mailed. They sign in with the password and set it up again (at once, if the firm requires it).
 * Only an owner may reset an owner's; nobody resets their own here (the profile does, with a code).
 * Not on (or reset a moment ago by someone else): 409 and nothing changes.
 */
export async function resetByAdmin(ctx: StaffCtx, kind: UserKind, userId: string): Promise<{ sessionsEnded: number }> {
  if (ctx.actor.role === 'staff') throw new AppError('FORBIDDEN', 'Only the firm’s owners and admins can reset two-factor sign-in.');
  if (kind === 'staff' && userId === ctx.actor.userId) throw new AppError('CONFLICT', 'To change your own two-factor sign-in, use your profile.');
  const who: Who = { firmId: ctx.firmId, kind, userId };
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const staff = kind === 'staff' ? await findStaffUser(tx, who) : undefined;
    const user = staff ?? (kind === 'portal' ? (await findPortalUser(tx, who))?.user : undefined);
    if (!user) throw notFound(kind === 'staff' ? 'That staff member' : 'That portal user');
    if (staff?.role === 'owner' && ctx.actor.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can reset an owner’s two-factor sign-in.');
    const removed = await tx.delete(twoFactorSecrets).where(whereWho(twoFactorSecrets, who)).returning({ enabledAt: twoFactorSecrets.enabledAt });
    if (!removed.some((r) => r.enabledAt)) throw new AppError('CONFLICT', `${user.name} does not have two-factor sign-in on, so there is nothing to reset.`);
    await tx.delete(twoFactorRecoveryCodes).where(whereWho(twoFactorRecoveryCodes, who));
    const devices = await revokeTrustedDevices(tx, who, ctx.now);
    const sessionsEnded = await deleteUserSessions(tx, who.firmId, kind, userId);
    await recordAudit(tx, {
      firmId: who.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action: 'two_factor.reset_by_admin', targetType: targetType(kind),
      targetId: userId, targetLabel: user.email, ip: ctx.ip, details: { trustedDevicesRevoked: devices, sessionsEnded },
    });
    await tellPerson(tx, ctx, who, 'reset_by_firm', ctx.actor.name);
    return { sessionsEnded };
  });
}

// ---------------------------------------------------------------------------------------------
// Pending sign-ins and remembered devices

export async function createPendingLogin(tx: Tx, who: Who, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + PENDING_LOGIN_TTL_MS);
  await tx.insert(pendingLogins).values({ tokenHash: sha256Hex(token), firmId: who.firmId, userKind: who.kind, userId: who.userId, expiresAt, createdAt: now });
  return { token, expiresAt };
}

/** The live pending sign-in for a token (unknown, used and expired answer the same: null). */
export async function findPendingLogin(ctx: BaseCtx, token: string, kind: UserKind): Promise<Who & { id: string } | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = sha256Hex(token);
  const found = await ctx.db.withFirmFrom(
    async (tx) => (await queryRows<{ firm_id: string | null }>(tx, sql`select ll_firm_for_pending_login(${tokenHash}) as firm_id`))[0]?.firm_id ?? null,
    async (tx) => {
      const [row] = await tx.select().from(pendingLogins).where(and(eq(pendingLogins.tokenHash, tokenHash), eq(pendingLogins.userKind, kind), isNull(pendingLogins.usedAt), gt(pendingLogins.expiresAt, ctx.now)));
      return row ? { id: row.id, firmId: row.firmId, kind: row.userKind, userId: row.userId } : null;
    },
  );
  return found ?? null;
}

/** Marks a pending sign-in used; false when another request used it first. */
export async function usePendingLogin(tx: Tx, id: string, now: Date): Promise<boolean> {
  const rows = await tx.update(pendingLogins).set({ usedAt: now }).where(and(eq(pendingLogins.id, id), isNull(pendingLogins.usedAt), gt(pendingLogins.expiresAt, now))).returning({ id: pendingLogins.id });
  return rows.length === 1;
}

function deviceKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'ledger-loom trusted-device v1', 32));
}
const deviceMac = (masterKey: Buffer, who: Who, token: string) =>
  createHmac('sha256', deviceKey(masterKey)).update(`${who.kind}\u0000${who.firmId}\u0000${who.userId}\u0000${token}`).digest('base64url');

/** Remembers this device for 30 days: the cookie value is `token.hmac`, the hmac binding it to the person. */
export async function rememberDevice(tx: Tx, ctx: BaseCtx, who: Who): Promise<string> {
  const token = randomToken();
  await tx.insert(trustedDevices).values({ tokenHash: sha256Hex(token), firmId: who.firmId, userKind: who.kind, userId: who.userId, userAgent: ctx.userAgent.slice(0, 400), expiresAt: new Date(ctx.now.getTime() + TRUSTED_DEVICE_TTL_MS), createdAt: ctx.now });
  return `${token}.${deviceMac(ctx.masterKey, who, token)}`;
}

/** Whether a device cookie is a live, unrevoked one of this person. */
export async function deviceTrusted(tx: Tx, ctx: BaseCtx, who: Who, cookie: string | undefined): Promise<boolean> {
  if (!cookie) return false;
  const [token, mac] = cookie.split('.');
  if (!token || !mac || !/^[A-Za-z0-9_-]{43}$/.test(token) || !safeEqual(mac, deviceMac(ctx.masterKey, who, token))) return false;
  const [row] = await tx
    .select({ id: trustedDevices.id })
    .from(trustedDevices)
    .where(and(eq(trustedDevices.tokenHash, sha256Hex(token)), whereWho(trustedDevices, who), isNull(trustedDevices.revokedAt), gt(trustedDevices.expiresAt, ctx.now)));
  return Boolean(row);
}

/** Forgets every remembered device of a person (password change or reset, two-factor off). */
export async function revokeTrustedDevices(tx: Tx, who: Who, now: Date): Promise<number> {
  const rows = await tx.update(trustedDevices).set({ revokedAt: now }).where(and(whereWho(trustedDevices, who), isNull(trustedDevices.revokedAt))).returning({ id: trustedDevices.id });
  return rows.length;
}
