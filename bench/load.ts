/**
 * Load and benchmarks (issue 9; `npm run bench -- load`). Every figure is also a ratio to a bare
 * Fastify JSON route measured in the same run, in the same process, with the same load generator
 * (autocannon in a child process, so it never shares the server's event loop). Per database
 * (PostgreSQL, then PGlite):
 *
 *   1. the portal dashboard (client with 50 services, 500 tasks) and the staff work list (200 clients,
 *      5,000 services): req/s, p50/p99 at BENCH_CONNECTIONS (50), and statements per request;
 *   2. login storm: argon2 portal sign-ins at BENCH_LOGIN_RATE (20/s) while the dashboard is under
 *      the same load: its p99 with and without the storm;
 *   3. soak: 200 portal users' sessions over 200 connections, dashboard/services/invoices/messages/
 *      documents, for BENCH_SOAK_SECONDS (60): errors, RSS and heap at start, middle and end;
 *   4. data growth: BENCH_GROWTH_FIRMS (999) more firms in the database, then the dashboard again.
 *
 * PostgreSQL: a fresh database on BENCH_DATABASE_URL (a superuser URL; default
 * postgres://root@127.0.0.1:5432/postgres), served as a non-superuser member of ll_app, dropped at the
 * end. BENCH_LOAD_DATABASES=postgres,pglite picks databases; BENCH_SECONDS (10) is each measurement.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config/env.js';
import { migratePostgres, openDatabase, type Database } from '../src/server/db/client.js';
import { addThreads, BIG_EMAIL, countRows, OWNER_EMAIL, PASSWORD, seedGrowthFirms, seedMeasuredFirm, SLUG } from './load-data.js';
import { runLoad, type LoadPlan, type LoadResult } from './load-client.js';
import { renderLoadReport } from './load-report.js';
import { statementsFor } from './statements.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const LOGIN_RATE = Number(process.env.BENCH_LOGIN_RATE ?? 20);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 60);
const SOAK_USERS = 200;
const GROWTH_FIRMS = Number(process.env.BENCH_GROWTH_FIRMS ?? 999);
const GROWTH = { clients: 20, servicesPer: 5, tasksPer: 4 };
const DATABASES = (process.env.BENCH_LOAD_DATABASES ?? 'postgres,pglite').split(',').map((s) => s.trim()) as ('postgres' | 'pglite')[];
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const RUNTIME_ROLE = 'll_bench_runtime';

const withDatabase = (url: string, name: string) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();
const withUser = (url: string, user: string) => Object.assign(new URL(url), { username: user, password: '' }).toString();

/** A fresh PostgreSQL database (migrated, served by a non-superuser ll_app member) or PGlite in memory. */
async function openBenchDatabase(kind: 'postgres' | 'pglite'): Promise<{ db: Database; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const db = await openDatabase({});
    return { db, drop: () => db.close() };
  }
  const name = `ll_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const ownerUrl = withDatabase(ADMIN_URL, name);
  await migratePostgres(ownerUrl);
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  await c.query(`do $$ begin if not exists (select 1 from pg_roles where rolname = '${RUNTIME_ROLE}') then
    create role ${RUNTIME_ROLE} login nosuperuser nobypassrls in role ll_app; end if; end $$`);
  await c.end();
  const db = await openDatabase({ databaseUrl: withUser(ownerUrl, RUNTIME_ROLE), databaseMigrationUrl: ownerUrl, migrate: false });
  return {
    db,
    drop: async () => {
      await db.close();
      const a = new pg.Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface Measured extends LoadResult {
  /** Event-loop delay p99 of the server process during the measurement, ms. */
  eventLoopP99: number;
}

/**
 * autocannon stops at its deadline with requests still queued in the server (waiting for a pool
 * connection); wait until no statement has run for half a second so they do not spill into the next figure.
 */
async function settle(db: Database) {
  for (let last = -1; last !== db.queryCount(); ) {
    last = db.queryCount();
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A warm-up, then the measured load; the server's event-loop delay is sampled meanwhile. */
async function measure(db: Database, base: string, plan: LoadPlan, connections = CONNECTIONS, seconds = SECONDS): Promise<Measured> {
  await runLoad(base, plan, { connections, seconds: WARMUP_SECONDS });
  await settle(db);
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const r = await runLoad(base, plan, { connections, seconds });
  eld.disable();
  await settle(db);
  return { ...r, eventLoopP99: eld.percentile(99) / 1e6 };
}

const mb = (n: number) => Math.round(n / 2 ** 20);
function memory() {
  const m = process.memoryUsage();
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), externalMB: mb(m.external + m.arrayBuffers) };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function memoryAfterGc() {
  gc();
  return memory();
}

async function login(base: string, path: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const body = (await res.json()) as { csrfToken?: string };
  if (res.status !== 200 || !body.csrfToken) throw new Error(`${path} ${email} → ${res.status}`);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken };
}

/** Runs the whole load benchmark on one database. */
async function benchDatabase(kind: 'postgres' | 'pglite') {
  const { db, drop } = await openBenchDatabase(kind);
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/ll-bench-load', DEV_SMTP_PORT: '0', WORKERS: 'false', LOG_LEVEL: 'silent' });
    const built = await buildApp(config, { db });
    let t = Date.now();
    const seeded = await seedMeasuredFirm(db, built);
    await addThreads(db, built, seeded);
    await built.app.listen({ host: '127.0.0.1', port: 0 });
    const address = built.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const staff = await login(base, '/api/staff/auth/login', OWNER_EMAIL);
    const seedSeconds = (Date.now() - t) / 1000;
    console.log(`[${kind}] seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(await countRows(db))}`);

    const portal = `/api/portal/${SLUG}`;
    const loginPath = `${portal}/auth/login`;
    t = Date.now();
    const sessions: { cookie: string; csrf: string }[] = [];
    for (let i = 0; i < SOAK_USERS; i += 4) {
      sessions.push(...(await Promise.all(seeded.portalEmails.slice(i, i + 4).map((e) => login(base, loginPath, e)))));
    }
    const big = sessions[0];
    if (!big || seeded.portalEmails[0] !== BIG_EMAIL) throw new Error('the big client must come first');
    console.log(`[${kind}] ${sessions.length} portal sessions in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const dashboardPlan: LoadPlan = { kind: 'get', path: `${portal}/dashboard`, headers: { cookie: big.cookie } };
    const workListPlan: LoadPlan = { kind: 'get', path: '/api/staff/work?pageSize=25', headers: { cookie: staff.cookie } };
    const soakPaths = (i: number) => [`${portal}/dashboard`, `${portal}/services/${seeded.serviceOf[i] ?? ''}`, `${portal}/invoices`, `${portal}/threads`, `${portal}/documents`];

    const queriesFor = (path: string, cookie: string) => statementsFor(db, base, path, cookie);
    const small = sessions[1] ?? big;
    const queriesPerRequest = async () => ({
      dashboardLarge: await queriesFor(`${portal}/dashboard`, big.cookie),
      dashboardSmall: await queriesFor(`${portal}/dashboard`, small.cookie),
      workList: await queriesFor('/api/staff/work?pageSize=25', staff.cookie),
      service: await queriesFor(soakPaths(0)[1] ?? '', big.cookie),
      invoices: await queriesFor(`${portal}/invoices`, big.cookie),
      threads: await queriesFor(`${portal}/threads`, big.cookie),
      documents: await queriesFor(`${portal}/documents`, big.cookie),
    });
    const queries = await queriesPerRequest();

    const bare = Fastify();
    bare.get('/bare', async () => ({ ok: true, items: [] }));
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const bareAddress = bare.server.address();
    const bareBase = `http://127.0.0.1:${typeof bareAddress === 'object' && bareAddress ? bareAddress.port : 0}`;
    const baseline = await measure(db, bareBase, { kind: 'get', path: '/bare' });
    console.log(`[${kind}] baseline ${baseline.rps.toFixed(0)} req/s, p99 ${baseline.p99} ms`);
    const dashboard = await measure(db, base, dashboardPlan);
    console.log(`[${kind}] dashboard ${dashboard.rps.toFixed(1)} req/s, p50 ${dashboard.p50} ms, p99 ${dashboard.p99} ms, errors ${dashboard.errors}`);
    const workList = await measure(db, base, workListPlan);
    console.log(`[${kind}] work list ${workList.rps.toFixed(1)} req/s, p50 ${workList.p50} ms, p99 ${workList.p99} ms, errors ${workList.errors}`);

    // Login storm: the same dashboard load, with sign-ins at LOGIN_RATE from a second generator.
    const [dashboardInStorm, logins] = await Promise.all([
      measure(db, base, dashboardPlan),
      (async () => {
        await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
        return runLoad(base, { kind: 'login', path: loginPath, emails: seeded.portalEmails, password: PASSWORD }, { connections: 2 * LOGIN_RATE, seconds: SECONDS, rate: LOGIN_RATE });
      })(),
    ]);
    console.log(`[${kind}] storm: ${logins.rps.toFixed(1)} sign-ins/s (p99 ${logins.p99} ms, errors ${logins.errors}); dashboard p99 ${dashboardInStorm.p99} ms vs ${dashboard.p99} ms without`);

    // Soak: 200 sessions, mixed portal pages, memory sampled every second.
    // Start, middle and end are taken right after a full GC (live memory, not garbage not yet collected).
    const samples: { s: number; rssMB: number; heapUsedMB: number; externalMB: number }[] = [];
    const soakStart = Date.now();
    const at = () => Math.round((Date.now() - soakStart) / 1000);
    const start = { s: 0, ...memoryAfterGc() };
    const timer = setInterval(() => samples.push({ s: at(), ...memory() }), 1000);
    let middle = start;
    const middleTimer = setTimeout(() => (middle = { s: at(), ...memoryAfterGc() }), (SOAK_SECONDS * 1000) / 2);
    const soak = await runLoad(base, { kind: 'mix', users: sessions.map((s, i) => ({ cookie: s.cookie, paths: soakPaths(i) })) }, { connections: SOAK_USERS, seconds: SOAK_SECONDS });
    const end = { s: at(), ...memoryAfterGc() };
    clearInterval(timer);
    clearTimeout(middleTimer);
    await settle(db);
    const soakMemory = { start, middle, end, drained: { s: at(), ...memoryAfterGc() }, maxRssMB: Math.max(start.rssMB, ...samples.map((x) => x.rssMB)) };
    console.log(`[${kind}] soak ${SOAK_SECONDS} s: ${soak.requests} requests, ${soak.rps.toFixed(1)} req/s, p99 ${soak.p99} ms, errors ${soak.errors}; memory ${JSON.stringify(soakMemory)}`);

    // Data growth: many more firms, then the same dashboard and work list again. The one-firm figure
    // is measured again just before, so both sit as close together in time as they can.
    const dashboardBeforeGrowth = await measure(db, base, dashboardPlan);
    t = Date.now();
    await seedGrowthFirms(db, seeded, GROWTH_FIRMS, GROWTH);
    const growthSeedSeconds = (Date.now() - t) / 1000;
    const grownData = await countRows(db);
    console.log(`[${kind}] growth data in ${growthSeedSeconds.toFixed(1)} s: ${JSON.stringify(grownData)}`);
    const grownQueries = await queriesPerRequest();
    const grownBaseline = await measure(db, bareBase, { kind: 'get', path: '/bare' });
    const grownDashboard = await measure(db, base, dashboardPlan);
    const grownWorkList = await measure(db, base, workListPlan);
    console.log(`[${kind}] grown dashboard p99 ${grownDashboard.p99} ms (one firm, just before: ${dashboardBeforeGrowth.p99} ms); work list p99 ${grownWorkList.p99} ms (small ${workList.p99} ms)`);

    await bare.close();
    await built.close();
    return {
      database: kind === 'postgres' ? `PostgreSQL ${await serverVersion()} (pool ${config.databasePoolSize})` : 'PGlite (in memory, one connection)',
      seedSeconds, queriesPerRequest: queries, baseline, dashboard, workList,
      storm: { loginRateAsked: LOGIN_RATE, logins, dashboardWithout: dashboard, dashboardWith: dashboardInStorm },
      soak: { seconds: SOAK_SECONDS, users: SOAK_USERS, connections: SOAK_USERS, result: soak, memory: soakMemory, samplesEverySecond: samples },
      growth: { firmsAdded: GROWTH_FIRMS, dashboardBefore: dashboardBeforeGrowth, perFirm: GROWTH, seedSeconds: growthSeedSeconds, data: grownData, queriesPerRequest: grownQueries, baseline: grownBaseline, dashboard: grownDashboard, workList: grownWorkList },
    };
  } finally {
    await drop();
  }
}

async function serverVersion() {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  const { rows } = await c.query<{ v: string }>('select current_setting($1) as v', ['server_version']);
  await c.end();
  return rows[0]?.v.split(' ')[0] ?? '?';
}

export type DatabaseResult = Awaited<ReturnType<typeof benchDatabase>>;

/** Runs the load benchmark and writes bench/results/load-<date>.json and .md. */
export async function runLoadBench(): Promise<void> {
  const at = new Date().toISOString();
  const loadBefore = os.loadavg();
  const results: DatabaseResult[] = [];
  for (const kind of DATABASES) {
    console.log(`-- ${kind}`);
    results.push(await benchDatabase(kind));
  }
  const result = {
    at, node: process.version, machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM`,
    loadAverage: { start: loadBefore.map((x) => +x.toFixed(2)), end: os.loadavg().map((x) => +x.toFixed(2)) },
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, loginRate: LOGIN_RATE, soakSeconds: SOAK_SECONDS, soakUsers: SOAK_USERS, growthFirms: GROWTH_FIRMS, growthPerFirm: GROWTH },
    results,
  };
  const stem = join('bench', 'results', `load-${at.slice(0, 10)}${SOAK_SECONDS !== 60 ? `-soak${SOAK_SECONDS}` : ''}`);
  writeFileSync(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const md = renderLoadReport(result);
  writeFileSync(`${stem}.md`, md);
  console.log(`\n${md}\nwritten to ${stem}.json and ${stem}.md`);
}
