import type { TaskStatus } from '../../../../contracts/work';
import type { BadgeTone } from '../../../components/Badge';

export const UPLOAD_SOON = 'Upload arrives soon — your accountant will tell you how to send this document';

export const clientTaskStatusTones: Record<TaskStatus, BadgeTone> = {
  not_started: 'neutral',
  in_progress: 'info',
  waiting_on_client: 'warning',
  completed: 'success',
};
