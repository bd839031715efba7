import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { proposalListSchema, proposalTemplateListSchema } from '../../../../contracts/proposals';
import { apiRequest } from '../../../lib/api-client';
import { type ProposalListFilters, proposalKeys, proposalsUrl } from './keys';

/** One page of the firm's proposals, most recently changed first. */
export function useProposals(filters: ProposalListFilters, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: proposalKeys.list(filters),
    queryFn: ({ signal }) => apiRequest(proposalsUrl, { query: { status: filters.status, clientId: filters.clientId, page: filters.page, pageSize: filters.pageSize }, schema: proposalListSchema, signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/**
 * Templates for common Australian engagements (annual compliance, BAS quarterly, SMSF). Their items
 * name the firm's service templates, so ask once those exist (they are made on first use).
 */
export function useProposalTemplates(options: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: options.enabled ?? true,
    queryKey: proposalKeys.templates,
    queryFn: ({ signal }) => apiRequest('/api/staff/proposal-templates', { schema: proposalTemplateListSchema, signal }),
    select: (reply) => reply.items,
    staleTime: 5 * 60_000,
  });
}
