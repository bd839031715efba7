import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ThreadDto } from '../../../contracts/messages.js';
import { asClient, buildTestApp, createTestDatabase, reopenTestDatabase, type TestApp } from '../../../../test/harness.js';
import { readEvents } from '../../../../test/sse.js';
import { workWorld, type WorkWorld } from '../../../../test/work-fixtures.js';
import type { Database } from '../../db/client.js';

// Two app instances need one shared database server: PostgreSQL (TEST_DATABASE_URL, as in CI).
// PGlite lives inside a single process, so on it this file has nothing to share and is skipped.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let dbA: Database;
let dbB: Database | null;
let one: TestApp;
let two: TestApp;
let w: WorkWorld;

const listen = async (app: TestApp) => {
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.app.server.address();
  return typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}` : '';
};

describe.skipIf(!onPostgres)('two app instances on one PostgreSQL', () => {
  let baseTwo = '';
  beforeAll(async () => {
    dbA = await createTestDatabase();
    dbB = await reopenTestDatabase(dbA);
    if (!dbB) throw new Error('could not open a second pool');
    one = await buildTestApp({ db: dbA });
    two = await buildTestApp({ db: dbB });
    baseTwo = await listen(two);
    w = await workWorld(one, 'fan');
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await dbB?.close();
    await dbA?.close();
  });

  it('a session made on one instance works on the other, and a message posted on one reaches a stream on the other, in order, once', async () => {
    const alex = await asClient(one, w.firm.slug, w.person1.email);
    const onTwo = await two.app.inject({ method: 'GET', url: `/api/portal/${w.firm.slug}/threads`, headers: { cookie: alex.cookie } });
    expect(onTwo.statusCode).toBe(200);

    const thread = (await alex.req('POST', `/api/portal/${w.firm.slug}/threads`, { subject: 'Across instances', body: 'First' })).json() as ThreadDto;
    const stream = readEvents(`${baseTwo}/api/staff/live`, w.owner$.cookie, { until: (evs) => evs.filter((e) => e.event === 'message').length >= 3 });
    await new Promise((r) => setTimeout(r, 300));
    for (const body of ['Second', 'Third', 'Fourth']) await alex.req('POST', `/api/portal/${w.firm.slug}/threads/${thread.id}/messages`, { body });
    const events = (await stream).filter((e) => e.event === 'message');
    expect(events.map((e) => (JSON.parse(e.data) as { seq: number }).seq)).toEqual([2, 3, 4]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });
});
