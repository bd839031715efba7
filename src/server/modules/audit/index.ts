export { recordAudit, verifyAuditChain, listAuditLog, type AuditEvent } from './audit.service.js';
