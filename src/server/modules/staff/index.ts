export { staffRoutes } from './staff.routes.staff.js';
export { listStaff } from './staff.service.js';
