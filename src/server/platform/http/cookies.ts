import type { FastifyReply } from 'fastify';
import type { Config } from '../../config/env.js';

/** Session cookie names: `__Host-` prefixed on https (SECURITY.md 3.3); one per portal so firms never share a cookie. */
export function sessionCookieName(config: Config, kind: 'staff' | 'portal', slug?: string): string {
  const base = kind === 'staff' ? 'll_staff' : `ll_portal_${slug ?? ''}`;
  return config.appBaseUrl.startsWith('https://') ? `__Host-${base}` : base;
}

export function setSessionCookie(reply: FastifyReply, config: Config, name: string, token: string): void {
  void reply.setCookie(name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.appBaseUrl.startsWith('https://'),
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config, name: string): void {
  void reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.appBaseUrl.startsWith('https://') });
}
