import type { QuestionKind, ServiceSummary, TaskStatus } from '../../../../contracts/work';
import { staffTaskStatusLabels, taskStatuses } from '../../../../contracts/work';
import type { BadgeTone } from '../../../components/Badge';
import type { SelectOption } from '../../../components/Select';

export const taskStatusTones: Record<TaskStatus, BadgeTone> = {
  not_started: 'neutral',
  in_progress: 'info',
  waiting_on_client: 'warning',
  completed: 'success',
};

export const taskStatusOptions: SelectOption<TaskStatus>[] = taskStatuses.map((s) => ({ id: s, label: staffTaskStatusLabels[s] }));

export const serviceStatusLabels: Record<ServiceSummary['status'], { label: string; tone: BadgeTone }> = {
  active: { label: 'Active', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
};

export const questionKindLabels: Record<QuestionKind, string> = {
  text: 'Free text',
  yes_no: 'Yes/No',
  choice: 'Choice',
  date: 'Date',
  amount: 'Amount',
  upload: 'Please upload',
};

/** "3 of 5 tasks" (the tasks the progress counts: every task, internal ones too, on the staff side). */
export function progressText(done: number, total: number): string {
  if (total === 0) return 'No tasks';
  return `${done} of ${total} ${total === 1 ? 'task' : 'tasks'}`;
}
