import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/client.js';
import { asClient, asStaff, buildTestApp, createFirmWorld, uploadAs, type Session, type TestApp } from '../harness.js';
import { fingerprintDiff, fuzzSeed, makeFingerprint, withTimeout } from './fuzz-kit.js';

/**
 * Upload fuzzing (issue 9): truncated, mislabelled, polyglot and oversized files, hostile names and
 * broken multipart bodies, sent to both document upload routes (staff and portal). Each must be
 * refused with a 4xx whose problem+json names the reason, and leave nothing behind: no documents
 * row, no other row changed, no file (blob or staging) in the data directory.
 *
 * FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_UPLOAD_RUNS=<n> sets the number of uploads.
 */

const RUNS = Number(process.env.FUZZ_UPLOAD_RUNS ?? 400);
const SEED = fuzzSeed('uploads');
const LIMIT_MB = 1;
/** The server-wide MAX_UPLOAD_BYTES for this file's app, small so the ceiling is cheap to exceed. */
const CEILING = 2 * 1024 * 1024;

let t: TestApp;
let W: Awaited<ReturnType<typeof createFirmWorld>>;
let owner$: Session;
let client$: Session;

beforeAll(async () => {
  t = await buildTestApp({ config: { maxUploadBytes: CEILING } });
  W = await createFirmWorld(t.db, 'u');
  // A 1 MB firm limit keeps "oversized" cheap to send; the server-wide ceiling has its own case below.
  await t.db.owner.execute(sql`update firms set max_upload_mb = ${LIMIT_MB} where id = ${W.firm.id}`);
  owner$ = await asStaff(t, W.owner.email);
  client$ = await asClient(t, W.firm.slug, W.person1.email);
}, 120_000);
afterAll(async () => t?.close());

/** Every file under the data directory (the local blob store and any staging files). */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)).sort();
}

const B = (...parts: (string | number[] | Buffer)[]) => Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PDF = B('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = B([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', Buffer.alloc(13), [0, 0, 0, 0]);
const JPG = B([0xff, 0xd8, 0xff, 0xe0], Buffer.alloc(64, 1), [0xff, 0xd9]);
const GIF = B('GIF89a', Buffer.alloc(16, 0), ';');
const EXE = B('MZ', Buffer.alloc(62, 0), 'This program cannot be run in DOS mode');
const ELF = B([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], Buffer.alloc(32, 0));
const OLE = B([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], Buffer.alloc(64, 0));
const ZIP_HEAD = B([0x50, 0x4b, 0x03, 0x04], Buffer.alloc(26, 0), 'word/document.xml');
/** An end-of-central-directory record: what makes the end of a file read as a ZIP archive. */
const EOCD = B([0x50, 0x4b, 0x05, 0x06], Buffer.alloc(18, 0));
const HTML = B('<!doctype html><html><script>alert(document.cookie)</script></html>');
const SVG = B('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

/** Signature lengths the sniffer checks (file-types.ts). */
const SIGNATURE_BYTES: Record<string, number> = { pdf: 5, png: 8, jpg: 3, gif: 6, xls: 8 };

interface Case { kind: string; name: string; content: Buffer; fields?: Record<string, string>; raw?: { payload: Buffer; contentType: string } }

const binaryNoise = fc.uint8Array({ minLength: 1, maxLength: 2048 }).map((a) => B(Buffer.from(a), [0x00, 0xff, 0xfe]));
const goodContent = fc.constantFrom<[string, Buffer]>(['pdf', PDF], ['png', PNG], ['jpg', JPG], ['gif', GIF], ['xls', OLE]);

const mislabelled: fc.Arbitrary<Case> = fc.oneof(
  // A real file of one type under another type's extension.
  fc.tuple(goodContent, fc.constantFrom('pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'tiff', 'heic', 'docx', 'xlsx', 'doc', 'odt')).filter(([[ext], to]) => ext !== to && !(ext === 'jpg' && to === 'jpeg') && !(ext === 'xls' && to === 'doc'))
    .map(([[, content], to]) => ({ kind: 'mislabelled', name: `statement.${to}`, content })),
  // Programs, scripts and markup under any name.
  fc.tuple(fc.constantFrom(EXE, ELF), fc.constantFrom('pdf', 'txt', 'csv', 'jpg', 'docx', 'exe', 'bin', '')).map(([content, ext]) => ({ kind: 'program', name: ext ? `setup.${ext}` : 'setup', content })),
  fc.tuple(fc.constantFrom(HTML, SVG), fc.constantFrom('txt', 'csv', 'pdf', 'png', 'html', 'svg', 'xml')).map(([content, ext]) => ({ kind: 'markup', name: `page.${ext}`, content })),
  fc.tuple(fc.constantFrom(PDF, B('hello')), fc.constantFrom('js', 'sh', 'ps1', 'bat', 'php', 'exe', 'scr', 'html', 'svg', 'zip', 'rar', '7z', 'dmg', 'pdf.exe', 'exe ', 'PDF\u202Egpj.exe')).map(([content, ext]) => ({ kind: 'extension', name: `file.${ext}`, content })),
  // Binary (NUL, invalid UTF-8) as text.
  fc.tuple(binaryNoise, fc.constantFrom('txt', 'csv')).map(([content, ext]) => ({ kind: 'binary-as-text', name: `data.${ext}`, content })),
  // Random bytes under a binary type's extension (no matching magic).
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 1024 }).map((a) => B([0x00], Buffer.from(a))), fc.constantFrom('pdf', 'png', 'jpg', 'gif', 'tif', 'webp', 'docx', 'xls')).map(([content, ext]) => ({ kind: 'noise', name: `scan.${ext}`, content })),
);

const polyglot: fc.Arbitrary<Case> = fc.oneof(
  // A real head with a ZIP archive at its end.
  fc.tuple(goodContent, fc.uint8Array({ maxLength: 512 })).map(([[ext, head], pad]) => ({ kind: 'polyglot-zip', name: `receipt.${ext}`, content: B(head, Buffer.from(pad), ZIP_HEAD, EOCD) })),
  fc.constantFrom('txt', 'csv').map((ext) => ({ kind: 'polyglot-zip', name: `notes.${ext}`, content: B('plain words\n', ZIP_HEAD.subarray(0, 4), 'x', EOCD) })),
  // A real head with markup hidden inside.
  fc.tuple(fc.constantFrom<[string, Buffer]>(['pdf', PDF], ['gif', GIF], ['jpg', JPG], ['png', PNG]), fc.constantFrom(HTML, SVG, B('<script>fetch("//evil")</script>'))).map(([[ext, head], markup]) => ({ kind: 'polyglot-markup', name: `image.${ext}`, content: B(head.subarray(0, 16), markup, head.subarray(16)) })),
  // Text that starts as markup.
  fc.constantFrom(B('\uFEFF<html><body>hi</body></html>'), B([0xef, 0xbb, 0xbf], '<svg onload=alert(1)>'), B('  \n<script>1</script>')).map((content) => ({ kind: 'polyglot-markup', name: 'notes.txt', content })),
);

const truncated: fc.Arbitrary<Case> = fc.oneof(
  fc.constantFrom('txt', 'pdf', 'png', 'csv').map((ext) => ({ kind: 'empty', name: `empty.${ext}`, content: Buffer.alloc(0) })),
  // Text cut inside a multi-byte character.
  fc.tuple(fc.string({ maxLength: 200 }), fc.constantFrom(B([0xe2, 0x82]), B([0xf0, 0x9f, 0x98]), B([0xc3]))).map(([s, cut]) => ({ kind: 'cut-utf8', name: 'notes.txt', content: B(Buffer.from(s.replace(/\u0000/g, ''), 'utf8'), cut) })),
  // Magic bytes cut short: fewer bytes than the type's signature.
  fc.tuple(goodContent, fc.integer({ min: 1, max: 7 })).map(([[ext, content], n]) => ({ kind: 'cut-magic', name: `file.${ext}`, content: content.subarray(0, Math.min(n, (SIGNATURE_BYTES[ext] ?? 2) - 1)) })),
  // The multipart body itself cut off mid-file (no closing boundary).
  fc.tuple(fc.integer({ min: 1, max: 60 }), fc.constantFrom('----cut', 'x')).map(([keep, boundary]) => {
    const body = B(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`, PDF);
    return { kind: 'cut-multipart', name: 'a.pdf', content: PDF, raw: { payload: body.subarray(0, body.length - keep), contentType: `multipart/form-data; boundary=${boundary}` } };
  }),
);

const oversized: fc.Arbitrary<Case> = fc.tuple(fc.integer({ min: 1, max: 64 * 1024 }), fc.constantFrom<[string, Buffer]>(['pdf', PDF], ['txt', B('a')], ['png', PNG]))
  .map(([extra, [ext, head]]) => ({ kind: 'oversized', name: `big.${ext}`, content: B(head, Buffer.alloc(LIMIT_MB * 1024 * 1024 + extra - head.length, ext === 'txt' ? 0x61 : 0x20)) }));

/** Broken multipart bodies and hostile fields around a file that would otherwise be fine. */
const structural: fc.Arbitrary<Case> = fc.oneof(
  fc.constantFrom(
    { payload: B('{"file":"JVBERi0="}'), contentType: 'application/json' },
    { payload: B('--x\r\n\r\n--x--\r\n'), contentType: 'multipart/form-data; boundary=x' },
    { payload: B('--x--\r\n'), contentType: 'multipart/form-data; boundary=x' },
    { payload: PDF, contentType: 'multipart/form-data' },
    { payload: PDF, contentType: 'application/pdf' },
    { payload: B('--x\r\nContent-Disposition: form-data; name="taskId"\r\n\r\nnot-a-uuid\r\n--x--\r\n'), contentType: 'multipart/form-data; boundary=x' },
    { payload: B('--x\r\nContent-Disposition: form-data; name="other"; filename="a.pdf"\r\n\r\n', PDF, '\r\n--x--\r\n'), contentType: 'multipart/form-data; boundary=x' },
    { payload: B(...Array.from({ length: 14 }, (_, i) => `--x\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`), '--x--\r\n'), contentType: 'multipart/form-data; boundary=x' },
  ).map((raw) => ({ kind: 'multipart', name: 'a.pdf', content: PDF, raw })),
  fc.tuple(
    fc.constantFrom('taskId', 'requestId', 'visibleToClient', 'category'),
    fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', 'x'.repeat(5000), 'maybe', '\u0000', '%00', '../../etc', '😀', '-1'),
  ).map(([field, value]) => ({ kind: 'field', name: 'a.pdf', content: PDF, fields: { [field]: value } })),
  fc.constantFrom('../../etc/passwd', '..\\..\\boot.ini', 'a\u0000.pdf', '.pdf', '', ' ', 'x'.repeat(1000), 'CON', 'invoice.pdf.exe', 'résumé.PDF.js').map((name) => ({ kind: 'name', name, content: name.toLowerCase().endsWith('.pdf') ? HTML : EXE })),
);

const anyCase = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: mislabelled }, { weight: 3, arbitrary: polyglot }, { weight: 3, arbitrary: truncated }, { weight: 1, arbitrary: oversized }, { weight: 3, arbitrary: structural }),
  fc.constantFrom<'staff' | 'portal'>('staff', 'portal'),
);

async function send(c: Case, who: 'staff' | 'portal') {
  const s = who === 'staff' ? owner$ : client$;
  const url = who === 'staff' ? `/api/staff/clients/${W.client1.id}/documents` : `/api/portal/${W.firm.slug}/documents`;
  if (c.raw) return t.app.inject({ method: 'POST', url, payload: c.raw.payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': c.raw.contentType } });
  return uploadAs(t, s, url, c.name, c.content, c.fields ?? {});
}

async function documentCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from documents`);
  return Number(row?.n);
}

it('a file that works is stored (the control for the refusals below)', async () => {
  const before = await documentCount();
  const res = await uploadAs(t, client$, `/api/portal/${W.firm.slug}/documents`, 'ok.pdf', PDF);
  expect(res.statusCode, res.body).toBe(201);
  expect(await documentCount()).toBe(before + 1);
});

it('every truncated, mislabelled, polyglot, oversized or malformed upload is refused with a 4xx naming the reason, and nothing is stored', async () => {
  const started = Date.now();
  const fp = await makeFingerprint(t, ['sessions', 'rate_limits']);
  const dataDir = t.deps.config.dataDir;
  const kinds: Record<string, Record<number, number>> = {};
  const result = await fc.check(
    fc.asyncProperty(anyCase, async ([c, who]) => {
      const before = await fp.take();
      const files = filesIn(dataDir);
      const res = await withTimeout(send(c, who), 15_000, `${c.kind} ${c.name}`);
      (kinds[c.kind] ??= {})[res.statusCode] = ((kinds[c.kind] ??= {})[res.statusCode] ?? 0) + 1;
      if (res.statusCode < 400 || res.statusCode >= 500) throw new Error(`${c.kind} "${c.name}" (${c.content.length} bytes) as ${who}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const problem = res.json() as { detail?: string; code?: string };
      if (!problem.detail || problem.detail.length < 10) throw new Error(`${c.kind} "${c.name}" refused (${res.statusCode}) without a reason: ${res.body.slice(0, 300)}`);
      const changed = fingerprintDiff(before, await fp.take());
      if (changed.length) throw new Error(`${c.kind} "${c.name}" refused (${res.statusCode}) but changed ${changed.join(', ')}`);
      const left = filesIn(dataDir).filter((f) => !files.includes(f));
      if (left.length) throw new Error(`${c.kind} "${c.name}" refused (${res.statusCode}) but left files: ${left.join(', ')}`);
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  console.log(`[fuzz:uploads] ${RUNS} uploads in ${((Date.now() - started) / 1000).toFixed(1)}s; statuses by kind ${JSON.stringify(kinds)}`);
  if (result.failed) {
    const [c, who] = (result.counterexample?.[0] ?? []) as [Case | undefined, string | undefined];
    throw new Error(`seed=${SEED} path=${result.counterexamplePath}: ${(result.errorInstance as Error | undefined)?.message}\n  case: ${c?.kind} ${JSON.stringify(c?.name)} ${c?.content.length} bytes as ${who}${c?.raw ? `; raw ${c.raw.contentType} ${JSON.stringify(c.raw.payload.toString('latin1').slice(0, 300))}` : ''}`);
  }
}, 300_000);

/**
 * Was a known gap: an Office file (.docx/.xlsx/.odt/.ods) was checked by its leading ZIP signature
 * only. Now a ZIP-based file must end in its directory (EOCD record), checked on the streamed tail.
 */
it('an Office document cut short after its ZIP header is refused', async () => {
  for (const ext of ['docx', 'xlsx', 'odt', 'ods']) {
    const before = await documentCount();
    const res = await uploadAs(t, client$, `/api/portal/${W.firm.slug}/documents`, `report.${ext}`, ZIP_HEAD.subarray(0, 7));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toMatch(new RegExp(`incomplete or damaged \\(not a complete ${ext.toUpperCase()} file\\)`));
    expect(await documentCount()).toBe(before);
  }
});

/** Was a known gap, same cause: a PDF or JPEG that is its signature and nothing more ("%PDF-", FF D8 FF) was stored. */
it('a PDF or JPEG cut short right after its signature is refused', async () => {
  for (const [name, content] of [['cut.pdf', B('%PDF-')], ['cut.jpg', B([0xff, 0xd8, 0xff])]] as const) {
    const before = await documentCount();
    const res = await uploadAs(t, client$, `/api/portal/${W.firm.slug}/documents`, name, content);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toMatch(/incomplete or damaged \(not a complete (PDF|JPEG) file\)/);
    expect(await documentCount()).toBe(before);
  }
});

/**
 * Was a known gap: a body with two "file" parts stored the first and silently dropped the second
 * (@fastify/multipart's files: 1 limit). Now the upload is refused and the first file's blob removed.
 */
it('an upload with two file parts is refused and nothing is stored', async () => {
  const before = await documentCount();
  const files = filesIn(t.deps.config.dataDir);
  const payload = B(...[1, 2].map(() => B('--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n', PDF, '\r\n')), '--x--\r\n');
  const res = await t.app.inject({ method: 'POST', url: `/api/portal/${W.firm.slug}/documents`, payload, headers: { cookie: client$.cookie, 'x-csrf-token': client$.csrf, 'content-type': 'multipart/form-data; boundary=x' } });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().detail).toMatch(/Upload one file at a time/);
  expect(await documentCount()).toBe(before);
  expect(filesIn(t.deps.config.dataDir)).toEqual(files);
});

it('a file over the server-wide ceiling (MAX_UPLOAD_BYTES) is refused with 413 and nothing is stored', async () => {
  await t.db.owner.execute(sql`update firms set max_upload_mb = null where id = ${W.firm.id}`);
  try {
    const before = await documentCount();
    const files = filesIn(t.deps.config.dataDir);
    const res = await uploadAs(t, owner$, `/api/staff/clients/${W.client1.id}/documents`, 'huge.pdf', B(PDF, Buffer.alloc(CEILING + 1 - PDF.length, 0x20)));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().detail).toMatch(/larger|limit/i);
    expect(await documentCount()).toBe(before);
    expect(filesIn(t.deps.config.dataDir)).toEqual(files);
  } finally {
    await t.db.owner.execute(sql`update firms set max_upload_mb = ${LIMIT_MB} where id = ${W.firm.id}`);
  }
});
