import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type BuiltApp } from '../src/server/app.js';
import { loadConfig, type Config } from '../src/server/config/env.js';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { clients, firms, portalUsers, staffUsers } from '../src/server/db/schema/index.js';
import { hashPassword } from '../src/server/platform/auth/passwords.js';
import { adminUrl, RUNTIME_ROLE, withDatabase, withUser } from './pg-urls.js';

export const TEST_PASSWORD = 'Wattle-Harbour-Test-77';
let cachedHash: Promise<string> | undefined;
/** One argon2 hash of TEST_PASSWORD per test file keeps factories fast. */
export const testPasswordHash = () => (cachedHash ??= hashPassword(TEST_PASSWORD));

let dbCounter = 0;
/** How each PostgreSQL test database was opened, so a second "instance" can open it again. */
const openedWith = new WeakMap<Database, Parameters<typeof openDatabase>[0]>();

/**
 * Another connection pool to the same PostgreSQL test database: what a second app instance would
 * have. Null on PGlite, which lives inside one process and cannot be shared.
 */
export async function reopenTestDatabase(db: Database): Promise<Database | null> {
  const opts = openedWith.get(db);
  return opts ? openDatabase(opts) : null;
}

/**
 * The connection URLs of a PostgreSQL test database (serving role, and owner for migrations), so a
 * child process (test/faults/) can serve from it; null on PGlite.
 */
export function testDatabaseUrls(db: Database): { databaseUrl: string; databaseMigrationUrl: string } | null {
  const opts = openedWith.get(db);
  return opts?.databaseUrl && opts.databaseMigrationUrl ? { databaseUrl: opts.databaseUrl, databaseMigrationUrl: opts.databaseMigrationUrl } : null;
}

/** A fresh database for this test file: PGlite loaded from the migrated snapshot, or a clone of the PostgreSQL template. */
export async function createTestDatabase(): Promise<Database> {
  const template = inject('pgTemplate');
  const url = process.env.TEST_DATABASE_URL;
  if (template && url) {
    const name = `ll_t_${process.ppid}_${process.pid}_${Date.now()}_${dbCounter++}`.slice(0, 63);
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    // Only one clone of a template may run at a time on PostgreSQL; retry while another file clones.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (err) {
        if (attempt > 50 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    const opts = { databaseUrl: withUser(withDatabase(url, name), RUNTIME_ROLE), databaseMigrationUrl: withDatabase(url, name), migrate: false, poolSize: 5 };
    const db = await openDatabase(opts);
    openedWith.set(db, opts);
    return db;
  }
  const snapshot = inject('pgliteSnapshot');
  return openDatabase({ loadDataDir: new Blob([readFileSync(snapshot)]), migrate: false });
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'll-data-')),
      DEV_SMTP_PORT: '0',
      WORKERS: 'false',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      APP_BASE_URL: 'http://localhost:3000',
      PORTAL_DOMAIN: 'localhost:3000',
    },
    overrides,
  );
}

export interface TestApp extends BuiltApp {
  db: Database;
  /** Runs the outbox worker until nothing is due, so e-mails reach the SMTP catcher. */
  flushMail(): Promise<void>;
}

export async function buildTestApp(opts: { db?: Database; config?: Partial<Config> } = {}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDatabase());
  const built = await buildApp(testConfig(opts.config), { db });
  await built.app.ready();
  return {
    ...built,
    db,
    async flushMail() {
      for (let i = 0; i < 10 && (await built.deps.mailer.drain()) > 0; i++);
    },
    async close() {
      await built.close();
      if (!opts.db) await db.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Factories: each test makes its own data.

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function createFirm(db: Database, over: Partial<typeof firms.$inferInsert> = {}) {
  const slug = over.slug ?? `firm-${unique()}`;
  const [firm] = await db.owner
    .insert(firms)
    .values({ slug, legalName: `${slug} Pty Ltd`, displayName: over.displayName ?? `Firm ${slug}`, abn: '51824753556', requireStaffTwoFactor: false, ...over })
    .returning();
  if (!firm) throw new Error('firm insert failed');
  return firm;
}

export async function createStaff(db: Database, firmId: string, over: Partial<typeof staffUsers.$inferInsert> = {}) {
  const passwordHash = await testPasswordHash();
  return db.withFirm(firmId, async (tx) => {
    const [row] = await tx
      .insert(staffUsers)
      .values({ firmId, email: `staff-${unique()}@example.com`, name: 'Sam Staff', role: 'owner', status: 'active', passwordHash, ...over })
      .returning();
    if (!row) throw new Error('staff insert failed');
    return row;
  });
}

export async function createClient(db: Database, firmId: string, over: Partial<typeof clients.$inferInsert> = {}) {
  return db.withFirm(firmId, async (tx) => {
    const [row] = await tx.insert(clients).values({ firmId, type: 'individual', name: `Client ${unique()}`, ...over }).returning();
    if (!row) throw new Error('client insert failed');
    return row;
  });
}

export async function createPortalUser(db: Database, firmId: string, clientId: string, over: Partial<typeof portalUsers.$inferInsert> = {}) {
  const passwordHash = await testPasswordHash();
  return db.withFirm(firmId, async (tx) => {
    const [row] = await tx
      .insert(portalUsers)
      .values({ firmId, clientId, email: `person-${unique()}@example.com`, name: 'Pat Client', status: 'active', passwordHash, ...over })
      .returning();
    if (!row) throw new Error('portal user insert failed');
    return row;
  });
}

/** A firm with an owner, a staff member, two clients each with an active portal user. */
export async function createFirmWorld(db: Database, label = 'a') {
  const firm = await createFirm(db, { slug: `${label}-${unique()}`, displayName: `Firm ${label.toUpperCase()} marker-${label}-${unique()}` });
  const owner = await createStaff(db, firm.id, { role: 'owner', name: `Owner ${label}` });
  const staff = await createStaff(db, firm.id, { role: 'staff', name: `Staff ${label}` });
  const client1 = await createClient(db, firm.id, { name: `Client One ${label} marker-${label}` });
  const client2 = await createClient(db, firm.id, { name: `Client Two ${label} marker-${label}` });
  const person1 = await createPortalUser(db, firm.id, client1.id, { name: `Person One ${label}` });
  const person2 = await createPortalUser(db, firm.id, client2.id, { name: `Person Two ${label}` });
  return { firm, owner, staff, client1, client2, person1, person2 };
}

// ---------------------------------------------------------------------------------------------
// Sessions as a browser would hold them.

export interface Session {
  cookie: string;
  csrf: string;
  /** app.inject with the session cookie, CSRF header and JSON body. */
  req(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

function cookieFrom(res: LightMyRequestResponse): string {
  const set = res.headers['set-cookie'];
  const first = (Array.isArray(set) ? set : [set]).find((c) => typeof c === 'string' && c.includes('=') && !c.includes('Max-Age=0') && !/=;/.test(c));
  if (!first) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return first.split(';')[0] ?? '';
}

export function sessionFor(app: TestApp, cookie: string, csrf: string): Session {
  return {
    cookie,
    csrf,
    req: (method, url, body) =>
      app.app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      }),
  };
}

/**
 * The "seen" cookies (new sign-in notice) per person, as one test browser keeps them: signing in again
 * as someone from the same test is not a new browser, so it sends no "New sign-in" e-mail.
 */
const seenJar = new Map<string, string>();
async function signIn(app: TestApp, url: string, email: string, password: string): Promise<LightMyRequestResponse> {
  const key = `${url}\u0000${email}`;
  const seen = seenJar.get(key);
  const res = await app.app.inject({ method: 'POST', url, payload: { email, password }, ...(seen ? { headers: { cookie: seen } } : {}) });
  const set = res.headers['set-cookie'];
  const next = (Array.isArray(set) ? set : [set]).find((c) => typeof c === 'string' && /^(__Host-)?ll_seen_/.test(c));
  if (next) seenJar.set(key, next.split(';')[0] ?? '');
  return res;
}

export async function asStaff(app: TestApp, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await signIn(app, '/api/staff/auth/login', email, password);
  if (res.statusCode !== 200) throw new Error(`staff login failed ${res.statusCode}: ${res.body}`);
  return sessionFor(app, cookieFrom(res), (res.json() as { csrfToken: string }).csrfToken);
}

export async function asClient(app: TestApp, slug: string, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await signIn(app, `/api/portal/${slug}/auth/login`, email, password);
  if (res.statusCode !== 200) throw new Error(`portal login failed ${res.statusCode}: ${res.body}`);
  return sessionFor(app, cookieFrom(res), (res.json() as { csrfToken: string }).csrfToken);
}

export { cookieFrom };

/** The token from the first link with `#token=` in an e-mail's text. */
export function tokenFromEmail(text: string): string {
  const m = /#token=([A-Za-z0-9_-]{43})/.exec(text);
  if (!m?.[1]) throw new Error(`no link token in e-mail:\n${text}`);
  return m[1];
}

// ---------------------------------------------------------------------------------------------
// File uploads.

/** A multipart/form-data body with optional text fields before the "file" part. */
export function multipart(fileName: string, content: Buffer, fields: Record<string, string> = {}, fieldName = 'file') {
  const boundary = `----ll${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fieldName}"; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs a file as multipart/form-data with the session's cookie and CSRF header. */
export function uploadAs(app: TestApp, s: Session, url: string, fileName: string, content: Buffer, fields: Record<string, string> = {}) {
  const { payload, contentType } = multipart(fileName, content, fields);
  return app.app.inject({ method: 'POST', url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': contentType } });
}
