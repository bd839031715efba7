import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { SIGNING_OTP_MAX_ATTEMPTS, SIGNING_OTP_MINUTES } from '../../../contracts/proposals.js';
import type { Tx } from '../../db/client.js';
import { proposalSigners, signingLinks } from '../../db/schema/index.js';
import { consumeRateLimit } from '../../platform/auth/rate-limit.js';
import { randomToken, safeEqual } from '../../platform/crypto/tokens.js';
import { AppError } from '../../platform/errors.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { renderEmail } from '../../platform/mail/template.js';
import type { BaseCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { firmDataKey } from '../documents/data-keys.js';
import { emailBranding, findFirm } from '../firms/index.js';
import { displayStatus, firmToday, loadProposal } from './proposals.core.js';
import { linkInvalid, type SignerIdentity } from './signing.service.js';

// ---------------------------------------------------------------------------------------------
// The e-mailed one-time code before signing from a link (firm setting proposalSigningOtp).

/** The code's HMAC, keyed by a key derived from the firm's data key and bound to the link and its session. */
function otpHash(dataKey: Buffer, link: { id: string; sessionHash: string | null }, code: string): string {
  const k = Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(link.id), 'll-signing-otp', 32));
  return createHmac('sha256', k).update(`${link.sessionHash ?? ''}:${code}`).digest('hex');
}

/** The link row of this signing session, locked, with its proposal still open to this signer; else LINK_INVALID or 409. */
async function lockLinkForOtp(tx: Tx, ctx: BaseCtx, who: SignerIdentity) {
  if (!who.linkId) throw linkInvalid();
  const [link] = await tx.select().from(signingLinks).where(and(eq(signingLinks.firmId, who.firmId), eq(signingLinks.id, who.linkId))).for('update');
  if (!link || link.usedAt || link.revokedAt || link.expiresAt <= ctx.now) throw linkInvalid();
  const { p } = await loadProposal(tx, { firmId: who.firmId, id: who.proposalId });
  const firm = await findFirm(tx, who.firmId);
  if (!firm) throw linkInvalid();
  if (!firm.proposalSigningOtp) throw new AppError('CONFLICT', `${firm.displayName} does not ask for a one-time code: you can accept or decline straight away.`);
  if (displayStatus(p, firmToday(firm, ctx.now)) !== 'sent' || p.currentVersion !== link.version) throw new AppError('CONFLICT', 'This proposal cannot be signed or declined any more.');
  const [me] = await tx.select().from(proposalSigners).where(and(eq(proposalSigners.firmId, who.firmId), eq(proposalSigners.id, link.signerId)));
  if (!me || me.status !== 'pending') throw new AppError('CONFLICT', 'You have already decided on this proposal.');
  return { link, p, firm, me };
}

/**
 * E-mails the signer a new 6-digit code for this signing session (its HMAC stored; 10 minutes; any
 * earlier code stops working). At most 5 codes an hour per link and 20 per IP address.
 */
export async function sendSigningOtp(ctx: BaseCtx, who: SignerIdentity): Promise<{ sentTo: string; expiresAt: string }> {
  await consumeRateLimit(ctx.db, `signing-otp-send:${who.linkId ?? ''}`, 5, 3600, 'We have sent five codes in the last hour. Use the newest one, or wait an hour and ask again.');
  await consumeRateLimit(ctx.db, `signing-otp-send-ip:${ctx.ip}`, 20, 3600, 'Too many codes were asked for from this address. Wait an hour and try again.');
  const key = await firmDataKey(ctx, who.firmId);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(ctx.now.getTime() + SIGNING_OTP_MINUTES * 60_000);
  return ctx.db.withFirm(who.firmId, async (tx) => {
    const { link, p, firm, me } = await lockLinkForOtp(tx, ctx, who);
    if (link.otpVerifiedAt) throw new AppError('CONFLICT', 'You already entered your code: you can accept or decline now.');
    await tx.update(signingLinks).set({ otpHash: otpHash(key.dataKey, link, code), otpExpiresAt: expiresAt, otpAttempts: 0 }).where(eq(signingLinks.id, link.id));
    const email = renderEmail(emailBranding(ctx.config, firm), {
      subject: `Your code to sign “${p.title}”`,
      heading: 'Your one-time signing code',
      paragraphs: [
        `Hello ${me.name.split(' ')[0] ?? me.name},`,
        `Your code is ${code}. Enter it on the signing page to accept or decline “${p.title}” from ${firm.displayName}. It works once, for ${SIGNING_OTP_MINUTES} minutes.`,
        'If you did not ask for this code, someone may have your signing link: do not share the code, and let the firm know.',
      ],
    });
    await enqueueEmail(tx, { firmId: p.firmId, clientId: p.clientId, idempotencyKey: `proposal-otp:${link.id}:${randomToken().slice(0, 16)}`, kind: 'proposal_otp', to: me.email, ...email });
    return { sentTo: me.email, expiresAt: expiresAt.toISOString() };
  });
}

/**
 * Checks the code: right → this signing session may accept or decline (its events record
 * `email_link_otp`) and the code is spent; wrong → 400 with the tries left (counted even though the
 * request fails); expired, spent, never asked for or 5 wrong tries → 409: ask for a new code.
 */
export async function verifySigningOtp(ctx: BaseCtx, who: SignerIdentity, code: string): Promise<{ verified: true }> {
  await consumeRateLimit(ctx.db, `signing-otp-verify-ip:${ctx.ip}`, 30, 600, 'Too many codes were tried from this address. Wait ten minutes and try again.');
  const key = await firmDataKey(ctx, who.firmId);
  const outcome = await ctx.db.withFirm(who.firmId, async (tx) => {
    const { link, p, me } = await lockLinkForOtp(tx, ctx, who);
    if (link.otpVerifiedAt) return { ok: true as const };
    if (!link.otpHash || !link.otpExpiresAt) return { fail: 'none' as const };
    if (link.otpAttempts >= SIGNING_OTP_MAX_ATTEMPTS) return { fail: 'exhausted' as const };
    if (link.otpExpiresAt <= ctx.now) return { fail: 'expired' as const };
    if (!safeEqual(otpHash(key.dataKey, link, code), link.otpHash)) {
      const attempts = link.otpAttempts + 1;
      await tx.update(signingLinks).set({ otpAttempts: attempts }).where(eq(signingLinks.id, link.id));
      return { fail: 'wrong' as const, left: SIGNING_OTP_MAX_ATTEMPTS - attempts };
    }
    await tx.update(signingLinks).set({ otpHash: null, otpExpiresAt: null, otpVerifiedAt: ctx.now }).where(eq(signingLinks.id, link.id));
    await recordAudit(tx, { firmId: who.firmId, actorKind: 'anonymous', actorLabel: `${me.name} <${me.email}>`, action: 'proposal.signing_code_verified', targetType: 'proposal', targetId: p.id, targetLabel: p.title, ip: ctx.ip });
    return { ok: true as const };
  });
  if ('ok' in outcome) return { verified: true };
  switch (outcome.fail) {
    case 'wrong':
      if (outcome.left > 0) throw new AppError('VALIDATION', `That code is not right. You can try ${outcome.left} more time${outcome.left === 1 ? '' : 's'}.`, { errors: [{ path: 'body.code', message: 'is not the code we e-mailed' }] });
      throw new AppError('CONFLICT', 'That code is not right, and that was the last try. Ask for a new code.');
    case 'exhausted':
      throw new AppError('CONFLICT', 'Too many wrong codes. Ask for a new code.');
    case 'expired':
      throw new AppError('CONFLICT', `This code has expired (codes work for ${SIGNING_OTP_MINUTES} minutes). Ask for a new code.`);
    default:
      throw new AppError('CONFLICT', 'There is no code to check: it was already used, or none was sent for this signing session. Ask for a new code.');
  }
}
