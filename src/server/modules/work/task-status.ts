import type { TaskStatus } from '../../../contracts/work.js';
import { staffTaskStatusLabels } from '../../../contracts/work.js';

/**
 * The task state machine. Waiting on the client is left by the client's answers (→ In Progress) or by
 * staff; a completed task can only be reopened (→ In Progress).
 */
const allowed: Record<TaskStatus, TaskStatus[]> = {
  not_started: ['in_progress', 'waiting_on_client', 'completed'],
  in_progress: ['not_started', 'waiting_on_client', 'completed'],
  waiting_on_client: ['in_progress', 'completed'],
  completed: ['in_progress'],
};

/** null when allowed, else a sentence saying why not. */
export function taskTransitionError(from: TaskStatus, to: TaskStatus, ctx: { clientVisible: boolean }): string | null {
  if (from === to) return null;
  if (to === 'waiting_on_client' && !ctx.clientVisible) {
    return 'An internal task cannot wait on the client: the client cannot see it. Make it visible to the client first.';
  }
  if (!allowed[from].includes(to)) {
    return `A task that is ${staffTaskStatusLabels[from]} cannot move to ${staffTaskStatusLabels[to]}. Allowed: ${allowed[from].map((s) => staffTaskStatusLabels[s]).join(', ')}.`;
  }
  return null;
}
