import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type AnswerBody, serviceDetailSchema } from '../../../../contracts/work';
import { apiRequest } from '../../../lib/api-client';
import { portalServiceKey } from './use-portal-service';

/** Save the answers on one task as a draft (`submit: false`) or send them (`submit: true`). */
export function useAnswerQuestions(slug: string, taskId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AnswerBody) =>
      apiRequest(`/api/portal/${encodeURIComponent(slug)}/tasks/${encodeURIComponent(taskId)}/answers`, { method: 'POST', body, schema: serviceDetailSchema }),
    onSuccess: (service) => {
      queryClient.setQueryData(portalServiceKey(slug, service.id), service);
      // The dashboard's Action required and progress change with a submission.
      void queryClient.invalidateQueries({ queryKey: ['portal', slug, 'dashboard'] });
    },
  });
}
