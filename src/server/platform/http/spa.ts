import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config/env.js';
import { portalSlugFromHost } from './urls.js';

/**
 * Serves the built React app (dist/web): /app/* is the staff workspace, /portal/{slug}/* and every
 * path on {slug}.{PORTAL_DOMAIN} are that firm's portal. The slug for a sub-domain is passed to the
 * page in a <meta> tag (no inline script, so the CSP stays script-src 'self').
 */
export async function registerSpa(app: FastifyInstance, config: Config, webRoot: string): Promise<void> {
  const indexFile = join(webRoot, 'index.html');
  const built = existsSync(indexFile);
  if (built) {
    // wildcard: files are looked up per request, so a rebuilt bundle is served without a restart.
    await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: true, index: false, serve: true, decorateReply: false, cacheControl: false,
      setHeaders: (reply, path) => {
        void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  // index.html names the current bundle's hashed assets: re-read it when a rebuild replaced it.
  let template = { mtimeMs: -1, html: '' };
  const currentTemplate = (): string => {
    const mtimeMs = statSync(indexFile, { throwIfNoEntry: false })?.mtimeMs ?? template.mtimeMs;
    if (mtimeMs !== template.mtimeMs) template = { mtimeMs, html: readFileSync(indexFile, 'utf8') };
    return template.html;
  };
  const escape = (s: string) => s.replace(/[^a-z0-9-]/g, '');

  const sendIndex = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!built) {
      return reply.code(503).type('text/plain').send('The web app is not built yet. Run `npm run build` (npm start does this for you).');
    }
    const slug = portalSlugFromHost(config, req.headers.host);
    const meta = slug ? `<meta name="ll-portal-slug" content="${escape(slug)}">` : '';
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(currentTemplate().replace('<!--ll-meta-->', meta));
  };

  app.get('/', async (req, reply) => (portalSlugFromHost(config, req.headers.host) ? sendIndex(req, reply) : reply.redirect('/app')));
  app.get('/app', sendIndex);
  app.get('/app/*', sendIndex);
  app.get('/portal/:slug', sendIndex);
  app.get('/portal/:slug/*', sendIndex);
  // On a portal sub-domain every other page address belongs to the portal app (which shows its own
  // "not found"); API, dev and asset paths keep their JSON 404.
  app.spaFallback = async (req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    if (!portalSlugFromHost(config, req.headers.host) || /^\/(api|dev|assets)(\/|$)/.test(path) || /\.[a-z0-9]+$/i.test(path)) return false;
    await sendIndex(req, reply);
    return true;
  };
}
