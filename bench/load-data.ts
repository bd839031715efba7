/**
 * Data for the load benchmark (bench/load.ts): one measured firm seeded in bulk SQL, and the
 * "data growth" firms around it. Rows look like the app's own (test/work-fixtures.ts, db/seed);
 * firms are created the way test/harness.ts createFirm does (owner connection; the data key is made
 * on first use by documents/data-keys.ts), everything inside a firm goes through withFirm (RLS).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { BuiltApp } from '../src/server/app.js';
import { queryRows, type Database } from '../src/server/db/client.js';
import { firms, messages, messageThreads, staffUsers } from '../src/server/db/schema/index.js';
import { firmDataKey } from '../src/server/modules/documents/data-keys.js';
import { sealText } from '../src/server/platform/crypto/sealed-text.js';
import { hashPassword } from '../src/server/platform/auth/passwords.js';
import { listTemplates } from '../src/server/modules/work/work.service.js';
import type { StaffCtx } from '../src/server/platform/tenancy/context.js';

export const PASSWORD = 'Bench-Load-Password-2026';
export const SLUG = 'bench';
export const OWNER_EMAIL = 'owner@bench.example';
export const BIG_EMAIL = 'p0@bench.example';
/** The measured firm: 200 clients (client 0 is the big one: 50 services, 500 tasks), 5,000 services. */
export const CLIENTS = 200;
const SERVICES = 5000;
const BIG_SERVICES = 50;

export interface Seeded {
  firmId: string;
  /** One active portal user per client, p0@… (the big client) to p199@…. */
  portalEmails: string[];
  /** A client-visible service of each client, in the same order (for GET /services/:id). */
  serviceOf: string[];
  templateId: string;
  templateName: string;
  stages: string;
  ownerId: string;
  passwordHash: string;
}

/** The measured firm (message threads come from addThreads). */
export async function seedMeasuredFirm(db: Database, built: BuiltApp): Promise<Seeded> {
  const passwordHash = await hashPassword(PASSWORD);
  const [firm] = await db.owner
    .insert(firms)
    .values({ slug: SLUG, legalName: 'Bench Accounting Pty Ltd', displayName: 'Bench Accounting', abn: '51824753556', requireStaffTwoFactor: false })
    .returning();
  if (!firm) throw new Error('firm insert failed');
  const [owner] = await db.withFirm(firm.id, (tx) =>
    tx.insert(staffUsers).values({ firmId: firm.id, email: OWNER_EMAIL, name: 'Bench Owner', role: 'owner', status: 'active', passwordHash }).returning(),
  );
  if (!owner) throw new Error('owner insert failed');
  const ctx: StaffCtx = { ...built.deps, requestId: 'bench', ip: '127.0.0.1', userAgent: 'bench', now: new Date(), firmId: firm.id, actor: { kind: 'staff', userId: owner.id, role: 'owner', name: 'Bench Owner', email: OWNER_EMAIL, sessionId: 'bench' } };
  const template = (await listTemplates(ctx))[0];
  if (!template) throw new Error('no service template');
  const stages = JSON.stringify(template.stages);
  const f = firm.id;
  await db.withFirm(f, async (tx) => {
    // Clients 0…199 with one active portal user each ("Client 000" is the big one).
    await tx.execute(sql`insert into clients (firm_id, type, name, email) select ${f}, case when g = 0 then 'company' else 'individual' end, 'Client ' || lpad(g::text, 3, '0'), 'c' || g || '@bench.example' from generate_series(0, ${CLIENTS - 1}) g`);
    await tx.execute(sql`insert into portal_users (firm_id, client_id, email, name, status, password_hash, invited_at)
      select ${f}, id, 'p' || (substr(name, 8))::int || '@bench.example', 'Person ' || substr(name, 8), 'active', ${passwordHash}, now() from clients where firm_id = ${f}`);
    // 50 services for the big client; the other 4,950 spread over clients 1…199.
    await tx.execute(sql`
      insert into services (firm_id, client_id, template_id, template_name, name, stages, stage_key, due_date, assignee_id)
      select ${f}, c.id, ${template.id}, ${template.name}, 'Service ' || g, ${stages}::jsonb, 'in_preparation',
             current_date + (g % 120) - 30, ${owner.id}
      from clients c join generate_series(1, ${SERVICES}) g
        on c.firm_id = ${f} and (case when g <= ${BIG_SERVICES} then 0 else 1 + (g % ${CLIENTS - 1}) end) = (substr(c.name, 8))::int`);
    // 10 tasks on each of the big client's services (500), 4 on every other service.
    await tx.execute(sql`
      insert into tasks (firm_id, client_id, service_id, name, status, client_visible, position)
      select ${f}, s.client_id, s.id, 'Task ' || g,
             case when g % 10 = 0 then 'waiting_on_client' when g % 3 = 0 then 'completed' else 'in_progress' end, g % 4 <> 0, g
      from services s join clients c on c.id = s.client_id
      join generate_series(1, 10) g on g <= case when c.name = 'Client 000' then 10 else 4 end
      where s.firm_id = ${f}`);
    // Three issued invoices and five documents a client.
    await tx.execute(sql`
      insert into invoices (firm_id, client_id, number, sequence, status, issue_date, due_date, subtotal_cents, gst_cents, total_cents, paid_cents, snapshot, created_by_id, issued_at)
      select ${f}, c.id, 'INV-' || lpad((row_number() over ())::text, 6, '0'), row_number() over (), 'issued',
             current_date - 10 * g, current_date - 10 * g + 14, 100000, 10000, 110000, case when g = 3 then 110000 else 0 end,
             jsonb_build_object('firm', jsonb_build_object('legalName', 'Bench Accounting Pty Ltd', 'tradingName', null, 'abn', '51824753556', 'supportEmail', null, 'supportPhone', null),
                                'client', jsonb_build_object('name', c.name, 'abn', null, 'email', c.email)),
             ${owner.id}, now() - make_interval(days => 10 * g)
      from clients c, generate_series(1, 3) g where c.firm_id = ${f}`);
    await tx.execute(sql`insert into invoice_counters (firm_id, next_number) values (${f}, ${CLIENTS * 3 + 1})`);
    await tx.execute(sql`
      insert into documents (firm_id, client_id, uploaded_by_kind, uploaded_by_id, uploaded_by_name, file_name, content_type, size_bytes, sha256, storage_key, key_id)
      select ${f}, c.id, 'staff', ${owner.id}, 'Bench Owner', 'Statement ' || g || '.pdf', 'application/pdf', 120000, repeat('0', 64),
             'bench/' || c.id || '/' || g, 'bench'
      from clients c, generate_series(1, 5) g where c.firm_id = ${f}`);
  });
  const rows = await db.withFirm(f, (tx) =>
    queryRows<{ n: number; service_id: string }>(tx, sql`
      select (substr(c.name, 8))::int as n, (select s.id from services s where s.firm_id = c.firm_id and s.client_id = c.id order by s.due_date limit 1) as service_id
      from clients c where c.firm_id = ${f} order by 1`),
  );
  return {
    firmId: f, ownerId: owner.id, passwordHash, templateId: template.id, templateName: template.name, stages,
    portalEmails: rows.map((r) => `p${r.n}@bench.example`),
    serviceOf: rows.map((r) => r.service_id),
  };
}

/**
 * One thread a client with one message from staff, sealed with the firm's data key as
 * messages.service does (creating them over HTTP would trip the per-person message rate limit).
 */
export async function addThreads(db: Database, built: BuiltApp, s: Seeded): Promise<void> {
  const key = await firmDataKey(built.deps, s.firmId);
  const body = 'Hello, we have started on your return; we will be in touch if we need anything.';
  await db.withFirm(s.firmId, async (tx) => {
    const clientRows = await queryRows<{ id: string }>(tx, sql`select id from clients where firm_id = ${s.firmId} order by name`);
    const threadRows = clientRows.map((c) => ({ id: randomUUID(), firmId: s.firmId, clientId: c.id, subject: 'Your 2026 tax return', lastSeq: 1, createdByKind: 'staff' as const, assignedStaffId: s.ownerId }));
    await tx.insert(messageThreads).values(threadRows);
    await tx.insert(messages).values(threadRows.map((t) => {
      const id = randomUUID();
      return { id, firmId: s.firmId, threadId: t.id, seq: 1, authorKind: 'staff' as const, authorId: s.ownerId, authorName: 'Bench Owner', body: sealText(key.dataKey, s.firmId, id, body), keyId: key.keyId };
    }));
  });
}

/**
 * Data growth: `count` more firms, each with `clients` clients (one portal user each), `servicesPer`
 * services a client and `tasksPer` tasks a service, in bulk (owner connection; one statement a table).
 */
export async function seedGrowthFirms(db: Database, s: Seeded, count: number, per: { clients: number; servicesPer: number; tasksPer: number }): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => db.owner.execute(q);
  await run(sql`insert into firms (slug, legal_name, display_name, abn, require_staff_two_factor)
    select 'growth-' || g, 'Growth ' || g || ' Pty Ltd', 'Growth ' || g, '51824753556', false from generate_series(1, ${count}) g`);
  await run(sql`insert into staff_users (firm_id, email, name, role, status, password_hash)
    select id, 'owner@' || slug || '.example', 'Owner ' || slug, 'owner', 'active', ${s.passwordHash} from firms where slug like 'growth-%'`);
  await run(sql`insert into clients (firm_id, type, name)
    select f.id, 'individual', 'Client ' || lpad(g::text, 3, '0') from firms f, generate_series(1, ${per.clients}) g where f.slug like 'growth-%'`);
  await run(sql`insert into portal_users (firm_id, client_id, email, name, status, password_hash)
    select c.firm_id, c.id, c.id || '@growth.example', 'Person', 'active', ${s.passwordHash}
    from clients c join firms f on f.id = c.firm_id where f.slug like 'growth-%'`);
  await run(sql`insert into services (firm_id, client_id, template_name, name, stages, stage_key, due_date)
    select c.firm_id, c.id, ${s.templateName}, 'Service ' || g, ${s.stages}::jsonb, 'in_preparation', current_date + (g * 7) % 120 - 30
    from clients c join firms f on f.id = c.firm_id, generate_series(1, ${per.servicesPer}) g where f.slug like 'growth-%'`);
  await run(sql`insert into tasks (firm_id, client_id, service_id, name, status, client_visible, position)
    select s.firm_id, s.client_id, s.id, 'Task ' || g, case when g % 10 = 0 then 'waiting_on_client' when g % 3 = 0 then 'completed' else 'in_progress' end, g % 4 <> 0, g
    from services s join firms f on f.id = s.firm_id, generate_series(1, ${per.tasksPer}) g where f.slug like 'growth-%'`);
  await run(sql`analyze`);
}

/** Row counts for the report. */
export async function countRows(db: Database) {
  const [row] = await queryRows<Record<string, number>>(db.owner, sql`select
    (select count(*) from firms)::int as firms, (select count(*) from clients)::int as clients, (select count(*) from portal_users)::int as "portalUsers",
    (select count(*) from services)::int as services, (select count(*) from tasks)::int as tasks, (select count(*) from invoices)::int as invoices,
    (select count(*) from documents)::int as documents, (select count(*) from message_threads)::int as threads, (select count(*) from sessions)::int as sessions`);
  return row ?? {};
}
