import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { threadListSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { messageKeys, STAFF_SCOPE, type ThreadListFilters, threadsUrl } from './keys';

/** One page of the firm's threads, newest activity first, with how many have unread messages (for the menu). */
export function useStaffThreads(filters: ThreadListFilters) {
  return useQuery({
    queryKey: messageKeys(STAFF_SCOPE).list(filters),
    queryFn: ({ signal }) =>
      apiRequest(threadsUrl(STAFF_SCOPE), {
        query: { filter: filters.filter, status: filters.status, clientId: filters.clientId, linkId: filters.linkId, q: filters.q, page: filters.page, pageSize: filters.pageSize },
        schema: threadListSchema,
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}
