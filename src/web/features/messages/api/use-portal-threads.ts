import { useQuery } from '@tanstack/react-query';
import { portalThreadListSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { messageKeys, portalScope, threadsUrl } from './keys';

/** Every thread between the signed-in client and the firm (or those about one invoice or service), newest activity first. */
export function usePortalThreads(slug: string, options: { linkId?: string | undefined } = {}) {
  const scope = portalScope(slug);
  return useQuery({
    queryKey: messageKeys(scope).list({ linkId: options.linkId }),
    queryFn: ({ signal }) => apiRequest(threadsUrl(scope), { query: { linkId: options.linkId }, schema: portalThreadListSchema, signal }),
  });
}
