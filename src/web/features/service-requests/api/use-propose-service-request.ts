import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { proposalFromRequestBodySchema } from '../../../../contracts/proposals';
import { proposeServiceRequestReplySchema } from '../../../../contracts/service-requests';
import { apiRequest } from '../../../lib/api-client';
import { staffServiceRequestUrl } from './keys';
import { refetchAfterConflict, setServiceRequest } from './set-service-request';

export type ProposeServiceRequestBody = z.input<typeof proposalFromRequestBodySchema>;

/**
 * Make a pre-filled draft proposal from the request (201 with both, now linked). 409 when the request
 * was decided or changed meanwhile, already has a proposal in play, or its client has no one to sign.
 */
export function useProposeServiceRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProposeServiceRequestBody) => apiRequest(`${staffServiceRequestUrl(id)}/propose`, { method: 'POST', body, schema: proposeServiceRequestReplySchema }),
    onError: (error) => refetchAfterConflict(queryClient, id, error),
    onSuccess: ({ request }) => {
      setServiceRequest(queryClient, request);
      // The new draft joins the proposals feature's lists (by key prefix: features do not import each other).
      void queryClient.invalidateQueries({ queryKey: ['proposals', 'list'] });
    },
  });
}
