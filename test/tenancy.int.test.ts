import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/server/db/client.js';
import { clients, notificationPreferences } from '../src/server/db/schema/index.js';
import { asClient, asStaff, buildTestApp, createFirmWorld, createPortalUser, createStaff, uploadAs, type Session, type TestApp } from './harness.js';

/**
 * Firm isolation, end to end: every staff route that takes an id refuses another firm's ids with
 * the same 404 as a missing one, and changes nothing; RLS refuses what a forgotten filter would let
 * through; no /api/staff or /api/portal route answers an anonymous caller.
 */

type World = Awaited<ReturnType<typeof createFirmWorld>>;
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

let t: TestApp;
let A: World;
let B: World;
/** Firm A people and staff in every state, so each action would succeed if tenancy failed. */
let extra: { notInvited: string; invited: string; disabledPerson: string; invitedStaff: string; disabledStaff: string; service: string; task: string; question: string; plan: string; document: string; invoice: string; thread: string; message: string; serviceRequest: string; proposal: string };
let ownerB: Session;
let openapi: { paths: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  t = await buildTestApp();
  A = await createFirmWorld(t.db, 'a');
  B = await createFirmWorld(t.db, 'b');
  const ownerA = await asStaff(t, A.owner.email);
  const notInvited = await createPortalUser(t.db, A.firm.id, A.client1.id, { status: 'not_invited', passwordHash: null });
  const invited = (await ownerA.req('POST', `/api/staff/clients/${A.client1.id}/portal-users`, { name: 'Ina Invited', email: `ina-${Date.now()}@example.com` })).json() as { id: string };
  const disabledPerson = await createPortalUser(t.db, A.firm.id, A.client2.id, { status: 'disabled' });
  const invitedStaff = (await ownerA.req('POST', '/api/staff/staff', { name: 'Ivan Invited', email: `ivan-${Date.now()}@example.com`, role: 'staff' })).json() as { id: string };
  const disabledStaff = await createStaff(t.db, A.firm.id, { role: 'staff', status: 'disabled' });
  // A service for client 1 with a client-visible task that asks the client a question.
  const templates = (await ownerA.req('GET', '/api/staff/templates')).json() as { items: { id: string }[] };
  const service = (await ownerA.req('POST', '/api/staff/services', { clientId: A.client1.id, templateId: templates.items[0]?.id })).json() as { id: string; tasks: { id: string; clientVisible: boolean }[] };
  const task = service.tasks.find((x) => x.clientVisible);
  if (!task) throw new Error('the template has no client-visible task');
  const asked = (await ownerA.req('POST', `/api/staff/tasks/${task.id}/questions`, { kind: 'text', prompt: 'Anything else we should know?' })).json() as { tasks: { id: string; questions: { id: string }[] }[] };
  const question = asked.tasks.find((x) => x.id === task.id)?.questions[0];
  if (!question) throw new Error('question not created');
  ownerB = await asStaff(t, B.owner.email);
  // Firm B gets rows in every tenant table too, so "only A's rows" below has something to hide.
  await ownerB.req('POST', `/api/staff/clients/${B.client1.id}/portal-users`, { name: 'Bea Invited', email: `bea-${Date.now()}@example.com` });
  await answeredRecurringWork(A, ownerA);
  await answeredRecurringWork(B, ownerB);
  await t.flushMail();
  const plans = (await ownerA.req('GET', `/api/staff/clients/${A.client2.id}/recurring-services`)).json() as { items: { id: string }[] };
  const plan = plans.items[0];
  if (!plan) throw new Error('recurring plan not created');
  // A document for client 1 (its text is the marker the portal sweep looks for; a PDF, so it can be previewed) and one in firm B.
  const uploaded = await uploadAs(t, ownerA, `/api/staff/clients/${A.client1.id}/documents`, 'notes.pdf', Buffer.from('%PDF-1.4\n% Anything else we should know?\n%%EOF\n'));
  if (uploaded.statusCode !== 201) throw new Error(`document upload failed: ${uploaded.body}`);
  await uploadAs(t, ownerB, `/api/staff/clients/${B.client1.id}/documents`, 'notes.txt', Buffer.from('Firm B notes\n'));
  // An issued invoice for client 1 whose line carries the marker; and one in firm B.
  const drafted = (await ownerA.req('POST', '/api/staff/invoices', { clientId: A.client1.id, lines: [{ description: 'Anything else we should know?', quantityMilli: 1000, unitPriceCents: 12_345 }] })).json() as { id: string };
  const invoice = await ownerA.req('POST', `/api/staff/invoices/${drafted.id}/issue`, { version: 1 });
  if (invoice.statusCode !== 200) throw new Error(`invoice not issued: ${invoice.body}`);
  const draftedB = (await ownerB.req('POST', '/api/staff/invoices', { clientId: B.client1.id, lines: [{ description: 'Firm B work', quantityMilli: 1000, unitPriceCents: 100 }] })).json() as { id: string };
  await ownerB.req('POST', `/api/staff/invoices/${draftedB.id}/issue`, { version: 1 });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(new Date());
  await ownerA.req('POST', `/api/staff/invoices/${drafted.id}/payments`, { amountCents: 10, receivedOn: today });
  await ownerB.req('POST', `/api/staff/invoices/${draftedB.id}/payments`, { amountCents: 10, receivedOn: today });
  // A conversation in each firm (client 1 writes; the staff notice e-mail carries a reply token).
  const threadA = await (await asClient(t, A.firm.slug, A.person1.email)).req('POST', `/api/portal/${A.firm.slug}/threads`, { subject: 'Anything else we should know?', body: 'Thread marker-a' });
  if (threadA.statusCode !== 201) throw new Error(`thread not started: ${threadA.body}`);
  await (await asClient(t, B.firm.slug, B.person1.email)).req('POST', `/api/portal/${B.firm.slug}/threads`, { subject: 'Firm B thread', body: 'Hello' });
  // A service request in each firm.
  const requestA = await (await asClient(t, A.firm.slug, A.person1.email)).req('POST', `/api/portal/${A.firm.slug}/service-requests`, { templateId: null, description: 'Anything else we should know? marker-a' });
  if (requestA.statusCode !== 201) throw new Error(`service request not sent: ${requestA.body}`);
  await (await asClient(t, B.firm.slug, B.person1.email)).req('POST', `/api/portal/${B.firm.slug}/service-requests`, { templateId: null, description: 'Firm B request' });
  // A sent proposal in each firm (client 1 of A signs; its intro carries the marker).
  const proposalA = await sentProposal(A, ownerA, 'Anything else we should know? marker-a');
  await sentProposal(B, ownerB, 'Firm B proposal');
  // Pay Now attempts need eWay; rows written directly stand in for one in each firm.
  for (const [firm, clientId, invoiceId] of [[A.firm.id, A.client1.id, drafted.id], [B.firm.id, B.client1.id, draftedB.id]] as const) {
    await t.db.owner.execute(sql`insert into payment_attempts (firm_id, invoice_id, client_id, reference, amount_cents, status) values (${firm}, ${invoiceId}, ${clientId}, ${`pay_tenancy_${firm}`}, 100, 'declined')`);
  }
  extra = {
    notInvited: notInvited.id, invited: invited.id, disabledPerson: disabledPerson.id, invitedStaff: invitedStaff.id, disabledStaff: disabledStaff.id,
    service: service.id, task: task.id, question: question.id, plan: plan.id, document: (uploaded.json() as { id: string }).id, invoice: drafted.id,
    serviceRequest: (requestA.json() as { id: string }).id, proposal: proposalA,
    thread: (threadA.json() as { id: string }).id, message: (threadA.json() as { messages: { id: string }[] }).messages[0]?.id ?? '',
  };
  openapi = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
});
afterAll(async () => t.close());

/**
 * Rows in every services-and-tasks table: a recurring BAS for client 2 assigned to the staff member,
 * a question the client answers (a staff notice), and a notification preference.
 */
async function answeredRecurringWork(world: World, owner: Session) {
  const templates = (await owner.req('GET', '/api/staff/templates')).json() as { items: { id: string; name: string }[] };
  const bas = templates.items.find((x) => x.name === 'BAS Preparation');
  const service = (await owner.req('POST', '/api/staff/services', { clientId: world.client2.id, templateId: bas?.id, recurring: true, assigneeId: world.staff.id })).json() as { tasks: { id: string; clientVisible: boolean }[] };
  const task = service.tasks.find((x) => x.clientVisible);
  const asked = (await owner.req('POST', `/api/staff/tasks/${task?.id}/questions`, { kind: 'yes_no', prompt: 'All sales banked?' })).json() as { tasks: { id: string; questions: { id: string }[] }[] };
  const questionId = asked.tasks.find((x) => x.id === task?.id)?.questions[0]?.id;
  const client = await asClient(t, world.firm.slug, world.person2.email);
  const answered = await client.req('POST', `/api/portal/${world.firm.slug}/tasks/${task?.id}/answers`, { submit: true, answers: [{ questionId, value: true }] });
  if (answered.statusCode !== 200) throw new Error(`answer failed: ${answered.body}`);
  await t.db.withFirm(world.firm.id, (tx) => tx.insert(notificationPreferences).values({ firmId: world.firm.id, portalUserId: world.person2.id, event: 'task_waiting', channel: 'off' }));
}

/** A proposal for the world's client 1, signed by its portal user, sent (so every proposal table has rows). */
async function sentProposal(world: World, owner: Session, intro: string): Promise<string> {
  const expiresOn = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const drafted = await owner.req('POST', '/api/staff/proposals', {
    clientId: world.client1.id, title: 'Proposal', intro, items: [{ description: 'Advice', kind: 'one_off', quantityMilli: 1000, unitPriceCents: 100_00 }],
    signers: [{ portalUserId: world.person1.id }], expiresOn,
  });
  if (drafted.statusCode !== 201) throw new Error(`proposal not drafted: ${drafted.body}`);
  const sent = await owner.req('POST', `/api/staff/proposals/${drafted.json().id}/send`, { version: 1 });
  if (sent.statusCode !== 200) throw new Error(`proposal not sent: ${sent.body}`);
  return drafted.json().id as string;
}

/** Everything firm A owns, as stored: its firm row and its rows in every table with a firm_id column. */
async function snapshotA() {
  const tables = await queryRows<{ table_name: string }>(t.db.owner, sql`
    select table_name from information_schema.columns where table_schema = 'public' and column_name = 'firm_id' order by table_name`);
  const snapshot: Record<string, unknown> = {};
  [snapshot.firm] = await queryRows(t.db.owner, sql`select * from firms where id = ${A.firm.id}`);
  for (const { table_name: table } of tables) {
    const rows = await queryRows<Record<string, unknown>>(t.db.owner, sql`select * from ${sql.identifier(table)} where firm_id = ${A.firm.id}`);
    snapshot[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return JSON.stringify(snapshot);
}

/** Every staff route with an :id (OpenAPI form), the firm-A id it is tried with, and a body that would be valid. */
const idRoutes: { method: Method; path: string; id: () => string; body?: unknown }[] = [
  { method: 'GET', path: '/api/staff/clients/{id}', id: () => A.client1.id },
  { method: 'PATCH', path: '/api/staff/clients/{id}', id: () => A.client1.id, body: { version: 1, name: 'Renamed by firm B' } },
  { method: 'GET', path: '/api/staff/clients/{id}/portal-users', id: () => A.client1.id },
  { method: 'POST', path: '/api/staff/clients/{id}/portal-users', id: () => A.client1.id, body: { name: 'Planted Person', email: 'planted@firm-b.example' } },
  { method: 'GET', path: '/api/staff/clients/{id}/emails', id: () => A.client1.id },
  { method: 'POST', path: '/api/staff/portal-users/{id}/invitation', id: () => extra.notInvited },
  { method: 'DELETE', path: '/api/staff/portal-users/{id}/invitation', id: () => extra.invited },
  { method: 'POST', path: '/api/staff/portal-users/{id}/disable', id: () => A.person1.id },
  { method: 'POST', path: '/api/staff/portal-users/{id}/enable', id: () => extra.disabledPerson },
  { method: 'PATCH', path: '/api/staff/staff/{id}', id: () => A.staff.id, body: { role: 'admin' } },
  { method: 'POST', path: '/api/staff/staff/{id}/invitation', id: () => extra.invitedStaff },
  { method: 'POST', path: '/api/staff/staff/{id}/disable', id: () => A.staff.id },
  { method: 'POST', path: '/api/staff/staff/{id}/enable', id: () => extra.disabledStaff },
  { method: 'POST', path: '/api/staff/staff/{id}/sessions/end', id: () => A.staff.id },
  { method: 'POST', path: '/api/staff/portal-users/{id}/sessions/end', id: () => A.person1.id },
  { method: 'POST', path: '/api/staff/staff/{id}/two-factor/reset', id: () => A.staff.id },
  { method: 'POST', path: '/api/staff/portal-users/{id}/two-factor/reset', id: () => A.person1.id },
  { method: 'GET', path: '/api/staff/services/{id}', id: () => extra.service },
  { method: 'PATCH', path: '/api/staff/services/{id}', id: () => extra.service, body: { version: 1, name: 'Renamed by firm B' } },
  { method: 'POST', path: '/api/staff/services/{id}/tasks', id: () => extra.service, body: { name: 'Planted task' } },
  { method: 'PATCH', path: '/api/staff/tasks/{id}', id: () => extra.task, body: { version: 1, status: 'completed' } },
  { method: 'POST', path: '/api/staff/tasks/{id}/questions', id: () => extra.task, body: { kind: 'text', prompt: 'Planted question?' } },
  { method: 'GET', path: '/api/staff/clients/{id}/recurring-services', id: () => A.client2.id },
  { method: 'PATCH', path: '/api/staff/recurring-services/{id}', id: () => extra.plan, body: { active: false } },
  { method: 'POST', path: '/api/staff/clients/{id}/documents', id: () => A.client1.id },
  { method: 'GET', path: '/api/staff/clients/{id}/documents', id: () => A.client1.id },
  { method: 'GET', path: '/api/staff/documents/{id}/download', id: () => extra.document },
  { method: 'GET', path: '/api/staff/documents/{id}/preview', id: () => extra.document },
  { method: 'PATCH', path: '/api/staff/documents/{id}', id: () => extra.document, body: { reviewed: true } },
  { method: 'DELETE', path: '/api/staff/documents/{id}', id: () => extra.document },
  { method: 'GET', path: '/api/staff/invoices/{id}', id: () => extra.invoice },
  { method: 'GET', path: '/api/staff/invoices/{id}/pdf', id: () => extra.invoice },
  { method: 'PATCH', path: '/api/staff/invoices/{id}', id: () => extra.invoice, body: { version: 2, notes: 'Planted' } },
  { method: 'POST', path: '/api/staff/invoices/{id}/issue', id: () => extra.invoice, body: { version: 2 } },
  { method: 'POST', path: '/api/staff/invoices/{id}/void', id: () => extra.invoice, body: { version: 2, reason: 'Planted by firm B' } },
  { method: 'GET', path: '/api/staff/invoices/{id}/payments', id: () => extra.invoice },
  { method: 'POST', path: '/api/staff/invoices/{id}/adjustments', id: () => extra.invoice, body: { reason: 'Planted by firm B', lines: [{ description: 'Planted', quantityMilli: 1000, unitPriceCents: 1 }] } },
  { method: 'POST', path: '/api/staff/invoices/{id}/payments', id: () => extra.invoice, body: { amountCents: 100, receivedOn: '2026-01-02', reference: 'Planted' } },
  { method: 'POST', path: '/api/staff/invoices/{id}/resend', id: () => extra.invoice },
  { method: 'GET', path: '/api/staff/threads/{id}', id: () => extra.thread },
  { method: 'PATCH', path: '/api/staff/threads/{id}', id: () => extra.thread, body: { status: 'closed' } },
  { method: 'POST', path: '/api/staff/threads/{id}/messages', id: () => extra.thread, body: { body: 'Planted by firm B' } },
  { method: 'PATCH', path: '/api/staff/threads/{id}/messages/{messageId}', id: () => extra.thread, body: { body: 'Planted by firm B' } },
  { method: 'POST', path: '/api/staff/threads/{id}/messages/{messageId}/redact', id: () => extra.thread, body: { reason: 'Planted by firm B' } },
  { method: 'POST', path: '/api/staff/threads/{id}/read', id: () => extra.thread },
  { method: 'POST', path: '/api/staff/threads/{id}/unread', id: () => extra.thread },
  { method: 'GET', path: '/api/staff/service-requests/{id}', id: () => extra.serviceRequest },
  { method: 'POST', path: '/api/staff/service-requests/{id}/reply', id: () => extra.serviceRequest, body: { version: 1, body: 'Planted by firm B' } },
  { method: 'POST', path: '/api/staff/service-requests/{id}/accept', id: () => extra.serviceRequest, body: { version: 1, templateId: '00000000-0000-4000-8000-000000000000' } },
  { method: 'POST', path: '/api/staff/service-requests/{id}/decline', id: () => extra.serviceRequest, body: { version: 1, reason: 'Planted by firm B' } },
  { method: 'POST', path: '/api/staff/service-requests/{id}/propose', id: () => extra.serviceRequest, body: { version: 1 } },
  { method: 'GET', path: '/api/staff/proposals/{id}', id: () => extra.proposal },
  { method: 'PATCH', path: '/api/staff/proposals/{id}', id: () => extra.proposal, body: { version: 2, title: 'Planted by firm B' } },
  { method: 'POST', path: '/api/staff/proposals/{id}/send', id: () => extra.proposal, body: { version: 2 } },
  { method: 'POST', path: '/api/staff/proposals/{id}/withdraw', id: () => extra.proposal, body: { version: 2 } },
  { method: 'POST', path: '/api/staff/proposals/{id}/revise', id: () => extra.proposal, body: { version: 2 } },
  { method: 'GET', path: '/api/staff/proposals/{id}/pdf', id: () => extra.proposal },
];

/** Every portal route with an :id, tried by another client of the same firm and by a client of another firm. */
const portalIdRoutes: { method: Method; path: string; id: () => string; body?: () => unknown }[] = [
  { method: 'GET', path: '/api/portal/{slug}/services/{id}', id: () => extra.service },
  { method: 'POST', path: '/api/portal/{slug}/tasks/{id}/answers', id: () => extra.task, body: () => ({ submit: true, answers: [{ questionId: extra.question, value: 'planted answer' }] }) },
  { method: 'GET', path: '/api/portal/{slug}/documents/{id}/download', id: () => extra.document },
  { method: 'GET', path: '/api/portal/{slug}/documents/{id}/preview', id: () => extra.document },
  { method: 'GET', path: '/api/portal/{slug}/invoices/{id}', id: () => extra.invoice },
  { method: 'GET', path: '/api/portal/{slug}/invoices/{id}/pdf', id: () => extra.invoice },
  { method: 'POST', path: '/api/portal/{slug}/invoices/{id}/pay', id: () => extra.invoice },
  { method: 'GET', path: '/api/portal/{slug}/threads/{id}', id: () => extra.thread },
  { method: 'POST', path: '/api/portal/{slug}/threads/{id}/messages', id: () => extra.thread, body: () => ({ body: 'Planted by a neighbour' }) },
  { method: 'PATCH', path: '/api/portal/{slug}/threads/{id}/messages/{messageId}', id: () => extra.thread, body: () => ({ body: 'Planted by a neighbour' }) },
  { method: 'POST', path: '/api/portal/{slug}/threads/{id}/read', id: () => extra.thread },
  { method: 'POST', path: '/api/portal/{slug}/threads/{id}/unread', id: () => extra.thread },
  { method: 'GET', path: '/api/portal/{slug}/proposals/{id}', id: () => extra.proposal },
  { method: 'POST', path: '/api/portal/{slug}/proposals/{id}/accept', id: () => extra.proposal, body: () => ({ consent: true, fullName: 'Planted', signature: 'iVBORw0KGgo=', proposalVersion: 1 }) },
  { method: 'POST', path: '/api/portal/{slug}/proposals/{id}/decline', id: () => extra.proposal, body: () => ({ reason: 'Planted by a neighbour', proposalVersion: 1 }) },
];

/** A route's address with its ids (a message route also takes the seeded message's id). */
const fill = (path: string, id: string, messageId = extra.message) => path.replace('{id}', id).replace('{messageId}', extra.message).replace('{messageId}', messageId);

/** Routes under /api/staff and /api/portal that are meant to be reachable without a session. */
const PUBLIC_OPERATIONS = [
  'POST /api/staff/auth/login',
  'POST /api/staff/auth/forgot-password',
  'POST /api/portal/{slug}/auth/login',
  'POST /api/portal/{slug}/auth/forgot-password',
  // The code step of a two-factor sign-in: authorised by its pending-login token, not a session.
  'POST /api/staff/auth/login/two-factor',
  'POST /api/portal/{slug}/auth/login/two-factor',
];

function operations(prefixes: string[]) {
  return Object.entries(openapi.paths)
    .filter(([path]) => prefixes.some((p) => path.startsWith(p)))
    .flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase() as Method, path })));
}

describe('another firm’s ids', () => {
  it('the table below covers every staff route that takes an :id', () => {
    const documented = operations(['/api/staff/']).filter((o) => o.path.includes('{id}')).map((o) => `${o.method} ${o.path}`).sort();
    expect(documented).toEqual(idRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(idRoutes)('$method $path: firm B’s owner gets the same 404 as for a missing id, and firm A’s data is unchanged', async (route) => {
    const before = await snapshotA();
    const url = fill(route.path, route.id());
    const missingUrl = fill(route.path, '00000000-0000-4000-8000-000000000000', '00000000-0000-4000-8000-000000000000');

    const res = await ownerB.req(route.method, url, route.body);
    const missing = await ownerB.req(route.method, missingUrl, route.body);

    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect(res.json().detail).toBe(missing.json().detail);
    expect(res.body).not.toMatch(/marker-a|Person One a|Owner a/);
    expect(await snapshotA()).toBe(before);
  });

  it.each(idRoutes)('$method $path: anonymous gets 401', async (route) => {
    const before = await snapshotA();

    const res = await t.app.inject({
      method: route.method, url: fill(route.path, route.id()),
      ...(route.body ? { payload: route.body as Record<string, unknown> } : {}),
    });

    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
    expect(await snapshotA()).toBe(before);
  });

  it('firm B’s lists show none of firm A’s clients, people or staff', async () => {
    const lists = [
      await ownerB.req('GET', '/api/staff/clients?pageSize=100'),
      await ownerB.req('GET', `/api/staff/clients?q=${encodeURIComponent('marker-a')}`),
      await ownerB.req('GET', '/api/staff/staff'),
      await ownerB.req('GET', '/api/staff/audit?pageSize=100'),
      await ownerB.req('GET', '/api/staff/firm'),
    ];

    for (const res of lists) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(A.firm.id);
      expect(res.body).not.toContain('marker-a');
      expect(res.body).not.toContain(A.owner.email);
    }
    expect(lists[1]?.json().total).toBe(0);
  });
});

describe('every guarded route', () => {
  it('answers 401 to an anonymous caller, whatever the body (so a new unguarded route fails here)', async () => {
    const ops = operations(['/api/staff/', '/api/portal/']);
    const guarded = ops.filter((o) => !PUBLIC_OPERATIONS.includes(`${o.method} ${o.path}`));
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(PUBLIC_OPERATIONS));
    expect(guarded.length).toBeGreaterThanOrEqual(25);

    const failures: string[] = [];
    for (const op of guarded) {
      const url = op.path.replace('{id}', A.client1.id).replace('{messageId}', A.client1.id).replace('{slug}', A.firm.slug);
      const noBody = await t.app.inject({ method: op.method, url });
      const withBody = op.method === 'GET' ? noBody : await t.app.inject({ method: op.method, url, payload: { name: 'x' } });
      for (const res of [noBody, withBody]) {
        if (res.statusCode !== 401 || res.json().code !== 'UNAUTHENTICATED') failures.push(`${op.method} ${op.path} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the portal', () => {
  it('the table below covers every portal route that takes an :id', () => {
    const documented = operations(['/api/portal/']).filter((o) => o.path.includes('{id}')).map((o) => `${o.method} ${o.path}`).sort();
    expect(documented).toEqual(portalIdRoutes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(portalIdRoutes)('$method $path: another client of the firm gets 404, a client of another firm 401/404, and nothing changes', async (route) => {
    const sameFirm = await asClient(t, A.firm.slug, A.person2.email);
    const otherFirm = await asClient(t, B.firm.slug, B.person1.email);
    const before = await snapshotA();
    const id = route.id();

    const neighbour = await sameFirm.req(route.method, route.path.replace('{slug}', A.firm.slug).replace('{id}', id).replace('{messageId}', extra.message), route.body?.());
    const onOwnPortal = await otherFirm.req(route.method, route.path.replace('{slug}', B.firm.slug).replace('{id}', id).replace('{messageId}', extra.message), route.body?.());
    const onTheirPortal = await otherFirm.req(route.method, route.path.replace('{slug}', A.firm.slug).replace('{id}', id).replace('{messageId}', extra.message), route.body?.());

    expect(neighbour.statusCode, neighbour.body).toBe(404);
    expect(onOwnPortal.statusCode, onOwnPortal.body).toBe(404);
    expect(onTheirPortal.statusCode).toBe(401);
    for (const res of [neighbour, onOwnPortal, onTheirPortal]) expect(res.body).not.toContain('Anything else we should know?');
    expect(await snapshotA()).toBe(before);
    if (route.method === 'GET') {
      const owner = await asClient(t, A.firm.slug, A.person1.email);
      const own = await owner.req('GET', route.path.replace('{slug}', A.firm.slug).replace('{id}', id).replace('{messageId}', extra.message));
      expect(own.statusCode).toBe(200); // the same id is there for the client it belongs to
      expect(own.body).toContain('Anything else we should know?');
    }
  });

  it('shows a client only their own record, never another client of the same firm', async () => {
    const s = await asClient(t, A.firm.slug, A.person1.email);

    const res = await s.req('GET', `/api/portal/${A.firm.slug}/dashboard`);
    const session = await s.req('GET', `/api/portal/${A.firm.slug}/session`);

    expect(res.statusCode).toBe(200);
    expect(res.json().client).toEqual({ id: A.client1.id, name: A.client1.name });
    for (const body of [res.body, session.body]) {
      expect(body).not.toContain(A.client2.id);
      expect(body).not.toContain(A.client2.name);
      expect(body).not.toContain(A.person2.email);
      expect(body).not.toContain('marker-b');
    }
  });

  it('a staff session opens no portal, and a portal session opens no staff route', async () => {
    const staff = await asStaff(t, A.owner.email);
    const client = await asClient(t, A.firm.slug, A.person1.email);
    const staffToken = staff.cookie.slice(staff.cookie.indexOf('=') + 1);
    const portalToken = client.cookie.slice(client.cookie.indexOf('=') + 1);

    const portalWithStaff = await t.app.inject({ method: 'GET', url: `/api/portal/${A.firm.slug}/dashboard`, headers: { cookie: `ll_portal_${A.firm.slug}=${staffToken}` } });
    const staffWithPortal = await t.app.inject({ method: 'GET', url: '/api/staff/clients', headers: { cookie: `ll_staff=${portalToken}` } });

    expect(portalWithStaff.statusCode).toBe(401);
    expect(staffWithPortal.statusCode).toBe(401);
  });

  it('on a firm’s own portal host, another firm’s slug in the path is 404', async () => {
    const s = await asClient(t, A.firm.slug, A.person1.email);

    const res = await t.app.inject({ method: 'GET', url: `/api/portal/${B.firm.slug}/dashboard`, headers: { cookie: s.cookie, host: `${A.firm.slug}.localhost:3000` } });

    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('marker-b');
  });
});

/**
 * The sweep the production-proof issue asks for: every operation in the OpenAPI document, with firm A's
 * ids, as each outsider — firm B's owner, firm A's other client, a disabled staff member and portal user
 * (their sessions still in the table), expired staff and portal sessions, and nobody — answers
 * 401/403/404 wherever it names firm A's objects, never a 5xx, and no body carries firm A's markers.
 * The operations come from the document, so a new route is swept the day it is added; a route in no
 * known family fails the sweep until someone decides which rules it follows.
 */
describe('isolation sweep: every route × every outsider', () => {
  type Persona = { name: string; cookie: () => Promise<string>; csrf: string };
  let personas: Persona[] = [];
  const DENIED = [401, 403, 404];
  /** Public, token-authorised routes: a junk or missing token is refused (400 for a malformed one, 410 for a spent link). */
  const PUBLIC_REFUSED = [400, 401, 403, 404, 410, 422];
  /** Firm A's client 1 — what no outsider (not even client 2 of firm A) may see. */
  const clientMarkers = () => ['Anything else we should know?', A.client1.name, A.person1.email, A.person1.name, A.client1.id];
  /** Firm A as a whole — what firm B's people, the disabled, the expired and the anonymous may not see either. */
  const firmMarkers = () => [...clientMarkers(), 'marker-a', A.firm.id, A.owner.email, A.client2.name, A.person2.email];

  /** Which rules an operation follows, by its family; undefined = a family the sweep does not know. */
  function family(op: { method: Method; path: string }): 'staff' | 'portal' | 'public' | 'branding' | 'login' | 'app' | 'dev' | undefined {
    const key = `${op.method} ${op.path}`;
    if (PUBLIC_OPERATIONS.includes(key)) return 'login';
    if (op.path.startsWith('/api/staff/')) return 'staff';
    if (op.path.startsWith('/api/portal/{slug}/')) return 'portal';
    // The firm's name, colour and logo for its sign-in page: public by design.
    if (op.path === '/api/public/firms/{slug}' || op.path === '/api/public/firms/{slug}/logo') return 'branding';
    if (op.path.startsWith('/api/public/')) return 'public';
    // The single-page app's HTML shell (no data) and the eWay emulator (development only, off in production).
    if (op.method === 'GET' && (op.path === '/' || op.path.startsWith('/app') || op.path.startsWith('/portal/'))) return 'app';
    if (op.path.startsWith('/dev/eway/')) return 'dev';
    return undefined;
  }

  const idFor = (op: { method: Method; path: string }) =>
    [...idRoutes, ...portalIdRoutes].find((r) => r.method === op.method && r.path === op.path)?.id() ?? A.client1.id;
  const bodyFor = (op: { method: Method; path: string }) => {
    const staffRoute = idRoutes.find((r) => r.method === op.method && r.path === op.path);
    const portalRoute = portalIdRoutes.find((r) => r.method === op.method && r.path === op.path);
    return staffRoute?.body ?? portalRoute?.body?.() ?? (op.method === 'GET' ? undefined : {});
  };

  beforeAll(async () => {
    const disabledStaff = await createStaff(t.db, A.firm.id, { role: 'admin', name: 'Dana Disabled' });
    const expiredStaff = await createStaff(t.db, A.firm.id, { role: 'admin', name: 'Eli Expired' });
    const disabledPerson = await createPortalUser(t.db, A.firm.id, A.client1.id, { name: 'Della Disabled' });
    const expiredPerson = await createPortalUser(t.db, A.firm.id, A.client1.id, { name: 'Ezra Expired' });
    const sessions = {
      disabledStaff: await asStaff(t, disabledStaff.email), expiredStaff: await asStaff(t, expiredStaff.email),
      disabledPerson: await asClient(t, A.firm.slug, disabledPerson.email), expiredPerson: await asClient(t, A.firm.slug, expiredPerson.email),
    };
    // Disabled behind the app's back (no "end sessions" on the way), so the check on each request is what refuses them.
    await t.db.owner.execute(sql`update staff_users set status = 'disabled' where id = ${disabledStaff.id}`);
    await t.db.owner.execute(sql`update portal_users set status = 'disabled' where id = ${disabledPerson.id}`);
    // An expired session is deleted when it is presented; put it back, still expired, before every request.
    const expire = async (userId: string) => {
      await t.db.owner.execute(sql`update sessions set expires_at = now() - interval '1 minute' where user_id = ${userId}`);
      const [row] = await queryRows<Record<string, unknown>>(t.db.owner, sql`select * from sessions where user_id = ${userId}`);
      if (!row) throw new Error('no session to expire');
      return async () => {
        await t.db.owner.execute(sql`insert into sessions select * from json_populate_record(null::sessions, ${JSON.stringify(row)}::json) on conflict (id) do nothing`);
      };
    };
    const reExpireStaff = await expire(expiredStaff.id);
    const reExpirePerson = await expire(expiredPerson.id);
    const neighbour = await asClient(t, A.firm.slug, A.person2.email);
    const asIs = (s: { cookie: string }) => async () => s.cookie;
    personas = [
      { name: 'firm B’s owner', cookie: asIs(ownerB), csrf: ownerB.csrf },
      { name: 'firm A’s other client', cookie: asIs(neighbour), csrf: neighbour.csrf },
      { name: 'a disabled staff member', cookie: asIs(sessions.disabledStaff), csrf: sessions.disabledStaff.csrf },
      { name: 'a disabled portal user', cookie: asIs(sessions.disabledPerson), csrf: sessions.disabledPerson.csrf },
      { name: 'an expired staff session', cookie: async () => (await reExpireStaff(), sessions.expiredStaff.cookie), csrf: sessions.expiredStaff.csrf },
      { name: 'an expired portal session', cookie: async () => (await reExpirePerson(), sessions.expiredPerson.cookie), csrf: sessions.expiredPerson.csrf },
      { name: 'anonymous', cookie: async () => '', csrf: '' },
    ];
  });

  it('every operation in the OpenAPI document belongs to a family the sweep knows', () => {
    const ops = operations(['/']);
    expect(ops.length).toBeGreaterThan(150);
    expect(ops.filter((op) => !family(op)).map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  /** A live stream never ends, so it is opened over HTTP, its status read and the connection dropped (its events' isolation is tested in messages/). */
  let base = '';
  async function openStream(url: string, headers: Record<string, string>) {
    if (!base) {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const addr = t.app.server.address();
      base = typeof addr === 'object' && addr ? `http://127.0.0.1:${addr.port}` : '';
    }
    const abort = new AbortController();
    const res = await fetch(base + url, { headers, signal: abort.signal });
    const body = res.status === 200 ? '' : await res.text();
    abort.abort();
    return { statusCode: res.status, body };
  }

  it('as every outsider, every route names firm A’s objects only to refuse, never fails, never leaks, and changes nothing of firm A’s', async () => {
    // Routes that end the caller's own session go last, so the rest are tried with the session intact.
    const endsSession = (path: string) => /logout|sessions/.test(path);
    const ops = operations(['/']).filter((op) => ['staff', 'portal', 'public', 'branding'].includes(family(op) ?? ''))
      .sort((a, b) => Number(endsSession(a.path)) - Number(endsSession(b.path)));
    const failures: string[] = [];
    let requests = 0;
    for (const persona of personas) {
      const outsider = persona.name !== 'firm A’s other client';
      const before = outsider ? await snapshotA() : '';
      for (const op of ops) {
        const kind = family(op);
        const url = fill(op.path, idFor(op)).replace('{slug}', A.firm.slug);
        const body = bodyFor(op);
        // Who may legitimately succeed: firm B's owner on its own firm's lists and forms, firm A's other
        // client on its own portal pages and forms, anyone on the public branding.
        const mayAnswer = kind === 'branding' || (persona.name === 'firm B’s owner' && kind === 'staff' && !op.path.includes('{id}'))
          || (persona.name === 'firm A’s other client' && kind === 'portal' && !op.path.includes('{id}'));
        const cookie = await persona.cookie();
        const headers = { ...(cookie ? { cookie } : {}), ...(persona.csrf ? { 'x-csrf-token': persona.csrf } : {}) };
        const res = op.path.endsWith('/live')
          ? await openStream(url, headers)
          : await t.app.inject({ method: op.method, url, headers, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
        requests++;
        const where = `${persona.name}: ${op.method} ${op.path} → ${res.statusCode}`;
        const allowed = kind === 'public' ? PUBLIC_REFUSED : DENIED;
        if (res.statusCode >= 500) failures.push(`${where} (server error) ${res.body.slice(0, 160)}`);
        else if (!mayAnswer && !allowed.includes(res.statusCode)) failures.push(`${where} (expected ${allowed.join('/')}) ${res.body.slice(0, 160)}`);
        const markers = kind === 'branding' || !outsider ? clientMarkers() : firmMarkers();
        const leaked = markers.filter((m) => res.body.includes(m));
        if (leaked.length) failures.push(`${where} leaked ${leaked.join(', ')}`);
      }
      await persona.cookie(); // an expired session is back as it was before the sweep
      if (outsider && (await snapshotA()) !== before) failures.push(`${persona.name}: firm A's rows changed during the sweep`);
    }
    expect(requests).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  }, 180_000);
});

describe('row-level security backstop', () => {
  const tenantTables = [
    'staff_users', 'clients', 'portal_users', 'sessions', 'link_tokens', 'audit_log', 'outbox_emails', 'outbox_attempts',
    'service_templates', 'recurring_plans', 'services', 'tasks', 'task_questions', 'client_notices', 'notification_preferences', 'staff_notifications',
    'firm_data_keys', 'documents', 'invoice_counters', 'invoices', 'invoice_lines', 'payment_attempts', 'payments',
    'message_threads', 'messages', 'thread_reads', 'message_reply_tokens', 'live_event_counters', 'live_events', 'service_requests',
    'proposals', 'proposal_versions', 'proposal_signers', 'signing_links', 'proposal_events',
  ];

  it('a query with no WHERE clause inside firm A’s scope sees only firm A’s rows, in every tenant table', async () => {
    const all = await t.db.withFirm(A.firm.id, (tx) => tx.select().from(clients));

    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(new Set(all.map((c) => c.firmId))).toEqual(new Set([A.firm.id]));
    expect(all.map((c) => c.id)).toEqual(expect.arrayContaining([A.client1.id, A.client2.id]));
    for (const table of tenantTables) {
      const rows = await t.db.withFirm(A.firm.id, (tx) => queryRows<{ firm_id: string }>(tx, sql`select firm_id from ${sql.identifier(table)}`));
      const [total] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from ${sql.identifier(table)} where firm_id <> ${A.firm.id}`);
      expect(total?.n, `${table} has other firms' rows to hide`).toBeGreaterThan(0);
      expect(rows.length, table).toBeGreaterThan(0);
      expect(rows.every((r) => r.firm_id === A.firm.id), table).toBe(true);
    }
  });

  it('every table with a firm_id column has row-level security enabled and forced, with a policy', async () => {
    const tables = await queryRows<{ table: string; enabled: boolean; forced: boolean; policies: number }>(t.db.owner, sql`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname) as policies
      from information_schema.columns col
      join pg_class c on c.relname = col.table_name
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = col.table_schema
      where col.table_schema = 'public' and col.column_name = 'firm_id' and c.relkind = 'r'
      order by c.relname`);

    expect(tables.map((r) => r.table)).toEqual(expect.arrayContaining(tenantTables));
    expect(tables.filter((r) => !r.enabled || !r.forced || r.policies === 0)).toEqual([]);
  });

  it('with no firm set, no tenant rows are visible at all', async () => {
    expect(await t.db.withoutFirm((tx) => tx.select().from(clients))).toEqual([]);
    for (const table of tenantTables) {
      const rows = await t.db.withoutFirm((tx) => queryRows(tx, sql`select 1 from ${sql.identifier(table)}`));
      expect(rows, table).toEqual([]);
    }
  });

  it('refuses to write a row for firm B from inside firm A’s scope, or to move a row to firm B', async () => {
    const causeOf = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'no error';
      } catch (err) {
        const e = err as { message: string; cause?: { message?: string } };
        return e.cause?.message ?? e.message;
      }
    };

    const insert = await causeOf(t.db.withFirm(A.firm.id, (tx) => tx.insert(clients).values({ firmId: B.firm.id, type: 'individual', name: 'Planted in B' })));
    const move = await causeOf(t.db.withFirm(A.firm.id, (tx) => tx.execute(sql`update clients set firm_id = ${B.firm.id} where id = ${A.client1.id}`)));
    const touched = await t.db.withFirm(A.firm.id, (tx) => queryRows(tx, sql`update clients set name = 'Hit' where firm_id = ${B.firm.id} returning id`));
    const firmTouched = await t.db.withFirm(A.firm.id, (tx) => queryRows(tx, sql`update firms set display_name = 'Hit' where id = ${B.firm.id} returning id`));

    expect(insert).toMatch(/row-level security/);
    expect(move).toMatch(/row-level security/);
    expect(touched).toEqual([]);
    expect(firmTouched).toEqual([]);
    const [planted] = await queryRows<{ n: number }>(t.db.owner, sql`select count(*)::int as n from clients where name in ('Planted in B', 'Hit')`);
    expect(planted?.n).toBe(0);
    const [firmB] = await queryRows<{ display_name: string }>(t.db.owner, sql`select display_name from firms where id = ${B.firm.id}`);
    expect(firmB?.display_name).toBe(B.firm.displayName);
  });

  it('fails closed on a missing or malformed firm id instead of running unscoped', async () => {
    // Called from async code, as services do; a synchronous throw surfaces as a rejection just the same.
    const run = async (firmId: string) => t.db.withFirm(firmId, (tx) => tx.select().from(clients));
    await expect(run('')).rejects.toThrow(/no firm/);
    await expect(run(`${A.firm.id}' or '1'='1`)).rejects.toThrow(/not a uuid/);
  });
});
