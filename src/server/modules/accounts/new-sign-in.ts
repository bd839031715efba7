/**
 * "New sign-in to your account" (a security e-mail: cannot be turned off). A browser that has signed
 * in as a person before carries a "seen" cookie holding an HMAC bound to that person (up to
 * SEEN_MAX people per browser, newest first); a sign-in without it, by someone who has signed in
 * before, e-mails the person the time, browser, device and IP, with a link to where they are signed in.
 * The cookie proves nothing about the person — losing or forging it only sends, or skips, this notice.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Config } from '../../config/env.js';
import type { Tx } from '../../db/client.js';
import { appCookieName, setAppCookie } from '../../platform/http/cookies.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import type { BaseCtx } from '../../platform/tenancy/context.js';
import type { Firm } from '../firms/index.js';
import { newSignInEmail, profileUrl } from './accounts.emails.js';
import { describeUserAgent } from './sessions.service.js';

export interface SignedInPerson {
  firmId: string;
  kind: 'staff' | 'portal';
  userId: string;
  name: string;
  email: string;
  clientId: string | null;
  /** When they last signed in before this one (null: never — no notice for a first sign-in). */
  lastLoginAt: Date | null;
}

const SEEN_MAX = 8;
/** Browsers cap cookie lifetimes at 400 days. */
const SEEN_MAX_AGE_S = 400 * 24 * 3600;

export function seenCookieName(config: Config, kind: 'staff' | 'portal', slug?: string): string {
  return appCookieName(config, 'seen', kind, slug);
}

export function setSeenCookie(reply: FastifyReply, config: Config, name: string, value: string): void {
  setAppCookie(reply, config, name, value, SEEN_MAX_AGE_S);
}

function seenMac(masterKey: Buffer, p: Pick<SignedInPerson, 'firmId' | 'kind' | 'userId'>): string {
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'ledger-loom seen-device v1', 32));
  return createHmac('sha256', key).update(`${p.kind}\u0000${p.firmId}\u0000${p.userId}`).digest('base64url').slice(0, 22);
}

const entries = (cookie: string | undefined) => (cookie ?? '').split('.').filter((e) => /^[A-Za-z0-9_-]{22}$/.test(e)).slice(0, SEEN_MAX);

/**
 * Call in the sign-in's transaction once the session exists. Queues the notice when this browser has
 * not signed in as this person before (and they have signed in before somewhere); returns the seen
 * cookie's new value, this person first.
 */
export async function noticeNewSignIn(tx: Tx, ctx: BaseCtx, firm: Firm, p: SignedInPerson, seenCookie: string | undefined): Promise<string> {
  const mac = seenMac(ctx.masterKey, p);
  const seen = entries(seenCookie);
  if (!seen.includes(mac) && p.lastLoginAt) {
    await enqueueEmail(tx, {
      firmId: p.firmId, clientId: p.clientId, idempotencyKey: `new-sign-in:${p.kind}:${p.userId}:${ctx.requestId}`, kind: 'new_sign_in', to: p.email,
      ...newSignInEmail(ctx.config, firm, {
        name: p.name, at: ctx.now, ip: ctx.ip, ...describeUserAgent(ctx.userAgent),
        sessionsUrl: profileUrl(ctx.config, firm, p.kind),
        subject: p.kind === 'staff' ? 'New sign-in to your Ledger Loom account' : `New sign-in to your ${firm.displayName} portal account`,
      }),
    });
  }
  return [mac, ...seen.filter((e) => e !== mac)].slice(0, SEEN_MAX).join('.');
}
