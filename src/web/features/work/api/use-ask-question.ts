import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type createQuestionBodySchema, serviceDetailSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { setService } from './set-service';

export type CreateQuestionBody = z.input<typeof createQuestionBodySchema>;

/** Ask the client a question on a task; the task then waits on the client. */
export function useAskQuestion(taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateQuestionBody) =>
      apiRequest(`/api/staff/tasks/${encodeURIComponent(taskId)}/questions`, { method: 'POST', body, schema: serviceDetailSchema }),
    onSuccess: (service) => setService(queryClient, service),
  });
}
