import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slugSchema } from '../../../contracts/common.js';
import { portalDashboardSchema } from '../../../contracts/portal.js';
import { clientCtxOf } from '../accounts/index.js';
import * as portal from './portal.service.js';

const params = z.object({ slug: slugSchema });

/** The client's own portal data (`/api/portal/:slug/...`); the client guard is registered by the caller. */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/dashboard', { schema: { tags: ['portal'], summary: 'The signed-in client’s dashboard', params, response: { 200: portalDashboardSchema } } }, async (req) =>
    portal.getDashboard(clientCtxOf(req)),
  );
};
