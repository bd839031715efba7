import type { z } from 'zod';
import { portalDashboardV2Schema } from './work.js';

/** The portal dashboard: "Action required", then every service the firm shares with the client. */
export const portalDashboardSchema = portalDashboardV2Schema;
export type PortalDashboard = z.infer<typeof portalDashboardSchema>;
