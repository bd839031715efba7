import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { ServiceDetail, Task } from '../../../contracts/work.js';
import { queryRows } from '../../db/client.js';
import { asClient, asStaff, buildTestApp, multipart, uploadAs, type Session, type TestApp } from '../../../../test/harness.js';
import { ask, basService, patchTask, taskIn, visibleTask, workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import { newStorageKey } from '../../platform/storage/blob-store.js';
import { ORPHAN_GRACE_MS, purgeDeletedDocuments, sweepOrphanBlobs } from './documents.jobs.js';

/**
 * The documents feature's rules attacked with bad input: wrong and hidden types, sizes at and over
 * the limits (server and per firm), ZIP rules, uploads racing to one document request, ids of other
 * clients and firms, and the delete → purge and orphan-sweeper life cycle. Every refusal must also
 * leave nothing half-written: no document row, no blob, no temp file, no audit or outbox entry.
 */

const MB = 1024 * 1024;
/** The server's MAX_UPLOAD_BYTES here (ceiling for a firm's own limit: 2 MB). */
const MAX = 2.5 * MB;
const ZIP_MAX_ENTRIES = 5;
const ZIP_MAX_UNCOMPRESSED = 1 * MB;

let t: TestApp;
let A: WorkWorld;
let B: WorkWorld;
let clientA1: Session;
let clientA2: Session;
let clientB1: Session;
let staffA: Session;

beforeAll(async () => {
  t = await buildTestApp({ config: { maxUploadBytes: MAX, zipMaxEntries: ZIP_MAX_ENTRIES, zipMaxUncompressedBytes: ZIP_MAX_UNCOMPRESSED } });
  A = await workWorld(t, 'a');
  B = await workWorld(t, 'b');
  clientA1 = await asClient(t, A.firm.slug, A.person1.email);
  clientA2 = await asClient(t, A.firm.slug, A.person2.email);
  clientB1 = await asClient(t, B.firm.slug, B.person1.email);
  staffA = await asStaff(t, A.staff.email);
});
afterAll(async () => t?.close());

// ---------------------------------------------------------------------------------------------
// Files and what is left behind.

const pdf = (size: number, marker = 'PLAIN-MARKER') => {
  const body = Buffer.alloc(size, 'x');
  Buffer.from(`%PDF-1.7\n% ${marker}\n`).copy(body);
  Buffer.from('\n%%EOF\n').copy(body, size - 7); // a PDF ends with %%EOF (checked on upload)
  return body;
};
const PNG_SIG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The IEND chunk (length 0, type, CRC) that ends every complete PNG (checked on upload). */
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const png = (size = 2000) => Buffer.concat([PNG_SIG, Buffer.alloc(size - PNG_SIG.length - PNG_IEND.length, 7), PNG_IEND]);

interface ZipEntry {
  name: string;
  data: Buffer;
  /** General-purpose flag bits in the central directory (bit 0 = encrypted). */
  flags?: number;
  /** The uncompressed size the directory declares (defaults to the data's length). */
  declaredSize?: number;
}

/** A ZIP archive written by hand (stored entries), so its directory can declare anything. */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags ?? 0, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.flags ?? 0, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30);
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(0, 20);
  return Buffer.concat([...locals, cd, eocd]);
}

const smallZip = () => zip([{ name: 'a.txt', data: Buffer.from('hello') }]);

async function blobKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const b of t.deps.blobStore.list('firms/')) keys.push(b.key);
  return keys.sort();
}

async function tmpFiles(): Promise<string[]> {
  try {
    const dir = join(t.deps.config.dataDir, 'blobs', '.tmp');
    const names = await readdir(dir);
    // Name and size, so a leftover says how far its upload got.
    return await Promise.all(names.map(async (n) => `${n} (${(await stat(join(dir, n))).size} bytes)`));
  } catch {
    return [];
  }
}

const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number }>(t.db.owner, q))[0]?.n ?? 0);

/** Everything an upload writes: rows, blobs, temp files, audit, outbox, notices. */
async function written(firmId: string) {
  return {
    documents: await count(sql`select count(*)::int as n from documents where firm_id = ${firmId}`),
    blobs: await blobKeys(),
    tmp: await tmpFiles(),
    audit: await count(sql`select count(*)::int as n from audit_log where firm_id = ${firmId}`),
    outbox: await count(sql`select count(*)::int as n from outbox_emails where firm_id = ${firmId}`),
    clientNotices: await count(sql`select count(*)::int as n from client_notices where firm_id = ${firmId}`),
    staffNotifications: await count(sql`select count(*)::int as n from staff_notifications where firm_id = ${firmId}`),
  };
}

const staffUploadUrl = (w: WorkWorld, clientId = w.client1.id) => `/api/staff/clients/${clientId}/documents`;
const portalUploadUrl = (w: WorkWorld) => `/api/portal/${w.firm.slug}/documents`;

/** Expects a refusal with `status` and a detail matching `reason`, and that nothing at all was written. */
async function expectRefused(firmId: string, status: number, reason: RegExp, send: () => Promise<{ statusCode: number; body: string; json(): unknown }>) {
  const before = await written(firmId);
  const res = await send();
  expect(res.statusCode, res.body).toBe(status);
  expect((res.json() as { detail?: string }).detail ?? '').toMatch(reason);
  expect(await written(firmId)).toEqual(before);
  return res;
}

// ---------------------------------------------------------------------------------------------

describe('wrong types, markup, executables, empty files and polyglots', () => {
  it.each([
    ['PNG bytes named .pdf', 'report.pdf', () => png(), /do not match its \.pdf extension/],
    ['HTML bytes named .pdf', 'invoice.pdf', () => Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'), /HTML, SVG or script markup/],
    ['HTML without a leading tag named .pdf', 'invoice.pdf', () => Buffer.from('hello <iframe src="https://evil.example"></iframe>'), /markup/],
    ['an SVG with a script (.svg)', 'logo.svg', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'), /SVG images are not accepted/],
    ['SVG bytes named .png', 'logo.png', () => Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /markup/],
    ['an executable (MZ header) named .pdf', 'setup.pdf', () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 0x90)]), /Programs \(executable files\) are not accepted/],
    ['an executable named .exe', 'setup.exe', () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 0x90)]), /executable/],
    ['an ELF binary named .txt', 'notes.txt', () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200)]), /executable/],
    ['a script (.js)', 'run.js', () => Buffer.from('alert(1)'), /Scripts are not accepted/],
    ['a 0-byte .pdf', 'empty.pdf', () => Buffer.alloc(0), /empty/],
    ['a 0-byte .txt', 'empty.txt', () => Buffer.alloc(0), /empty/],
    ['a PDF with a ZIP archive appended', 'statement.pdf', () => Buffer.concat([pdf(100_000), smallZip()]), /\.pdf file with a ZIP archive hidden at its end/],
    ['a small PDF with a ZIP archive appended', 'tiny.pdf', () => Buffer.concat([pdf(300), smallZip()]), /ZIP archive hidden/],
    ['a PNG with a ZIP archive appended', 'photo.png', () => Buffer.concat([png(150_000), smallZip()]), /\.png file with a ZIP archive hidden at its end/],
    ['a JPEG with <script> in its head', 'receipt.jpg', () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0 <script>alert(1)</script>'), Buffer.alloc(5000, 1)]), /\.jpg file with HTML or script markup hidden inside it/],
    ['a text file that is not UTF-8 (after 10 KB of text)', 'data.csv', () => Buffer.concat([Buffer.alloc(10_000, 'a'), Buffer.from([0xff, 0xfe, 0xfd])]), /UTF-8/],
    ['a text file with a NUL (after 10 KB of text)', 'data.txt', () => Buffer.concat([Buffer.alloc(10_000, 'a'), Buffer.from([0])]), /UTF-8|NUL/],
    ['no extension', 'README', () => Buffer.from('%PDF-1.7\n'), /no extension/],
    ['an unknown extension', 'photo.bmp', () => Buffer.from('BM......'), /\.bmp files are not accepted/],
  ])('staff: %s → 422 naming the reason; nothing written', async (_label, name, content, reason) => {
    await expectRefused(A.firm.id, 422, reason, () => uploadAs(t, A.owner$, staffUploadUrl(A), name, content()));
  });

  it.each([
    ['HTML bytes named .pdf', 'invoice.pdf', () => Buffer.from('<html><script>alert(1)</script></html>'), /markup/],
    ['an SVG with a script', 'logo.svg', () => Buffer.from('<svg><script>alert(1)</script></svg>'), /SVG/],
    ['a PDF with a ZIP archive appended', 'statement.pdf', () => Buffer.concat([pdf(5000), smallZip()]), /ZIP archive hidden/],
    ['a 0-byte file', 'empty.pdf', () => Buffer.alloc(0), /empty/],
  ])('portal: %s → 422; nothing written', async (_label, name, content, reason) => {
    await expectRefused(A.firm.id, 422, reason, () => uploadAs(t, clientA1, portalUploadUrl(A), name, content()));
  });

  it('refusals decided while the file streams into the store never leave a temp file behind (repeated)', async () => {
    // The polyglot check runs at the end of the stream, after the blob store has begun writing.
    const before = await written(A.firm.id);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await uploadAs(t, A.owner$, staffUploadUrl(A), `poly-${i}.pdf`, Buffer.concat([pdf(200 + i), smallZip()]));
      statuses.push(res.statusCode);
    }
    // And several at once, as a busy server would see them (the file system's thread pool is then busy too).
    const parallel = await Promise.all(Array.from({ length: 16 }, (_, i) =>
      uploadAs(t, i % 2 ? clientA1 : A.owner$, i % 2 ? portalUploadUrl(A) : staffUploadUrl(A), `poly-p${i}.png`, Buffer.concat([png(300 + i), smallZip()]))));
    statuses.push(...parallel.map((r) => r.statusCode));
    expect(new Set(statuses)).toEqual(new Set([422]));
    await new Promise((r) => setTimeout(r, 200));
    expect(await written(A.firm.id)).toEqual(before);
  });

  it('a real PDF, PNG and CSV in the same session are still accepted (the refusals are not blanket)', async () => {
    for (const [name, content, type] of [['ok.pdf', pdf(70_000), 'application/pdf'], ['ok.png', png(), 'image/png'], ['ok.csv', Buffer.from('date,amount\n2026-01-01,12.50\n'), 'text/csv; charset=utf-8']] as const) {
      const res = await uploadAs(t, A.owner$, staffUploadUrl(A), name, content);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ fileName: name, contentType: type, sizeBytes: content.length });
    }
  });

  it('files are judged by how they end too: a PDF needs %%EOF in its last 1 KiB, a JPEG its EOI, a PNG its IEND, a DOCX/XLSX/ODT/ODS its ZIP directory', async () => {
    const jpeg = (tail: Buffer) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), Buffer.from('JFIF\0'), Buffer.alloc(3000, 1), tail]);
    const withEof = (extra: Buffer) => Buffer.concat([pdf(3000), extra]);
    // Accepted: a few bytes after %%EOF (within the last 1024), NUL padding after a JPEG's EOI, a complete ZIP under an Office name.
    for (const [name, content] of [
      ['trailing.pdf', withEof(Buffer.from('\r\n  \n\0\0'))], ['late.pdf', withEof(Buffer.alloc(1000, 0x20))], ['padded.jpg', jpeg(Buffer.from([0xff, 0xd9, 0, 0, 0]))],
      ['plain.jpeg', jpeg(Buffer.from([0xff, 0xd9]))], ['ok.png', png(70_000)], ['report.docx', smallZip()], ['sheet.ods', smallZip()],
    ] as const) {
      const res = await uploadAs(t, A.owner$, staffUploadUrl(A), name, content);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
    }
    // Refused before any row is committed, with the blob removed.
    for (const [name, content, label] of [
      ['no-eof.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 'x')]), 'PDF'], ['eof-too-early.pdf', withEof(Buffer.alloc(1100, 0x20)), 'PDF'],
      ['cut.jpg', jpeg(Buffer.alloc(0)), 'JPEG'], ['cut.png', png(2000).subarray(0, 1990), 'PNG'], ['cut.xlsx', smallZip().subarray(0, 40), 'XLSX'],
      ['cut.odt', Buffer.concat([smallZip(), Buffer.from('junk after the directory')]), 'ODT'],
    ] as const) {
      await expectRefused(A.firm.id, 422, new RegExp(`incomplete or damaged \\(not a complete ${label} file\\)`), () => uploadAs(t, A.owner$, staffUploadUrl(A), name, content));
    }
  });

  it('a file sent in a part not called "file", or not as multipart, is refused with nothing stored', async () => {
    const { payload, contentType } = multipart('x.pdf', pdf(1000), {}, 'attachment');
    await expectRefused(A.firm.id, 400, /field called "file"/, () =>
      t.app.inject({ method: 'POST', url: staffUploadUrl(A), payload, headers: { cookie: A.owner$.cookie, 'x-csrf-token': A.owner$.csrf, 'content-type': contentType } }));
    const json = await A.owner$.req('POST', staffUploadUrl(A), { file: 'x' });
    expect(json.statusCode).toBe(415);
  });
});

// ---------------------------------------------------------------------------------------------

describe('size limits', () => {
  it('a file exactly at MAX_UPLOAD_BYTES is stored; one byte over is 413 with nothing stored', async () => {
    const before = await written(A.firm.id);
    const exact = await uploadAs(t, A.owner$, staffUploadUrl(A), 'exact.pdf', pdf(MAX));
    expect(exact.statusCode, exact.body).toBe(201);
    expect(exact.json()).toMatchObject({ sizeBytes: MAX });
    const afterExact = await written(A.firm.id);
    expect(afterExact.documents).toBe(before.documents + 1);
    expect(afterExact.blobs.length).toBe(before.blobs.length + 1);

    const over = await expectRefused(A.firm.id, 413, /larger than the 2\.5 MB limit/, () => uploadAs(t, A.owner$, staffUploadUrl(A), 'over.pdf', pdf(MAX + 1)));
    expect((over.json() as { errors?: unknown }).errors).toEqual([{ path: 'file', message: 'is too large' }]);
    // Far over (more than the multipart plugin's own default) is the same answer.
    await expectRefused(A.firm.id, 413, /larger than the 2\.5 MB limit/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'huge.pdf', pdf(12 * MB)));
  });

  it('over the limit through a real socket: the body is drained, the client gets 413, and the connection still serves the next request', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    const before = await written(A.firm.id);
    const { payload, contentType } = multipart('over.pdf', pdf(6 * MB));
    const head = [
      `POST ${staffUploadUrl(A)} HTTP/1.1`, 'Host: localhost:3000', `Cookie: ${A.owner$.cookie}`, `X-CSRF-Token: ${A.owner$.csrf}`,
      `Content-Type: ${contentType}`, `Content-Length: ${payload.length}`, 'Connection: keep-alive', '', '',
    ].join('\r\n');

    const result = await new Promise<{ response: string; writeError: string | null; bodyWritten: boolean }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let response = '';
      let writeError: string | null = null;
      let bodyWritten = false;
      let secondSent = false;
      const timer = setTimeout(() => { socket.destroy(); resolve({ response, writeError: writeError ?? 'timed out', bodyWritten }); }, 20_000);
      socket.on('data', (d: Buffer) => {
        response += d.toString('latin1');
        // Once the whole body is out and the first answer is complete, ask again on the same connection.
        if (bodyWritten && !secondSent && /\r\n\r\n[\s\S]*\}$/.test(response)) {
          secondSent = true;
          socket.write('GET /healthz HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n');
        }
      });
      socket.on('error', (err) => (writeError = String(err)));
      socket.on('close', () => { clearTimeout(timer); resolve({ response, writeError, bodyWritten }); });
      socket.on('connect', async () => {
        socket.write(head);
        for (let i = 0; i < payload.length && !socket.destroyed; i += 64 * 1024) {
          if (!socket.write(payload.subarray(i, i + 64 * 1024))) await new Promise((r) => socket.once('drain', r));
        }
        bodyWritten = !socket.destroyed;
        if (!secondSent && /\r\n\r\n[\s\S]*\}$/.test(response)) {
          secondSent = true;
          socket.write('GET /healthz HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n');
        }
      });
    });

    expect(result.response).toMatch(/^HTTP\/1\.1 413/);
    expect(result.response).toMatch(/larger than the 2\.5 MB limit/);
    expect(result.writeError).toBeNull();
    expect(result.bodyWritten).toBe(true);
    expect(result.response).toMatch(/HTTP\/1\.1 200[\s\S]*"status":"ok"/);
    expect(await written(A.firm.id)).toEqual(before);
  });

  it('a firm’s own limit (maxUploadMb) applies below the server ceiling; above the ceiling is 400', async () => {
    const C = await workWorld(t, 'c');
    const tooHigh = await C.owner$.req('PATCH', '/api/staff/firm', { maxUploadMb: 3 });
    expect(tooHigh.statusCode, tooHigh.body).toBe(400);
    expect(tooHigh.json().detail).toMatch(/at most 2 MB/);
    expect(tooHigh.json().errors).toEqual([{ path: 'body.maxUploadMb', message: 'must be at most 2' }]);

    const set = await C.owner$.req('PATCH', '/api/staff/firm', { maxUploadMb: 1 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ maxUploadMb: 1, maxUploadMbCeiling: 2 });
    const limits = await C.owner$.req('GET', '/api/staff/upload-limits');
    expect(limits.json()).toMatchObject({ maxBytes: MB, allowZip: false });

    const exact = await uploadAs(t, C.owner$, staffUploadUrl(C), 'one-mb.pdf', pdf(MB));
    expect(exact.statusCode, exact.body).toBe(201);
    await expectRefused(C.firm.id, 413, /larger than the 1 MB limit/, () => uploadAs(t, C.owner$, staffUploadUrl(C), 'over.pdf', pdf(MB + 1)));
    const client = await asClient(t, C.firm.slug, C.person1.email);
    await expectRefused(C.firm.id, 413, /1 MB limit/, () => uploadAs(t, client, portalUploadUrl(C), 'over.pdf', pdf(MB + 1)));
    // The other firm keeps the server's limit.
    const other = await uploadAs(t, A.owner$, staffUploadUrl(A), 'two-mb.pdf', pdf(2 * MB));
    expect(other.statusCode, other.body).toBe(201);
  });

  it('only owners and admins may change the firm’s limits', async () => {
    const res = await staffA.req('PATCH', '/api/staff/firm', { maxUploadMb: 1, allowZip: true });
    expect(res.statusCode).toBe(403);
    const limits = (await staffA.req('GET', '/api/staff/upload-limits')).json();
    expect(limits).toMatchObject({ maxBytes: MAX, allowZip: false });
  });
});

// ---------------------------------------------------------------------------------------------

describe('ZIP archives', () => {
  let Z: WorkWorld;
  beforeAll(async () => {
    Z = await workWorld(t, 'z');
  });

  it('are refused while the firm has not allowed them', async () => {
    await expectRefused(Z.firm.id, 422, /ZIP files are not accepted by this firm/, () => uploadAs(t, Z.owner$, staffUploadUrl(Z), 'papers.zip', smallZip()));
  });

  it('once allowed: a normal ZIP is accepted; encrypted, too many entries, too large unpacked, or not a ZIP are 422 with reasons', async () => {
    const allow = await Z.owner$.req('PATCH', '/api/staff/firm', { allowZip: true });
    expect(allow.statusCode, allow.body).toBe(200);
    expect(allow.json()).toMatchObject({ allowZip: true });
    expect((await Z.owner$.req('GET', '/api/staff/upload-limits')).json().acceptedExtensions).toContain('.zip');

    const normal = zip([{ name: 'receipts/jan.pdf', data: pdf(3000) }, { name: 'receipts/feb.pdf', data: pdf(4000) }]);
    const ok = await uploadAs(t, Z.owner$, staffUploadUrl(Z), 'receipts.zip', normal);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ contentType: 'application/zip', sizeBytes: normal.length });
    const client = await asClient(t, Z.firm.slug, Z.person1.email);
    const mine = await uploadAs(t, client, portalUploadUrl(Z), 'mine.zip', normal);
    expect(mine.statusCode, mine.body).toBe(201);

    await expectRefused(Z.firm.id, 422, /Password-protected \(encrypted\) ZIP files are not accepted/, () =>
      uploadAs(t, Z.owner$, staffUploadUrl(Z), 'secret.zip', zip([{ name: 'a.pdf', data: pdf(100) }, { name: 'b.pdf', data: pdf(100), flags: 0x1 }])));
    const many = Array.from({ length: ZIP_MAX_ENTRIES + 1 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(`file ${i}`) }));
    await expectRefused(Z.firm.id, 422, new RegExp(`holds ${ZIP_MAX_ENTRIES + 1} files; at most ${ZIP_MAX_ENTRIES} are accepted`), () =>
      uploadAs(t, client, portalUploadUrl(Z), 'many.zip', zip(many)));
    await expectRefused(Z.firm.id, 422, /unpacks to more than 1 MB/, () =>
      uploadAs(t, Z.owner$, staffUploadUrl(Z), 'bomb.zip', zip([{ name: 'a.bin', data: Buffer.alloc(100), declaredSize: 600 * 1024 }, { name: 'b.bin', data: Buffer.alloc(100), declaredSize: 600 * 1024 }])));
    await expectRefused(Z.firm.id, 422, /do not match its \.zip extension/, () => uploadAs(t, Z.owner$, staffUploadUrl(Z), 'fake.zip', pdf(500)));
    await expectRefused(Z.firm.id, 422, /incomplete or damaged \(not a complete ZIP file\)/, () => uploadAs(t, Z.owner$, staffUploadUrl(Z), 'cut.zip', normal.subarray(0, normal.length - 10)));
    await expectRefused(Z.firm.id, 422, /ZIP64/, () => {
      const z64 = zip([{ name: 'a.txt', data: Buffer.from('x') }]);
      z64.writeUInt16LE(0xffff, z64.length - 22 + 10);
      return uploadAs(t, Z.owner$, staffUploadUrl(Z), 'z64.zip', z64);
    });
  });
});

// ---------------------------------------------------------------------------------------------

/** A fresh BAS service for client 1 of `w`, assigned to the staff member; its first visible task asks for a document. */
async function requestFor(w: WorkWorld, prompt = 'Bank statements Jan–Mar') {
  const service = await basService(w, { assigneeId: w.staff.id });
  const task = visibleTask(service);
  const { questionId, service: after } = await ask(w.owner$, task.id, { kind: 'upload', prompt });
  return { service: after, task: taskIn(after, task.id), requestId: questionId };
}

describe('document requests', () => {
  it('two uploads racing to one request: both 201, versions 1 and 2, the task moves once, one notice for the assignee', async () => {
    const R = await workWorld(t, 'r');
    const client = await asClient(t, R.firm.slug, R.person1.email);
    const assignee = await asStaff(t, R.staff.email);
    const { task, requestId } = await requestFor(R);
    expect(task.status).toBe('waiting_on_client');

    const [one, two] = await Promise.all([
      uploadAs(t, client, portalUploadUrl(R), 'statement-jan.pdf', pdf(90_000, 'jan'), { requestId }),
      uploadAs(t, client, portalUploadUrl(R), 'statement-feb.pdf', pdf(90_000, 'feb'), { requestId }),
    ]);

    expect(one.statusCode, one.body).toBe(201);
    expect(two.statusCode, two.body).toBe(201);
    expect([one.json().version, two.json().version].sort()).toEqual([1, 2]);
    for (const r of [one, two]) expect(r.json()).toMatchObject({ requestId, taskId: task.id });
    const versions = await queryRows<{ version: number }>(t.db.owner, sql`select version from documents where request_id = ${requestId} order by version`);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);

    const [row] = await queryRows<{ status: string }>(t.db.owner, sql`select status from tasks where id = ${task.id}`);
    expect(row?.status).toBe('in_progress');
    const moves = await queryRows<{ details: { reason?: string; from?: string; to?: string } }>(t.db.owner, sql`
      select details from audit_log where firm_id = ${R.firm.id} and action = 'task.updated' and target_id = ${task.id}`);
    expect(moves).toHaveLength(1);
    expect(moves[0]?.details).toMatchObject({ from: 'waiting_on_client', to: 'in_progress', reason: 'last document request fulfilled' });
    const uploads = await count(sql`select count(*)::int as n from audit_log where firm_id = ${R.firm.id} and action = 'document.uploaded'`);
    expect(uploads).toBe(2);

    const notices = (await assignee.req('GET', '/api/staff/notifications')).json() as { unread: number; items: { kind: string; title: string; link: string }[] };
    const docNotices = notices.items.filter((n) => n.kind === 'documents_uploaded');
    expect(docNotices).toHaveLength(1);
    expect(docNotices[0]?.title).toMatch(/sent 2 documents/);
    expect(docNotices[0]?.link).toBe(`/app/clients/${R.client1.id}?tab=documents`);

    // The earlier version is kept and marked superseded for both sides.
    const staffList = (await R.owner$.req('GET', `/api/staff/clients/${R.client1.id}/documents?taskId=${task.id}`)).json() as { items: { version: number; superseded: boolean }[] };
    expect(staffList.items.map((d) => [d.version, d.superseded]).sort()).toEqual([[1, true], [2, false]]);

    // The e-mail to the assignee is one, however many files arrived.
    const emails = await count(sql`select count(*)::int as n from outbox_emails where firm_id = ${R.firm.id} and kind = 'documents_uploaded'`);
    expect(emails).toBe(1);
  });

  it('a third upload to an answered request is version 3; deleting every version opens the request again', async () => {
    const { task, requestId } = await requestFor(A, 'Receipts');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await uploadAs(t, clientA1, portalUploadUrl(A), `r${i}.pdf`, pdf(500), { requestId });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().version).toBe(i + 1);
      ids.push(r.json().id);
    }
    for (const id of ids) expect((await A.owner$.req('DELETE', `/api/staff/documents/${id}`)).statusCode).toBe(204);
    const [q] = await queryRows<{ answer: string | null }>(t.db.owner, sql`select answer from task_questions where id = ${requestId}`);
    expect(q?.answer).toBeNull();
    const again = await uploadAs(t, clientA1, portalUploadUrl(A), 'again.pdf', pdf(500), { requestId, taskId: task.id });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().version).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------

describe('other clients’ and other firms’ ids', () => {
  let docA2: string; // client 2 of firm A, shared with them
  let docB1: string; // client 1 of firm B
  let docA1: string; // client 1 of firm A
  beforeAll(async () => {
    const up = async (s: Session, url: string, name: string) => {
      const r = await uploadAs(t, s, url, name, pdf(3000, `SECRET-${name}`));
      expect(r.statusCode, r.body).toBe(201);
      return (r.json() as { id: string }).id;
    };
    docA2 = await up(A.owner$, staffUploadUrl(A, A.client2.id), 'a2-secret.pdf');
    docB1 = await up(B.owner$, staffUploadUrl(B), 'b1-secret.pdf');
    docA1 = await up(A.owner$, staffUploadUrl(A), 'a1-mine.pdf');
  });

  it('download and preview of another client’s or another firm’s document are 404 with nothing leaked', async () => {
    const attempts = [
      clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${docA2}/download`),
      clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${docA2}/preview`),
      clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${docB1}/download`),
      clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${docB1}/preview`),
      clientB1.req('GET', `/api/portal/${B.firm.slug}/documents/${docA1}/download`),
      // A firm-B session aimed at firm A's portal is not a firm-A client.
      clientB1.req('GET', `/api/portal/${A.firm.slug}/documents/${docA1}/download`),
      A.owner$.req('GET', `/api/staff/documents/${docB1}/download`),
      A.owner$.req('GET', `/api/staff/documents/${docB1}/preview`),
      B.owner$.req('GET', `/api/staff/documents/${docA2}/download`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect([401, 404]).toContain(res.statusCode);
      expect(res.body).not.toMatch(/SECRET|%PDF|a2-secret|b1-secret|a1-mine/);
      expect(res.headers['content-disposition']).toBeUndefined();
    }
    // A firm's own staff and the right client still open them.
    expect((await clientA2.req('GET', `/api/portal/${A.firm.slug}/documents/${docA2}/download`)).statusCode).toBe(200);
  });

  it('PATCH and DELETE of another firm’s document are 404 and change nothing', async () => {
    const before = await queryRows(t.db.owner, sql`select file_name, category, status, reviewed_at, visible_to_client from documents where id = ${docB1}`);
    const auditBefore = await count(sql`select count(*)::int as n from audit_log where target_id = ${docB1}`);
    const patch = await A.owner$.req('PATCH', `/api/staff/documents/${docB1}`, { fileName: 'pwned.pdf', category: 'Other', reviewed: true, visibleToClient: false });
    const del = await A.owner$.req('DELETE', `/api/staff/documents/${docB1}`);
    for (const res of [patch, del]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toMatch(/b1-secret/);
    }
    expect(await queryRows(t.db.owner, sql`select file_name, category, status, reviewed_at, visible_to_client from documents where id = ${docB1}`)).toEqual(before);
    expect(await count(sql`select count(*)::int as n from audit_log where target_id = ${docB1}`)).toBe(auditBefore);
    // The portal has no way to change a document.
    const portalPatch = await clientA1.req('PATCH', `/api/portal/${A.firm.slug}/documents/${docA1}`, { fileName: 'x.pdf' });
    expect([404, 405]).toContain(portalPatch.statusCode);
  });

  it('a requestId or taskId of another client (or firm) in the upload fields is 400 and nothing is stored', async () => {
    const theirs = await requestFor(A); // client 1's request and task
    const otherService = await basService(A, { clientId: A.client2.id });
    const client2Task = visibleTask(otherService);
    const { questionId: client2Request } = await ask(A.owner$, client2Task.id, { kind: 'upload', prompt: 'Client two statements' });
    const inB = await requestFor(B);

    await expectRefused(A.firm.id, 400, /document request was not found/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'x.pdf', pdf(1000), { requestId: client2Request }));
    await expectRefused(A.firm.id, 400, /task was not found/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'x.pdf', pdf(1000), { taskId: client2Task.id }));
    await expectRefused(A.firm.id, 400, /document request was not found/, () => uploadAs(t, clientA2, portalUploadUrl(A), 'x.pdf', pdf(1000), { requestId: theirs.requestId }));
    await expectRefused(A.firm.id, 400, /document request was not found/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'x.pdf', pdf(1000), { requestId: inB.requestId }));
    await expectRefused(A.firm.id, 400, /task was not found/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'x.pdf', pdf(1000), { taskId: inB.task.id }));
    // Staff uploading to client 1 cannot file it under client 2's request or task either.
    await expectRefused(A.firm.id, 400, /document request was not found/, () => uploadAs(t, A.owner$, staffUploadUrl(A), 'x.pdf', pdf(1000), { requestId: client2Request }));
    await expectRefused(A.firm.id, 400, /task was not found/, () => uploadAs(t, A.owner$, staffUploadUrl(A), 'x.pdf', pdf(1000), { taskId: client2Task.id }));
    // A request and a task that do not belong together.
    await expectRefused(A.firm.id, 400, /belongs to another task/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'x.pdf', pdf(1000), { requestId: theirs.requestId, taskId: visibleTask(otherService).id }));
    // Not a uuid at all.
    await expectRefused(A.firm.id, 400, /details need fixing/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'x.pdf', pdf(1000), { requestId: "1' or '1'='1" }));
    // Staff upload to another firm's client.
    await expectRefused(A.firm.id, 404, /client was not found/, () => uploadAs(t, A.owner$, staffUploadUrl(A, B.client1.id), 'x.pdf', pdf(1000)));
  });

  it('a portal upload to a completed task is 409 and nothing is stored', async () => {
    const service = await basService(A);
    const task = visibleTask(service);
    const done: Task = await patchTask(A.owner$, task.id, { version: task.version, status: 'completed' });
    expect(done.status).toBe('completed');
    await expectRefused(A.firm.id, 409, /is completed, so it no longer takes uploads/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'late.pdf', pdf(1000), { taskId: task.id }));
  });

  it('a portal upload to a task hidden from the client is 400 (as if it did not exist)', async () => {
    const service: ServiceDetail = await basService(A);
    const hidden = service.tasks.find((x) => !x.clientVisible);
    if (!hidden) throw new Error('no internal task');
    await expectRefused(A.firm.id, 400, /task was not found/, () => uploadAs(t, clientA1, portalUploadUrl(A), 'x.pdf', pdf(1000), { taskId: hidden.id }));
  });
});

// ---------------------------------------------------------------------------------------------

describe('delete, purge and the orphan sweeper', () => {
  const storageKeyOf = async (id: string) => (await queryRows<{ storage_key: string }>(t.db.owner, sql`select storage_key from documents where id = ${id}`))[0]?.storage_key ?? '';

  it('soft delete hides the document at once; the purge destroys the blob only after the retention window', async () => {
    const up = await uploadAs(t, A.owner$, staffUploadUrl(A), 'to-delete.pdf', pdf(5000));
    expect(up.statusCode, up.body).toBe(201);
    const id = (up.json() as { id: string }).id;
    const key = await storageKeyOf(id);
    expect(await t.deps.blobStore.exists(key)).toBe(true);

    const del = await A.owner$.req('DELETE', `/api/staff/documents/${id}`);
    expect(del.statusCode, del.body).toBe(204);
    const staffList = (await A.owner$.req('GET', `/api/staff/clients/${A.client1.id}/documents`)).json() as { items: { id: string }[] };
    const portalList = (await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents`)).json() as { items: { id: string }[] };
    expect(staffList.items.map((d) => d.id)).not.toContain(id);
    expect(portalList.items.map((d) => d.id)).not.toContain(id);
    expect((await A.owner$.req('GET', `/api/staff/documents/${id}/download`)).statusCode).toBe(404);
    expect((await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${id}/download`)).statusCode).toBe(404);
    expect((await A.owner$.req('PATCH', `/api/staff/documents/${id}`, { fileName: 'back.pdf' })).statusCode).toBe(404);
    expect((await A.owner$.req('DELETE', `/api/staff/documents/${id}`)).statusCode).toBe(404);
    const [deleted] = await queryRows<{ action: string; details: { retentionDays?: number } }>(t.db.owner, sql`select action, details from audit_log where target_id = ${id} and action = 'document.deleted'`);
    expect(deleted?.details.retentionDays).toBe(t.deps.config.documentRetentionDays);
    expect(await t.deps.blobStore.exists(key)).toBe(true);

    // Before the window: nothing of this document is purged (not even a minute before).
    const retentionMs = t.deps.config.documentRetentionDays * 24 * 60 * 60 * 1000;
    await purgeDeletedDocuments(t.deps, new Date());
    await purgeDeletedDocuments(t.deps, new Date(Date.now() + retentionMs - 60_000));
    expect(await t.deps.blobStore.exists(key)).toBe(true);
    expect((await queryRows<{ status: string }>(t.db.owner, sql`select status from documents where id = ${id}`))[0]?.status).toBe('deleted');

    // After it: the blob is gone, the row is kept as purged, with an audit entry.
    const purged = await purgeDeletedDocuments(t.deps, new Date(Date.now() + retentionMs + 60_000));
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await t.deps.blobStore.exists(key)).toBe(false);
    const [row] = await queryRows<{ status: string; purged_at: Date | null }>(t.db.owner, sql`select status, purged_at from documents where id = ${id}`);
    expect(row?.status).toBe('purged');
    expect(row?.purged_at).not.toBeNull();
    const audits = await queryRows<{ action: string; actor_kind: string }>(t.db.owner, sql`select action, actor_kind from audit_log where target_id = ${id} and action = 'document.purged'`);
    expect(audits).toEqual([{ action: 'document.purged', actor_kind: 'system' }]);
    // Running it again purges nothing twice.
    await purgeDeletedDocuments(t.deps, new Date(Date.now() + retentionMs + 120_000));
    expect(await count(sql`select count(*)::int as n from audit_log where target_id = ${id} and action = 'document.purged'`)).toBe(1);
    expect((await A.owner$.req('GET', `/api/staff/documents/${id}/download`)).statusCode).toBe(404);
  });

  it('the sweeper removes an old blob with no row, and keeps young orphans and blobs that have rows (even deleted ones)', async () => {
    const root = join(t.deps.config.dataDir, 'blobs');
    const pathOf = (key: string) => join(root, ...key.split('/'));
    const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60 * 60 * 1000);

    const oldOrphan = newStorageKey(A.firm.id);
    await t.deps.blobStore.put(oldOrphan, Readable.from([Buffer.from('LLEF orphan')]));
    await utimes(pathOf(oldOrphan), old, old);
    const youngOrphan = newStorageKey(A.firm.id);
    await t.deps.blobStore.put(youngOrphan, Readable.from([Buffer.from('LLEF young')]));

    const kept = (await uploadAs(t, A.owner$, staffUploadUrl(A), 'kept.pdf', pdf(2000))).json() as { id: string };
    const keptKey = await storageKeyOf(kept.id);
    await utimes(pathOf(keptKey), old, old);
    const deleted = (await uploadAs(t, A.owner$, staffUploadUrl(A), 'deleted.pdf', pdf(2000))).json() as { id: string };
    expect((await A.owner$.req('DELETE', `/api/staff/documents/${deleted.id}`)).statusCode).toBe(204);
    const deletedKey = await storageKeyOf(deleted.id);
    await utimes(pathOf(deletedKey), old, old);
    // A blob for firm B with no row is found too (the sweep is per firm).
    const oldOrphanB = newStorageKey(B.firm.id);
    await t.deps.blobStore.put(oldOrphanB, Readable.from([Buffer.from('LLEF orphan b')]));
    await utimes(pathOf(oldOrphanB), old, old);

    const removed = await sweepOrphanBlobs(t.deps, new Date());

    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await t.deps.blobStore.exists(oldOrphan)).toBe(false);
    expect(await t.deps.blobStore.exists(oldOrphanB)).toBe(false);
    expect(await t.deps.blobStore.exists(youngOrphan)).toBe(true);
    expect(await t.deps.blobStore.exists(keptKey)).toBe(true);
    expect(await t.deps.blobStore.exists(deletedKey)).toBe(true);
    const download = await A.owner$.req('GET', `/api/staff/documents/${kept.id}/download`);
    expect(download.statusCode).toBe(200);
    // Every row that is not purged still has its blob.
    const rows = await queryRows<{ storage_key: string }>(t.db.owner, sql`select storage_key from documents where status <> 'purged'`);
    for (const r of rows) expect(await t.deps.blobStore.exists(r.storage_key), r.storage_key).toBe(true);
  });
});
