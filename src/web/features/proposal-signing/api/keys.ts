/** The portal's proposals live under ['portal', slug, 'proposals']; a link's signing session under ['signing']. */
export const portalProposalKeys = (slug: string) => {
  const all = ['portal', slug, 'proposals'] as const;
  return { all, list: [...all, 'list'] as const, one: (id: string) => [...all, 'one', id] as const };
};

export const signingKeys = {
  open: (token: string | null) => ['signing', 'open', token] as const,
  proposal: ['signing', 'proposal'] as const,
};

const portalBase = (slug: string) => `/api/portal/${encodeURIComponent(slug)}/proposals`;
export const portalProposalsUrl = (slug: string) => portalBase(slug);
export const portalProposalUrl = (slug: string, id: string) => `${portalBase(slug)}/${encodeURIComponent(id)}`;

export const signingUrl = (path: 'open' | 'proposal' | 'accept' | 'decline' | 'otp' | 'otp/verify') => `/api/public/signing/${path}`;

/** Pages in the portal (relative to its basename). */
export const portalProposalsPath = '/proposals';
export const portalProposalPath = (id: string) => `/proposals/${id}`;
export const portalDocumentsPath = '/documents';
