import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type AcceptProposalBody, type SignerProposal, signerProposalSchema } from '../../../../contracts/proposals';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { portalProposalKeys, portalProposalUrl } from './keys';

export interface DeclineBody {
  reason: string;
  proposalVersion: number;
}

/** Accept and sign, or decline, in the portal; both answer with the proposal as it now stands. A 409 fetches it again. */
export function usePortalDecision(slug: string, id: string) {
  const queryClient = useQueryClient();
  const keys = portalProposalKeys(slug);
  const settle = {
    onSuccess: (p: SignerProposal) => {
      queryClient.setQueryData(keys.one(id), p);
      void queryClient.invalidateQueries({ queryKey: keys.list });
    },
    onError: (error: unknown) => {
      if (isApiError(error) && error.status === 409) void queryClient.invalidateQueries({ queryKey: keys.all });
    },
  };
  const accept = useMutation({
    mutationFn: (body: AcceptProposalBody) => apiRequest(`${portalProposalUrl(slug, id)}/accept`, { method: 'POST', body, schema: signerProposalSchema }),
    ...settle,
  });
  const decline = useMutation({
    mutationFn: (body: DeclineBody) => apiRequest(`${portalProposalUrl(slug, id)}/decline`, { method: 'POST', body, schema: signerProposalSchema }),
    ...settle,
  });
  return { accept, decline };
}
