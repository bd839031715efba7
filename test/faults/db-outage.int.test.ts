import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Database } from '../../src/server/db/client.js';
import { buildTestApp, createTestDatabase, testDatabaseUrls, type TestApp } from '../harness.js';
import { workWorld, type WorkWorld } from '../work-fixtures.js';
import { startServer, type ChildApp } from './server-process.js';

/**
 * Issue 9: the database goes away while the server (a child process) is serving, and comes back.
 * A TCP proxy between the child and PostgreSQL plays the outage: it stalls traffic and then cuts
 * every connection (a request is mid-query), refuses new connections (database down), or accepts
 * them and never answers (a network black hole). Each must end in a prompt 503 problem+json with
 * Retry-After — not a 500, not a hang — /readyz must say so, and once the proxy is back the same
 * process must serve again without a restart.
 *
 * PostgreSQL only (TEST_DATABASE_URL): the embedded PGlite is not reached over the network, so
 * there is no connection to lose.
 */
const pgUrl = process.env.TEST_DATABASE_URL;

/** A TCP relay to PostgreSQL that the test can stall, cut, black-hole and restore. */
class PgProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private mode: 'relay' | 'stall' | 'blackhole' = 'relay';
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      if (this.mode === 'blackhole') return; // accepted, never answered
      const upstream = connect(this.target);
      this.sockets.add(upstream);
      upstream.on('close', () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => undefined);
      client.on('close', () => upstream.destroy());
      // While stalled, bytes are dropped both ways: whatever is mid-query waits, as with a hung link.
      client.on('data', (d: Buffer) => void (this.mode === 'relay' && upstream.write(d)));
      upstream.on('data', (d: Buffer) => void (this.mode === 'relay' && client.write(d)));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.server = server;
  }

  stall(): void {
    this.mode = 'stall';
  }

  /** Every open connection is cut and the port stops listening: new connections are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listening again on the same port, but new connections are accepted and never answered. */
  async blackhole(): Promise<void> {
    this.mode = 'blackhole';
    await this.start();
  }

  /** Back to normal: connections cut, the relay listening again. */
  async restore(): Promise<void> {
    await this.cut();
    this.mode = 'relay';
    await this.start();
  }

  async close(): Promise<void> {
    await this.cut();
  }
}

describe.skipIf(!pgUrl)('the database goes away mid-request and comes back', () => {
  let db: Database;
  let t: TestApp;
  let w: WorkWorld;
  let proxy: PgProxy;
  let child: ChildApp | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    const urls = testDatabaseUrls(db);
    if (!urls) throw new Error('expected a PostgreSQL test database');
    t = await buildTestApp({ db });
    w = await workWorld(t, 'outage');
    const direct = new URL(urls.databaseUrl);
    proxy = new PgProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.start();
    const viaProxy = (url: string) => {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(proxy.port);
      return u.toString();
    };
    child = await startServer({ DATABASE_URL: viaProxy(urls.databaseUrl), DATABASE_MIGRATION_URL: viaProxy(urls.databaseMigrationUrl), DATA_DIR: t.deps.config.dataDir, LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await child?.kill();
    await proxy?.close();
    await t?.close();
    await db?.close();
  });

  const get = async (path: string) => {
    const started = Date.now();
    const res = await fetch(`${child?.url}${path}`, { headers: { cookie: w.owner$.cookie }, signal: AbortSignal.timeout(20_000) });
    return { res, ms: Date.now() - started, body: await res.text() };
  };
  const documents = () => get(`/api/staff/clients/${w.client1.id}/documents`);

  function expectUnavailable(r: Awaited<ReturnType<typeof get>>) {
    expect(r.res.status, r.body).toBe(503);
    expect(r.res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.res.headers.get('retry-after')).toBe('5');
    expect(JSON.parse(r.body)).toMatchObject({ status: 503, code: 'UNAVAILABLE', detail: expect.stringMatching(/database is not answering/) });
  }

  it('answers 503 with Retry-After while it is away, reports it on /readyz, and serves again when it is back — same process', async () => {
    onTestFailed(() => console.error(`server output:\n${child?.output().slice(-6000)}`));
    expect((await documents()).res.status).toBe(200);
    expect((await get('/readyz')).res.status).toBe(200);
    const pid = child?.pid;

    // Mid-request: the request's query is on a connection that stalls and then is cut.
    proxy.stall();
    const pending = documents();
    await new Promise((r) => setTimeout(r, 300));
    await proxy.cut();
    const cutOff = await pending;
    expectUnavailable(cutOff);
    expect(cutOff.ms).toBeLessThan(5000);

    // Down: new connections refused — a prompt 503 each time, and /readyz says why; the process itself is live.
    const refused = await documents();
    expectUnavailable(refused);
    expect(refused.ms).toBeLessThan(2000);
    const ready = await get('/readyz');
    expect(ready.res.status).toBe(503);
    expect(JSON.parse(ready.body)).toEqual({ status: 'database unavailable' });
    expect((await get('/healthz')).res.status).toBe(200);

    // A black hole (connections accepted, never answered): bounded by the pool's connect timeout, not a hang.
    await proxy.blackhole();
    const hung = await documents();
    expectUnavailable(hung);
    expect(hung.ms).toBeLessThan(8000);

    // Back: the same process serves again, without a restart.
    await proxy.restore();
    await expect.poll(async () => (await documents()).res.status, { timeout: 15_000, interval: 250 }).toBe(200);
    expect((await get('/readyz')).res.status).toBe(200);
    expect(child?.alive()).toBe(true);
    expect(child?.pid).toBe(pid);
    expect(child?.output()).not.toMatch(/Unhandled|uncaught|ERR_UNHANDLED/i);
  });
});
