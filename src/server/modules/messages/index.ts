export { messagesPortalRoutes, messagesStaffRoutes } from './messages.routes.js';
export { appendMessage } from './messages.service.js';
