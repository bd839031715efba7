import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/db/client.js';
import { asClient, asStaff, buildTestApp, uploadAs, type Session, type TestApp } from '../harness.js';
import { basService, workWorld, type WorkWorld, ask } from '../work-fixtures.js';
import { fingerprintDiff, fromSchema, fuzzSeed, Hang, hostileValue, makeFingerprint, mutate, rawBodies, withTimeout, type IdPool, type Schema } from './fuzz-kit.js';

/**
 * Bad input at scale (issue 9): every JSON route in the OpenAPI document, called with generated
 * bodies, path parameters, query strings and headers — valid-looking ones built from the route's
 * own schema, and hostile ones (wrong types, huge/NUL/unicode strings, deep nesting, prototype-
 * pollution keys, extra fields, malformed JSON) — as firm A's owner, as a client of firm A and
 * anonymously. Every answer must be below 500 and arrive within REQUEST_TIMEOUT_MS, and a refused
 * request (4xx) must leave every table as it was.
 *
 * FUZZ_SEED=<n> replays a run (the seed is printed); FUZZ_RUNS=<n> sets the total number of requests
 * (default 10,000, spread evenly over the routes); FUZZ_ROUTE=<substring or 'METHOD /path'> narrows to matching routes
 * (with the same FUZZ_SEED and FUZZ_RUNS per route, their inputs are the same as in the full run).
 */

const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const REQUEST_TIMEOUT_MS = 10_000;
const SEED = fuzzSeed('routes');

/** Each route's seed comes from the run's seed and the route itself, so FUZZ_ROUTE + FUZZ_SEED replays one route's inputs exactly. */
const routeSeed = (r: { key: string }) => [...r.key].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16_777_619), SEED ^ 0x811c9dc5) | 0;

/** Routes not fuzzed here, and why. Everything else in the OpenAPI document is. */
const SKIP: Record<string, string> = {
  'GET /api/staff/live': 'server-sent event stream: stays open by design (test/sse.ts covers it)',
  'GET /api/portal/{slug}/live': 'server-sent event stream: stays open by design',
  'POST /api/portal/{slug}/invoices/{id}/pay': 'calls the payment provider (eWay) over HTTP: a side effect outside the database',
};
/** Only the /api surface: /dev/eway is the development payment emulator and the rest are SPA pages. */
const inScope = (path: string) => path.startsWith('/api/');

/** Routes that end the caller's own session: fuzzed anonymously or with junk cookies only. */
const ENDS_OWN_SESSION = new Set(['POST /api/staff/auth/logout', 'POST /api/portal/{slug}/auth/logout']);

/** Tables a refused request may change: the session's idle clock and rate-limit counters. */
const MAY_CHANGE_ON_REFUSAL = ['sessions', 'rate_limits'];

/** Path segment before an {id} → the table its ids come from. */
const ID_TABLES: Record<string, string> = {
  clients: 'clients', staff: 'staff_users', 'portal-users': 'portal_users', services: 'services', tasks: 'tasks', 'recurring-services': 'recurring_plans',
  documents: 'documents', invoices: 'invoices', threads: 'message_threads', messages: 'messages', 'service-requests': 'service_requests', proposals: 'proposals', sessions: 'sessions',
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Who = 'owner' | 'client' | 'anon';
interface Route { method: Method; path: string; key: string; body?: Schema; query: { name: string; schema: Schema }[]; jsonBody: boolean }
interface Req { who: Who; url: string; headers: Record<string, string>; payload?: string | Buffer; note: string }

let t: TestApp;
let A: WorkWorld;
let B: WorkWorld;
const sessions: Partial<Record<'owner' | 'client', Session>> = {};
let routes: Route[] = [];
let idsA = new Map<string, string[]>();
let idsB: string[] = [];
let allA: string[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  A = await workWorld(t, 'a');
  B = await workWorld(t, 'b');
  // Firm A gets a row of each kind, so real ids reach the handlers.
  for (const w of [A, B]) {
    const service = await basService(w);
    const task = service.tasks.find((x) => x.clientVisible);
    if (task) await ask(w.owner$, task.id, { kind: 'text', prompt: 'Anything else?' });
    const up = await uploadAs(t, w.owner$, `/api/staff/clients/${w.client1.id}/documents`, 'notes.pdf', Buffer.from('%PDF-1.4\n% fuzz\n%%EOF\n'));
    expect(up.statusCode, up.body).toBe(201);
    const inv = await w.owner$.req('POST', '/api/staff/invoices', { clientId: w.client1.id, lines: [{ description: 'Work', quantityMilli: 1000, unitPriceCents: 12_345 }] });
    expect(inv.statusCode, inv.body).toBe(201);
    await w.owner$.req('POST', `/api/staff/invoices/${inv.json().id}/issue`, { version: 1 });
    const client$ = await asClient(t, w.firm.slug, w.person1.email);
    const thread = await client$.req('POST', `/api/portal/${w.firm.slug}/threads`, { subject: 'Hello', body: 'A question' });
    expect(thread.statusCode, thread.body).toBe(201);
    await client$.req('POST', `/api/portal/${w.firm.slug}/service-requests`, { templateId: null, description: 'Please help' });
    const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const prop = await w.owner$.req('POST', '/api/staff/proposals', {
      clientId: w.client1.id, title: 'Proposal', intro: 'Hi', items: [{ description: 'Advice', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 100_00 }],
      signers: [{ portalUserId: w.person1.id }], expiresOn,
    });
    expect(prop.statusCode, prop.body).toBe(201);
    await w.owner$.req('POST', `/api/staff/proposals/${prop.json().id}/send`, { version: 1 });
  }
  await loadIds();
  await login();

  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, OpenApiOp>> };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      const key = `${m.toUpperCase()} ${path}`;
      if (!inScope(path) || SKIP[key]) continue;
      const content = op.requestBody?.content ?? {};
      routes.push({
        method: m.toUpperCase() as Method, path, key, jsonBody: 'application/json' in content,
        body: content['application/json']?.schema as Schema | undefined,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
      });
    }
  }
  const only = process.env.FUZZ_ROUTE;
  // "METHOD /path" picks exactly that route; anything else is a substring of the route key.
  if (only) routes = routes.filter((r) => (/^[A-Z]+ \//.test(only) ? r.key === only : r.key.includes(only)));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

interface OpenApiOp { requestBody?: { content: Record<string, { schema?: unknown }> }; parameters?: { in: string; name: string; schema?: Schema }[] }

/** Audit actions a refused request writes on purpose: failed credential checks are security events. */
const AUDITED_REFUSALS = new Set(['reauthentication.failed', 'login.failed', 'login.code_failed']);

/** True when every audit row written since `mark` (count/xmin) records a security event. */
async function onlySecurityEvents(mark: string | undefined): Promise<boolean> {
  const sinceXmin = mark?.split('/')[1] ?? '0';
  const rows = await queryRows<{ action: string }>(t.db.owner, sql`select action from audit_log where xmin::text::bigint > ${sinceXmin}::bigint`);
  return rows.length > 0 && rows.every((r) => AUDITED_REFUSALS.has(r.action));
}

async function loadIds() {
  const tables = await queryRows<{ table_name: string }>(t.db.owner, sql`
    select c.table_name from information_schema.columns c join information_schema.columns f on f.table_name = c.table_name and f.table_schema = c.table_schema and f.column_name = 'firm_id'
    where c.table_schema = 'public' and c.column_name = 'id' and c.data_type = 'uuid'`);
  idsA = new Map();
  idsB = [];
  for (const { table_name: table } of tables) {
    const rows = await queryRows<{ id: string; firm_id: string }>(t.db.owner, sql`select id::text, firm_id::text from ${sql.identifier(table)} where firm_id in (${A.firm.id}, ${B.firm.id}) limit 50`);
    idsA.set(table, rows.filter((r) => r.firm_id === A.firm.id).map((r) => r.id));
    idsB.push(...rows.filter((r) => r.firm_id === B.firm.id).map((r) => r.id));
  }
  allA = [...idsA.values()].flat();
}

async function login() {
  sessions.owner = await asStaff(t, A.owner.email);
  sessions.client = await asClient(t, A.firm.slug, A.person1.email);
}

/** Re-login when a fuzzed request ended or locked a session (a valid "log out everywhere", a role change). */
async function ensureSessions() {
  const [s, p] = await Promise.all([
    t.app.inject({ method: 'GET', url: '/api/staff/session', headers: { cookie: sessions.owner?.cookie ?? '' } }),
    t.app.inject({ method: 'GET', url: `/api/portal/${A.firm.slug}/session`, headers: { cookie: sessions.client?.cookie ?? '' } }),
  ]);
  if (s.statusCode === 200 && p.statusCode === 200) return;
  // Undo what a valid fuzzed request may have done to the accounts we fuzz with.
  await t.db.owner.execute(sql`update firms set slug = ${A.firm.slug}, require_staff_two_factor = false where id = ${A.firm.id}`);
  await t.db.owner.execute(sql`update staff_users set role = 'owner', status = 'active', email = ${A.owner.email} where id = ${A.owner.id}`);
  await t.db.owner.execute(sql`update portal_users set status = 'active', email = ${A.person1.email} where id = ${A.person1.id}`);
  await t.db.owner.execute(sql`delete from rate_limits`);
  await login();
}

// ---------------------------------------------------------------------------------------------
// Arbitraries.

/** encodeURIComponent that does not throw on a lone surrogate. */
const enc = (v: string) => encodeURIComponent(v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));

const junkSegment = fc.constantFrom('x', '0', '-1', 'null', '%00', '%zz', '..', '%2e%2e%2f', 'a'.repeat(250), '%F0%9F%98%80', "'or'1'='1", '00000000-0000-0000-0000-00000000000g', ' ', '%20');

function idArb(segment: string): fc.Arbitrary<string> {
  const own = idsA.get(ID_TABLES[segment] ?? '') ?? [];
  const pick = (xs: string[]) => (xs.length ? fc.constantFrom(...xs) : fc.uuid());
  return fc.oneof(
    { weight: 6, arbitrary: pick(own) },
    { weight: 2, arbitrary: pick(allA) },
    { weight: 1, arbitrary: pick(idsB) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: junkSegment },
  ).map((v) => (/^[0-9a-f-]{36}$/.test(v) || v.includes('%') ? v : enc(v)));
}

const slugArb = () => fc.oneof(
  { weight: 8, arbitrary: fc.constant(A.firm.slug) },
  { weight: 1, arbitrary: fc.constant(B.firm.slug) },
  { weight: 1, arbitrary: junkSegment.map((s) => (s.includes('%') ? s : enc(s))) },
);

const pool: IdPool = { get uuid() { return fc.oneof({ weight: 4, arbitrary: allA.length ? fc.constantFrom(...allA) : fc.uuid() }, { weight: 1, arbitrary: idsB.length ? fc.constantFrom(...idsB) : fc.uuid() }, { weight: 1, arbitrary: fc.uuid() }); } };

const headerMutation = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Record<string, string | null>>({}) },
  { weight: 1, arbitrary: fc.constant({ 'x-csrf-token': null }) },
  { weight: 1, arbitrary: fc.constant({ 'x-csrf-token': 'forged-token' }) },
  { weight: 1, arbitrary: fc.constantFrom({ 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'application/json; charset=utf-16' }, { 'content-type': 'multipart/form-data; boundary=x' }, { 'content-type': 'application/xml' }) },
  { weight: 1, arbitrary: fc.constantFrom({ origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'https://evil.example/x' }, { host: 'evil.example' }) },
  { weight: 1, arbitrary: fc.constantFrom({ cookie: 'll_staff=garbage' }, { cookie: 'll_staff=' + 'a'.repeat(4000) }, { cookie: '=;;==;' }, { cookie: `ll_portal_${'x'}=%zz` }) },
  { weight: 1, arbitrary: fc.constantFrom({ accept: 'text/html' }, { accept: '*/*;q=0' }, { 'accept-encoding': 'gzip;q=1000, br' }, { 'x-forwarded-for': '1.1.1.1, ' + 'x'.repeat(300) }, { 'if-none-match': '"' + 'x'.repeat(1000) + '"' }, { range: 'bytes=99999999999-0' }) },
);

function bodyArb(r: Route): fc.Arbitrary<{ payload?: string | Buffer; note: string }> {
  const raw = fc.constantFrom(...rawBodies).map((payload) => ({ payload, note: 'raw' }));
  if (!r.jsonBody) return fc.oneof({ weight: 8, arbitrary: fc.constant({ note: 'none' }) }, { weight: 1, arbitrary: raw }, { weight: 1, arbitrary: hostileValue.map((v) => ({ payload: JSON.stringify(v) ?? 'null', note: 'hostile' })) });
  const valid = fromSchema(r.body, pool);
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => ({ payload: JSON.stringify(v) ?? 'null', note: 'schema' })) },
    { weight: 5, arbitrary: fc.tuple(valid, hostileValue, fc.nat(), fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', 'firmId', 'id', 'role', 'isAdmin')).map(([v, h, pick, key]) => {
      const text = JSON.stringify(mutate(v, h, pick, key)) ?? 'null';
      // JSON.stringify drops a "__proto__" own key made by spread; write it into the text instead.
      const polluted = pick % 5 === 0 && text.startsWith('{') ? `{"__proto__":{"polluted":"yes","role":"owner"},"constructor":{"prototype":{"polluted":"yes"}}${text === '{}' ? '}' : ',' + text.slice(1)}` : text;
      return { payload: polluted, note: 'mutated' };
    }) },
    { weight: 1, arbitrary: hostileValue.map((v) => ({ payload: JSON.stringify(v) ?? 'null', note: 'hostile' })) },
    { weight: 1, arbitrary: raw },
    { weight: 1, arbitrary: fc.constant({ note: 'missing' }) },
  );
}

function queryArb(r: Route): fc.Arbitrary<string> {
  const pairs = r.query.map((q) => fc.option(fc.oneof({ weight: 3, arbitrary: fromSchema(q.schema, pool).map((v) => String(v)) }, { weight: 2, arbitrary: fc.constantFrom('', '-1', '0', '1e308', 'NaN', 'x', '%zz', 'a'.repeat(3000), '2026-13-45', 'true', 'null', '[]', '\u0000', '😀') }).map((v) => [q.name, v] as const), { nil: undefined }));
  const extra = fc.option(fc.constantFrom('__proto__[x]=1', 'constructor[prototype][x]=1', 'page=1&page=2', 'a=%zz', 'x=' + 'y'.repeat(5000), 'a[b][c][d][e]=1', '&&&=&'), { freq: 4, nil: undefined });
  return fc.tuple(fc.tuple(...pairs), extra).map(([ps, ex]) => {
    const parts = ps.filter((p): p is readonly [string, string] => !!p).map(([k, v]) => `${k}=${v.includes('%') ? v : enc(v)}`);
    if (ex) parts.push(ex);
    return parts.length ? `?${parts.join('&')}` : '';
  });
}

function whoArb(r: Route): fc.Arbitrary<Who> {
  if (ENDS_OWN_SESSION.has(r.key)) return fc.constant('anon');
  const main: Who = r.path.startsWith('/api/staff/') ? 'owner' : r.path.startsWith('/api/portal/') ? 'client' : 'anon';
  return fc.oneof({ weight: 6, arbitrary: fc.constant(main) }, ...(['owner', 'client', 'anon'] as Who[]).filter((w) => w !== main).map((w) => ({ weight: 1, arbitrary: fc.constant(w) })));
}

function requestArb(r: Route): fc.Arbitrary<Req> {
  const segs = r.path.split('/').slice(1);
  const segArbs = segs.map((seg, i) => {
    if (seg === '{slug}') return slugArb();
    const m = /^\{(\w+)\}$/.exec(seg);
    if (!m) return fc.constant(seg);
    const before = m[1] === 'messageId' ? 'messages' : m[1] === 'sessionId' ? 'sessions' : (segs[i - 1] ?? '');
    return idArb(before);
  });
  return fc.tuple(whoArb(r), fc.tuple(...segArbs), queryArb(r), bodyArb(r), headerMutation).map(([who, parts, query, body, mut]) => {
    const s = who === 'anon' ? undefined : sessions[who];
    const headers: Record<string, string> = {};
    if (s) Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrf });
    if (body.payload !== undefined) headers['content-type'] = 'application/json';
    for (const [k, v] of Object.entries(mut)) {
      if (v === null) delete headers[k];
      else headers[k] = k === 'cookie' && headers.cookie ? `${headers.cookie}; ${v}` : v;
    }
    return { who, url: `/${parts.join('/')}${query}`, headers, payload: body.payload, note: `${who}/${body.note}` };
  });
}

// ---------------------------------------------------------------------------------------------

it('no JSON route answers 5xx, hangs, or changes anything when it refuses a request', async () => {
  const started = Date.now();
  const fp = await makeFingerprint(t, MAY_CHANGE_ON_REFUSAL);
  // The check must be able to fail: a write anywhere moves both the transaction id and the fingerprint.
  const [x0, f0] = [await fp.nextXid(), await fp.take()];
  await t.db.owner.execute(sql`update clients set name = name where id = ${A.client1.id}`);
  expect([await fp.nextXid(), fingerprintDiff(f0, await fp.take())]).not.toEqual([x0, []]);
  expect(fingerprintDiff(f0, await fp.take())).toEqual(['clients: ' + f0.get('clients') + ' -> ' + (await fp.take()).get('clients')]);
  const perRoute = Math.max(10, Math.ceil(TOTAL_RUNS / routes.length));
  const failures: string[] = [];
  const statusCounts: Record<string, number> = {};
  let sent = 0;

  const slowest: [string, number][] = [];
  let fpMs = 0;
  let fullTakes = 0;
  for (const r of routes) {
    const routeStarted = Date.now();
    await ensureSessions();
    let before = await fp.take();
    let beforeXid = await fp.nextXid();
    const result = await fc.check(
      fc.asyncProperty(requestArb(r), async (req) => {
        sent++;
        const res = await withTimeout(t.app.inject({ method: r.method, url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) }), REQUEST_TIMEOUT_MS, `${r.key} ${req.url}`);
        statusCounts[`${Math.floor(res.statusCode / 100)}xx`] = (statusCounts[`${Math.floor(res.statusCode / 100)}xx`] ?? 0) + 1;
        if (res.statusCode >= 500) throw new Error(`${res.statusCode} from ${r.method} ${req.url}: ${res.body.slice(0, 500)}`);
        const fpStarted = performance.now();
        // The cheap check first: no transaction id assigned since the last fingerprint means no write at all.
        const xid = await fp.nextXid();
        const after = xid === beforeXid ? before : await fp.take();
        if (after !== before) fullTakes++;
        beforeXid = xid;
        fpMs += performance.now() - fpStarted;
        if (res.statusCode >= 400) {
          const changed = fingerprintDiff(before, after);
          if (changed.length === 1 && changed[0]?.startsWith('audit_log:') && (await onlySecurityEvents(before.get('audit_log')))) {
            // A failed credential check is recorded on purpose (SECURITY.md): allowed, nothing else.
          } else if (changed.length) {
            before = after;
            throw new Error(`refused with ${res.statusCode} but changed ${changed.join(', ')}: ${res.body.slice(0, 300)}`);
          }
        }
        before = after;
        if (({} as Record<string, unknown>).polluted !== undefined) throw new Error('Object.prototype was polluted');
      }),
      // Stateful target: shrinking replays requests against a changed database, so keep it short.
      { seed: routeSeed(r), numRuns: perRoute, endOnFailure: false, maxSkipsPerRun: 0, interruptAfterTimeLimit: 60_000 },
    );
    if (result.failed) {
      const ex = result.counterexample?.[0] as Req | undefined;
      const err = result.errorInstance as Error | undefined;
      failures.push(`${r.key} [${err instanceof Hang ? 'HANG' : 'FAIL'}] ${err?.message ?? String(result.errorInstance)}\n    request: ${JSON.stringify({ ...ex, payload: typeof ex?.payload === 'string' ? ex.payload.slice(0, 400) : ex?.payload?.toString('hex').slice(0, 80) })}\n    path=${result.counterexamplePath}; replay: FUZZ_SEED=${SEED} FUZZ_ROUTE='${r.key}' FUZZ_RUNS=${perRoute} (DB state from earlier routes differs)`);
      // Other routes continue from a known state.
      await loadIds();
    }
    slowest.push([r.key, Date.now() - routeStarted]);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  slowest.sort((a, b) => b[1] - a[1]);
  if (process.env.FUZZ_PROFILE) console.log(`[fuzz:routes] fingerprints ${(fpMs / 1000).toFixed(1)}s (${fullTakes} full); slowest routes: ${slowest.slice(0, 15).map(([k, ms]) => `${k} ${ms}ms`).join('; ')}`);
  console.log(`[fuzz:routes] ${routes.length} routes, ${sent} requests (${perRoute}/route) in ${seconds}s; statuses ${JSON.stringify(statusCounts)}; skipped: ${Object.keys(SKIP).join('; ')}`);
  expect(failures, `seed=${SEED}\n${failures.join('\n')}`).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(Math.min(TOTAL_RUNS, routes.length * perRoute));
}, 600_000);
