import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ProposalDetail } from '../src/contracts/proposals.js';
import { openDatabase, queryRows, type Database } from '../src/server/db/client.js';
import { verifyPdf } from '../src/server/modules/proposals/index.js';
import { LocalBlobStore } from '../src/server/platform/storage/blob-store.js';
import { masterKeyId } from '../src/server/platform/crypto/envelope.js';
import { backup, restore, type DatabaseSource, type Manifest } from '../scripts/backup-lib.js';
import { asClient, asStaff, buildTestApp, createTestDatabase, uploadAs, type TestApp } from './harness.js';
import { RUNTIME_ROLE, adminUrl, withDatabase, withUser } from './pg-urls.js';
import { templateId, workWorld } from './work-fixtures.js';

/**
 * Backup and restore (docs/deployment.md): seed a firm with an uploaded document and a signed
 * proposal, back up (database + blob store + manifest), restore into a fresh database and an empty
 * blob directory, start the app on the restored data and read both back intact. PGlite by default;
 * PostgreSQL (pg_dump/pg_restore) when TEST_DATABASE_URL is set.
 */
const pgUrl = process.env.TEST_DATABASE_URL;
const masterKey = randomBytes(32);
const MASTER_KEY = masterKey.toString('base64');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

function png(width = 120, height = 40): string {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height, 0xff);
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** A database for the source installation, and how the backup reaches it. */
async function sourceDatabase(): Promise<{ db: Database; dataDir: string; source: () => DatabaseSource }> {
  const dataDir = tmp('ll-src-');
  if (pgUrl) {
    const db = await createTestDatabase();
    const [row] = await queryRows<{ name: string }>(db.owner, sql`select current_database() as name`);
    // Dump as docs/deployment.md says: a read-only BYPASSRLS role (FORCE RLS stops even the owner's pg_dump).
    const admin = new pg.Client({ connectionString: adminUrl(pgUrl) });
    await admin.connect();
    await admin.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'll_test_backup') then
        create role ll_test_backup login nosuperuser bypassrls in role pg_read_all_data;
      end if; end $$`);
    await admin.end();
    return { db, dataDir, source: () => ({ kind: 'postgres', url: withUser(withDatabase(pgUrl, row?.name ?? ''), 'll_test_backup') }) };
  }
  // A file-backed PGlite, as in production's embedded mode (loaded from the migrated test snapshot).
  const db = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(inject('pgliteSnapshot'))]), migrate: false });
  return { db, dataDir, source: () => ({ kind: 'pglite', dataDir }) };
}

describe(`backup and restore (${pgUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('restores a document and a signed proposal intact into a fresh database and blob store', async () => {
    // --- The source installation: a firm, an uploaded document, a signed proposal.
    const src = await sourceDatabase();
    const t: TestApp = await buildTestApp({ db: src.db, config: { dataDir: src.dataDir, masterKey: MASTER_KEY } });
    const w = await workWorld(t, 'bk');
    const fileBytes = Buffer.concat([Buffer.from('%PDF-1.4\n% backup test\n'), randomBytes(200_000), Buffer.from('\n%%EOF\n')]);
    const up = await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'Trial balance.pdf', fileBytes);
    expect(up.statusCode, up.body).toBe(201);
    const docId = (up.json() as { id: string }).id;

    const created = await w.owner$.req('POST', '/api/staff/proposals', {
      clientId: w.client1.id, title: 'Compliance package', intro: 'Dear {{client.name}}', terms: 'Terms of {{firm.legalName}}',
      items: [{ description: 'BAS preparation', serviceTemplateId: templateId(w, 'BAS Preparation'), kind: 'quarterly', quantityMilli: 1000, unitPriceCents: 495_00 }],
      signers: [{ portalUserId: w.person1.id }], expiresOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), invoiceOnAcceptance: false,
    });
    expect(created.statusCode, created.body).toBe(201);
    const p = created.json() as ProposalDetail;
    expect((await w.owner$.req('POST', `/api/staff/proposals/${p.id}/send`, { version: p.version })).statusCode).toBe(200);
    const alex = await asClient(t, w.firm.slug, w.person1.email);
    const signed = await alex.req('POST', `/api/portal/${w.firm.slug}/proposals/${p.id}/accept`, { consent: true, fullName: 'Alex Signer', signature: png(), chosenOptionalItemIds: [], proposalVersion: 1 });
    expect(signed.statusCode, signed.body).toBe(200);
    const done = (await w.owner$.req('GET', `/api/staff/proposals/${p.id}`)).json() as ProposalDetail;
    expect(done.status).toBe('accepted');
    const signedId = done.signedDocumentId as string;
    const signedPdf = (await w.owner$.req('GET', `/api/staff/documents/${signedId}/download`)).rawPayload;
    expect(signedPdf.subarray(0, 5).toString()).toBe('%PDF-');
    await t.close();
    await src.db.close(); // PGlite: one process per data directory, so the server stops before a backup.

    // --- Back up.
    const backupDir = join(tmp('ll-backup-'), 'backup');
    const manifest: Manifest = await backup({ outDir: backupDir, db: src.source(), store: new LocalBlobStore(src.dataDir), masterKey });
    expect(manifest.masterKeyIds).toEqual([masterKeyId(masterKey)]);
    expect(manifest.currentMasterKeyId).toBe(masterKeyId(masterKey));
    expect(manifest.blobs.length).toBeGreaterThanOrEqual(2);
    const manifestText = readFileSync(join(backupDir, 'manifest.json'), 'utf8');
    expect(manifestText).not.toContain(MASTER_KEY);
    expect(manifestText).not.toContain(masterKey.toString('hex'));

    // --- Restore into a fresh database and an empty blob directory.
    const dataDir = tmp('ll-restored-');
    let target: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
    let openRestored: () => Promise<Database>;
    if (pgUrl) {
      const name = `ll_restore_${process.pid}_${Date.now()}`;
      const admin = new pg.Client({ connectionString: adminUrl(pgUrl) });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      cleanups.push(async () => {
        const a = new pg.Client({ connectionString: adminUrl(pgUrl) });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      });
      target = { kind: 'postgres', url: withDatabase(pgUrl, name) };
      openRestored = () => openDatabase({ databaseUrl: withUser(withDatabase(pgUrl, name), RUNTIME_ROLE), databaseMigrationUrl: withDatabase(pgUrl, name), poolSize: 3 });
    } else {
      target = { kind: 'pglite', dataDir };
      openRestored = () => openDatabase({ dataDir });
    }
    // The wrong master key is refused before anything is written.
    await expect(restore({ fromDir: backupDir, db: target, store: new LocalBlobStore(dataDir), masterKeys: [randomBytes(32)] })).rejects.toThrow(/master key id/);
    // A tampered blob in the backup is refused before anything is written.
    const first = manifest.blobs[0]?.key ?? '';
    const firstPath = join(backupDir, 'blobs', ...first.split('/'));
    const original = readFileSync(firstPath);
    const flipped = Buffer.from(original);
    flipped[flipped.length - 1] = (flipped.at(-1) ?? 0) ^ 1;
    writeFileSync(firstPath, flipped);
    await expect(restore({ fromDir: backupDir, db: target, store: new LocalBlobStore(dataDir), masterKeys: [masterKey] })).rejects.toThrow(/checksum/);
    writeFileSync(firstPath, original);

    await restore({ fromDir: backupDir, db: target, store: new LocalBlobStore(dataDir), masterKeys: [masterKey] });
    // Restoring again into the now non-empty targets is refused.
    await expect(restore({ fromDir: backupDir, db: target, store: new LocalBlobStore(dataDir), masterKeys: [masterKey] })).rejects.toThrow(/not empty|already holds/);

    // --- The app on the restored data (migrations: nothing to do) reads both back intact.
    const db = await openRestored();
    const r = await buildTestApp({ db, config: { dataDir, masterKey: MASTER_KEY } });
    cleanups.push(async () => {
      await r.close();
      await db.close();
    });
    expect((await r.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const owner = await asStaff(r, w.owner.email);
    const dl = await owner.req('GET', `/api/staff/documents/${docId}/download`);
    expect(dl.statusCode, dl.body.slice(0, 200)).toBe(200);
    expect(dl.rawPayload.equals(fileBytes)).toBe(true);
    const pdf = await owner.req('GET', `/api/staff/documents/${signedId}/download`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.equals(signedPdf)).toBe(true);
    const verdict = await db.withFirm(w.firm.id, (tx) => verifyPdf(tx, w.firm.id, pdf.rawPayload));
    expect(verdict).toMatchObject({ result: 'intact' });
    // The client sees their signed copy in the restored portal too.
    const alexAgain = await asClient(r, w.firm.slug, w.person1.email);
    expect((await alexAgain.req('GET', `/api/portal/${w.firm.slug}/documents/${signedId}/download`)).rawPayload.equals(signedPdf)).toBe(true);
  }, 120_000);
});
