export { workStaffRoutes } from './work.routes.staff.js';
export { workPortalRoutes } from './work.routes.portal.js';
export { runRecurringServices, sendClientNotices } from './work.jobs.js';
export { listTemplates, createService, addQuestion } from './work.service.js';
export { completeRequest, shareWithClient } from './document-requests.js';
