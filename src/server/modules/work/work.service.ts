import type { z } from 'zod';
import type {
  RecurringPlan, ServiceDetail, ServiceTemplate, bulkServicesBodySchema, updateRecurringPlanBodySchema, createQuestionBodySchema, createServiceBodySchema, createTaskBodySchema,
  createTemplateBodySchema, updateServiceBodySchema, updateTaskBodySchema, workListQuerySchema,
} from '../../../contracts/work.js';
import type { Tx } from '../../db/client.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorLabel, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { taskDocuments } from '../documents/index.js';
import { findFirm } from '../firms/index.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';
import { computeDueDate, nextPeriodStart, periodContaining, periodName, todayIn, type Frequency } from './periods.js';
import { taskTransitionError } from './task-status.js';
import { person, toSummary, toTask } from './work.mapping.js';
import * as repo from './work.repository.js';

async function firmToday(tx: Tx, firmId: string, now: Date): Promise<string> {
  const firm = await findFirm(tx, firmId);
  return todayIn(firm?.timeZone ?? 'Australia/Sydney', now);
}

const audit = (tx: Tx, ctx: StaffCtx, action: string, targetType: string, targetId: string, targetLabel: string, details: Record<string, unknown> = {}) =>
  recordAudit(tx, { firmId: ctx.firmId, actorKind: 'staff', actorId: ctx.actor.userId, actorLabel: actorLabel(ctx.actor), action, targetType, targetId, targetLabel, ip: ctx.ip, details });

function toTemplate(t: repo.TemplateRow): ServiceTemplate {
  return { id: t.id, name: t.name, kind: t.kind, description: t.description, recurrence: t.recurrence, dueDateRule: t.dueDateRule, stages: t.stages, tasks: t.tasks };
}

/**
 * Copies the Australian defaults into a firm that has no templates at all (archived ones count, so
 * defaults a firm retired do not come back). Whichever of the firm's first requests gets here first —
 * listing or adding a template — seeds them; racing requests find them or conflict harmlessly on the
 * (firm, name) key. The portal's Request Service options seed them the same way, so a new firm's
 * clients see its services before anyone at the firm has opened the templates.
 */
export async function ensureDefaultTemplates(tx: Tx, firmId: string) {
  if (await repo.hasAnyTemplate(tx, { firmId })) return;
  await repo.insertTemplates(tx, DEFAULT_TEMPLATES.map((d) => ({ firmId, ...d })));
}

/** The firm's templates; the Australian defaults are copied in the first time a firm looks. */
export async function listTemplates(ctx: StaffCtx): Promise<ServiceTemplate[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    await ensureDefaultTemplates(tx, ctx.firmId);
    const rows = await repo.listTemplates(tx, { firmId: ctx.firmId });
    return rows.map(toTemplate);
  });
}

export async function createTemplate(ctx: StaffCtx, body: z.output<typeof createTemplateBodySchema>): Promise<ServiceTemplate> {
  if (ctx.actor.role === 'staff') throw new AppError('FORBIDDEN', 'Only owners and admins can add service templates.');
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    await ensureDefaultTemplates(tx, ctx.firmId);
    const [row] = await repo.insertTemplates(tx, [{ firmId: ctx.firmId, kind: 'custom', ...body }]);
    if (!row) throw new AppError('CONFLICT', `A template called "${body.name}" already exists.`, { errors: [{ path: 'body.name', message: 'is already used by another template' }] });
    await audit(tx, ctx, 'template.created', 'service_template', row.id, row.name);
    return toTemplate(row);
  });
}

async function assertAssignee(tx: Tx, ctx: StaffCtx, staffId: string | null | undefined, path: string) {
  if (staffId && !(await repo.staffExists(tx, { firmId: ctx.firmId, staffId }))) {
    throw new AppError('VALIDATION', 'That team member was not found in your firm.', { errors: [{ path, message: 'is not an active member of your team' }] });
  }
}

/** Creates the service, its tasks from the template, and (when asked) the recurring plan behind it. */
export async function createService(ctx: StaffCtx, body: z.output<typeof createServiceBodySchema>): Promise<ServiceDetail> {
  const id = await ctx.db.withFirm(ctx.firmId, (tx) => createServiceIn(tx, ctx, body));
  return getService(ctx, id);
}

/**
 * createService inside the caller's transaction (a proposal's acceptance makes its services in the
 * same transaction as the acceptance, so they exist exactly when it does). Returns the service id.
 */
export async function createServiceIn(tx: Tx, ctx: StaffCtx, body: z.output<typeof createServiceBodySchema>): Promise<string> {
  {
    const client = await repo.clientExists(tx, { firmId: ctx.firmId, clientId: body.clientId });
    if (!client) throw new AppError('VALIDATION', 'That client was not found.', { errors: [{ path: 'body.clientId', message: 'is not one of your clients' }] });
    const template = await repo.findTemplate(tx, { firmId: ctx.firmId, templateId: body.templateId });
    if (!template) throw new AppError('VALIDATION', 'That service template was not found.', { errors: [{ path: 'body.templateId', message: 'is not one of your templates' }] });
    await assertAssignee(tx, ctx, body.assigneeId, 'body.assigneeId');
    if (body.recurring && template.recurrence === 'none') {
      throw new AppError('UNPROCESSABLE', `${template.name} is not a recurring service.`, { errors: [{ path: 'body.recurring', message: 'this template does not repeat' }] });
    }
    const today = await firmToday(tx, ctx.firmId, ctx.now);
    const frequency = template.recurrence === 'none' ? null : (template.recurrence as Frequency);
    let periodStart = body.periodStart ?? null;
    let periodEnd = body.periodEnd ?? null;
    if (frequency && !periodStart) periodStart = periodContaining(frequency, today).start;
    if (frequency && periodStart && !periodEnd) periodEnd = periodContaining(frequency, periodStart).end;
    if (periodStart && periodEnd && periodEnd < periodStart) {
      throw new AppError('VALIDATION', 'The period ends before it starts.', { errors: [{ path: 'body.periodEnd', message: 'must be on or after the period start' }] });
    }
    const named = periodStart ? periodName(template.name, template.recurrence, periodStart) : { name: template.name, fyLabel: null };
    const dueDate = body.dueDate ?? computeDueDate(template.dueDateRule, periodEnd, body.agentConcession);
    let planId: string | null = null;
    if (body.recurring && frequency && periodStart) {
      const plan = await repo.insertPlan(tx, {
        firmId: ctx.firmId, clientId: body.clientId, templateId: template.id, frequency, agentConcession: body.agentConcession,
        assigneeId: body.assigneeId ?? null, visibleToClient: body.visibleToClient, nextPeriodStart: nextPeriodStart(frequency, periodStart),
      });
      if (!plan) {
        throw new AppError('CONFLICT', `${client.name} already repeats ${template.name}; each period’s service is created automatically. Create this one without repeating it.`, {
          errors: [{ path: 'body.recurring', message: 'this client already has this service repeating' }],
        });
      }
      planId = plan.id;
    }
    const service = await insertServiceWithTasks(tx, {
      firmId: ctx.firmId, clientId: body.clientId, template, name: body.name ?? named.name, fyLabel: named.fyLabel, periodStart, periodEnd, dueDate,
      assigneeId: body.assigneeId ?? null, visibleToClient: body.visibleToClient, recurringPlanId: planId,
    });
    if (!service) throw new AppError('CONFLICT', 'That period’s service already exists.');
    await audit(tx, ctx, 'service.created', 'service', service.id, `${service.name} — ${client.name}`, { recurring: Boolean(planId) });
    return service.id;
  }
}

/** Inserts a service and its template tasks; undefined when the (plan, period) service already exists. */
export async function insertServiceWithTasks(
  tx: Tx,
  input: { firmId: string; clientId: string; template: repo.TemplateRow; name: string; fyLabel: string | null; periodStart: string | null; periodEnd: string | null; dueDate: string | null; assigneeId: string | null; visibleToClient: boolean; recurringPlanId: string | null },
) {
  const firstStage = input.template.stages[0];
  if (!firstStage) throw new AppError('UNPROCESSABLE', 'The template has no stages.');
  const service = await repo.insertService(tx, {
    firmId: input.firmId, clientId: input.clientId, templateId: input.template.id, templateName: input.template.name, name: input.name,
    periodStart: input.periodStart, periodEnd: input.periodEnd, fyLabel: input.fyLabel, dueDate: input.dueDate, dueDateRule: input.template.dueDateRule,
    stages: input.template.stages, stageKey: firstStage.key, assigneeId: input.assigneeId, visibleToClient: input.visibleToClient, recurringPlanId: input.recurringPlanId,
  });
  if (!service) return undefined;
  await repo.insertTasks(tx, input.template.tasks.map((t, i) => ({
    firmId: input.firmId, clientId: input.clientId, serviceId: service.id, name: t.name, description: t.description, clientVisible: t.clientVisible, position: i, assigneeId: input.assigneeId,
  })));
  return service;
}

/** One service with every task (internal ones too) and their questions. */
export async function getService(ctx: StaffCtx, serviceId: string): Promise<ServiceDetail> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const today = await firmToday(tx, ctx.firmId, ctx.now);
    const { items } = await repo.listServiceSummaries(tx, { firmId: ctx.firmId, ids: [serviceId] }, 'due', 1, 1);
    const row = items[0];
    if (!row) throw notFound('That service');
    const taskRows = await repo.listTasks(tx, { firmId: ctx.firmId, serviceId, clientVisibleOnly: false });
    const taskIds = taskRows.map((t) => t.task.id);
    const questions = await repo.listQuestionsForTasks(tx, { firmId: ctx.firmId, taskIds });
    const documents = await taskDocuments(tx, { firmId: ctx.firmId, taskIds, clientView: false });
    return {
      ...toSummary(row, today), stages: row.service.stages, recurringPlanId: row.service.recurringPlanId, dueDateRule: row.service.dueDateRule,
      tasks: taskRows.map((t) => toTask(t, questions, documents, today, 'staff')),
    };
  });
}

/** The work list across clients: filtered, sorted, paginated, in a constant number of queries. */
export async function listWork(ctx: StaffCtx, q: z.output<typeof workListQuerySchema>) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const today = await firmToday(tx, ctx.firmId, ctx.now);
    const { items, total } = await repo.listServiceSummaries(
      tx,
      { firmId: ctx.firmId, clientId: q.clientId, status: q.status, stageKey: q.stageKey, assigneeId: q.assigneeId, dueFrom: q.dueFrom, dueTo: q.dueTo, overdue: q.overdue, today, waitingOnClient: q.waitingOnClient },
      q.sort, q.page, q.pageSize,
    );
    return { items: items.map((r) => toSummary(r, today)), total, page: q.page, pageSize: q.pageSize };
  });
}

function serviceStatusError(service: repo.ServiceRow, to: repo.ServiceRow['status'], openTasks: number): string | null {
  if (service.status === to) return null;
  if (to === 'completed' && service.status !== 'active') return 'Only an active service can be completed.';
  if (to === 'completed' && openTasks > 0) return `${openTasks} task${openTasks === 1 ? ' is' : 's are'} not completed yet. Complete or remove them first.`;
  return null; // active ⇄ cancelled, completed → active (reopen)
}

/** Edits a service (stage, due date, assignee, visibility, status) with optimistic concurrency. */
export async function updateService(ctx: StaffCtx, serviceId: string, body: z.output<typeof updateServiceBodySchema>): Promise<ServiceDetail> {
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const service = await repo.findService(tx, { firmId: ctx.firmId, serviceId });
    if (!service) throw notFound('That service');
    if (service.version !== body.version) throw new AppError('STALE_VERSION', 'Someone else changed this service after you opened it. Reload to see their changes, then try again.');
    await assertAssignee(tx, ctx, body.assigneeId, 'body.assigneeId');
    const status = body.status ?? service.status;
    const why = serviceStatusError(service, status, status === 'completed' ? await repo.countOpenTasks(tx, { firmId: ctx.firmId, serviceId }) : 0);
    if (why) throw new AppError('CONFLICT', why);
    if (body.visibleToClient === false && service.visibleToClient) {
      // Like hiding a waiting task: the client would be left with something to do that they cannot see.
      const waiting = await repo.countWaitingTasks(tx, { firmId: ctx.firmId, serviceId });
      if (waiting > 0) throw new AppError('CONFLICT', `${waiting} task${waiting === 1 ? ' is' : 's are'} waiting on the client; move ${waiting === 1 ? 'it' : 'them'} to In Progress before hiding this service from them.`);
    }
    if (body.stageKey !== undefined) {
      if (!service.stages.some((s) => s.key === body.stageKey)) throw new AppError('VALIDATION', 'That stage is not part of this service’s workflow.', { errors: [{ path: 'body.stageKey', message: `must be one of ${service.stages.map((s) => s.key).join(', ')}` }] });
      // A stage can change on an active service, or together with completing/reopening it; not on a closed one.
      if (status !== 'active' && service.status !== 'active') throw new AppError('CONFLICT', `The service is ${service.status}; reopen it before changing its stage.`);
    }
    const { version: _v, ...set } = body;
    const updated = await repo.updateService(tx, {
      firmId: ctx.firmId, serviceId, version: body.version,
      set: { ...set, ...(body.status === 'completed' && service.status !== 'completed' ? { completedAt: ctx.now } : body.status && body.status !== 'completed' ? { completedAt: null } : {}) },
    });
    if (!updated) throw new AppError('STALE_VERSION', 'Someone else changed this service after you opened it. Reload to see their changes, then try again.');
    await audit(tx, ctx, 'service.updated', 'service', serviceId, service.name, { fields: Object.keys(set) });
  });
  return getService(ctx, serviceId);
}

/** Bulk assign or change stage: every id is checked first; one bad id changes nothing. */
export async function bulkUpdateServices(ctx: StaffCtx, body: z.output<typeof bulkServicesBodySchema>) {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    // uuids are case-insensitive: the same service in capitals is still one service, updated once.
    const ids = [...new Set(body.serviceIds.map((id) => id.toLowerCase()))];
    await assertAssignee(tx, ctx, body.assigneeId, 'body.assigneeId');
    const rows: (repo.ServiceRow | undefined)[] = [];
    for (const id of ids) rows.push(await repo.findService(tx, { firmId: ctx.firmId, serviceId: id }));
    const missing = ids.filter((_, i) => !rows[i]);
    if (missing.length > 0) throw new AppError('NOT_FOUND', `${missing.length} of the selected services were not found. Nothing was changed.`);
    const found = rows.filter((r): r is repo.ServiceRow => Boolean(r));
    if (body.stageKey !== undefined) {
      const misfits = found.filter((s) => s.status !== 'active' || !s.stages.some((st) => st.key === body.stageKey));
      if (misfits.length > 0) throw new AppError('CONFLICT', `That stage does not apply to ${misfits.map((s) => s.name).slice(0, 5).join(', ')}${misfits.length > 5 ? '…' : ''} (not active, or a different workflow). Nothing was changed.`);
    }
    for (const s of found) {
      await repo.updateService(tx, { firmId: ctx.firmId, serviceId: s.id, set: { ...(body.assigneeId !== undefined ? { assigneeId: body.assigneeId } : {}), ...(body.stageKey !== undefined ? { stageKey: body.stageKey } : {}) } });
    }
    await audit(tx, ctx, 'service.bulk_updated', 'service', ids.join(',').slice(0, 200), `${ids.length} services`, { assigneeId: body.assigneeId, stageKey: body.stageKey });
    return { updated: found.length };
  });
}

export async function createTask(ctx: StaffCtx, serviceId: string, body: z.output<typeof createTaskBodySchema>): Promise<ServiceDetail> {
  await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const service = await repo.findService(tx, { firmId: ctx.firmId, serviceId });
    if (!service) throw notFound('That service');
    await assertAssignee(tx, ctx, body.assigneeId, 'body.assigneeId');
    const position = await repo.nextTaskPosition(tx, { firmId: ctx.firmId, serviceId });
    const [task] = await repo.insertTasks(tx, [{ firmId: ctx.firmId, clientId: service.clientId, serviceId, name: body.name, description: body.description, dueDate: body.dueDate ?? null, assigneeId: body.assigneeId ?? service.assigneeId, clientVisible: body.clientVisible, position }]);
    if (task) await audit(tx, ctx, 'task.created', 'task', task.id, task.name);
  });
  return getService(ctx, serviceId);
}

/**
 * Why a task of this service cannot wait on the client, or null. The client only sees (and can only
 * answer on) active services shared with them, so a task anywhere else would wait for ever.
 */
function serviceWaitingError(service: repo.ServiceRow): string | null {
  if (!service.visibleToClient) return 'This service is hidden from the client, so they cannot see or answer this task. Make the service visible to the client first.';
  if (service.status !== 'active') return `This service is ${service.status}, so the client cannot answer on it. Reopen the service first.`;
  return null;
}

/** Moves a task into Waiting on You: the client's people get one batched e-mail (client_notices). */
async function enterWaiting(tx: Tx, ctx: { firmId: string }, task: repo.TaskRow) {
  await repo.insertClientNotice(tx, { firmId: ctx.firmId, clientId: task.clientId, event: 'task_waiting', taskId: task.id });
}

/** Edits a task; status changes follow the task state machine; a stale version is 409. */
export async function updateTask(ctx: StaffCtx, taskId: string, body: z.output<typeof updateTaskBodySchema>): Promise<ServiceDetail> {
  const serviceId = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    const found = await repo.findTask(tx, { firmId: ctx.firmId, taskId });
    if (!found) throw notFound('That task');
    const { task, service } = found;
    if (task.version !== body.version) throw new AppError('STALE_VERSION', 'Someone else changed this task after you opened it. Reload to see their changes, then try again.');
    await assertAssignee(tx, ctx, body.assigneeId, 'body.assigneeId');
    const to = body.status ?? task.status;
    const why = taskTransitionError(task.status, to, { clientVisible: body.clientVisible ?? task.clientVisible }) ?? (to === 'waiting_on_client' && task.status !== 'waiting_on_client' ? serviceWaitingError(service) : null);
    if (why) throw new AppError('CONFLICT', why);
    if (body.clientVisible === false && task.status === 'waiting_on_client' && to === 'waiting_on_client') {
      throw new AppError('CONFLICT', 'This task is waiting on the client; move it to In Progress before hiding it from them.');
    }
    const { version, ...set } = body;
    const updated = await repo.updateTask(tx, { firmId: ctx.firmId, taskId, version, set: { ...set, ...(to === 'completed' && task.status !== 'completed' ? { completedAt: ctx.now } : to !== 'completed' ? { completedAt: null } : {}) } });
    if (!updated) throw new AppError('STALE_VERSION', 'Someone else changed this task after you opened it. Reload to see their changes, then try again.');
    if (to === 'waiting_on_client' && task.status !== 'waiting_on_client') await enterWaiting(tx, ctx, updated);
    await audit(tx, ctx, 'task.updated', 'task', taskId, task.name, { fields: Object.keys(set), ...(body.status ? { from: task.status, to } : {}) });
    return task.serviceId;
  });
  return getService(ctx, serviceId);
}

/** Asks the client a question on a task; the task then waits on the client. */
export async function addQuestion(ctx: StaffCtx, taskId: string, body: z.output<typeof createQuestionBodySchema>): Promise<ServiceDetail> {
  const serviceId = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    await repo.lockTask(tx, { firmId: ctx.firmId, taskId });
    const found = await repo.findTask(tx, { firmId: ctx.firmId, taskId });
    if (!found) throw notFound('That task');
    const { task, service } = found;
    if (!task.clientVisible) throw new AppError('CONFLICT', 'This task is internal, so the client cannot see a question on it. Make the task visible to the client first.');
    if (task.status === 'completed') throw new AppError('CONFLICT', 'This task is completed. Reopen it before asking the client something.');
    const hidden = serviceWaitingError(service);
    if (hidden) throw new AppError('CONFLICT', hidden);
    const questions = await repo.listQuestionsForTasks(tx, { firmId: ctx.firmId, taskIds: [taskId] });
    if (questions.length >= 50) throw new AppError('UNPROCESSABLE', 'A task can hold at most 50 questions.');
    const q = await repo.insertQuestion(tx, { firmId: ctx.firmId, clientId: task.clientId, taskId, kind: body.kind, prompt: body.prompt, choices: body.kind === 'choice' ? body.choices : [], required: body.required, dueDate: body.kind === 'upload' ? (body.dueDate ?? null) : null, position: questions.length });
    if (task.status !== 'waiting_on_client') {
      const updated = await repo.updateTask(tx, { firmId: ctx.firmId, taskId, set: { status: 'waiting_on_client', completedAt: null } });
      if (updated) await enterWaiting(tx, ctx, updated);
    }
    await audit(tx, ctx, 'question.asked', 'task', taskId, task.name, { questionId: q.id, kind: q.kind });
    return task.serviceId;
  });
  return getService(ctx, serviceId);
}

/** The caller's newest 50 notices, and how many of all their notices are unread (the bell count). */
export async function listNotifications(ctx: StaffCtx) {
  const { rows, unread } = await ctx.db.withFirm(ctx.firmId, async (tx) => ({
    rows: await repo.listStaffNotifications(tx, { firmId: ctx.firmId, staffUserId: ctx.actor.userId }),
    unread: await repo.countUnreadStaffNotifications(tx, { firmId: ctx.firmId, staffUserId: ctx.actor.userId }),
  }));
  return {
    unread,
    items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, link: r.link, read: Boolean(r.readAt), createdAt: r.createdAt.toISOString() })),
  };
}

export async function markNotificationsRead(ctx: StaffCtx, ids?: string[]) {
  await ctx.db.withFirm(ctx.firmId, (tx) => repo.markStaffNotificationsRead(tx, { firmId: ctx.firmId, staffUserId: ctx.actor.userId, at: ctx.now, ids }));
  return listNotifications(ctx);
}

function toPlan(r: Awaited<ReturnType<typeof repo.listPlans>>[number]): RecurringPlan {
  const p = r.plan;
  return {
    id: p.id, clientId: p.clientId, templateId: p.templateId, templateName: r.templateName, frequency: p.frequency, nextPeriodStart: p.nextPeriodStart,
    agentConcession: p.agentConcession, assignee: person(p.assigneeId, r.assigneeName), visibleToClient: p.visibleToClient, active: p.active,
  };
}

/** A client's recurring services, active first. */
export async function listRecurringPlans(ctx: StaffCtx, clientId: string): Promise<RecurringPlan[]> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    if (!(await repo.clientExists(tx, { firmId: ctx.firmId, clientId }))) throw notFound('That client');
    return (await repo.listPlans(tx, { firmId: ctx.firmId, clientId })).map(toPlan);
  });
}

/**
 * Stops or resumes a recurring service, or changes who future periods go to. Resuming starts from
 * the current period (it never back-fills the periods it was stopped for).
 */
export async function updateRecurringPlan(ctx: StaffCtx, planId: string, body: z.output<typeof updateRecurringPlanBodySchema>): Promise<RecurringPlan> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const plan = await repo.findPlan(tx, { firmId: ctx.firmId, planId });
    if (!plan) throw notFound('That recurring service');
    await assertAssignee(tx, ctx, body.assigneeId, 'body.assigneeId');
    const set: Partial<repo.PlanRow> = { ...body };
    if (body.active === true && !plan.active) {
      const current = periodContaining(plan.frequency, await firmToday(tx, ctx.firmId, ctx.now)).start;
      if (plan.nextPeriodStart < current) set.nextPeriodStart = current;
      const others = (await repo.listPlans(tx, { firmId: ctx.firmId, clientId: plan.clientId })).filter((r) => r.plan.active && r.plan.templateId === plan.templateId);
      if (others.length > 0) throw new AppError('CONFLICT', 'This client already has an active recurring service from the same template. Stop that one first.');
    }
    const updated = await repo.updatePlan(tx, { firmId: ctx.firmId, planId, set });
    if (!updated) throw notFound('That recurring service');
    await audit(tx, ctx, body.active === false ? 'recurring.stopped' : body.active === true ? 'recurring.resumed' : 'recurring.updated', 'recurring_plan', planId, plan.frequency, { fields: Object.keys(body) });
    const [row] = (await repo.listPlans(tx, { firmId: ctx.firmId, clientId: plan.clientId })).filter((r) => r.plan.id === planId);
    if (!row) throw notFound('That recurring service');
    return toPlan(row);
  });
}
