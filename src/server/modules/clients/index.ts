export { clientsRoutes } from './clients.routes.staff.js';
