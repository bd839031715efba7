import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { Config } from './config/env.js';
import { expectedMigrationCount, openDatabase, queryRows, type Database } from './db/client.js';
import { registerDevMail } from './platform/http/dev-mail.js';
import { frameworkErrorHandler, registerErrorHandling } from './platform/http/errors.js';
import { registerOriginCheck, registerSecurityHeaders } from './platform/http/security.js';
import { registerSpa } from './platform/http/spa.js';
import { DevMailCatcher } from './platform/mail/dev-catcher.js';
import { InboundSmtpListener } from './platform/mail/inbound-smtp.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { resolveMasterKey } from './platform/crypto/master-key.js';
import type { Deps } from './platform/tenancy/context.js';
import { createBlobStore, type BlobStore } from './platform/storage/blob-store.js';
import { createScanner } from './platform/scanning/scanner.js';
import { EwayClient } from './platform/payments/eway-client.js';
import { ewayEmulator } from './platform/payments/eway-emulator.js';
import { invoicesPortalRoutes, invoicesStaffRoutes, paymentsPortalRoutes, paymentsPublicRoutes, paymentsStaffRoutes, reconcilePayments, sendInvoiceReminders } from './modules/invoices/index.js';
import { documentsPortalRoutes, documentsStaffRoutes, purgeDeletedDocuments, sweepOrphanBlobs } from './modules/documents/index.js';
import { accountsPortalRoutes, accountsPublicRoutes, accountsStaffRoutes, requireClient, requireStaff, sendDailyDigests, sessionsAdminRoutes, twoFactorAdminRoutes, unsubscribePublicRoutes, accountHousekeeping } from './modules/accounts/index.js';
import { auditRoutes } from './modules/audit/audit.routes.staff.js';
import { clientsRoutes } from './modules/clients/index.js';
import { firmPublicRoutes, firmRoutes } from './modules/firms/index.js';
import { runRecurringServices, sendClientNotices, workPortalRoutes, workStaffRoutes } from './modules/work/index.js';
import { createScheduler } from './platform/jobs/scheduler.js';
import { armFaultPoint } from './platform/faults.js';
import { LiveHub, pruneLiveEvents } from './platform/live/live-hub.js';
import { heldMessageEmailNotNeeded, messagesPortalRoutes, messagesStaffRoutes, replyByEmailHandlers } from './modules/messages/index.js';
import { serviceRequestsPortalRoutes, serviceRequestsStaffRoutes } from './modules/service-requests/index.js';
import { proposalsPortalRoutes, proposalsPublicRoutes, proposalsStaffRoutes, runProposalJobs } from './modules/proposals/index.js';
import { staffRoutes } from './modules/staff/index.js';

export interface BuiltApp {
  app: FastifyInstance;
  deps: Deps;
  /** The in-process SMTP catcher when no SMTP_URL is configured (development and tests). */
  mailCatcher: DevMailCatcher | null;
  /** The port of the reply-by-email SMTP listener (INBOUND_SMTP_*), or null when it is off. */
  inboundSmtpPort: number | null;
  close(): Promise<void>;
}

export interface BuildOptions {
  /** An already-open database (tests share one per file). */
  db?: Database;
  webRoot?: string;
  /** Overrides the configured blob store (tests: an unreachable store). */
  blobStore?: BlobStore;
}

const REDACT = ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', '*.password', '*.token', '*.passwordHash', '*.pendingToken', '*.recoveryCodes', '*.secretSealed'];

/** Builds the whole app: platform plugins, then modules. `main.ts` and the tests both call this. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<BuiltApp> {
  const db = options.db ?? (await openDatabase({
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    databaseUrl: config.databaseUrl,
    databaseMigrationUrl: config.databaseMigrationUrl,
    poolSize: config.databasePoolSize,
  }));
  armFaultPoint(config.faultPoint);
  const masterKey = resolveMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir, isProduction: config.isProduction });

  if (config.isProduction) {
    const [demo] = await db.withoutFirm((tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from firms where is_demo`));
    if (Number(demo?.n ?? 0) > 0) {
      throw new Error('Refusing to start in production: demo firms and their default accounts are present. Remove them first (see docs/operations.md).');
    }
  }

  const app = Fastify({
    logger: { level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a cross-site form (text/plain or urlencoded) cannot reach a handler (CSRF, SECURITY.md 3.5).
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  let mailCatcher: DevMailCatcher | null = null;
  let smtpUrl = config.smtpUrl;
  if (!smtpUrl) {
    mailCatcher = new DevMailCatcher();
    const port = await mailCatcher.listen(config.devSmtpPort);
    smtpUrl = `smtp://127.0.0.1:${port}`;
  }
  const mailer: Mailer = createMailer({ db, smtpUrl, from: config.mailFrom, messageIdDomain: new URL(config.appBaseUrl).hostname, logger: app.log, beforeSend: heldMessageEmailNotNeeded });
  const previousMasterKeys = config.masterKeyPrevious ? [Buffer.from(config.masterKeyPrevious, 'base64')] : [];
  const deps: Deps = { config, db, mailer, masterKey, previousMasterKeys, blobStore: options.blobStore ?? createBlobStore(config), scanner: createScanner(config), eway: new EwayClient(config.eway), live: new LiveHub(db, app.log) };
  await deps.live.start();
  // Open live streams end first, so closing does not wait for browsers to hang up.
  app.addHook('preClose', async () => deps.live.closeStreams());

  registerErrorHandling(app);
  await registerSecurityHeaders(app, config);
  registerOriginCheck(app, config);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1, fields: 10, parts: 12, headerPairs: 100 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Ledger Loom API', version: '0.1.0', description: 'Staff workspace, client portal and public link APIs. Errors are application/problem+json.' },
      components: { securitySchemes: { staffSession: { type: 'apiKey', in: 'cookie', name: 'll_staff' }, portalSession: { type: 'apiKey', in: 'cookie', name: 'll_portal_{slug}' } } },
    },
    transform: jsonSchemaTransform,
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      const [res] = await db.withoutFirm((tx) => queryRows<{ n: number }>(tx, sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      const applied = Number(res?.n ?? 0);
      const expected = expectedMigrationCount();
      if (applied < expected) return reply.code(503).send({ status: 'migrating', applied, expected });
      return { status: 'ready', migrations: applied };
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(firmPublicRoutes(deps), { prefix: '/api/public' });
  await app.register(accountsPublicRoutes(deps), { prefix: '/api/public' });
  await app.register(unsubscribePublicRoutes(deps), { prefix: '/api/public' });
  await app.register(paymentsPublicRoutes(deps), { prefix: '/api/public' });
  await app.register(proposalsPublicRoutes(deps), { prefix: '/api/public' });
  await app.register(accountsStaffRoutes(deps), { prefix: '/api/staff' });
  await app.register(async (staffApi) => {
    // onRequest, not preHandler: the session is checked before any body is parsed or validated, so an
    // anonymous caller gets 401 from every guarded route and never a 400 describing its schema.
    staffApi.addHook('onRequest', requireStaff(deps));
    await staffApi.register(firmRoutes);
    await staffApi.register(staffRoutes);
    await staffApi.register(sessionsAdminRoutes);
    await staffApi.register(twoFactorAdminRoutes);
    await staffApi.register(clientsRoutes);
    await staffApi.register(auditRoutes);
    await staffApi.register(workStaffRoutes);
    await staffApi.register(documentsStaffRoutes);
    await staffApi.register(invoicesStaffRoutes);
    await staffApi.register(paymentsStaffRoutes);
    await staffApi.register(messagesStaffRoutes(deps));
    await staffApi.register(serviceRequestsStaffRoutes);
    await staffApi.register(proposalsStaffRoutes);
  }, { prefix: '/api/staff' });
  await app.register(accountsPortalRoutes(deps), { prefix: '/api/portal/:slug' });
  await app.register(async (portalApi) => {
    portalApi.addHook('onRequest', requireClient(deps));
    await portalApi.register(workPortalRoutes);
    await portalApi.register(documentsPortalRoutes);
    await portalApi.register(invoicesPortalRoutes);
    await portalApi.register(paymentsPortalRoutes);
    await portalApi.register(messagesPortalRoutes(deps));
    await portalApi.register(serviceRequestsPortalRoutes);
    await portalApi.register(proposalsPortalRoutes);
  }, { prefix: '/api/portal/:slug' });

  if (mailCatcher && !config.isProduction) registerDevMail(app, mailCatcher);
  // Development: eWay's shared page and API, emulated in-process (EWAY_ENDPOINT unset).
  if (config.eway.emulator) await app.register(ewayEmulator({ apiKey: config.eway.apiKey, apiPassword: config.eway.apiPassword }).plugin, { prefix: '/dev/eway' });
  await registerSpa(app, config, options.webRoot ?? join(process.cwd(), 'dist', 'web'));

  const scheduler = createScheduler([
    { name: 'recurring-services', intervalMs: 60_000, run: (now) => runRecurringServices(deps, now) },
    { name: 'client-notices', intervalMs: 15_000, run: (now) => sendClientNotices(deps, now, config.noticeBatchSeconds) },
    { name: 'document-purge', intervalMs: 60 * 60_000, run: (now) => purgeDeletedDocuments(deps, now) },
    { name: 'invoice-reminders', intervalMs: 60 * 60_000, run: (now) => sendInvoiceReminders(deps, now) },
    { name: 'daily-digest', intervalMs: 5 * 60_000, run: (now) => sendDailyDigests(deps, now) },
    { name: 'payment-reconciliation', intervalMs: 60_000, run: (now) => reconcilePayments(deps, now, app.log) },
    { name: 'live-events-prune', intervalMs: 60 * 60_000, run: (now) => pruneLiveEvents(db, now) },
    { name: 'account-housekeeping', intervalMs: 60 * 60_000, run: (now) => accountHousekeeping(deps, now) },
    { name: 'proposal-reminders', intervalMs: 60 * 60_000, run: (now) => runProposalJobs(deps, now) },
    { name: 'orphan-blob-sweeper', intervalMs: 6 * 60 * 60_000, run: (now) => sweepOrphanBlobs(deps, now) },
  ], app.log);
  // Reply by e-mail: the domain's MX (or a relay) hands reply+<token>@MAIL_DOMAIN mail to this listener.
  let inbound: InboundSmtpListener | null = null;
  if (config.inboundSmtp) {
    const log = app.log.child({ module: 'inbound-smtp' });
    inbound = new InboundSmtpListener({ hostname: config.mailDomain, log, ...replyByEmailHandlers(deps, log) });
    const port = await inbound.listen(config.inboundSmtp.port, config.inboundSmtp.host);
    log.info({ host: config.inboundSmtp.host, port }, 'reply-by-email SMTP listener started');
  }
  if (config.workers) {
    mailer.start();
    scheduler.start();
  }

  return {
    app,
    deps,
    mailCatcher,
    inboundSmtpPort: inbound?.port ?? null,
    async close() {
      await inbound?.close();
      await app.close();
      await deps.live.stop();
      await scheduler.stop();
      await mailer.stop();
      await mailCatcher?.close();
      if (!options.db) await db.close();
    },
  };
}
