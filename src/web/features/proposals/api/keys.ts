import type { ProposalStatus } from '../../../../contracts/proposals';

export interface ProposalListFilters {
  status?: ProposalStatus | undefined;
  clientId?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** Staff queries live under ['proposals']. */
export const proposalKeys = {
  all: ['proposals'] as const,
  lists: ['proposals', 'list'] as const,
  list: (filters: ProposalListFilters) => ['proposals', 'list', filters] as const,
  proposal: (id: string) => ['proposals', 'one', id] as const,
  templates: ['proposals', 'templates'] as const,
};

export const proposalsUrl = '/api/staff/proposals';
export const proposalUrl = (id: string) => `${proposalsUrl}/${encodeURIComponent(id)}`;
/** The version sent last as a PDF (always a download). */
export const proposalPdfUrl = (id: string) => `${proposalUrl(id)}/pdf`;
/** A document in the client's documents (the signed PDF). */
export const documentDownloadUrl = (documentId: string) => `/api/staff/documents/${encodeURIComponent(documentId)}/download`;

export const proposalPath = (id: string) => `/app/proposals/${id}`;
export const newProposalPath = (clientId?: string) => (clientId ? `/app/proposals/new?clientId=${clientId}` : '/app/proposals/new');
export const verifyProposalPath = '/app/proposals/verify';
/** The service request a proposal was made from (the service-requests feature's page). */
export const sourceRequestPath = (requestId: string) => `/app/requests/${requestId}`;
