import type { Config } from '../../config/env.js';

/**
 * Every link we put in an e-mail or a reply is built here from configured base URLs, never from the
 * request's Host or X-Forwarded-Host header (SECURITY.md "Links sent by email").
 */
export function portalBaseUrl(config: Config, slug: string): string {
  if (config.portalUrlStyle === 'path') return `${config.appBaseUrl}/portal/${slug}`;
  const protocol = new URL(config.appBaseUrl).protocol;
  return `${protocol}//${slug}.${config.portalDomain}`;
}

export function staffUrl(config: Config, path: string): string {
  return `${config.appBaseUrl}/app${path}`;
}

export function publicApiUrl(config: Config, path: string): string {
  return `${config.appBaseUrl}/api/public${path}`;
}

/** The firm slug when the request's Host is `{slug}.{PORTAL_DOMAIN}`, else null. */
export function portalSlugFromHost(config: Config, host: string | undefined): string | null {
  if (!host) return null;
  const h = host.toLowerCase();
  const suffix = `.${config.portalDomain}`;
  if (!h.endsWith(suffix)) return null;
  const slug = h.slice(0, -suffix.length);
  return /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(slug) ? slug : null;
}
