import type { ServiceRequestStatus } from '../../../../contracts/service-requests';

/** The staff list's filters (the portal lists all of its client's requests). */
export interface ServiceRequestListFilters {
  status?: ServiceRequestStatus | undefined;
  clientId?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** Staff queries live under ['service-requests']. */
export const serviceRequestKeys = {
  all: ['service-requests'] as const,
  lists: ['service-requests', 'list'] as const,
  list: (filters: ServiceRequestListFilters) => ['service-requests', 'list', filters] as const,
  request: (id: string) => ['service-requests', 'request', id] as const,
};

/** A portal's queries live under ['portal', slug, 'service-requests']. */
export function portalServiceRequestKeys(slug: string) {
  const all = ['portal', slug, 'service-requests'] as const;
  return { all, list: [...all, 'list'] as const, options: [...all, 'options'] as const };
}

export const staffServiceRequestsUrl = '/api/staff/service-requests';
export const staffServiceRequestUrl = (id: string) => `${staffServiceRequestsUrl}/${encodeURIComponent(id)}`;
export const portalServiceRequestsUrl = (slug: string) => `/api/portal/${encodeURIComponent(slug)}/service-requests`;

/** An attached document's bytes: always a download (the existing document routes). */
export const staffAttachmentUrl = (documentId: string) => `/api/staff/documents/${encodeURIComponent(documentId)}/download`;
export const portalAttachmentUrl = (slug: string, documentId: string) => `/api/portal/${encodeURIComponent(slug)}/documents/${encodeURIComponent(documentId)}/download`;

/** Where a request's conversation and service live: in the portal (relative to its basename) and in the workspace. */
export const portalThreadPath = (threadId: string) => `/messages/${threadId}`;
export const portalServicePath = (serviceId: string) => `/services/${serviceId}`;
export const staffThreadPath = (threadId: string) => `/app/messages/${threadId}`;
export const staffServicePath = (serviceId: string) => `/app/services/${serviceId}`;
export const staffRequestPath = (id: string) => `/app/requests/${id}`;
/** The portal's Request Service page, where "Your requests" are listed (the e-mails about a decision link here). */
export const portalRequestServicePath = '/request-service';
/** The portal page of a proposal made from a request (the client sees it once it is sent). */
export const portalProposalPath = (proposalId: string) => `/proposals/${proposalId}`;
/** A proposal made from a request, on the staff side. */
export const staffProposalPath = (proposalId: string) => `/app/proposals/${proposalId}`;
