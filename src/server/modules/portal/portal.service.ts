import type { PortalDashboard } from '../../../contracts/portal.js';
import { notFound } from '../../platform/errors.js';
import type { ClientCtx } from '../../platform/tenancy/context.js';
import { findClientForPortal } from './portal.repository.js';

/** The signed-in client's dashboard. Services and tasks arrive with the services issue. */
export async function getDashboard(ctx: ClientCtx): Promise<PortalDashboard> {
  const client = await ctx.db.withFirm(ctx.firmId, (tx) => findClientForPortal(tx, { firmId: ctx.firmId, clientId: ctx.actor.clientId }));
  if (!client) throw notFound('Your client record');
  return { client, greetingName: ctx.actor.name.split(' ')[0] ?? ctx.actor.name, services: [] };
}
