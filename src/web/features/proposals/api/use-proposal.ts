import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type CreateProposalBody, type ProposalDetail, proposalDetailSchema, type UpdateProposalBody } from '../../../../contracts/proposals';
import { apiRequest, isApiError } from '../../../lib/api-client';
import { proposalKeys, proposalsUrl, proposalUrl } from './keys';

/** One proposal: content, signers with their tracking, versions and evidence. */
export function useProposal(id: string) {
  return useQuery({
    queryKey: proposalKeys.proposal(id),
    queryFn: ({ signal }) => apiRequest(proposalUrl(id), { schema: proposalDetailSchema, signal }),
  });
}

function keep(queryClient: QueryClient, p: ProposalDetail) {
  queryClient.setQueryData(proposalKeys.proposal(p.id), p);
  void queryClient.invalidateQueries({ queryKey: proposalKeys.lists });
  // A proposal made from a service request moves the request along (Proposal sent, back In discussion…):
  // the service-requests feature's queries, by key prefix (features do not import each other).
  if (p.sourceRequestId) void queryClient.invalidateQueries({ queryKey: ['service-requests'] });
}

/** A 409 (sent meanwhile, or changed by someone else): fetch it again so the page shows what happened and a retry carries the new version. */
function refetchAfterConflict(queryClient: QueryClient, id: string, error: unknown) {
  if (!isApiError(error) || error.status !== 409) return;
  void queryClient.invalidateQueries({ queryKey: proposalKeys.proposal(id) });
}

/** POST a new draft (201). */
export function useCreateProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProposalBody) => apiRequest(proposalsUrl, { method: 'POST', body, schema: proposalDetailSchema }),
    onSuccess: (p) => keep(queryClient, p),
  });
}

/** PATCH a draft with the version on screen. */
export function useUpdateProposal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateProposalBody }) => apiRequest(proposalUrl(id), { method: 'PATCH', body, schema: proposalDetailSchema }),
    onSuccess: (p) => keep(queryClient, p),
    onError: (error, { id }) => refetchAfterConflict(queryClient, id, error),
  });
}

export type ProposalAction = 'send' | 'withdraw' | 'revise';

/** Send (freeze as the next version and e-mail each signer), Withdraw (links stop working) or New version (back to a draft). */
export function useProposalAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, version }: { id: string; action: ProposalAction; version: number }) =>
      apiRequest(`${proposalUrl(id)}/${action}`, { method: 'POST', body: { version }, schema: proposalDetailSchema }),
    onSuccess: (p) => keep(queryClient, p),
    onError: (error, { id }) => refetchAfterConflict(queryClient, id, error),
  });
}
