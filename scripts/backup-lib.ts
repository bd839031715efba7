/**
 * Backup and restore of one Ledger Loom installation (docs/deployment.md "Backup and restore").
 *
 * A backup is a directory:
 *   manifest.json         format, time, database kind, checksums of everything below, master key ids
 *   database.dump         PostgreSQL: pg_dump --format=custom    (or)
 *   database.tar.gz       PGlite: dumpDataDir('gzip') of DATA_DIR/pgdata
 *   blobs/<key>           every blob of the store, byte for byte (ciphertext: files are sealed by the app)
 *
 * It never holds the master key: the manifest names only the ids (a hash) of the master keys that wrap
 * the firms' data keys. Without that key the backup cannot be read — keep it in the secret store,
 * separately from the backups. Order: database first, then blobs, so every document row in the dump
 * has its file (blobs written later are orphans the sweeper removes after a restore).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { BlobStore } from '../src/server/platform/storage/blob-store.js';
import { masterKeyId } from '../src/server/platform/crypto/envelope.js';

export const MANIFEST_FORMAT = 'ledger-loom-backup/1';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  database: { kind: 'postgres' | 'pglite'; file: string; bytes: number; sha256: string };
  /** Ids (masterKeyId: a truncated SHA-256, not the key) of the master keys wrapping the firms' data keys. */
  masterKeyIds: string[];
  /** The id of the MASTER_KEY configured when the backup was taken, if one was. */
  currentMasterKeyId: string | null;
  blobs: { key: string; bytes: number; sha256: string }[];
  counts: { firms: number; documents: number };
}

/** Where the database is: PostgreSQL (a URL whose role can read every row: superuser or BYPASSRLS) or PGlite (DATA_DIR). */
export type DatabaseSource = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

function hashing(): { tap: Transform; digest: () => string; bytes: () => number } {
  const h = createHash('sha256');
  let n = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _e, cb) {
      h.update(chunk);
      n += chunk.length;
      cb(null, chunk);
    },
  });
  return { tap, digest: () => h.digest('hex'), bytes: () => n };
}

async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const { tap, digest, bytes } = hashing();
  await pipeline(createReadStream(path), tap, async function* (src) {
    for await (const _ of src) void _;
  });
  return { sha256: digest(), bytes: bytes() };
}

async function sha256Stream(body: Readable): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let n = 0;
  for await (const chunk of body) {
    h.update(chunk as Buffer);
    n += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes: n };
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} could not run (${r.error.message}); install the PostgreSQL client of the server's major version`);
  if (r.status !== 0) {
    const hint = /row-level security/i.test(r.stderr) ? '\nThe dump role is subject to row-level security: use BACKUP_DATABASE_URL with a superuser or a BYPASSRLS role (docs/deployment.md).' : '';
    throw new Error(`${cmd} failed (exit ${r.status}): ${r.stderr.trim()}${hint}`);
  }
}

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** Runs fn with a query function on the source database (superuser / BYPASSRLS, so RLS hides nothing). */
async function withQuery<T>(src: DatabaseSource, fn: (q: Query) => Promise<T>, pglite?: PGlite): Promise<T> {
  if (src.kind === 'postgres') {
    const c = new pg.Client({ connectionString: src.url });
    await c.connect();
    try {
      return await fn(async (text) => (await c.query(text)).rows as Record<string, unknown>[]);
    } finally {
      await c.end();
    }
  }
  if (!pglite) throw new Error('internal: no PGlite handle');
  return fn(async (text) => (await pglite.query(text)).rows as Record<string, unknown>[]);
}

async function describe(q: Query) {
  const keys = await q(`select distinct key_id from firm_data_keys order by key_id`);
  const [counts] = await q(`select (select count(*) from firms)::int as firms, (select count(*) from documents)::int as documents`);
  const live = await q(`select storage_key from documents where status = 'available'`);
  return {
    masterKeyIds: keys.map((r) => String(r.key_id)),
    counts: { firms: Number(counts?.firms ?? 0), documents: Number(counts?.documents ?? 0) },
    liveKeys: live.map((r) => String(r.storage_key)),
  };
}

function assertEmptyDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty; back up into a new directory`);
}

/**
 * Takes a backup into `outDir` (created; must be empty). PGlite must not be open elsewhere (stop the
 * server first: one process per data directory); PostgreSQL is dumped live (pg_dump is a consistent snapshot).
 */
export async function backup(opts: { outDir: string; db: DatabaseSource; store: BlobStore; masterKey?: Buffer | undefined; log?: (line: string) => void }): Promise<Manifest> {
  const log = opts.log ?? (() => undefined);
  const outDir = resolve(opts.outDir);
  assertEmptyDir(outDir);
  await mkdir(outDir, { recursive: true, mode: 0o700 });

  let file: string;
  let info: Awaited<ReturnType<typeof describe>>;
  if (opts.db.kind === 'postgres') {
    info = await withQuery(opts.db, describe);
    file = 'database.dump';
    log('Dumping PostgreSQL (pg_dump, custom format)…');
    run('pg_dump', ['--format=custom', '--no-password', `--file=${join(outDir, file)}`, `--dbname=${opts.db.url}`]);
  } else {
    const pgdata = join(opts.db.dataDir, 'pgdata');
    if (!existsSync(pgdata)) throw new Error(`no embedded database at ${pgdata}`);
    const client = new PGlite({ dataDir: pgdata });
    try {
      await client.waitReady;
      info = await withQuery(opts.db, describe, client);
      file = 'database.tar.gz';
      log('Dumping the embedded database (PGlite data directory)…');
      const dump = await client.dumpDataDir('gzip');
      await writeFile(join(outDir, file), Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    } finally {
      await client.close();
    }
  }
  const dbSum = await sha256File(join(outDir, file));

  log('Copying the blob store…');
  const blobs: Manifest['blobs'] = [];
  for await (const b of opts.store.list('')) {
    const path = join(outDir, 'blobs', ...b.key.split('/'));
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const { tap, digest, bytes } = hashing();
    await pipeline(opts.store.get(b.key), tap, createWriteStream(path, { mode: 0o600 }));
    blobs.push({ key: b.key, bytes: bytes(), sha256: digest() });
  }
  blobs.sort((a, b) => a.key.localeCompare(b.key));
  const have = new Set(blobs.map((b) => b.key));
  const missing = info.liveKeys.filter((k) => !have.has(k));
  if (missing.length) throw new Error(`the blob store lacks ${missing.length} file(s) of available documents (e.g. ${missing[0]}); backup incomplete`);

  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    createdAt: new Date().toISOString(),
    database: { kind: opts.db.kind, file, ...dbSum },
    masterKeyIds: info.masterKeyIds,
    currentMasterKeyId: opts.masterKey ? masterKeyId(opts.masterKey) : null,
    blobs,
    counts: info.counts,
  };
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  log(`Backup complete: ${manifest.counts.firms} firm(s), ${manifest.counts.documents} document row(s), ${blobs.length} blob(s), master key id(s) ${manifest.masterKeyIds.join(', ') || '(none yet)'}.`);
  return manifest;
}

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/**
 * Restores a backup into a FRESH database and an EMPTY blob store, then verifies every blob against
 * the manifest (read back from the target store) and that every available document's file is there.
 * `masterKeys`: the keys the restored app will run with (MASTER_KEY, MASTER_KEY_PREVIOUS); when given,
 * at least one must match each id in the manifest, or the restore is refused before anything is written.
 */
export async function restore(opts: { fromDir: string; db: DatabaseTarget; store: BlobStore; masterKeys?: Buffer[]; log?: (line: string) => void }): Promise<Manifest> {
  const log = opts.log ?? (() => undefined);
  const dir = resolve(opts.fromDir);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (manifest.format !== MANIFEST_FORMAT) throw new Error(`not a Ledger Loom backup (format ${String(manifest.format)})`);
  if (manifest.database.kind !== opts.db.kind) throw new Error(`this backup holds a ${manifest.database.kind} database; restore it into ${manifest.database.kind}`);

  // Checks before writing anything: key material, checksums, empty targets.
  if (opts.masterKeys?.length) {
    const ids = new Set(opts.masterKeys.map(masterKeyId));
    const unknown = manifest.masterKeyIds.filter((id) => !ids.has(id));
    if (unknown.length) throw new Error(`the firms' data keys in this backup are wrapped by master key id(s) ${unknown.join(', ')}, which MASTER_KEY/MASTER_KEY_PREVIOUS do not match; fetch the key from the secret store`);
  } else if (manifest.masterKeyIds.length) {
    log(`Warning: no master key given; the restored data opens only with master key id(s) ${manifest.masterKeyIds.join(', ')}.`);
  }
  const dbFile = join(dir, manifest.database.file);
  const dbSum = await sha256File(dbFile);
  if (dbSum.sha256 !== manifest.database.sha256) throw new Error(`${manifest.database.file} does not match its checksum`);
  for (const b of manifest.blobs) {
    const s = await sha256File(join(dir, 'blobs', ...b.key.split('/')));
    if (s.sha256 !== b.sha256 || s.bytes !== b.bytes) throw new Error(`blob ${b.key} in the backup does not match its checksum`);
  }
  for await (const b of opts.store.list('')) throw new Error(`the target blob store is not empty (it holds ${b.key}); restore into an empty one`);

  let liveKeys: string[];
  if (opts.db.kind === 'postgres') {
    const c = new pg.Client({ connectionString: opts.db.url });
    await c.connect();
    try {
      const r = await c.query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`);
      if ((r.rows[0]?.n ?? 0) > 0) throw new Error('the target database is not empty; restore into a freshly created database');
      // The NOLOGIN roles the first migration creates are cluster-wide, so a new server lacks them; the dump grants to them.
      await c.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = 'll_app') then create role ll_app nologin; end if;
        if not exists (select 1 from pg_roles where rolname = 'll_system') then create role ll_system nologin; end if;
      end $$`);
    } finally {
      await c.end();
    }
    log('Restoring PostgreSQL (pg_restore)…');
    run('pg_restore', ['--exit-on-error', '--single-transaction', '--no-password', `--dbname=${opts.db.url}`, dbFile]);
    liveKeys = await withQuery(opts.db, async (q) => (await describe(q)).liveKeys);
  } else {
    const pgdata = join(opts.db.dataDir, 'pgdata');
    if (existsSync(pgdata) && readdirSync(pgdata).length > 0) throw new Error(`${pgdata} already holds a database; restore into a new DATA_DIR`);
    await mkdir(pgdata, { recursive: true, mode: 0o700 });
    log('Restoring the embedded database…');
    const client = new PGlite({ dataDir: pgdata, loadDataDir: new Blob([readFileSync(dbFile)]) });
    try {
      await client.waitReady;
      liveKeys = await withQuery(opts.db, async (q) => (await describe(q)).liveKeys, client);
    } finally {
      await client.close();
    }
  }

  log(`Restoring ${manifest.blobs.length} blob(s)…`);
  for (const b of manifest.blobs) {
    await opts.store.put(b.key, createReadStream(join(dir, 'blobs', ...b.key.split('/'))));
    const back = await sha256Stream(opts.store.get(b.key));
    if (back.sha256 !== b.sha256 || back.bytes !== b.bytes) throw new Error(`blob ${b.key} reads back differently from the target store`);
  }
  const restored = new Set(manifest.blobs.map((b) => b.key));
  const missing = liveKeys.filter((k) => !restored.has(k));
  if (missing.length) throw new Error(`${missing.length} available document(s) have no file in this backup (e.g. ${missing[0]})`);
  log(`Restore verified: database checksum, ${manifest.blobs.length} blob(s) read back with their checksums, ${liveKeys.length} available document(s) all have their file.`);
  return manifest;
}
