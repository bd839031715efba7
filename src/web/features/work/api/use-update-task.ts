import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { serviceDetailSchema, type updateTaskBodySchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { setService } from './set-service';

export type UpdateTaskBody = z.input<typeof updateTaskBodySchema>;

/** PATCH a task with its version; impossible status moves and stale versions answer 409 with why. */
export function useUpdateTask(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTaskBody) =>
      apiRequest(`/api/staff/tasks/${encodeURIComponent(taskId)}`, { method: 'PATCH', body, schema: serviceDetailSchema }),
    onSuccess: (service) => setService(queryClient, service),
  });
}
