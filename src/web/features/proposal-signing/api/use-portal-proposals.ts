import { useQuery } from '@tanstack/react-query';
import { portalProposalListSchema } from '../../../../contracts/proposals';
import { apiRequest } from '../../../lib/api-client';
import { portalProposalKeys, portalProposalsUrl } from './keys';

/** The proposals the firm sent the signed-in client (drafts never appear). */
export function usePortalProposals(slug: string) {
  return useQuery({
    queryKey: portalProposalKeys(slug).list,
    queryFn: ({ signal }) => apiRequest(portalProposalsUrl(slug), { schema: portalProposalListSchema, signal }),
    select: (reply) => reply.items,
  });
}
