import { useQuery } from '@tanstack/react-query';
import { type PortalSessionReply, portalSessionReplySchema } from '../../../../contracts/auth';
import { apiRequest, isApiError, setCsrfToken } from '../../../lib/api-client';
import { portalSessionKey } from './keys';

async function fetchPortalSession(slug: string): Promise<PortalSessionReply | null> {
  try {
    const session = await apiRequest(`/api/portal/${encodeURIComponent(slug)}/session`, {
      schema: portalSessionReplySchema,
      sessionRequired: false,
    });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The signed-in portal user and their client, or null when nobody is signed in to this portal. */
export function usePortalSession(slug: string) {
  return useQuery({
    queryKey: portalSessionKey(slug),
    queryFn: () => fetchPortalSession(slug),
    staleTime: 5 * 60_000,
    retry: 1,
  });
}
