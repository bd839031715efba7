import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { buildApp } from '../../app.js';
import { asStaff, buildTestApp, createFirmWorld, testConfig, uploadAs, type TestApp } from '../../../../test/harness.js';
import { masterKeyId } from '../../platform/crypto/envelope.js';
import { rotateMasterKey } from './rotate-master-key.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('master key rotation', () => {
  it('re-wraps every firm’s data key without touching files; old files open under the new key; a second run changes nothing', async () => {
    const A = await createFirmWorld(t.db, 'a');
    const owner = await asStaff(t, A.owner.email);
    const content = Buffer.from('%PDF-1.7\n% rotated\n%%EOF\n');
    const doc = (await uploadAs(t, owner, `/api/staff/clients/${A.client1.id}/documents`, 'before.pdf', content)).json() as { id: string };
    const blobsBefore = [];
    for await (const b of t.deps.blobStore.list('firms/')) blobsBefore.push(`${b.key}:${b.bytes}:${b.lastModified.getTime()}`);

    const newKey = randomBytes(32);
    const r = await rotateMasterKey(t.db, t.deps.masterKey, newKey);
    expect(r.rewrapped).toBeGreaterThanOrEqual(1);
    expect((await rotateMasterKey(t.db, t.deps.masterKey, newKey)).rewrapped).toBe(0);

    const blobsAfter = [];
    for await (const b of t.deps.blobStore.list('firms/')) blobsAfter.push(`${b.key}:${b.bytes}:${b.lastModified.getTime()}`);
    expect(blobsAfter).toEqual(blobsBefore);

    // A fresh instance (no key cache) with only the new key opens the old file.
    const fresh = await buildApp(testConfig({ dataDir: t.deps.config.dataDir, masterKey: newKey.toString('base64') }), { db: t.db });
    try {
      const session = await asStaff({ ...t, app: fresh.app } as TestApp, A.owner.email);
      const res = await session.req('GET', `/api/staff/documents/${doc.id}/download`);
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.equals(content)).toBe(true);
    } finally {
      await fresh.close();
    }
    const [row] = await queryRows<{ key_id: string }>(t.db.owner, sql`select key_id from documents where id = ${doc.id}`);
    expect(row?.key_id).toBe(masterKeyId(newKey));
  });

  it('a key sealed by neither key stops the run with an error, changing nothing', async () => {
    await expect(rotateMasterKey(t.db, randomBytes(32), randomBytes(32))).rejects.toThrow(/no master key with id/);
  });
});
