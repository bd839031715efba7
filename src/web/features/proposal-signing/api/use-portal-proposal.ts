import { useQuery } from '@tanstack/react-query';
import { signerProposalSchema } from '../../../../contracts/proposals';
import { apiRequest } from '../../../lib/api-client';
import { portalProposalKeys, portalProposalUrl } from './keys';

/** One proposal of the client (opening it as a signer records that they viewed it). */
export function usePortalProposal(slug: string, id: string) {
  return useQuery({
    queryKey: portalProposalKeys(slug).one(id),
    queryFn: ({ signal }) => apiRequest(portalProposalUrl(slug, id), { schema: signerProposalSchema, signal }),
  });
}
