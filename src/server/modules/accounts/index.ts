export { accountsStaffRoutes } from './accounts.routes.staff.js';
export { accountsPortalRoutes } from './accounts.routes.portal.js';
export { accountsPublicRoutes } from './accounts.routes.public.js';
export { requireStaff, requireClient, requirePortalFirm, staffCtxOf, clientCtxOf, portalFirmOf, baseCtx, sessionStillActive } from './accounts.guards.js';
export { issueInvitation, revokeInvitation, pendingInvitationExpiry, endAllSessions, INVITATION_TTL_MS } from './accounts.service.js';
export { emailWanted } from './profile.service.js';
export { sendDailyDigests } from './digest.js';
export { unsubscribePublicRoutes } from './unsubscribe.js';
export { sessionsAdminRoutes } from './sessions.service.js';
