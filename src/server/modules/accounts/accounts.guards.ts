import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { sessions } from '../../db/schema/index.js';
import { resolveSession } from '../../platform/auth/sessions.js';
import { safeEqual } from '../../platform/crypto/tokens.js';
import { AppError, notFound } from '../../platform/errors.js';
import { sessionCookieName } from '../../platform/http/cookies.js';
import { portalSlugFromHost } from '../../platform/http/urls.js';
import type { BaseCtx, ClientCtx, Deps, StaffCtx } from '../../platform/tenancy/context.js';
import { findFirm, findFirmBySlug, type Firm } from '../firms/index.js';
import * as repo from './accounts.repository.js';
import { enrolmentDue } from './two-factor.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    staffCtx?: StaffCtx;
    clientCtx?: ClientCtx;
    portalFirm?: Firm;
    /** The signed-in session's CSRF token, echoed by GET …/session. */
    csrfToken?: string;
    /** The firm requires two-factor and this person has not enrolled: only profile, session and sign-out are open. */
    twoFactorEnrolmentDue?: boolean;
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function baseCtx(req: FastifyRequest, deps: Deps): BaseCtx {
  return {
    ...deps,
    requestId: req.id,
    ip: req.ip,
    userAgent: String(req.headers['user-agent'] ?? '').slice(0, 400),
    now: new Date(),
  };
}

function checkCsrf(req: FastifyRequest, expected: string) {
  if (!MUTATING.has(req.method)) return;
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !safeEqual(sent, expected)) {
    throw new AppError('CSRF', 'This request could not be verified. Reload the page and try again.');
  }
}

/** What a session may use while the firm's two-factor requirement is not met yet (forced enrolment). */
const ENROLMENT_OPEN_STAFF = /^\/api\/staff\/(?:session|auth\/logout|profile(?:\/[^?]*)?)$/;
const ENROLMENT_OPEN_PORTAL = /^\/api\/portal\/[a-z0-9-]{1,40}\/(?:session|auth\/logout|profile(?:\/[^?]*)?)$/;
const enrolmentRequired = () =>
  new AppError('FORBIDDEN', 'Your firm requires two-factor sign-in. Set it up in Profile → Two-factor sign-in before you continue.');

/** The live-updates stream reconnects on its own, so it must not count as the person being active. */
const BACKGROUND = /\/live(?:\?|$)/;

function sessionPolicy(deps: Deps, req: FastifyRequest) {
  return { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours, touch: !BACKGROUND.test(req.url) };
}

/**
 * Staff guard: the firm comes from the session, never from the request. Missing, expired or
 * revoked sessions and disabled users are 401; mutations also need the session's CSRF token.
 */
export function requireStaff(deps: Deps) {
  return async (req: FastifyRequest) => {
    const token = req.cookies[sessionCookieName(deps.config, 'staff')];
    const base = baseCtx(req, deps);
    const resolved = token
      ? await resolveSession(deps.db, token, 'staff', sessionPolicy(deps, req), base.now, async (tx, s) => {
          const u = await repo.findStaffUser(tx, { firmId: s.firmId, userId: s.userId });
          return u && u.status === 'active' ? { ...u, enrolmentDue: await enrolmentDue(tx, { firmId: s.firmId, kind: 'staff', userId: u.id }) } : null;
        })
      : null;
    if (!resolved) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    const { session, loaded: user } = resolved;
    checkCsrf(req, session.csrfToken);
    req.csrfToken = session.csrfToken;
    req.twoFactorEnrolmentDue = user.enrolmentDue;
    if (user.enrolmentDue && !ENROLMENT_OPEN_STAFF.test(req.url.split('?')[0] ?? '')) throw enrolmentRequired();
    req.staffCtx = {
      ...base,
      firmId: session.firmId,
      actor: { kind: 'staff', userId: user.id, role: user.role, name: user.name, email: user.email, sessionId: session.id },
    };
    req.log = req.log.child({ firmId: session.firmId, actor: `staff:${user.id}` });
  };
}

/** The portal's firm from the :slug in the path; on a firm's own sub-domain the two must agree. */
export function requirePortalFirm(deps: Deps) {
  return async (req: FastifyRequest) => {
    const slug = (req.params as { slug?: string }).slug ?? '';
    const hostSlug = portalSlugFromHost(deps.config, req.headers.host);
    if (hostSlug && hostSlug !== slug) throw notFound('That portal');
    const firm = /^[a-z0-9-]{1,40}$/.test(slug) ? await findFirmBySlug(deps.db, slug) : undefined;
    if (!firm) throw notFound('That portal');
    req.portalFirm = firm;
  };
}

/**
 * Portal guard: firm AND client come from the session. A session made on another firm's portal
 * is not valid here (sessions are bound to the firm they were created on).
 */
export function requireClient(deps: Deps) {
  const firmGuard = requirePortalFirm(deps);
  return async (req: FastifyRequest) => {
    const slug = (req.params as { slug?: string }).slug ?? '';
    const hostSlug = portalSlugFromHost(deps.config, req.headers.host);
    const token = /^[a-z0-9-]{1,40}$/.test(slug) && (!hostSlug || hostSlug === slug) ? req.cookies[sessionCookieName(deps.config, 'portal', slug)] : undefined;
    const base = baseCtx(req, deps);
    // Session, firm and person in one transaction; the session must belong to this portal's firm.
    const resolved = token
      ? await resolveSession(deps.db, token, 'portal', sessionPolicy(deps, req), base.now, async (tx, s) => {
          const firm = await findFirm(tx, s.firmId);
          if (!firm || firm.slug !== slug) return null;
          const person = await repo.findPortalUser(tx, { firmId: s.firmId, userId: s.userId });
          return person && person.user.status === 'active'
            ? { firm, found: person, enrolmentDue: await enrolmentDue(tx, { firmId: s.firmId, kind: 'portal', userId: person.user.id }) }
            : null;
        })
      : null;
    if (!resolved) {
      await firmGuard(req); // an unknown portal is 404, a known one without a valid session 401
      throw new AppError('UNAUTHENTICATED', 'Your session has ended. Please sign in again.');
    }
    const { session, loaded: { firm, found, enrolmentDue: due } } = resolved;
    req.portalFirm = firm;
    checkCsrf(req, session.csrfToken);
    req.csrfToken = session.csrfToken;
    req.twoFactorEnrolmentDue = due;
    if (due && !ENROLMENT_OPEN_PORTAL.test(req.url.split('?')[0] ?? '')) throw enrolmentRequired();
    req.clientCtx = {
      ...base,
      firmId: firm.id,
      actor: { kind: 'client', portalUserId: found.user.id, clientId: found.user.clientId, name: found.user.name, email: found.user.email, sessionId: session.id },
    };
    req.log = req.log.child({ firmId: firm.id, actor: `portal:${found.user.id}` });
  };
}

/**
 * Whether a session used by a long-lived request (a live stream) still stands: not signed out, not
 * expired, the person still active. Read-only — it does not count as activity.
 */
export async function sessionStillActive(deps: Deps, ctx: StaffCtx | ClientCtx): Promise<boolean> {
  return deps.db.withFirm(ctx.firmId, async (tx) => {
    const [s] = await tx.select({ expiresAt: sessions.expiresAt }).from(sessions).where(and(eq(sessions.firmId, ctx.firmId), eq(sessions.id, ctx.actor.sessionId)));
    if (!s || s.expiresAt <= new Date()) return false;
    if (ctx.actor.kind === 'staff') return (await repo.findStaffUser(tx, { firmId: ctx.firmId, userId: ctx.actor.userId }))?.status === 'active';
    return (await repo.findPortalUser(tx, { firmId: ctx.firmId, userId: ctx.actor.portalUserId }))?.user.status === 'active';
  });
}

export function staffCtxOf(req: FastifyRequest): StaffCtx {
  if (!req.staffCtx) throw new AppError('UNAUTHENTICATED');
  return req.staffCtx;
}

export function clientCtxOf(req: FastifyRequest): ClientCtx {
  if (!req.clientCtx) throw new AppError('UNAUTHENTICATED');
  return req.clientCtx;
}

export function portalFirmOf(req: FastifyRequest): Firm {
  if (!req.portalFirm) throw notFound('That portal');
  return req.portalFirm;
}

export type { FastifyReply };
