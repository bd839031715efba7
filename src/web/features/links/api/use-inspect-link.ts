import { useQuery } from '@tanstack/react-query';
import { inspectLinkReplySchema, linkTokenSchema } from '../../../../contracts/auth';
import { ApiError, apiRequest } from '../../../lib/api-client';

/**
 * What an emailed link is for (whose invitation, which firm). Any bad, used or expired token
 * answers 404; a token that is not even well-formed is treated the same without asking.
 */
export function useInspectLink(token: string | null) {
  return useQuery({
    queryKey: ['links', 'inspect', token],
    enabled: token !== null,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      if (!token || !linkTokenSchema.safeParse(token).success) {
        throw new ApiError({ status: 404, code: 'LINK_INVALID', title: 'This link is not valid.' });
      }
      return apiRequest('/api/public/links/inspect', {
        method: 'POST',
        body: { token },
        schema: inspectLinkReplySchema,
        sessionRequired: false,
      });
    },
  });
}
