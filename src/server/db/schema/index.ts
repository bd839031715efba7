export * from './firms.js';
export * from './people.js';
export * from './auth.js';
export * from './audit.js';
export * from './mail.js';
export * from './work.js';
export * from './documents.js';
export * from './invoices.js';
