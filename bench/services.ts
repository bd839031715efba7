/**
 * Services-and-tasks benchmarks (issue 3; `npm run bench -- services`), measured in one run against a bare
 * Fastify JSON route on the same machine, so the figures are ratios rather than absolute claims.
 *
 *   1. queries per request: the portal dashboard and the staff work list, small vs large data
 *      (constant = no N+1);
 *   2. requests/second and p50/p99 latency over loopback HTTP at a fixed concurrency.
 *
 * Data: one client with 50 services and 500 tasks; a firm with 200 clients and 5,000 services.
 * Database: PGlite in memory (PostgreSQL server runs arrive with issue 9). BENCH_CONCURRENCY (20) and
 * BENCH_SECONDS (8) tune the load.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config/env.js';
import { openDatabase } from '../src/server/db/client.js';
import { firms, staffUsers, clients, portalUsers } from '../src/server/db/schema/index.js';
import { hashPassword } from '../src/server/platform/auth/passwords.js';
import { listTemplates } from '../src/server/modules/work/work.service.js';
import type { StaffCtx } from '../src/server/platform/tenancy/context.js';
import { statementsFor } from './statements.js';

const PASSWORD = 'Bench-Mark-Password-2026';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 8) * 1000;

async function load(url: string, headers: Record<string, string>) {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, rps: latencies.length / (DURATION_MS / 1000), p50: q(0.5), p99: q(0.99) };
}

/** Runs the services-and-tasks benchmark and writes bench/results/services-<date>.json. */
export async function runServices(): Promise<void> {
  const db = await openDatabase({});
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/ll-bench', DEV_SMTP_PORT: '0', WORKERS: 'false', LOG_LEVEL: 'silent' });
  const built = await buildApp(config, { db });
  const passwordHash = await hashPassword(PASSWORD);

  const [firm] = await db.owner.insert(firms).values({ slug: 'bench', legalName: 'Bench Pty Ltd', displayName: 'Bench Accounting' }).returning();
  if (!firm) throw new Error('no firm');
  const setup = await db.withFirm(firm.id, async (tx) => {
    const [owner] = await tx.insert(staffUsers).values({ firmId: firm.id, email: 'owner@bench.example', name: 'Bench Owner', role: 'owner', status: 'active', passwordHash }).returning();
    const [big] = await tx.insert(clients).values({ firmId: firm.id, type: 'company', name: 'Big Client Pty Ltd' }).returning();
    const [small] = await tx.insert(clients).values({ firmId: firm.id, type: 'company', name: 'Small Client Pty Ltd' }).returning();
    if (!owner || !big || !small) throw new Error('setup');
    await tx.insert(portalUsers).values({ firmId: firm.id, clientId: big.id, email: 'big@bench.example', name: 'Big Person', status: 'active', passwordHash });
    await tx.insert(portalUsers).values({ firmId: firm.id, clientId: small.id, email: 'small@bench.example', name: 'Small Person', status: 'active', passwordHash });
    return { owner, big, small };
  });
  const ctx: StaffCtx = { ...built.deps, requestId: 'bench', ip: '127.0.0.1', userAgent: 'bench', now: new Date(), firmId: firm.id, actor: { kind: 'staff', userId: setup.owner.id, role: 'owner', name: 'Bench Owner', email: 'owner@bench.example', sessionId: 'bench' } };
  const template = (await listTemplates(ctx))[0];
  if (!template) throw new Error('no template');
  const stages = JSON.stringify(template.stages);
  // Bulk data in SQL: 198 more clients; 5,000 services; the big client gets 50 services × 10 tasks; the small client 1 × 10.
  await db.withFirm(firm.id, async (tx) => {
    await tx.execute(sql`insert into clients (firm_id, type, name) select ${firm.id}, 'individual', 'Client ' || g from generate_series(1, 198) g`);
    await tx.execute(sql`
      insert into services (firm_id, client_id, template_id, template_name, name, stages, stage_key, due_date, assignee_id)
      select ${firm.id}, c.id, ${template.id}, ${template.name}, 'Service ' || g, ${stages}::jsonb, 'in_preparation', current_date + (g % 120) - 30, ${setup.owner.id}
      from (select id, row_number() over (order by name) as rn from clients where firm_id = ${firm.id} and name like 'Client %') c
      join generate_series(1, 4950) g on (g % 198) + 1 = c.rn`);
    for (const [clientId, count] of [[setup.big.id, 50], [setup.small.id, 1]] as const) {
      await tx.execute(sql`
        insert into services (firm_id, client_id, template_id, template_name, name, stages, stage_key, due_date, assignee_id)
        select ${firm.id}, ${clientId}, ${template.id}, ${template.name}, 'Service ' || g, ${stages}::jsonb, 'in_preparation', current_date + g, ${setup.owner.id} from generate_series(1, ${count}) g`);
      await tx.execute(sql`
        insert into tasks (firm_id, client_id, service_id, name, status, client_visible, position)
        select ${firm.id}, ${clientId}, s.id, 'Task ' || g, case when g % 10 = 0 then 'waiting_on_client' when g % 3 = 0 then 'completed' else 'in_progress' end, g % 4 <> 0, g
        from services s, generate_series(1, 10) g where s.firm_id = ${firm.id} and s.client_id = ${clientId}`);
    }
  });
  const counts = await db.withFirm(firm.id, (tx) => tx.execute(sql`select (select count(*) from services)::int as services, (select count(*) from tasks)::int as tasks, (select count(*) from clients)::int as clients`));
  const port = 3900 + Math.floor(Math.random() * 90);
  await built.app.listen({ host: '127.0.0.1', port });
  const base = `http://127.0.0.1:${port}`;

  async function login(path: string, email: string) {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }
  const staffCookie = await login('/api/staff/auth/login', 'owner@bench.example');
  const bigCookie = await login('/api/portal/bench/auth/login', 'big@bench.example');
  const smallCookie = await login('/api/portal/bench/auth/login', 'small@bench.example');

  const queriesFor = (path: string, cookie: string) => statementsFor(db, base, path, cookie);
  const queries = {
    dashboardSmall: await queriesFor('/api/portal/bench/dashboard', smallCookie),
    dashboardLarge: await queriesFor('/api/portal/bench/dashboard', bigCookie),
    workListPage1: await queriesFor('/api/staff/work?pageSize=25', staffCookie),
    workListPage100: await queriesFor('/api/staff/work?pageSize=100&sort=client', staffCookie),
  };

  const bare = Fastify();
  bare.get('/bare', async () => ({ ok: true, items: [] }));
  await bare.listen({ host: '127.0.0.1', port: port + 1 });
  const baseline = await load(`http://127.0.0.1:${port + 1}/bare`, {});
  const dashboard = await load(`${base}/api/portal/bench/dashboard`, { cookie: bigCookie });
  const workList = await load(`${base}/api/staff/work?pageSize=25`, { cookie: staffCookie });
  await bare.close();
  await built.close();
  await db.close();

  const ratio = (x: { rps: number; p50: number; p99: number }) => ({ rps: +(x.rps / baseline.rps).toFixed(3), p50: +(x.p50 / baseline.p50).toFixed(1), p99: +(x.p99 / baseline.p99).toFixed(1) });
  const result = {
    at: new Date().toISOString(), node: process.version, database: 'pglite (in memory)', concurrency: CONCURRENCY, seconds: DURATION_MS / 1000,
    data: (counts as unknown as { rows: unknown[] }).rows[0], queriesPerRequest: queries,
    baseline, dashboard, workList, ratiosToBaseline: { dashboard: ratio(dashboard), workList: ratio(workList) },
  };
  const file = join('bench', 'results', `services-${result.at.slice(0, 10)}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const fmt = (n: number) => n.toFixed(1);
  console.log(`data: ${JSON.stringify(result.data)}`);
  console.log(`queries per request: dashboard ${queries.dashboardSmall} (1 service) vs ${queries.dashboardLarge} (50 services, 500 tasks); work list ${queries.workListPage1} (25 rows) vs ${queries.workListPage100} (100 rows of 5,000)`);
  console.log(`baseline bare route: ${fmt(baseline.rps)} req/s, p50 ${fmt(baseline.p50)} ms, p99 ${fmt(baseline.p99)} ms`);
  for (const [name, r] of [['portal dashboard', dashboard], ['staff work list', workList]] as const) {
    console.log(`${name}: ${fmt(r.rps)} req/s (${(r.rps / baseline.rps).toFixed(3)}× baseline), p50 ${fmt(r.p50)} ms (${(r.p50 / baseline.p50).toFixed(1)}×), p99 ${fmt(r.p99)} ms (${(r.p99 / baseline.p99).toFixed(1)}×), errors ${r.errors}`);
  }
  console.log(`written to ${file}`);
}
