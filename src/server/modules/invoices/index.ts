export { invoicesStaffRoutes, invoicesPortalRoutes } from './invoices.routes.js';
export { paymentsStaffRoutes, paymentsPortalRoutes, paymentsPublicRoutes } from './payments.routes.js';
export { reconcilePayments } from './payments.service.js';
export { sendInvoiceReminders } from './invoice-emails.js';
