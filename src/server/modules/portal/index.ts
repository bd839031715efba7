export { portalRoutes } from './portal.routes.portal.js';
