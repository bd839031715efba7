import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema } from '../../../contracts/common.js';
import { publicBrandingSchema } from '../../../contracts/firms.js';
import type { Deps } from '../../platform/tenancy/context.js';
import * as firms from './firms.service.js';

const params = z.object({ slug: slugSchema });

/** Portal branding for the login page (`/api/public/firms/...`). */
export function firmPublicRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/firms/:slug', { schema: { tags: ['portal branding'], summary: 'A firm’s portal branding', params, response: { 200: publicBrandingSchema } } }, async (req) =>
      firms.getPublicBranding(deps.db, req.params.slug),
    );
    app.get('/firms/:slug/logo', { schema: { tags: ['portal branding'], summary: 'A firm’s logo image', params } }, async (req, reply) => {
      const logo = await firms.getLogo(deps.db, req.params.slug);
      return reply
        .type(logo.contentType)
        .header('cache-control', 'public, max-age=86400')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(logo.bytes);
    });
  };
}
