import { useMutation, useQueryClient } from '@tanstack/react-query';
import { serviceRequestSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { staffServiceRequestUrl } from './keys';
import { refetchAfterConflict, setServiceRequest } from './set-service-request';

/** Decline with a reason the client is told; 409 when it was decided meanwhile or changed since it was loaded. */
export function useDeclineServiceRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; reason: string }) => apiRequest(`${staffServiceRequestUrl(id)}/decline`, { method: 'POST', body, schema: serviceRequestSchema }),
    onError: (error) => refetchAfterConflict(queryClient, id, error),
    onSuccess: (request) => setServiceRequest(queryClient, request),
  });
}
