import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { type acceptServiceRequestBodySchema, serviceRequestSchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { staffServiceRequestUrl } from './keys';
import { refetchAfterConflict, setServiceRequest } from './set-service-request';

export type AcceptServiceRequestBody = z.input<typeof acceptServiceRequestBodySchema>;

/** Turn the request into a service from a template; 409 when it was decided meanwhile or changed since it was loaded. */
export function useAcceptServiceRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptServiceRequestBody) => apiRequest(`${staffServiceRequestUrl(id)}/accept`, { method: 'POST', body, schema: serviceRequestSchema }),
    onError: (error) => refetchAfterConflict(queryClient, id, error),
    onSuccess: (request) => {
      setServiceRequest(queryClient, request);
      // The new service joins the work lists (the work feature's queries, by key prefix).
      void queryClient.invalidateQueries({ queryKey: ['work', 'list'] });
    },
  });
}
