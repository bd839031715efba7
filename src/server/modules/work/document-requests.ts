import type { Tx } from '../../db/client.js';
import { actorLabel, type ClientCtx, type StaffCtx } from '../../platform/tenancy/context.js';
import { recordAudit } from '../audit/index.js';
import * as repo from './work.repository.js';

/**
 * A document request ("Please upload" question) is fulfilled by uploading against it, or opened
 * again (fileName null) when its last version is deleted. Fulfilling the last open required item of
 * a task waiting on the client moves it to In Progress — the same rule as answering questions.
 * Locks the task, so racing uploads to one request serialise here.
 */
export async function completeRequest(tx: Tx, ctx: StaffCtx | ClientCtx, s: { taskId: string; requestId: string; fileName: string | null }): Promise<{ movedToInProgress: boolean }> {
  await repo.lockTask(tx, { firmId: ctx.firmId, taskId: s.taskId });
  const found = await repo.findTask(tx, { firmId: ctx.firmId, taskId: s.taskId });
  if (!found) return { movedToInProgress: false };
  await repo.updateQuestion(tx, {
    firmId: ctx.firmId, questionId: s.requestId,
    set: s.fileName === null
      ? { answer: null, answeredAt: null, answeredBy: null }
      : { answer: s.fileName, answeredAt: ctx.now, answeredBy: ctx.actor.kind === 'client' ? ctx.actor.portalUserId : null },
  });
  if (s.fileName === null || found.task.status !== 'waiting_on_client') return { movedToInProgress: false };
  const questions = await repo.listQuestionsForTasks(tx, { firmId: ctx.firmId, taskIds: [s.taskId] });
  if (questions.some((q) => q.required && q.id !== s.requestId && q.answer === null)) return { movedToInProgress: false };
  await repo.updateTask(tx, { firmId: ctx.firmId, taskId: s.taskId, set: { status: 'in_progress' } });
  await recordAudit(tx, {
    firmId: ctx.firmId, actorKind: ctx.actor.kind === 'staff' ? 'staff' : 'portal', actorId: ctx.actor.kind === 'staff' ? ctx.actor.userId : ctx.actor.portalUserId,
    actorLabel: actorLabel(ctx.actor), action: 'task.updated', targetType: 'task', targetId: s.taskId, targetLabel: found.task.name, ip: ctx.ip,
    details: { from: 'waiting_on_client', to: 'in_progress', reason: 'last document request fulfilled' },
  });
  return { movedToInProgress: true };
}

/** The client hears (batched, per their preference) that the firm shared a document. */
export async function shareWithClient(tx: Tx, s: { firmId: string; clientId: string; documentId: string }): Promise<void> {
  await repo.insertClientNotice(tx, { firmId: s.firmId, clientId: s.clientId, event: 'document_shared', documentId: s.documentId });
}
