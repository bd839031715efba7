import type { FastifyReply } from 'fastify';
import type { Config } from '../../config/env.js';

/**
 * Our cookie names: `ll[_family]_staff` or `ll[_family]_portal_<slug>` (one per portal so firms never
 * share a cookie), `__Host-` prefixed on https (SECURITY.md 3.3). Families: '' (the session),
 * 'device' (remember this device), 'seen' (new sign-in notice).
 */
export function appCookieName(config: Config, family: '' | 'device' | 'seen', kind: 'staff' | 'portal', slug?: string): string {
  const base = ['ll', family, kind === 'staff' ? 'staff' : `portal_${slug ?? ''}`].filter(Boolean).join('_');
  return config.appBaseUrl.startsWith('https://') ? `__Host-${base}` : base;
}

/** Sets one of our cookies: HttpOnly, SameSite=Lax, Path=/, Secure on https. */
export function setAppCookie(reply: FastifyReply, config: Config, name: string, value: string, maxAgeSeconds: number): void {
  void reply.setCookie(name, value, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.appBaseUrl.startsWith('https://'), maxAge: maxAgeSeconds });
}

export function sessionCookieName(config: Config, kind: 'staff' | 'portal', slug?: string): string {
  return appCookieName(config, '', kind, slug);
}

export function setSessionCookie(reply: FastifyReply, config: Config, name: string, token: string): void {
  setAppCookie(reply, config, name, token, config.sessionAbsoluteHours * 3600);
}

export function clearSessionCookie(reply: FastifyReply, config: Config, name: string): void {
  void reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.appBaseUrl.startsWith('https://') });
}
