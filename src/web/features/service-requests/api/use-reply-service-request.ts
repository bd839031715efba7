import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceRequestSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { staffServiceRequestUrl } from './keys';
import { refetchAfterConflict, setServiceRequest } from './set-service-request';

/** Staff answer the client: the reply goes in a message thread about the request (started by the first one); the request is then In discussion. */
export function useReplyServiceRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; body: string }) => apiRequest(`${staffServiceRequestUrl(id)}/reply`, { method: 'POST', body, schema: serviceRequestSchema }),
    onError: (error) => refetchAfterConflict(queryClient, id, error),
    onSuccess: (request) => {
      setServiceRequest(queryClient, request);
      // The thread is the messages feature's: its lists, by key prefix (features do not import each other).
      void queryClient.invalidateQueries({ queryKey: ['messages'] });
    },
  });
}
