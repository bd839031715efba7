import type { PortalDocumentDto } from '../../../contracts/documents.js';
import type { Question, ServiceSummary, Task } from '../../../contracts/work.js';
import type { QuestionRow, ServiceRow, TaskRow } from './work.repository.js';

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '') + (words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

export function person(id: string | null, name: string | null | undefined) {
  return id && name ? { id, name, initials: initials(name) } : null;
}

export function stageOf(service: ServiceRow) {
  return service.stages.find((s) => s.key === service.stageKey) ?? service.stages[0] ?? { key: service.stageKey, name: service.stageKey, clientLabel: service.stageKey };
}

export function toSummary(
  row: { service: ServiceRow; clientName: string; assigneeName: string | null; tasksDone: number; tasksTotal: number; tasksWaiting: number },
  today: string,
): ServiceSummary {
  const s = row.service;
  const stage = stageOf(s);
  return {
    id: s.id, clientId: s.clientId, clientName: row.clientName, name: s.name, templateName: s.templateName, fyLabel: s.fyLabel,
    periodStart: s.periodStart, periodEnd: s.periodEnd, dueDate: s.dueDate,
    overdue: s.status === 'active' && s.dueDate !== null && s.dueDate < today,
    status: s.status,
    // A completed service shows "Completed" to the client whatever stage it was left in.
    stageKey: stage.key, stageName: stage.name, stageClientLabel: s.status === 'completed' ? 'Completed' : stage.clientLabel,
    assignee: person(s.assigneeId, row.assigneeName), visibleToClient: s.visibleToClient,
    tasksDone: Number(row.tasksDone), tasksTotal: Number(row.tasksTotal), tasksWaitingOnClient: Number(row.tasksWaiting), version: s.version,
  };
}

/** Who is looking: a client's draft is theirs until they submit it, so staff never see it. */
export type Audience = 'staff' | 'client';

export function toQuestion(q: QuestionRow, audience: Audience): Question {
  return {
    id: q.id, taskId: q.taskId, kind: q.kind, prompt: q.prompt, choices: q.choices, required: q.required,
    answer: q.answer ?? null, draft: audience === 'client' ? (q.draft ?? null) : null, answeredAt: q.answeredAt?.toISOString() ?? null, answeredBy: q.answeredBy,
    dueDate: q.dueDate,
  };
}

export function toTask(row: { task: TaskRow; assigneeName: string | null }, questions: QuestionRow[], documents: PortalDocumentDto[], today: string, audience: Audience): Task {
  const t = row.task;
  return {
    id: t.id, serviceId: t.serviceId, name: t.name, description: t.description, status: t.status, dueDate: t.dueDate,
    overdue: t.status !== 'completed' && t.dueDate !== null && t.dueDate < today,
    assignee: person(t.assigneeId, row.assigneeName), clientVisible: t.clientVisible, position: t.position,
    questions: questions.filter((q) => q.taskId === t.id).map((q) => toQuestion(q, audience)), documents: documents.filter((d) => d.taskId === t.id), version: t.version, completedAt: t.completedAt?.toISOString() ?? null,
  };
}
