export { serviceRequestsPortalRoutes, serviceRequestsStaffRoutes } from './service-requests.routes.js';
