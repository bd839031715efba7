import { mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type AppDb = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction already scoped to one firm (RLS role and app.firm_id set). */
export type Tx = Parameters<Parameters<AppDb['transaction']>[0]>[0];

/** Raw SQL in a transaction, returning typed rows (both drivers answer `{ rows }`). */
export async function queryRows<T>(tx: Pick<AppDb, 'execute'>, query: SQL): Promise<T[]> {
  const res = (await tx.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Database {
  kind: 'pglite' | 'postgres';
  /** Runs fn in a transaction as the RLS-bound role with app.firm_id = firmId. */
  withFirm<T>(firmId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn as the RLS-bound role with no firm: only firms (read) and the SECURITY DEFINER look-ups are visible. */
  withoutFirm<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * One transaction that first finds the firm with no firm set (a SECURITY DEFINER look-up), then
   * scopes itself to that firm and runs fn; null when no firm was found. Saves a round trip per request.
   */
  withFirmFrom<T>(resolve: (tx: Tx) => Promise<string | null>, fn: (tx: Tx, firmId: string) => Promise<T>): Promise<T | null>;
  /** The raw connection as its login role; for migrations, seeding and tests only — never from a request. */
  owner: AppDb;
  /**
   * LISTEN on a channel: `onNotify` gets each payload; `onReconnect` is called after a lost listening
   * connection is back (notifications sent meanwhile were missed: catch up from the table).
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  queryCount(): number;
  close(): Promise<void>;
}

/** How long a request waits for a database connection before it is answered 503 (the database is away). */
export const CONNECT_TIMEOUT_MS = 5000;

/** SQLSTATEs and socket errors that mean "the database is away or restarting", not "this statement is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '57P01', '57P02', '57P03', // admin shutdown, crash shutdown, cannot connect now (starting up)
  '53300', // too many connections
]);
/** node-postgres' own errors for a connection that broke or never came, which carry no code. */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/**
 * True when err (or what it wraps: drizzle's "Failed query" keeps the driver's error as `cause`)
 * says the database could not be reached or dropped the connection — a 503, not a 500.
 */
export function isDatabaseUnavailableError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    // AggregateError (a host name with several addresses, all refused) keeps each attempt's error.
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailableError(x))) return true;
  }
  return false;
}

/**
 * A dropped connection (database restart, network) makes node-postgres emit 'error' on the client,
 * and an 'error' event nobody listens to ends the process. The pool listens only while a client is
 * idle; a client checked out by a request has no listener, so a database restart mid-request used to
 * crash the server (test/faults/db-outage.int.test.ts). Both are ignored here: the request's query
 * fails on its own (→ 503 via isDatabaseUnavailableError) and the pool discards the broken client.
 */
function ignoreConnectionErrors(pool: pg.Pool): void {
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
}

/** Counts statements, so benchmarks and tests can see N+1 patterns. */
function countingLogger(counter: { n: number }) {
  return { logQuery: () => void (counter.n += 1) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function scoped(db: AppDb, counter: { n: number }) {
  async function run<T>(firmId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    // Fail closed: a missing or malformed tenant id is a programming error, never an unscoped query.
    if (firmId !== '' && !UUID.test(firmId)) throw new Error('withFirm: firm id is not a uuid');
    return db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.firm_id', ${firmId}, true), set_config('role', 'll_app', true)`);
      return fn(tx);
    });
  }
  return {
    withFirm: <T>(firmId: string, fn: (tx: Tx) => Promise<T>) => {
      if (firmId === '') throw new Error('withFirm: no firm');
      return run(firmId, fn);
    },
    withoutFirm: <T>(fn: (tx: Tx) => Promise<T>) => run('', fn),
    withFirmFrom: <T>(resolve: (tx: Tx) => Promise<string | null>, fn: (tx: Tx, firmId: string) => Promise<T>) =>
      run('', async (tx) => {
        const firmId = await resolve(tx);
        if (!firmId) return null;
        if (!UUID.test(firmId)) throw new Error('withFirmFrom: firm id is not a uuid');
        await tx.execute(sql`select set_config('app.firm_id', ${firmId}, true)`);
        return fn(tx, firmId);
      }),
  };
}

export interface OpenOptions {
  dataDir?: string;
  /** A PGlite data dir dump (tests load a migrated snapshot instead of migrating). */
  loadDataDir?: Blob | File;
  databaseUrl?: string;
  databaseMigrationUrl?: string;
  poolSize?: number;
  migrate?: boolean;
}

/** Opens PGlite (dataDir, or in memory) or PostgreSQL (databaseUrl), migrates, and checks the runtime role. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const counter = { n: 0 };
  if (opts.databaseUrl) {
    if (opts.migrate !== false) await migratePostgres(opts.databaseMigrationUrl ?? opts.databaseUrl);
    // A database that does not answer fails a request within CONNECT_TIMEOUT_MS (a clear 503), never hangs it;
    // keep-alive notices a connection whose peer vanished without a reset.
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    ignoreConnectionErrors(pool);
    const db = drizzlePg(pool, { schema, logger: countingLogger(counter) }) as unknown as AppDb;
    await assertRuntimeRoleIsSafe(db);
    // The owner connection (migration role) is what creates firms; requests never use it.
    const ownerPool = opts.databaseMigrationUrl ? new pg.Pool({ connectionString: opts.databaseMigrationUrl, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true }) : null;
    if (ownerPool) ignoreConnectionErrors(ownerPool);
    const owner = ownerPool ? (drizzlePg(ownerPool, { schema }) as unknown as AppDb) : db;
    const listeners = new Set<() => Promise<void>>();
    return {
      kind: 'postgres',
      ...scoped(db, counter),
      owner,
      listen: async (channel, onNotify, onReconnect) => {
        const stop = await listenPostgres(opts.databaseUrl as string, channel, onNotify, onReconnect);
        listeners.add(stop);
        return async () => {
          listeners.delete(stop);
          await stop();
        };
      },
      queryCount: () => counter.n,
      close: async () => {
        await Promise.all([...listeners].map((stop) => stop()));
        await pool.end();
        await ownerPool?.end();
      },
    };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  // PGlite ignores options passed after an undefined data dir, so pass one options object.
  const client = new PGlite({
    ...(opts.dataDir ? { dataDir: join(opts.dataDir, 'pgdata') } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
  });
  await client.waitReady;
  const db = drizzlePglite(client, { schema, logger: countingLogger(counter) }) as unknown as AppDb;
  if (opts.migrate !== false) await migratePglite(drizzlePglite(client), { migrationsFolder });
  return {
    kind: 'pglite',
    ...scoped(db, counter),
    owner: db,
    listen: async (channel, onNotify) => client.listen(channel, onNotify),
    queryCount: () => counter.n,
    close: () => client.close(),
  };
}

/**
 * One dedicated connection LISTENing on a channel. If it drops (database restart, network), it is
 * re-opened with backoff (1 s doubling to 30 s) and `onReconnect` lets the caller catch up.
 */
async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error('listen: channel must be a plain identifier');
  let stopped = false;
  let current: pg.Client | null = null;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true });
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    });
    c.on('error', () => undefined);
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    current = c;
    c.on('end', () => {
      if (current === c) current = null;
      if (!stopped) retry(1000);
    });
  };
  const retry = (delay: number) => {
    timer = setTimeout(() => {
      connect().then(() => onReconnect?.(), () => {
        if (!stopped) retry(Math.min(delay * 2, 30_000));
      });
    }, delay);
    timer.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const c = current as pg.Client | null;
    current = null;
    await c?.end().catch(() => undefined);
  };
}

export async function migratePostgres(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One instance migrates at a time; the others wait and then find nothing to do.
    await client.query('select pg_advisory_lock(7263541)');
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock(7263541)').catch(() => undefined);
    await client.end();
  }
}

/** On PostgreSQL the serving role must be subject to RLS: no superuser, no BYPASSRLS, member of ll_app. */
async function assertRuntimeRoleIsSafe(db: AppDb): Promise<void> {
  const [row] = await queryRows<{ name: string; super: boolean; bypass: boolean; member: boolean }>(
    db,
    sql`select current_user as name, rolsuper as super, rolbypassrls as bypass, pg_has_role(current_user, 'll_app', 'MEMBER') as member from pg_roles where rolname = current_user`,
  );
  if (!row) throw new Error('Cannot read the database role');
  if (row.super || row.bypass) {
    throw new Error(
      `Refusing to start: the database role "${row.name}" is a superuser or has BYPASSRLS, so row-level security would not protect firms from each other. ` +
        'Serve with a login role that is a member of ll_app (see docs/deployment-database.md), and run migrations with DATABASE_MIGRATION_URL.',
    );
  }
  if (!row.member) {
    throw new Error(`Refusing to start: the database role "${row.name}" is not a member of ll_app (GRANT ll_app TO "${row.name}").`);
  }
}

/** Number of migrations in the repository (for /readyz). */
export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}
