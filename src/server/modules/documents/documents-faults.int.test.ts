import { copyFile, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { queryRows } from '../../db/client.js';
import { AzureBlobStore } from '../../platform/storage/blob-store.js';
import { asClient, asStaff, buildTestApp, createFirmWorld, multipart, testConfig, uploadAs, type Session, type TestApp } from '../../../../test/harness.js';
import { closedPort, EICAR, startFakeClamd, type FakeClamd } from '../../../../test/fake-clamd.js';

/**
 * The documents feature under faults: a connection cut mid-upload, tampered and moved ciphertext,
 * the blob store unreachable, and the virus scanner clean / finding EICAR / down. Every failure
 * must answer clearly and leave nothing half-written (no row, no blob, no temp file, no audit).
 */

type World = Awaited<ReturnType<typeof createFirmWorld>>;

let t: TestApp;
let A: World;
let B: World;
let ownerA: Session;
let ownerB: Session;
let clientA1: Session;
const logs: string[] = [];

/** Sends every log line of `app` (and of its request loggers, which inherit the stream) to `sink`. */
function captureLogs(app: FastifyInstance, sink: string[]) {
  (app.log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = { write: (line: string) => void sink.push(line) };
}

const errorLogs = (sink: string[], msg: RegExp) =>
  sink.map((l) => JSON.parse(l) as { level: number; msg: string; documentId?: string; err?: { message?: string } }).filter((l) => l.level >= 50 && msg.test(l.msg));

beforeAll(async () => {
  t = await buildTestApp({ config: { logLevel: 'error' } });
  captureLogs(t.app, logs);
  A = await createFirmWorld(t.db, 'a');
  B = await createFirmWorld(t.db, 'b');
  ownerA = await asStaff(t, A.owner.email);
  ownerB = await asStaff(t, B.owner.email);
  clientA1 = await asClient(t, A.firm.slug, A.person1.email);
});
afterAll(async () => t?.close());

const pdf = (size: number, marker = 'PLAIN-MARKER') => {
  const body = Buffer.alloc(size, 'x');
  Buffer.from(`%PDF-1.7\n% ${marker}\n`).copy(body);
  if (size > 200) Buffer.from(`${marker}-END`).copy(body, size - marker.length - 20);
  Buffer.from('\n%%EOF\n').copy(body, size - 7); // a PDF ends with %%EOF (checked on upload)
  return body;
};

const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(t.db.owner, q))[0]?.n ?? 0);

async function blobKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const b of t.deps.blobStore.list('firms/')) keys.push(b.key);
  return keys.sort();
}

async function tmpFiles(): Promise<string[]> {
  try {
    const dir = join(t.deps.config.dataDir, 'blobs', '.tmp');
    const names = await readdir(dir);
    return await Promise.all(names.map(async (n) => `${n} (${(await stat(join(dir, n))).size} bytes)`));
  } catch {
    return [];
  }
}

async function written(firmId: string) {
  return {
    documents: await count(sql`select count(*)::int as n from documents where firm_id = ${firmId}`),
    blobs: await blobKeys(),
    tmp: await tmpFiles(),
    audit: await count(sql`select count(*)::int as n from audit_log where firm_id = ${firmId}`),
    outbox: await count(sql`select count(*)::int as n from outbox_emails where firm_id = ${firmId}`),
  };
}

/** Polls until `check` passes or `ms` run out (a cut connection is noticed asynchronously). */
async function eventually(check: () => Promise<void>, ms = 8000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const staffUpload = (app: TestApp, s: Session, w: World, name: string, content: Buffer, fields: Record<string, string> = {}) =>
  uploadAs(app, s, `/api/staff/clients/${w.client1.id}/documents`, name, content, fields);

const blobPath = (app: TestApp, key: string) => join(app.deps.config.dataDir, 'blobs', ...key.split('/'));
const storageKeyOf = async (id: string) => (await queryRows<{ storage_key: string }>(t.db.owner, sql`select storage_key from documents where id = ${id}`))[0]?.storage_key ?? '';

/** Another app on the same database and DATA_DIR (same master key, same blobs) with other settings. */
async function sibling(config: Parameters<typeof testConfig>[0], blobStore?: AzureBlobStore): Promise<TestApp> {
  const built = await buildApp(testConfig({ dataDir: t.deps.config.dataDir, logLevel: 'error', ...config }), { db: t.db, ...(blobStore ? { blobStore } : {}) });
  await built.app.ready();
  return { ...built, db: t.db, flushMail: async () => {} };
}

// ---------------------------------------------------------------------------------------------

async function listening(): Promise<number> {
  const address = t.app.server.address() as { port: number } | null;
  if (address?.port) return address.port;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return (t.app.server.address() as { port: number }).port;
}

/**
 * Sends an upload over a raw socket: the HTTP and multipart headers, then `fraction` of the body
 * (the Content-Length promises all of it), waits `waitMs`, and destroys the socket. Resolves with
 * whatever the server answered before the cut.
 */
async function cutUpload(port: number, s: Session, url: string, name: string, content: Buffer, fraction: number, waitMs: number): Promise<string> {
  const { payload, contentType } = multipart(name, content);
  const head = [
    `POST ${url} HTTP/1.1`, 'Host: localhost:3000', `Cookie: ${s.cookie}`, `X-CSRF-Token: ${s.csrf}`,
    `Content-Type: ${contentType}`, `Content-Length: ${payload.length}`, '', '',
  ].join('\r\n');
  return new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (d: Buffer) => (response += d.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(response));
    socket.on('connect', async () => {
      socket.write(head);
      const upTo = Math.floor(payload.length * fraction);
      for (let i = 0; i < upTo; i += 64 * 1024) {
        if (!socket.write(payload.subarray(i, Math.min(i + 64 * 1024, upTo)))) await new Promise((r) => socket.once('drain', r));
      }
      if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      socket.destroy();
    });
  });
}

/** Nothing written, checked only after the server has had time to notice the cut, and still true a moment later. */
async function expectNothingLeft(firmId: string, before: Awaited<ReturnType<typeof written>>) {
  await new Promise((r) => setTimeout(r, 1500));
  await eventually(async () => {
    expect(await written(firmId)).toEqual(before);
  });
  await new Promise((r) => setTimeout(r, 500));
  expect(await written(firmId)).toEqual(before);
}

describe('a connection cut half-way through an upload', () => {
  it.each([
    ['while the server is storing it (cut 300 ms after half the body)', 0.5, 300],
    ['before the server has started storing it (half the body, then cut at once)', 0.5, 0],
    ['right after the multipart headers', 0.0005, 0],
    ['at 90%', 0.9, 100],
  ])('%s: no document, no blob, no temp file; the server keeps answering', async (_label, fraction, waitMs) => {
    const port = await listening();
    const before = await written(A.firm.id);
    const name = `cut-${fraction}-${waitMs}.pdf`;

    const answer = await cutUpload(port, ownerA, `/api/staff/clients/${A.client1.id}/documents`, name, pdf(3 * 1024 * 1024, 'CUT-MARKER'), fraction, waitMs);

    expect(answer).not.toMatch(/^HTTP\/1\.1 201/);
    await expectNothingLeft(A.firm.id, before);
    expect(await count(sql`select count(*)::int as n from documents where file_name = ${name}`)).toBe(0);
    // The server still answers, over the network and in-process, and still takes uploads.
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const next = await staffUpload(t, ownerA, A, 'after-cut.pdf', pdf(200_000));
    expect(next.statusCode, next.body).toBe(201);
  });

  it('a portal upload to a document request cut half-way leaves the request open and the task waiting', async () => {
    const port = await listening();
    const templates = (await ownerA.req('GET', '/api/staff/templates')).json() as { items: { id: string; name: string }[] };
    const svc = await ownerA.req('POST', '/api/staff/services', { clientId: A.client1.id, templateId: templates.items.find((x) => x.name === 'BAS Preparation')?.id ?? templates.items[0]?.id, periodStart: '2026-01-01' });
    expect(svc.statusCode, svc.body).toBe(201);
    const task = (svc.json() as { tasks: { id: string; clientVisible: boolean }[] }).tasks.find((x) => x.clientVisible);
    const asked = await ownerA.req('POST', `/api/staff/tasks/${task?.id}/questions`, { kind: 'upload', prompt: 'Bank statements Jan–Mar' });
    expect(asked.statusCode, asked.body).toBe(201);
    const requestId = (asked.json() as { tasks: { id: string; questions: { id: string }[] }[] }).tasks.find((x) => x.id === task?.id)?.questions.at(-1)?.id ?? '';
    const before = await written(A.firm.id);

    const { payload, contentType } = multipart('statement.pdf', pdf(2 * 1024 * 1024), { requestId });
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.on('close', () => resolve());
      socket.on('connect', () => {
        socket.write([`POST /api/portal/${A.firm.slug}/documents HTTP/1.1`, 'Host: localhost:3000', `Cookie: ${clientA1.cookie}`, `X-CSRF-Token: ${clientA1.csrf}`,
          `Content-Type: ${contentType}`, `Content-Length: ${payload.length}`, '', ''].join('\r\n'));
        socket.write(payload.subarray(0, payload.length / 2), () => setTimeout(() => socket.destroy(), 200));
      });
    });

    await expectNothingLeft(A.firm.id, before);
    const [q] = await queryRows<{ answer: string | null }>(t.db.owner, sql`select answer from task_questions where id = ${requestId}`);
    expect(q?.answer).toBeNull();
    const [row] = await queryRows<{ status: string }>(t.db.owner, sql`select status from tasks where id = ${task?.id}`);
    expect(row?.status).toBe('waiting_on_client');
  });
});

// ---------------------------------------------------------------------------------------------

describe('tampered or moved ciphertext', () => {
  async function upload(s: Session, w: World, name: string, content: Buffer) {
    const res = await staffUpload(t, s, w, name, content);
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    return { id, key: await storageKeyOf(id), path: blobPath(t, await storageKeyOf(id)) };
  }

  it.each([
    ['a flipped byte in the middle of the only chunk', (b: Buffer) => { b[Math.floor(b.length / 2)] = (b[Math.floor(b.length / 2)] ?? 0) ^ 0x01; }],
    ['a flipped byte in the salt of the header', (b: Buffer) => { b[10] = (b[10] ?? 0) ^ 0x80; }],
    ['a flipped byte in the tag', (b: Buffer) => { b[b.length - 1] = (b[b.length - 1] ?? 0) ^ 0x01; }],
    ['the last 16 bytes cut off', (b: Buffer) => b.subarray(0, b.length - 16)],
    ['a damaged magic number', (b: Buffer) => { b[0] = 0x4d; }],
  ])('%s: 500 with a safe message, nothing of the plaintext served, an error logged', async (_label, tamper) => {
    const content = pdf(20_000, 'TAMPER-SMALL');
    const doc = await upload(ownerA, A, 'tamper-small.pdf', content);
    const blob = await readFile(doc.path);
    await writeFile(doc.path, tamper(blob) ?? blob);
    const auditBefore = await count(sql`select count(*)::int as n from audit_log where target_id = ${doc.id}`);
    const logsBefore = logs.length;

    for (const res of [
      await ownerA.req('GET', `/api/staff/documents/${doc.id}/download`),
      await ownerA.req('GET', `/api/staff/documents/${doc.id}/preview`),
      await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${doc.id}/download`),
    ]) {
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(res.body).not.toMatch(/TAMPER-SMALL|%PDF|authentication|chunk|digest/);
      expect(res.json().detail).toMatch(/quote reference/);
    }
    const logged = errorLogs(logs.slice(logsBefore), /could not be decrypted; nothing served/);
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(logged[0]?.documentId).toBe(doc.id);
    // A failed open is not recorded as a download.
    expect(await count(sql`select count(*)::int as n from audit_log where target_id = ${doc.id}`)).toBe(auditBefore);
  });

  it('a flipped byte late in a large file: the download is cut off, never completed, and the damaged part is never sent', async () => {
    const content = pdf(400_000, 'TAMPER-LARGE');
    const doc = await upload(ownerA, A, 'tamper-large.pdf', content);
    const blob = await readFile(doc.path);
    blob[blob.length - 100] = (blob[blob.length - 100] ?? 0) ^ 0x01;
    await writeFile(doc.path, blob);
    const logsBefore = logs.length;
    const port = await listening();

    let received = Buffer.alloc(0);
    let failed = false;
    let status = 0;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/staff/documents/${doc.id}/download`, { headers: { cookie: ownerA.cookie } });
      status = res.status;
      const reader = res.body?.getReader();
      for (;;) {
        const r = await reader?.read();
        if (!r || r.done) break;
        received = Buffer.concat([received, Buffer.from(r.value)]);
      }
    } catch {
      failed = true;
    }

    expect(status === 500 || failed).toBe(true);
    expect(received.length).toBeLessThan(content.length);
    // Only verified chunks may leave: the last (damaged) 64 KiB chunk holds the end marker.
    expect(received.includes(Buffer.from('TAMPER-LARGE-END'))).toBe(false);
    expect(content.subarray(0, received.length).equals(received)).toBe(true);
    await eventually(async () => {
      expect(errorLogs(logs.slice(logsBefore), /could not be decrypted; nothing served/).map((l) => l.documentId)).toContain(doc.id);
    }, 3000);
  });

  it('one document’s blob moved onto another document’s storage key fails (same firm and across firms)', async () => {
    const victim = await upload(ownerA, A, 'victim.pdf', pdf(10_000, 'VICTIM'));
    const intruder = await upload(ownerA, A, 'intruder.pdf', pdf(10_000, 'INTRUDER'));
    const otherFirm = await upload(ownerB, B, 'other-firm.pdf', pdf(10_000, 'OTHER-FIRM'));
    const victim2 = await upload(ownerA, A, 'victim2.pdf', pdf(10_000, 'VICTIM2'));

    await copyFile(intruder.path, victim.path);
    await copyFile(otherFirm.path, victim2.path);

    for (const id of [victim.id, victim2.id]) {
      for (const res of [await ownerA.req('GET', `/api/staff/documents/${id}/download`), await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${id}/download`)]) {
        expect(res.statusCode).toBe(500);
        expect(res.body).not.toMatch(/INTRUDER|OTHER-FIRM|VICTIM|%PDF/);
      }
    }
    // The originals still open.
    expect((await ownerA.req('GET', `/api/staff/documents/${intruder.id}/download`)).rawPayload.includes(Buffer.from('INTRUDER'))).toBe(true);
    expect((await ownerB.req('GET', `/api/staff/documents/${otherFirm.id}/download`)).statusCode).toBe(200);
  });

  it('a blob missing from the store is a 500 with a safe message and a logged error, not a hang', async () => {
    const doc = await upload(ownerA, A, 'gone.pdf', pdf(3000, 'GONE'));
    await unlink(doc.path);
    const logsBefore = logs.length;
    const res = await ownerA.req('GET', `/api/staff/documents/${doc.id}/download`);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/GONE|firms\//);
    expect(errorLogs(logs.slice(logsBefore), /could not be decrypted|request failed/).length).toBeGreaterThanOrEqual(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the blob store unavailable', () => {
  let down: TestApp;
  let existing: string;
  const downLogs: string[] = [];
  beforeAll(async () => {
    const port = await closedPort();
    // Azurite's well-known development account, pointed at a port where nothing listens.
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
    down = await sibling({}, new AzureBlobStore({ connectionString, container: 'x', maxTries: 1 }));
    captureLogs(down.app, downLogs);
    const up = await staffUpload(t, ownerA, A, 'stored-before.pdf', pdf(5000, 'BEFORE-OUTAGE'));
    expect(up.statusCode, up.body).toBe(201);
    existing = (up.json() as { id: string }).id;
  });
  afterAll(async () => down?.close());

  it('an upload is 503 with a clear message, and no row, audit entry or local blob is written', async () => {
    for (const send of [
      () => staffUpload(down, ownerA, A, 'during-outage.pdf', pdf(150_000, 'OUTAGE')),
      () => uploadAs(down, clientA1, `/api/portal/${A.firm.slug}/documents`, 'during-outage.pdf', pdf(5000, 'OUTAGE')),
    ]) {
      const before = await written(A.firm.id);
      const started = Date.now();
      const res = await send();
      expect(res.statusCode, res.body).toBe(503);
      // soft: the rest of the test still checks that nothing was written
      expect.soft(res.json().detail).toMatch(/Document storage is not answering, so nothing was saved/);
      expect(res.body).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|devstoreaccount1/);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(await written(A.firm.id)).toEqual(before);
    }
    expect(await count(sql`select count(*)::int as n from documents where file_name = 'during-outage.pdf'`)).toBe(0);
  });

  it('a download of an existing document is 503; the lists (database only) still answer', async () => {
    const auditBefore = await count(sql`select count(*)::int as n from audit_log where target_id = ${existing}`);
    for (const res of [
      await down.app.inject({ method: 'GET', url: `/api/staff/documents/${existing}/download`, headers: { cookie: ownerA.cookie } }),
      await down.app.inject({ method: 'GET', url: `/api/portal/${A.firm.slug}/documents/${existing}/download`, headers: { cookie: clientA1.cookie } }),
    ]) {
      expect(res.statusCode, res.body).toBe(503);
      // soft: the rest of the test still checks that nothing was written
      expect.soft(res.json().detail).toMatch(/Document storage is not answering/);
      expect(res.body).not.toMatch(/BEFORE-OUTAGE|%PDF/);
    }
    expect(await count(sql`select count(*)::int as n from audit_log where target_id = ${existing}`)).toBe(auditBefore);
    const list = await down.app.inject({ method: 'GET', url: `/api/staff/clients/${A.client1.id}/documents`, headers: { cookie: ownerA.cookie } });
    expect(list.statusCode).toBe(200);
    // Back on a working store the same document opens.
    const ok = await ownerA.req('GET', `/api/staff/documents/${existing}/download`);
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.includes(Buffer.from('BEFORE-OUTAGE'))).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the virus scanner', () => {
  let clamd: FakeClamd;
  let scanning: TestApp;
  let scannerDown: TestApp;
  beforeAll(async () => {
    clamd = await startFakeClamd();
    scanning = await sibling({ clamav: { host: '127.0.0.1', port: clamd.port } });
    scannerDown = await sibling({ clamav: { host: '127.0.0.1', port: await closedPort() } });
  });
  afterAll(async () => {
    await scanning?.close();
    await scannerDown?.close();
    await clamd?.close();
  });

  it('without a scanner, documents are stored as not_scanned', async () => {
    const res = await staffUpload(t, ownerA, A, 'unscanned.pdf', pdf(2000));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ scanStatus: 'not_scanned' });
  });

  it('a clean file is scanned (every byte reaches clamd) and stored as clean', async () => {
    for (const size of [2000, 300_000]) {
      const scansBefore = clamd.scans;
      const bytesBefore = clamd.bytes;
      const content = pdf(size, 'CLEAN');
      const res = await staffUpload(scanning, ownerA, A, `clean-${size}.pdf`, content);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ scanStatus: 'clean', sizeBytes: size });
      expect(clamd.scans).toBe(scansBefore + 1);
      expect(clamd.bytes - bytesBefore).toBe(size);
      const [row] = await queryRows<{ scan_status: string }>(t.db.owner, sql`select scan_status from documents where id = ${res.json().id}`);
      expect(row?.scan_status).toBe('clean');
      const back = await ownerA.req('GET', `/api/staff/documents/${res.json().id}/download`);
      expect(back.rawPayload.equals(content)).toBe(true);
    }
    const [audit] = await queryRows<{ details: { scanned?: boolean } }>(t.db.owner, sql`select details from audit_log where action = 'document.uploaded' and target_label = 'clean-2000.pdf'`);
    expect(audit?.details.scanned).toBe(true);
  });

  it.each([
    ['EICAR inside a PDF (staff)', 'invoice.pdf', () => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(EICAR), Buffer.alloc(1000, 'x'), Buffer.from('\n%%EOF\n')]), 'staff'],
    ['EICAR as a text file (client)', 'eicar.txt', () => Buffer.from(EICAR), 'client'],
    ['EICAR at the end of a large PDF (client)', 'big.pdf', () => Buffer.concat([pdf(300_000), Buffer.from(EICAR)]), 'client'],
  ])('%s: 422 naming the signature, nothing stored', async (_label, name, content, who) => {
    const before = await written(A.firm.id);
    const res = who === 'staff'
      ? await staffUpload(scanning, ownerA, A, name, content())
      : await uploadAs(scanning, clientA1, `/api/portal/${A.firm.slug}/documents`, name, content());
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toMatch(/virus scanner found Eicar-Test-Signature/);
    expect(await written(A.firm.id)).toEqual(before);
  });

  it('the scanner down: 503 with a clear message, nothing stored', async () => {
    for (const content of [pdf(2000, 'NOSCAN'), pdf(300_000, 'NOSCAN')]) {
      const before = await written(A.firm.id);
      const res = await staffUpload(scannerDown, ownerA, A, 'unscannable.pdf', content);
      expect(res.statusCode, res.body).toBe(503);
      // soft: the rest of the test still checks that nothing was written
      expect.soft(res.json().detail).toMatch(/virus scanner is not answering, so the file was not stored/);
      expect(await written(A.firm.id)).toEqual(before);
    }
  });
});
