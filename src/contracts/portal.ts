import { z } from 'zod';

/** The portal dashboard; services arrive with the services-and-tasks issue. */
export const portalDashboardSchema = z.object({
  client: z.object({ id: z.string(), name: z.string() }),
  greetingName: z.string(),
  services: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type PortalDashboard = z.infer<typeof portalDashboardSchema>;
