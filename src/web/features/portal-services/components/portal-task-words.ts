import type { TaskStatus } from '../../../../contracts/work';
import type { BadgeTone } from '../../../components/Badge';

export const clientTaskStatusTones: Record<TaskStatus, BadgeTone> = {
  not_started: 'neutral',
  in_progress: 'info',
  waiting_on_client: 'warning',
  completed: 'success',
};
