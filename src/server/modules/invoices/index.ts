export { invoicesStaffRoutes, invoicesPortalRoutes } from './invoices.routes.js';
