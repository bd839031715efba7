import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asClient, buildTestApp, createFirmWorld, type TestApp } from '../../../../test/harness.js';
import { queryRows } from '../../db/client.js';
import { digestItems, digestRuns, trustedDevices, unsubscribeTokens } from '../../db/schema/index.js';
import { createSession } from '../../platform/auth/sessions.js';
import { randomToken, sha256Hex } from '../../platform/crypto/tokens.js';
import { accountHousekeeping } from './housekeeping.js';
import { createPendingLogin } from './two-factor.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const DAY = 24 * 3600_000;

describe('account housekeeping', () => {
  it('removes only what can no longer be used — dead sessions, old pending sign-ins and devices, year-old unsubscribe tokens, sent digests — in every firm, once', async () => {
    const w = await createFirmWorld(t.db);
    const other = await createFirmWorld(t.db, 'b');
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const live = await asClient(t, w.firm.slug, w.person1.email);
    const policy = { idleMinutes: 30, absoluteHours: 12 };

    for (const f of [w, other]) {
      await t.db.withFirm(f.firm.id, async (tx) => {
        const who = { firmId: f.firm.id, kind: 'portal' as const, userId: f.person2.id };
        // Sessions: one past its absolute expiry, one idle for an hour, one fresh.
        for (const [created, seen] of [[ago(13 * 3600_000), ago(13 * 3600_000)], [ago(2 * 3600_000), ago(3600_000)], [now, now]] as const) {
          const { session } = await createSession(tx, { firmId: f.firm.id, kind: 'portal', userId: f.person2.id, ip: '203.0.113.9', userAgent: 'test', now: created, policy });
          await tx.execute(sql`update sessions set last_seen_at = ${seen.toISOString()} where id = ${session.id}`);
        }
        await createPendingLogin(tx, who, ago(2 * DAY)); // expired a day and more ago
        await createPendingLogin(tx, who, now); // still usable
        const device = (over: Partial<typeof trustedDevices.$inferInsert>) =>
          tx.insert(trustedDevices).values({ tokenHash: sha256Hex(randomToken()), firmId: f.firm.id, userKind: 'portal', userId: f.person2.id, userAgent: 'test', expiresAt: new Date(now.getTime() + 10 * DAY), createdAt: now, ...over });
        await device({ expiresAt: ago(2 * DAY) });
        await device({ revokedAt: ago(2 * DAY) });
        await device({});
        const token = (createdAt: Date) => tx.insert(unsubscribeTokens).values({ tokenHash: sha256Hex(randomToken()), firmId: f.firm.id, userKind: 'portal', userId: f.person2.id, event: 'invoice_issued', createdAt });
        await token(ago(366 * DAY));
        await token(ago(300 * DAY));
        const [oldRun] = await tx.insert(digestRuns).values({ firmId: f.firm.id, userKind: 'portal', userId: f.person2.id, localDate: '2026-01-05', createdAt: ago(40 * DAY) }).returning();
        await tx.insert(digestRuns).values({ firmId: f.firm.id, userKind: 'portal', userId: f.person2.id, localDate: '2026-11-30', createdAt: ago(4 * DAY) });
        const item = (key: string, createdAt: Date, digestRunId: string | null) =>
          tx.insert(digestItems).values({ firmId: f.firm.id, userKind: 'portal', userId: f.person2.id, event: 'invoice_issued', idempotencyKey: `${key}:${f.firm.id}`, summary: 'x', createdAt, digestRunId });
        await item('sent-long-ago', ago(40 * DAY), oldRun!.id);
        await item('still-waiting', ago(40 * DAY), null);
      });
    }

    const first = await accountHousekeeping(t.deps, now);
    const second = await accountHousekeeping(t.deps, now);

    // Per firm: 2 sessions, 1 pending sign-in, 2 devices, 1 token, 1 item, 1 run (this file's database holds only these firms).
    expect(first).toEqual({ sessions: 4, pendingLogins: 2, trustedDevices: 4, unsubscribeTokens: 2, digestItems: 2, digestRuns: 2 });
    expect(second).toEqual({ sessions: 0, pendingLogins: 0, trustedDevices: 0, unsubscribeTokens: 0, digestItems: 0, digestRuns: 0 });
    for (const f of [w, other]) {
      const left = await t.db.withFirm(f.firm.id, async (tx) => (await queryRows<Record<string, number>>(tx, sql`select
        (select count(*)::int from sessions where firm_id = ${f.firm.id} and user_id = ${f.person2.id}) as sessions,
        (select count(*)::int from pending_logins where firm_id = ${f.firm.id}) as pending,
        (select count(*)::int from trusted_devices where firm_id = ${f.firm.id}) as devices,
        (select count(*)::int from unsubscribe_tokens where firm_id = ${f.firm.id}) as tokens,
        (select count(*)::int from digest_items where firm_id = ${f.firm.id}) as items,
        (select count(*)::int from digest_runs where firm_id = ${f.firm.id}) as runs`))[0]);
      expect(left).toEqual({ sessions: 1, pending: 1, devices: 1, tokens: 1, items: 1, runs: 1 });
    }
    // A person signed in a moment ago is untouched.
    expect((await live.req('GET', `/api/portal/${w.firm.slug}/session`)).statusCode).toBe(200);
  });
});
