import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { LocalBlobStore } from '../../platform/storage/blob-store.js';
import { asClient, asStaff, buildTestApp, createFirmWorld, uploadAs, type Session, type TestApp } from '../../../../test/harness.js';

type World = Awaited<ReturnType<typeof createFirmWorld>>;

const LIMIT = 200 * 1024;
let t: TestApp;
let A: World;
let B: World;
let ownerA: Session;
let ownerB: Session;
let clientA1: Session;

const pdf = (marker: string, size = 150_000) => {
  const body = Buffer.alloc(size, 'x');
  Buffer.from(`%PDF-1.7\n% ${marker}\n`).copy(body);
  Buffer.from(marker).copy(body, size - marker.length - 10); // the marker in a later chunk too
  Buffer.from('\n%%EOF\n').copy(body, size - 7); // a PDF ends with %%EOF (checked on upload)
  return body;
};

async function blobFiles(): Promise<string[]> {
  const store = new LocalBlobStore(t.deps.config.dataDir);
  const out: string[] = [];
  for await (const b of store.list('firms/')) out.push(join(store.root, ...b.key.split('/')));
  return out;
}

const documentCount = async () => (await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from documents`))[0]?.n ?? 0;

beforeAll(async () => {
  t = await buildTestApp({ config: { maxUploadBytes: LIMIT } });
  A = await createFirmWorld(t.db, 'a');
  B = await createFirmWorld(t.db, 'b');
  ownerA = await asStaff(t, A.owner.email);
  ownerB = await asStaff(t, B.owner.email);
  clientA1 = await asClient(t, A.firm.slug, A.person1.email);
});
afterAll(async () => t.close());

describe('documents', () => {
  it('staff upload a PDF; staff and the client download the same bytes, and only ciphertext is stored', async () => {
    const content = pdf('PLAINTEXT-MARKER-staff');
    const up = await uploadAs(t, ownerA, `/api/staff/clients/${A.client1.id}/documents`, 'Résumé 2026 — “final”.pdf', content);
    expect(up.statusCode, up.body).toBe(201);
    const doc = up.json() as { id: string; fileName: string; contentType: string; sizeBytes: number; visibleToClient: boolean; scanStatus: string };
    expect(doc).toMatchObject({ fileName: 'Résumé 2026 — “final”.pdf', contentType: 'application/pdf', sizeBytes: content.length, visibleToClient: true, scanStatus: 'not_scanned' });

    const staff = await ownerA.req('GET', `/api/staff/documents/${doc.id}/download`);
    expect(staff.statusCode).toBe(200);
    expect(staff.rawPayload.equals(content)).toBe(true);
    expect(staff.headers['content-disposition']).toBe(`attachment; filename="R_sum_ 2026 _ _final_.pdf"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`);
    expect(staff.headers['x-content-type-options']).toBe('nosniff');
    expect(staff.headers['content-security-policy']).toBe('sandbox');

    const portal = await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${doc.id}/download`);
    expect(portal.statusCode).toBe(200);
    expect(portal.rawPayload.equals(content)).toBe(true);

    const list = await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents`);
    expect((list.json() as { items: { id: string }[] }).items.map((d) => d.id)).toContain(doc.id);
    const staffList = await ownerA.req('GET', `/api/staff/clients/${A.client1.id}/documents`);
    expect((staffList.json() as { items: { id: string }[] }).items.map((d) => d.id)).toContain(doc.id);

    const [row] = await queryRows<{ storage_key: string }>(t.db.owner, sql`select storage_key from documents where id = ${doc.id}`);
    const stored = await readFile(join(t.deps.config.dataDir, 'blobs', ...(row?.storage_key ?? '').split('/')));
    expect(stored.subarray(0, 4).toString()).toBe('LLEF');
    expect(stored.includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);

    const audits = await queryRows<{ action: string }>(t.db.owner, sql`select action from audit_log where target_id = ${doc.id} order by id`);
    expect(audits.map((a) => a.action)).toEqual(['document.uploaded', 'document.downloaded', 'document.downloaded']);
  });

  it('the client uploads a PDF to a task they can see, and both sides get the same bytes back', async () => {
    const templates = (await ownerA.req('GET', '/api/staff/templates')).json() as { items: { id: string }[] };
    const service = (await ownerA.req('POST', '/api/staff/services', { clientId: A.client1.id, templateId: templates.items[0]?.id })).json() as { id: string; tasks: { id: string; clientVisible: boolean }[] };
    const task = service.tasks.find((x) => x.clientVisible);
    const content = pdf('PLAINTEXT-MARKER-client', 70_000);

    const up = await uploadAs(t, clientA1, `/api/portal/${A.firm.slug}/documents`, 'statement.pdf', content, { taskId: task?.id ?? '' });
    expect(up.statusCode, up.body).toBe(201);
    const doc = up.json() as { id: string; taskId: string; uploadedBy: string };
    expect(doc).toMatchObject({ taskId: task?.id, uploadedBy: 'portal' });

    const mine = await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${doc.id}/download`);
    const staff = await ownerA.req('GET', `/api/staff/documents/${doc.id}/download`);
    expect(mine.rawPayload.equals(content)).toBe(true);
    expect(staff.rawPayload.equals(content)).toBe(true);
    const [row] = await queryRows<{ service_id: string }>(t.db.owner, sql`select service_id from documents where id = ${doc.id}`);
    expect(row?.service_id).toBe(service.id);
  });

  it('the portal cannot attach to another client’s task', async () => {
    const templates = (await ownerA.req('GET', '/api/staff/templates')).json() as { items: { id: string }[] };
    const service = (await ownerA.req('POST', '/api/staff/services', { clientId: A.client2.id, templateId: templates.items[0]?.id })).json() as { tasks: { id: string; clientVisible: boolean }[] };
    const before = await documentCount();
    const res = await uploadAs(t, clientA1, `/api/portal/${A.firm.slug}/documents`, 'x.pdf', pdf('m', 100), { taskId: service.tasks[0]?.id ?? '' });
    expect(res.statusCode).toBe(400);
    expect(await documentCount()).toBe(before);
  });

  it.each([
    ['a PNG named .pdf', 'report.pdf', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]), /do not match its \.pdf extension/],
    ['an SVG with a script', 'logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /SVG/],
    ['an SVG with a script named .txt', 'notes.txt', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /markup/],
    ['HTML named .pdf', 'invoice.pdf', Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), /markup/],
    ['an executable', 'setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), /executable/],
    ['a 0-byte file', 'empty.pdf', Buffer.alloc(0), /empty/],
    ['binary named .csv', 'data.csv', Buffer.from([0x41, 0x00, 0xff, 0xfe]), /UTF-8/],
  ])('refuses %s with 422 naming the reason, and stores nothing', async (_label, name, content, reason) => {
    const before = await documentCount();
    const blobsBefore = await blobFiles();

    const res = await uploadAs(t, ownerA, `/api/staff/clients/${A.client1.id}/documents`, name, content);

    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().detail).toMatch(reason);
    expect(await documentCount()).toBe(before);
    expect(await blobFiles()).toEqual(blobsBefore);
  });

  it('a file one byte over the limit is 413, and neither a row nor a blob is left', async () => {
    const before = await documentCount();
    const blobsBefore = await blobFiles();

    const res = await uploadAs(t, ownerA, `/api/staff/clients/${A.client1.id}/documents`, 'big.pdf', pdf('big', LIMIT + 1));
    const exact = await uploadAs(t, ownerA, `/api/staff/clients/${A.client1.id}/documents`, 'exact.pdf', pdf('exact', LIMIT));

    expect(res.statusCode, res.body).toBe(413);
    expect(exact.statusCode, exact.body).toBe(201);
    expect(await documentCount()).toBe(before + 1);
    expect((await blobFiles()).length).toBe(blobsBefore.length + 1);
    expect(await readdir(join(t.deps.config.dataDir, 'blobs', '.tmp'))).toEqual([]);
  });

  it('another client’s or another firm’s document is 404, like a missing one', async () => {
    const forClient2 = (await uploadAs(t, ownerA, `/api/staff/clients/${A.client2.id}/documents`, 'c2.pdf', pdf('client-two', 500))).json() as { id: string };
    const hidden = (await uploadAs(t, ownerA, `/api/staff/clients/${A.client1.id}/documents`, 'internal.pdf', pdf('internal', 500), { visibleToClient: 'false' })).json() as { id: string };
    const inB = (await uploadAs(t, ownerB, `/api/staff/clients/${B.client1.id}/documents`, 'b.pdf', pdf('firm-b', 500))).json() as { id: string };

    const responses = [
      await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${forClient2.id}/download`),
      await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${hidden.id}/download`),
      await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents/${inB.id}/download`),
      await ownerA.req('GET', `/api/staff/documents/${inB.id}/download`),
      await ownerB.req('GET', `/api/staff/documents/${forClient2.id}/download`),
    ];

    for (const res of responses) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toMatch(/client-two|internal|firm-b/);
    }
    const list = (await clientA1.req('GET', `/api/portal/${A.firm.slug}/documents`)).json() as { items: { id: string }[] };
    expect(list.items.map((d) => d.id)).not.toContain(hidden.id);
    expect(list.items.map((d) => d.id)).not.toContain(forClient2.id);
  });

  it.each([
    ['a flipped bit in the only chunk', 5_000, (b: Buffer) => { b[100] = (b[100] ?? 0) ^ 1; }],
    ['a flipped bit in the last of several chunks', 150_000, (b: Buffer) => { b[b.length - 40] = (b[b.length - 40] ?? 0) ^ 1; }],
    ['a truncated blob', 150_000, (b: Buffer) => b.subarray(0, b.length - 20)],
  ])('a tampered blob (%s) is never served as a good download', async (_label, size, tamper) => {
    const content = pdf('TAMPER-MARKER', size);
    const doc = (await uploadAs(t, ownerA, `/api/staff/clients/${A.client1.id}/documents`, 'tamper.pdf', content)).json() as { id: string };
    const [row] = await queryRows<{ storage_key: string }>(t.db.owner, sql`select storage_key from documents where id = ${doc.id}`);
    const path = join(t.deps.config.dataDir, 'blobs', ...(row?.storage_key ?? '').split('/'));
    const blob = await readFile(path);
    const changed = tamper(blob) ?? blob;
    await writeFile(path, changed);

    let served: Buffer = Buffer.alloc(0);
    let status = 0;
    try {
      const res = await ownerA.req('GET', `/api/staff/documents/${doc.id}/download`);
      status = res.statusCode;
      served = res.rawPayload;
    } catch {
      status = -1; // the connection was aborted
    }

    const complete = status === 200 && served.equals(content);
    expect(complete).toBe(false);
    if (size <= 64 * 1024) {
      expect(status).toBe(500);
      expect(served.includes(Buffer.from('TAMPER-MARKER'))).toBe(false);
    }
  });
});
