import { and, asc, count, desc, eq, gte, inArray, isNull, lte, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { queryRows, type Tx } from '../../db/client.js';
import { clientNotices, clients, documents, recurringPlans, serviceTemplates, services, staffNotifications, staffUsers, taskQuestions, tasks } from '../../db/schema/index.js';

export type TemplateRow = typeof serviceTemplates.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type QuestionRow = typeof taskQuestions.$inferSelect;
export type PlanRow = typeof recurringPlans.$inferSelect;

// ---- templates

export async function listTemplates(tx: Tx, input: { firmId: string }) {
  return tx.select().from(serviceTemplates).where(and(eq(serviceTemplates.firmId, input.firmId), eq(serviceTemplates.archived, false))).orderBy(asc(serviceTemplates.name));
}

/** Whether the firm has any template, archived ones included. */
export async function hasAnyTemplate(tx: Tx, input: { firmId: string }) {
  const [row] = await tx.select({ id: serviceTemplates.id }).from(serviceTemplates).where(eq(serviceTemplates.firmId, input.firmId)).limit(1);
  return Boolean(row);
}

export async function insertTemplates(tx: Tx, rows: (typeof serviceTemplates.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return tx.insert(serviceTemplates).values(rows).onConflictDoNothing().returning();
}

export async function findTemplate(tx: Tx, input: { firmId: string; templateId: string }) {
  const [row] = await tx.select().from(serviceTemplates).where(and(eq(serviceTemplates.firmId, input.firmId), eq(serviceTemplates.id, input.templateId)));
  return row;
}

// ---- services

export async function insertService(tx: Tx, row: typeof services.$inferInsert) {
  const [inserted] = await tx.insert(services).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function findService(tx: Tx, input: { firmId: string; serviceId: string; clientId?: string; visibleOnly?: boolean }) {
  const [row] = await tx
    .select()
    .from(services)
    .where(and(
      eq(services.firmId, input.firmId),
      eq(services.id, input.serviceId),
      input.clientId ? eq(services.clientId, input.clientId) : undefined,
      input.visibleOnly ? eq(services.visibleToClient, true) : undefined,
    ));
  return row;
}

export async function updateService(tx: Tx, input: { firmId: string; serviceId: string; version?: number; set: Partial<ServiceRow> }) {
  const [row] = await tx
    .update(services)
    .set({ ...input.set, version: sql`${services.version} + 1` })
    .where(and(eq(services.firmId, input.firmId), eq(services.id, input.serviceId), input.version !== undefined ? eq(services.version, input.version) : undefined))
    .returning();
  return row;
}

export interface ServiceFilter {
  firmId: string;
  clientId?: string | undefined;
  status?: ServiceRow['status'] | undefined;
  stageKey?: string | undefined;
  assigneeId?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  /** true: active and due before `today`; false: everything else. */
  overdue?: boolean | undefined;
  /** The firm's date today (overdue is computed in the firm's time zone, never stored). */
  today?: string | undefined;
  /** true: some client-visible task waits on the client; false: none does. */
  waitingOnClient?: boolean | undefined;
  /** Portal: only services the client may see, and only client-visible tasks in the counts. */
  clientView?: boolean;
  ids?: string[];
}

const assignee = alias(staffUsers, 'assignee');

/** Service summaries with task counts and assignee in one query, whatever the number of services (no N+1). */
export async function listServiceSummaries(tx: Tx, f: ServiceFilter, order: 'due' | '-due' | 'client' | 'name' | 'stage', page: number, pageSize: number) {
  const overdue = (today: string) => and(eq(services.status, 'active'), lt(services.dueDate, today));
  const waiting = sql`exists (select 1 from ${tasks} t where t.firm_id = ${services.firmId} and t.service_id = ${services.id} and t.status = 'waiting_on_client' and t.client_visible)`;
  // The stage's place in the service's own workflow, so "sort by stage" puts early stages first.
  const stagePosition = sql`(select e.ord from jsonb_array_elements(${services.stages}) with ordinality as e(stage, ord) where e.stage->>'key' = ${services.stageKey} limit 1)`;
  const where = and(
    eq(services.firmId, f.firmId),
    f.clientId ? eq(services.clientId, f.clientId) : undefined,
    f.clientView ? and(eq(services.visibleToClient, true), ne(services.status, 'cancelled')) : undefined,
    f.status ? eq(services.status, f.status) : undefined,
    f.stageKey ? eq(services.stageKey, f.stageKey) : undefined,
    f.assigneeId === 'unassigned' ? isNull(services.assigneeId) : f.assigneeId ? eq(services.assigneeId, f.assigneeId) : undefined,
    f.dueFrom ? gte(services.dueDate, f.dueFrom) : undefined,
    f.dueTo ? lte(services.dueDate, f.dueTo) : undefined,
    f.overdue !== undefined && f.today ? (f.overdue ? overdue(f.today) : sql`not coalesce(${overdue(f.today)}, false)`) : undefined,
    f.waitingOnClient === undefined ? undefined : f.waitingOnClient ? waiting : sql`not ${waiting}`,
    f.ids ? inArray(services.id, f.ids) : undefined,
  );
  const orderBy: SQL[] =
    order === 'due' ? [sql`${services.dueDate} asc nulls last`, asc(services.name)]
    : order === '-due' ? [sql`${services.dueDate} desc nulls last`, asc(services.name)]
    : order === 'client' ? [asc(clients.name), sql`${services.dueDate} asc nulls last`]
    : order === 'stage' ? [sql`${stagePosition} asc nulls last`, sql`${services.dueDate} asc nulls last`, asc(services.name)]
    : [asc(services.name)];
  // Sequential on purpose: one transaction is one connection, and pg will stop queueing concurrent queries.
  const rows = await tx
      .select({ service: services, clientName: clients.name, assigneeName: assignee.name })
      .from(services)
      .innerJoin(clients, and(eq(clients.id, services.clientId), eq(clients.firmId, services.firmId)))
      .leftJoin(assignee, and(eq(assignee.id, services.assigneeId), eq(assignee.firmId, services.firmId)))
      .where(where)
      .orderBy(...orderBy, asc(services.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
  const [total] = await tx.select({ n: count() }).from(services).where(where);
  // Task counts for just this page, in one grouped query (so the cost follows the page size, not the firm's size).
  const ids = rows.map((r) => r.service.id);
  const countRows = ids.length
    ? await tx
        .select({
          serviceId: tasks.serviceId,
          done: sql<number>`(count(*) filter (where ${tasks.status} = 'completed' ${f.clientView ? sql`and ${tasks.clientVisible}` : sql``}))::int`,
          total: sql<number>`(count(*) filter (where true ${f.clientView ? sql`and ${tasks.clientVisible}` : sql``}))::int`,
          waiting: sql<number>`(count(*) filter (where ${tasks.status} = 'waiting_on_client' and ${tasks.clientVisible}))::int`,
        })
        .from(tasks)
        .where(and(eq(tasks.firmId, f.firmId), inArray(tasks.serviceId, ids)))
        .groupBy(tasks.serviceId)
    : [];
  const byService = new Map(countRows.map((c) => [c.serviceId, c]));
  const items = rows.map((r) => {
    const c = byService.get(r.service.id);
    return { ...r, tasksDone: c?.done ?? 0, tasksTotal: c?.total ?? 0, tasksWaiting: c?.waiting ?? 0 };
  });
  return { items, total: total?.n ?? 0 };
}

// ---- tasks and questions

export async function insertTasks(tx: Tx, rows: (typeof tasks.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return tx.insert(tasks).values(rows).returning();
}

export async function listTasks(tx: Tx, input: { firmId: string; serviceId: string; clientVisibleOnly: boolean }) {
  return tx
    .select({ task: tasks, assigneeName: assignee.name })
    .from(tasks)
    .leftJoin(assignee, and(eq(assignee.id, tasks.assigneeId), eq(assignee.firmId, tasks.firmId)))
    .where(and(eq(tasks.firmId, input.firmId), eq(tasks.serviceId, input.serviceId), input.clientVisibleOnly ? eq(tasks.clientVisible, true) : undefined))
    .orderBy(asc(tasks.position), asc(tasks.createdAt));
}

export async function listQuestionsForTasks(tx: Tx, input: { firmId: string; taskIds: string[] }) {
  if (input.taskIds.length === 0) return [];
  return tx.select().from(taskQuestions).where(and(eq(taskQuestions.firmId, input.firmId), inArray(taskQuestions.taskId, input.taskIds))).orderBy(asc(taskQuestions.position), asc(taskQuestions.createdAt));
}

export async function findTask(tx: Tx, input: { firmId: string; taskId: string; clientId?: string; clientVisibleOnly?: boolean }) {
  const [row] = await tx
    .select({ task: tasks, service: services })
    .from(tasks)
    .innerJoin(services, and(eq(services.id, tasks.serviceId), eq(services.firmId, tasks.firmId)))
    .where(and(
      eq(tasks.firmId, input.firmId),
      eq(tasks.id, input.taskId),
      input.clientId ? eq(tasks.clientId, input.clientId) : undefined,
      // What the portal may touch is what it may see: a visible task of a shared service that is not cancelled.
      input.clientVisibleOnly ? and(eq(tasks.clientVisible, true), eq(services.visibleToClient, true), ne(services.status, 'cancelled')) : undefined,
    ));
  return row;
}

/** Locks the task row for the rest of the transaction (answers and staff edits serialise on it). */
export async function lockTask(tx: Tx, input: { firmId: string; taskId: string }) {
  await tx.execute(sql`select 1 from tasks where firm_id = ${input.firmId} and id = ${input.taskId} for update`);
}

export async function updateTask(tx: Tx, input: { firmId: string; taskId: string; version?: number; set: Partial<TaskRow> }) {
  const [row] = await tx
    .update(tasks)
    .set({ ...input.set, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
    .where(and(eq(tasks.firmId, input.firmId), eq(tasks.id, input.taskId), input.version !== undefined ? eq(tasks.version, input.version) : undefined))
    .returning();
  return row;
}

export async function nextTaskPosition(tx: Tx, input: { firmId: string; serviceId: string }) {
  const [row] = await tx.select({ max: sql<number>`coalesce(max(${tasks.position}), -1)::int` }).from(tasks).where(and(eq(tasks.firmId, input.firmId), eq(tasks.serviceId, input.serviceId)));
  return (row?.max ?? -1) + 1;
}

export async function insertQuestion(tx: Tx, row: typeof taskQuestions.$inferInsert) {
  const [inserted] = await tx.insert(taskQuestions).values(row).returning();
  if (!inserted) throw new Error('question insert returned nothing');
  return inserted;
}

export async function updateQuestion(tx: Tx, input: { firmId: string; questionId: string; set: Partial<QuestionRow> }) {
  await tx.update(taskQuestions).set(input.set).where(and(eq(taskQuestions.firmId, input.firmId), eq(taskQuestions.id, input.questionId)));
}

export async function countOpenTasks(tx: Tx, input: { firmId: string; serviceId: string }) {
  const [row] = await tx.select({ n: count() }).from(tasks).where(and(eq(tasks.firmId, input.firmId), eq(tasks.serviceId, input.serviceId), ne(tasks.status, 'completed')));
  return row?.n ?? 0;
}

export async function countWaitingTasks(tx: Tx, input: { firmId: string; serviceId: string }) {
  const [row] = await tx.select({ n: count() }).from(tasks).where(and(eq(tasks.firmId, input.firmId), eq(tasks.serviceId, input.serviceId), eq(tasks.status, 'waiting_on_client')));
  return row?.n ?? 0;
}

/** Tasks waiting on this client that the client can see (the dashboard's "Action required"). */
export async function listWaitingTasks(tx: Tx, input: { firmId: string; clientId: string }) {
  return tx
    .select({ id: tasks.id, name: tasks.name, dueDate: tasks.dueDate, serviceId: services.id, serviceName: services.name })
    .from(tasks)
    .innerJoin(services, and(eq(services.id, tasks.serviceId), eq(services.firmId, tasks.firmId)))
    .where(and(eq(tasks.firmId, input.firmId), eq(tasks.clientId, input.clientId), eq(tasks.status, 'waiting_on_client'), eq(tasks.clientVisible, true), eq(services.visibleToClient, true), eq(services.status, 'active')))
    .orderBy(sql`${tasks.dueDate} asc nulls last`, asc(tasks.name));
}

export async function staffExists(tx: Tx, input: { firmId: string; staffId: string }) {
  const [row] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.staffId), ne(staffUsers.status, 'disabled')));
  return Boolean(row);
}

/** A team member who can still act on a notice (status active), or undefined. */
export async function findActiveStaff(tx: Tx, input: { firmId: string; staffId: string }) {
  const [row] = await tx
    .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .where(and(eq(staffUsers.firmId, input.firmId), eq(staffUsers.id, input.staffId), eq(staffUsers.status, 'active')));
  return row;
}

export async function clientExists(tx: Tx, input: { firmId: string; clientId: string }) {
  const [row] = await tx.select({ id: clients.id, name: clients.name }).from(clients).where(and(eq(clients.firmId, input.firmId), eq(clients.id, input.clientId)));
  return row;
}

// ---- recurring plans

/** The new plan; undefined when the client already has an active plan for that template. */
export async function insertPlan(tx: Tx, row: typeof recurringPlans.$inferInsert) {
  const [inserted] = await tx.insert(recurringPlans).values(row).onConflictDoNothing().returning();
  return inserted;
}

/** When a plan's next service is due: its period's end less the lead days (ll_plan_period_end, migration 0004). */
const planDueOn = sql`(ll_plan_period_end(${recurringPlans.frequency}, ${recurringPlans.nextPeriodStart}) - ${recurringPlans.leadDays})`;

/**
 * Active plans of the firm whose next service is due by `today`, most overdue first, locked; a plan
 * another instance is working on is skipped. Only due plans, so plans that are not due yet can never
 * fill the limit and starve one that is.
 */
export async function claimDuePlans(tx: Tx, input: { firmId: string; today: string; limit: number }) {
  return tx
    .select()
    .from(recurringPlans)
    .where(and(eq(recurringPlans.firmId, input.firmId), eq(recurringPlans.active, true), sql`${planDueOn} <= ${input.today}::date`))
    .orderBy(planDueOn, asc(recurringPlans.id))
    .limit(input.limit)
    .for('update', { skipLocked: true });
}

export async function advancePlan(tx: Tx, input: { firmId: string; planId: string; nextPeriodStart: string }) {
  await tx.update(recurringPlans).set({ nextPeriodStart: input.nextPeriodStart }).where(and(eq(recurringPlans.firmId, input.firmId), eq(recurringPlans.id, input.planId)));
}

// ---- notices

export async function insertClientNotice(tx: Tx, row: typeof clientNotices.$inferInsert) {
  await tx.insert(clientNotices).values(row);
}

/** Pending notices of clients whose first pending notice is older than the batch window; locked for this run. */
export async function claimDueNotices(tx: Tx, input: { firmId: string; before: Date }) {
  return queryRows<{ id: string; client_id: string; task_id: string | null; event: 'task_waiting' | 'document_shared'; document_id: string | null }>(tx, sql`
    select n.id, n.client_id, n.task_id, n.event, n.document_id, n.created_at from client_notices n
    where n.firm_id = ${input.firmId} and n.sent_at is null
      and n.client_id in (select client_id from client_notices where firm_id = ${input.firmId} and sent_at is null group by client_id having min(created_at) <= ${input.before.toISOString()})
    order by n.created_at
    for update skip locked`);
}

/** How many of these documents are still shared with the client (one deleted or unshared since is not announced). */
export async function countSharedDocuments(tx: Tx, input: { firmId: string; clientId: string; documentIds: string[] }): Promise<number> {
  if (input.documentIds.length === 0) return 0;
  const [row] = await tx
    .select({ n: sql<number>`count(distinct ${documents.id})::int` })
    .from(documents)
    .where(and(eq(documents.firmId, input.firmId), eq(documents.clientId, input.clientId), inArray(documents.id, input.documentIds), eq(documents.status, 'available'), eq(documents.visibleToClient, true)));
  return Number(row?.n ?? 0);
}

export async function markNoticesSent(tx: Tx, input: { firmId: string; ids: string[]; at: Date }) {
  if (input.ids.length === 0) return;
  await tx.update(clientNotices).set({ sentAt: input.at }).where(and(eq(clientNotices.firmId, input.firmId), inArray(clientNotices.id, input.ids)));
}

export async function insertStaffNotification(tx: Tx, row: typeof staffNotifications.$inferInsert) {
  await tx.insert(staffNotifications).values(row);
}

export async function countUnreadStaffNotifications(tx: Tx, input: { firmId: string; staffUserId: string }) {
  const [row] = await tx.select({ n: count() }).from(staffNotifications).where(and(eq(staffNotifications.firmId, input.firmId), eq(staffNotifications.staffUserId, input.staffUserId), isNull(staffNotifications.readAt)));
  return row?.n ?? 0;
}

export async function listStaffNotifications(tx: Tx, input: { firmId: string; staffUserId: string }) {
  return tx.select().from(staffNotifications).where(and(eq(staffNotifications.firmId, input.firmId), eq(staffNotifications.staffUserId, input.staffUserId))).orderBy(desc(staffNotifications.createdAt)).limit(50);
}

export async function markStaffNotificationsRead(tx: Tx, input: { firmId: string; staffUserId: string; at: Date; ids?: string[] }) {
  await tx.update(staffNotifications).set({ readAt: input.at }).where(and(
    eq(staffNotifications.firmId, input.firmId), eq(staffNotifications.staffUserId, input.staffUserId), isNull(staffNotifications.readAt),
    ...(input.ids ? [inArray(staffNotifications.id, input.ids)] : []),
  ));
}

export async function listPlans(tx: Tx, input: { firmId: string; clientId: string }) {
  return tx
    .select({ plan: recurringPlans, templateName: serviceTemplates.name, assigneeName: assignee.name })
    .from(recurringPlans)
    .innerJoin(serviceTemplates, and(eq(serviceTemplates.id, recurringPlans.templateId), eq(serviceTemplates.firmId, recurringPlans.firmId)))
    .leftJoin(assignee, and(eq(assignee.id, recurringPlans.assigneeId), eq(assignee.firmId, recurringPlans.firmId)))
    .where(and(eq(recurringPlans.firmId, input.firmId), eq(recurringPlans.clientId, input.clientId)))
    .orderBy(desc(recurringPlans.active), asc(serviceTemplates.name));
}

export async function findPlan(tx: Tx, input: { firmId: string; planId: string }) {
  const [row] = await tx.select().from(recurringPlans).where(and(eq(recurringPlans.firmId, input.firmId), eq(recurringPlans.id, input.planId)));
  return row;
}

export async function updatePlan(tx: Tx, input: { firmId: string; planId: string; set: Partial<PlanRow> }) {
  const [row] = await tx.update(recurringPlans).set(input.set).where(and(eq(recurringPlans.firmId, input.firmId), eq(recurringPlans.id, input.planId))).returning();
  return row;
}
