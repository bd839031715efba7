export { proposalsPortalRoutes, proposalsPublicRoutes, proposalsStaffRoutes, signingCookieName, SIGNING_COOKIE_PATH } from './proposals.routes.js';
export { runProposalJobs } from './proposals.jobs.js';
export { createProposalIn } from './proposals.service.js';
export { verifyPdf } from './verification.js';
