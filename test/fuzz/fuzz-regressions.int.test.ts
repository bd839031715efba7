import { afterAll, beforeAll, expect, it } from 'vitest';
import { asClient, asStaff, buildTestApp, createFirmWorld, type TestApp } from '../harness.js';

/** Inputs the fuzzers (routes.fuzz.int.test.ts) once turned into a 5xx, kept as plain regression tests. */

let t: TestApp;
let W: Awaited<ReturnType<typeof createFirmWorld>>;

beforeAll(async () => {
  t = await buildTestApp();
  W = await createFirmWorld(t.db, 'r');
});
afterAll(async () => t?.close());

it('a lone UTF-16 surrogate (\\ud83d) in a JSON string is refused with 400, not a 500', async () => {
  const client$ = await asClient(t, W.firm.slug, W.person1.email);
  const owner$ = await asStaff(t, W.owner.email);
  const thread = await client$.req('POST', `/api/portal/${W.firm.slug}/threads`, { subject: 'Hello', body: 'A question' });
  expect(thread.statusCode, thread.body).toBe(201);
  const { id, messages } = thread.json() as { id: string; messages: { id: string }[] };
  const raw = (s: typeof owner$, method: 'POST' | 'PATCH', url: string, text: string) =>
    t.app.inject({ method, url, payload: text, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' } });
  for (const res of [
    await raw(owner$, 'POST', `/api/staff/threads/${id}/messages/${messages[0]?.id}/redact`, '{"reason":"M\\ud83dPhfhN6"}'),
    await raw(client$, 'PATCH', `/api/portal/${W.firm.slug}/profile`, '{"name":"\\ud83da","phone":""}'),
    await raw(owner$, 'POST', '/api/staff/clients', '{"type":"individual","name":"Lone \\udfff surrogate"}'),
  ]) {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().detail).toMatch(/surrogate|UTF-16|character/i);
  }
});

it('a multipart upload cut off mid-file (no closing boundary) is refused with 400, not a 500', async () => {
  const client$ = await asClient(t, W.firm.slug, W.person1.email);
  const owner$ = await asStaff(t, W.owner.email);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const body = Buffer.concat([Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n'), pdf]);
  for (const [s, url] of [[client$, `/api/portal/${W.firm.slug}/documents`], [owner$, `/api/staff/clients/${W.client1.id}/documents`]] as const) {
    for (const keep of [body.length - 1, body.length - 20, 10]) {
      const res = await t.app.inject({ method: 'POST', url, payload: body.subarray(0, keep), headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'multipart/form-data; boundary=x' } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().detail).toMatch(/incomplete|ended|cut|truncat|boundary|multipart/i);
    }
  }
});
