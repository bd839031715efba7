import type { z } from 'zod';
import type { AnswerBody, ServiceDetail, portalDashboardV2Schema } from '../../../contracts/work.js';
import { AppError, notFound } from '../../platform/errors.js';
import { enqueueEmail } from '../../platform/mail/outbox.js';
import { staffUrl } from '../../platform/http/urls.js';
import { renderEmail } from '../../platform/mail/template.js';
import { actorLabel, type ClientCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import { emailBranding, findFirm } from '../firms/index.js';
import { taskDocuments } from '../documents/index.js';
import { todayIn } from './periods.js';
import { toSummary, toTask } from './work.mapping.js';
import * as repo from './work.repository.js';

type Dashboard = z.infer<typeof portalDashboardV2Schema>;

/**
 * The client's dashboard: what is waiting on them, then every service they may see. Internal tasks
 * never count anywhere here. Constant number of queries however many services there are.
 */
export async function getDashboard(ctx: ClientCtx): Promise<Dashboard> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const firm = await findFirm(tx, ctx.firmId);
    const today = todayIn(firm?.timeZone ?? 'Australia/Sydney', ctx.now);
    const client = await repo.clientExists(tx, { firmId: ctx.firmId, clientId: ctx.actor.clientId });
    if (!client) throw notFound('Your client record');
    const waiting = await repo.listWaitingTasks(tx, { firmId: ctx.firmId, clientId: ctx.actor.clientId });
    const { items } = await repo.listServiceSummaries(tx, { firmId: ctx.firmId, clientId: ctx.actor.clientId, clientView: true }, 'due', 1, 500);
    return {
      client,
      greetingName: ctx.actor.name.split(' ')[0] ?? ctx.actor.name,
      actionRequired: { count: waiting.length, tasks: waiting },
      services: items.map((r) => {
        const { clientId: _c, clientName: _n, visibleToClient: _v, version: _ver, templateName: _t, ...rest } = toSummary(r, today);
        return rest;
      }),
    };
  });
}

/** A service as its client sees it: only client-visible tasks; someone else's or a hidden service is 404. */
export async function getServiceForClient(ctx: ClientCtx, serviceId: string): Promise<ServiceDetail> {
  return ctx.db.withFirm(ctx.firmId, async (tx) => {
    const firm = await findFirm(tx, ctx.firmId);
    const today = todayIn(firm?.timeZone ?? 'Australia/Sydney', ctx.now);
    const { items } = await repo.listServiceSummaries(tx, { firmId: ctx.firmId, clientId: ctx.actor.clientId, clientView: true, ids: [serviceId] }, 'due', 1, 1);
    const row = items[0];
    if (!row) throw notFound('That service');
    const taskRows = await repo.listTasks(tx, { firmId: ctx.firmId, serviceId, clientVisibleOnly: true });
    const taskIds = taskRows.map((t) => t.task.id);
    const questions = await repo.listQuestionsForTasks(tx, { firmId: ctx.firmId, taskIds });
    const documents = await taskDocuments(tx, { firmId: ctx.firmId, taskIds, clientView: true });
    return { ...toSummary(row, today), stages: row.service.stages, recurringPlanId: null, dueDateRule: row.service.dueDateRule, tasks: taskRows.map((t) => toTask(t, questions, documents, today, 'client')) };
  });
}

function checkValue(q: repo.QuestionRow, value: AnswerBody['answers'][number]['value']): string | null {
  if (value === null) return null;
  switch (q.kind) {
    case 'text':
      return typeof value === 'string' && value.trim().length > 0 ? null : 'needs a written answer';
    case 'yes_no':
      return typeof value === 'boolean' ? null : 'needs Yes or No';
    case 'choice':
      return typeof value === 'string' && q.choices.includes(value) ? null : `must be one of: ${q.choices.join(', ')}`;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) ? null : 'must be a date';
    case 'amount':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? null : 'must be an amount in cents, 0 or more';
    case 'upload':
      return 'is a document request: use its Upload button in the task’s documents section';
  }
}

/**
 * Saves the client's answers as a draft, or submits them. When every required question of a task
 * waiting on the client has an answer, the task moves to In Progress and its assignee is told.
 */
export async function answerQuestions(ctx: ClientCtx, taskId: string, body: AnswerBody): Promise<ServiceDetail> {
  const serviceId = await ctx.db.withFirm(ctx.firmId, async (tx) => {
    await repo.lockTask(tx, { firmId: ctx.firmId, taskId });
    const found = await repo.findTask(tx, { firmId: ctx.firmId, taskId, clientId: ctx.actor.clientId, clientVisibleOnly: true });
    if (!found) throw notFound('That task');
    const { task, service } = found;
    if (task.status !== 'waiting_on_client') throw new AppError('CONFLICT', 'This task is no longer waiting on you, so its answers cannot be changed. Send your accountant a message if something has changed.');
    const questions = await repo.listQuestionsForTasks(tx, { firmId: ctx.firmId, taskIds: [taskId] });
    const byId = new Map(questions.map((q) => [q.id, q]));
    const errors: { path: string; message: string }[] = [];
    body.answers.forEach((a, i) => {
      const q = byId.get(a.questionId);
      if (!q) errors.push({ path: `body.answers.${i}.questionId`, message: 'is not a question on this task' });
      else {
        const why = checkValue(q, a.value);
        if (why) errors.push({ path: `body.answers.${i}.value`, message: `${q.prompt.slice(0, 80)}: ${why}` });
      }
    });
    if (errors.length > 0) throw new AppError('VALIDATION', errors.map((e) => e.message).join('; '), { errors });
    const answers = new Map(body.answers.map((a) => [a.questionId, a.value]));
    if (body.submit) {
      const missing = questions.filter((q) => q.required && q.kind !== 'upload' && (answers.has(q.id) ? answers.get(q.id) === null : q.answer === null));
      if (missing.length > 0) {
        throw new AppError('UNPROCESSABLE', `Please answer every required question before you submit (${missing.length} still to answer).`, {
          errors: missing.map((q) => ({ path: `question.${q.id}`, message: `${q.prompt.slice(0, 80)} is required` })),
        });
      }
    }
    for (const [questionId, value] of answers) {
      await repo.updateQuestion(tx, {
        firmId: ctx.firmId, questionId,
        set: body.submit ? { answer: value, draft: null, answeredAt: value === null ? null : ctx.now, answeredBy: value === null ? null : ctx.actor.portalUserId } : { draft: value },
      });
    }
    await recordAudit(tx, { firmId: ctx.firmId, actorKind: 'portal', actorId: ctx.actor.portalUserId, actorLabel: actorLabel(ctx.actor), action: body.submit ? 'answers.submitted' : 'answers.draft_saved', targetType: 'task', targetId: taskId, targetLabel: task.name, ip: ctx.ip, details: { questions: answers.size } });
    if (body.submit) {
      // Document requests are fulfilled by uploading (document-requests.ts); one still open keeps the task waiting.
      const stillOpen = questions.filter((q) => q.required && (answers.has(q.id) ? answers.get(q.id) === null : q.answer === null));
      if (stillOpen.length === 0) {
        await repo.updateTask(tx, { firmId: ctx.firmId, taskId, set: { status: 'in_progress' } });
        await notifyAssignee(tx, ctx, task, service);
      }
    }
    return task.serviceId;
  });
  return getServiceForClient(ctx, serviceId);
}

async function notifyAssignee(tx: Parameters<typeof repo.findTask>[0], ctx: ClientCtx, task: repo.TaskRow, service: repo.ServiceRow) {
  // Only an active team member hears about it: someone who has left (disabled) must not keep getting
  // client news at their old address, so the service's assignee stands in for the task's.
  let staff: Awaited<ReturnType<typeof repo.findActiveStaff>>;
  for (const staffId of [task.assigneeId, service.assigneeId]) {
    if (!staff && staffId) staff = await repo.findActiveStaff(tx, { firmId: ctx.firmId, staffId });
  }
  const firm = await findFirm(tx, ctx.firmId);
  if (!staff || !firm) return;
  const link = `/app/services/${service.id}`;
  const title = `${ctx.actor.name} answered the questions on “${task.name}” (${service.name})`;
  await repo.insertStaffNotification(tx, { firmId: ctx.firmId, staffUserId: staff.id, kind: 'answers_submitted', title, link });
  const email = renderEmail(emailBranding(ctx.config, firm), {
    subject: `Answers received: ${task.name}`,
    heading: 'A client answered your questions',
    paragraphs: [`${ctx.actor.name} answered the questions on “${task.name}” in ${service.name}. The task is back In Progress.`],
    button: { label: 'Open the service', url: staffUrl(ctx.config, `/services/${service.id}`) },
  });
  await enqueueEmail(tx, { firmId: ctx.firmId, clientId: null, idempotencyKey: `answers:${task.id}:${ctx.now.getTime()}`, kind: 'answers_submitted', to: staff.email, ...email,
    optional: { userKind: 'staff', userId: staff.id, event: 'answers_submitted', appBaseUrl: ctx.config.appBaseUrl },
  });
}
