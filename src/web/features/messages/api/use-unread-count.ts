import { useQuery } from '@tanstack/react-query';
import { unreadCountSchema } from '../../../../contracts/messages';
import { apiRequest } from '../../../lib/api-client';
import { type MessagesScope, messageKeys, threadsUrl } from './keys';

/**
 * How many threads have messages the signed-in person has not read (the menu badge). Live events
 * keep it current. It is not polled: a poll would count as activity and keep an idle session alive.
 */
export function useUnreadCount(scope: MessagesScope) {
  return useQuery({
    queryKey: messageKeys(scope).unread,
    queryFn: ({ signal }) => apiRequest(`${threadsUrl(scope)}/unread`, { schema: unreadCountSchema, signal }),
    select: (reply) => reply.unreadThreads,
  });
}
