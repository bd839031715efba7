export { documentsStaffRoutes, documentsPortalRoutes } from './documents.routes.js';
export { taskDocuments } from './documents.service.js';
export { purgeDeletedDocuments, sweepOrphanBlobs } from './documents.jobs.js';
export { importDocument, readDocumentBytes } from './documents.service.js';
export { attachmentDisposition } from './file-types.js';
