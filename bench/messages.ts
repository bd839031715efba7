/**
 * Live message delivery (issue 6; `npm run bench -- messages`): with 500 portal users connected over
 * Server-Sent Events, the time from a staff member's POST of a message to its event arriving at each
 * of the client's connected users — p50 and p99 — against a bare Fastify SSE echo measured in the same
 * run, in the same process, with the same 500 connections and the same fan-out (10 users a client).
 *
 * The app path includes what a real message costs: session check, encryption, the thread row lock,
 * the per-firm event number, NOTIFY, the hub's read of the new event and the write to each stream.
 * Database: PGlite in memory. BENCH_MESSAGES (200) sets how many messages are sent.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import Fastify from 'fastify';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config/env.js';
import { openDatabase } from '../src/server/db/client.js';
import { clients, firms, portalUsers, staffUsers } from '../src/server/db/schema/index.js';
import { createSession } from '../src/server/platform/auth/sessions.js';

const CLIENTS = 50;
const USERS_PER_CLIENT = 10;
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);

interface Stream {
  group: number;
  close(): void;
}

/** Opens an SSE connection and calls onEvent(event name, data) for each event. */
async function openStream(url: string, headers: Record<string, string>, onEvent: (event: string, data: string) => void): Promise<() => void> {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
  if (res.status !== 200 || !res.body) throw new Error(`stream ${url} → ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = '';
          let data = '';
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data = line.slice(5).trim();
          }
          if (event) onEvent(event, data);
        }
      }
    } catch {
      // closed
    }
  })();
  return () => ctrl.abort();
}

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

/** Sends MESSAGES messages one after another (each to one group, round robin) and records post → receipt times. */
async function measure(send: (group: number, n: number) => Promise<void>, pending: Map<string, { at: number; left: number }>, latencies: number[]) {
  for (let n = 0; n < MESSAGES; n++) {
    const group = n % CLIENTS;
    const key = `${group}:${n}`;
    const done = new Promise<void>((resolve) => {
      pending.set(key, { at: performance.now(), left: USERS_PER_CLIENT });
      const check = setInterval(() => {
        if (!pending.has(key)) {
          clearInterval(check);
          resolve();
        }
      }, 1);
      setTimeout(() => {
        clearInterval(check);
        pending.delete(key);
        resolve();
      }, 10_000);
    });
    await send(group, n);
    await done;
  }
  return { messages: MESSAGES, deliveries: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

function receiver(pending: Map<string, { at: number; left: number }>, latencies: number[]) {
  return (key: string) => {
    const p = pending.get(key);
    if (!p) return;
    latencies.push(performance.now() - p.at);
    if (--p.left === 0) pending.delete(key);
  };
}

async function baseline() {
  const app = Fastify();
  const groups = new Map<number, Set<ServerResponse>>();
  app.get('/sse/:group', (req, reply) => {
    const group = Number((req.params as { group: string }).group);
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    reply.raw.write('retry: 3000\n\n');
    let set = groups.get(group);
    if (!set) groups.set(group, (set = new Set()));
    set.add(reply.raw);
    reply.raw.on('close', () => set.delete(reply.raw));
  });
  app.post('/publish/:group/:n', async (req) => {
    const { group, n } = req.params as { group: string; n: string };
    for (const res of groups.get(Number(group)) ?? []) res.write(`id: ${n}\nevent: message\ndata: {"key":"${group}:${n}"}\n\n`);
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  const base = typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}` : '';
  const pending = new Map<string, { at: number; left: number }>();
  const latencies: number[] = [];
  const got = receiver(pending, latencies);
  const closers: (() => void)[] = [];
  for (let g = 0; g < CLIENTS; g++) {
    for (let u = 0; u < USERS_PER_CLIENT; u++) closers.push(await openStream(`${base}/sse/${g}`, {}, (_e, data) => got((JSON.parse(data) as { key: string }).key)));
  }
  const result = await measure(async (group, n) => {
    const res = await fetch(`${base}/publish/${group}/${n}`, { method: 'POST' });
    await res.arrayBuffer();
  }, pending, latencies);
  for (const c of closers) c();
  await app.close();
  return result;
}

async function ledgerLoom() {
  const db = await openDatabase({});
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/ll-bench-messages', DEV_SMTP_PORT: '0', WORKERS: 'false', LOG_LEVEL: 'silent' });
  const built = await buildApp(config, { db });
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = built.app.server.address();
  const base = typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}` : '';
  const [firm] = await db.owner.insert(firms).values({ slug: 'bench-msg', legalName: 'Bench Pty Ltd', displayName: 'Bench Accounting' }).returning();
  if (!firm) throw new Error('no firm');
  const policy = { idleMinutes: 60, absoluteHours: 12 };
  const now = new Date();
  // People and sessions straight into the database (500 sign-ins would only measure argon2).
  const setup = await db.withFirm(firm.id, async (tx) => {
    const [owner] = await tx.insert(staffUsers).values({ firmId: firm.id, email: 'owner@bench.example', name: 'Bench Owner', role: 'owner', status: 'active' }).returning();
    if (!owner) throw new Error('no owner');
    const staff = await createSession(tx, { firmId: firm.id, kind: 'staff', userId: owner.id, ip: '127.0.0.1', userAgent: 'bench', now, policy });
    const groups: { clientId: string; tokens: string[] }[] = [];
    for (let g = 0; g < CLIENTS; g++) {
      const [c] = await tx.insert(clients).values({ firmId: firm.id, type: 'company', name: `Client ${g} Pty Ltd` }).returning();
      if (!c) throw new Error('no client');
      const tokens: string[] = [];
      for (let u = 0; u < USERS_PER_CLIENT; u++) {
        const [p] = await tx.insert(portalUsers).values({ firmId: firm.id, clientId: c.id, email: `u${g}-${u}@bench.example`, name: `User ${g}.${u}`, status: 'active' }).returning();
        if (!p) throw new Error('no portal user');
        tokens.push((await createSession(tx, { firmId: firm.id, kind: 'portal', userId: p.id, ip: '127.0.0.1', userAgent: 'bench', now, policy })).token);
      }
      groups.push({ clientId: c.id, tokens });
    }
    return { staffCookie: `ll_staff=${staff.token}`, csrf: staff.session.csrfToken, groups };
  });
  const staffHeaders = { cookie: setup.staffCookie, 'x-csrf-token': setup.csrf, 'content-type': 'application/json' };
  // One thread per client, started by staff.
  const threads: string[] = [];
  for (const g of setup.groups) {
    const res = await fetch(`${base}/api/staff/threads`, { method: 'POST', headers: staffHeaders, body: JSON.stringify({ clientId: g.clientId, subject: 'Bench', body: 'Hello' }) });
    if (res.status !== 201) throw new Error(`thread → ${res.status} ${await res.text()}`);
    threads.push(((await res.json()) as { id: string }).id);
  }
  const pending = new Map<string, { at: number; left: number }>();
  const latencies: number[] = [];
  const got = receiver(pending, latencies);
  const bySeq = new Map<string, string>(); // "threadId:seq" → measurement key
  const closers: (() => void)[] = [];
  for (const [g, group] of setup.groups.entries()) {
    for (const token of group.tokens) {
      closers.push(await openStream(`${base}/api/portal/bench-msg/live`, { cookie: `ll_portal_bench-msg=${token}` }, (event, data) => {
        if (event !== 'message') return;
        const d = JSON.parse(data) as { threadId: string; seq: number };
        const key = bySeq.get(`${d.threadId}:${d.seq}`);
        if (key) got(key);
      }));
    }
    void g;
  }
  const nextSeq = new Map<string, number>(threads.map((t) => [t, 1]));
  const result = await measure(async (group, n) => {
    const thread = threads[group] ?? '';
    const seq = (nextSeq.get(thread) ?? 1) + 1;
    nextSeq.set(thread, seq);
    bySeq.set(`${thread}:${seq}`, `${group}:${n}`);
    const res = await fetch(`${base}/api/staff/threads/${thread}/messages`, { method: 'POST', headers: staffHeaders, body: JSON.stringify({ body: `Message ${n}` }) });
    if (res.status !== 201) throw new Error(`post → ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }, pending, latencies);
  const connections = built.deps.live.connections();
  for (const c of closers) c();
  await built.close();
  await db.close();
  return { ...result, connections };
}

export async function runMessages(): Promise<void> {
  const bare = await baseline();
  const app = await ledgerLoom();
  const result = {
    at: new Date().toISOString(), node: process.version, database: 'pglite (in memory)', connections: CLIENTS * USERS_PER_CLIENT, fanOut: USERS_PER_CLIENT,
    baseline: bare, ledgerLoom: app,
    ratios: { p50: +(app.p50 / bare.p50).toFixed(1), p99: +(app.p99 / bare.p99).toFixed(1) },
  };
  writeFileSync(join('bench', 'results', `messages-${result.at.slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const f = (n: number) => n.toFixed(1);
  console.log(`${result.connections} SSE connections, ${MESSAGES} messages, each to ${USERS_PER_CLIENT} users`);
  console.log(`bare SSE echo: p50 ${f(bare.p50)} ms, p99 ${f(bare.p99)} ms (${bare.deliveries} deliveries)`);
  console.log(`Ledger Loom:   p50 ${f(app.p50)} ms (${result.ratios.p50}×), p99 ${f(app.p99)} ms (${result.ratios.p99}×) (${app.deliveries} deliveries, ${app.connections} streams open at the end)`);
}
