export { documentsStaffRoutes, documentsPortalRoutes } from './documents.routes.js';
