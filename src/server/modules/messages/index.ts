export { messagesPortalRoutes, messagesStaffRoutes } from './messages.routes.js';
export { appendMessage } from './messages.service.js';
export { heldMessageEmailNotNeeded } from './messages.notify.js';
export { replyByEmailHandlers } from './reply-by-email.js';
