import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/env.js';
import { AppError } from '../errors.js';

/** Security headers on every response (SECURITY.md "Browser"). */
export async function registerSecurityHeaders(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The web app sets styles only through CSSOM (allowed); no inline <style> or style="" markup.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        ...(config.isProduction ? { upgradeInsecureRequests: [] } : { upgradeInsecureRequests: null }),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.isProduction ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}

/** The origins our own pages are served from: the staff app and every firm's portal host. */
export function isOwnOrigin(origin: string, config: Config): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const app = new URL(config.appBaseUrl);
  if (url.origin === app.origin) return true;
  if (url.protocol !== app.protocol) return false;
  const host = url.host.toLowerCase();
  return host === config.portalDomain || (host.endsWith(`.${config.portalDomain}`) && !host.slice(0, -config.portalDomain.length - 1).includes('.'));
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery, first line: a mutating /api request whose Origin is present and not
 * ours is refused (non-browser clients send none). JSON-only bodies (text/plain and form bodies get 415) mean a
 * cross-site form cannot post at all; session routes also check the per-session CSRF token.
 */
export function registerOriginCheck(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', async (req: FastifyRequest) => {
    if (!MUTATING.has(req.method) || !req.url.startsWith('/api/')) return;
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== 'null') {
      if (!isOwnOrigin(origin, config)) throw new AppError('CSRF', 'This request came from another site and was refused.');
    } else if (origin === 'null') {
      throw new AppError('CSRF', 'This request came from another site and was refused.');
    }
  });
}
